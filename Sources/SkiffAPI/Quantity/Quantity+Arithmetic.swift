extension Quantity {
    /// The exact sum. The result keeps the left operand's format unless that operand is zero,
    /// in which case it takes the right one's (Kubernetes' `Add`).
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(amount: lhs.amount + rhs.amount, format: lhs.isZero ? rhs.format : lhs.format)
    }

    /// The exact difference, with the format rule of `+` (Kubernetes' `Sub`).
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(amount: lhs.amount - rhs.amount, format: lhs.isZero ? rhs.format : lhs.format)
    }

    /// The negated value, same format.
    public static prefix func - (operand: Quantity) -> Quantity {
        Quantity(amount: operand.amount.negated, format: operand.format)
    }

    public static func += (lhs: inout Quantity, rhs: Quantity) { lhs = lhs + rhs }

    public static func -= (lhs: inout Quantity, rhs: Quantity) { lhs = lhs - rhs }

    /// The exact product with an integer, same format (Kubernetes' `Mul`, without its int64 limit).
    public static func * (lhs: Quantity, rhs: Int64) -> Quantity {
        Quantity(amount: lhs.amount.multiplied(by: rhs), format: lhs.format)
    }

    /// The absolute value, same format.
    public var magnitude: Quantity { Quantity(amount: amount.magnitude, format: format) }

    /// The value rounded away from zero to a multiple of 10^scale (Kubernetes' `RoundUp`);
    /// `exact` is false when something was lost.
    public func roundedUp(toScale scale: Int) -> (quantity: Quantity, exact: Bool) {
        let rounded = amount.roundedAwayFromZero(toExponent: scale)
        return (Quantity(amount: rounded.value, format: format), rounded.exact)
    }
}
