extension Quantity {
    /// The value as an integer, rounded away from zero (`1.1` → 2, `-1.1` → -2), like
    /// Kubernetes' `Value()`. Saturates at `Int64.min`/`Int64.max` where Kubernetes overflows.
    public var value: Int64 { scaledValue(scale: 0) }

    /// The value in thousandths, rounded away from zero (`0.1m` → 1), like `MilliValue()`.
    /// Saturates at the `Int64` bounds.
    public var milliValue: Int64 { scaledValue(scale: -3) }

    /// The value in units of 10^scale, rounded away from zero, like `ScaledValue(scale)`
    /// (scale -9 nano, -6 micro, -3 milli, 0 units, 3 kilo ...). Saturates at the `Int64` bounds.
    public func scaledValue(scale: Int) -> Int64 {
        if amount.isZero { return 0 }
        // Far above 10^19 the result saturates anyway; don't materialize huge exponents.
        if amount.order - scale > 20 { return amount.isNegative ? .min : .max }
        let rounded = amount.roundedAwayFromZero(toExponent: scale).value
        let units = ExactDecimal(littleEndianDigits: rounded.digits, exponent: rounded.exponent - scale,
                                 isNegative: rounded.isNegative)
        return units.int64Saturating()
    }

    /// The exact value as an `Int64` when it is a whole number within range, else nil.
    public var exactInt64: Int64? {
        guard amount.roundedAwayFromZero(toExponent: 0).exact else { return nil }
        if amount.isZero { return 0 }
        if amount.order > 19 { return nil }
        let result = amount.int64Saturating()
        return ExactDecimal(result) == amount ? result : nil
    }

    /// An approximate `Double`, for display and scoring only (never for comparisons).
    public var approximateDouble: Double {
        if amount.isZero { return 0 }
        let text = (amount.isNegative ? "-" : "") + amount.coefficientString() + "e\(amount.exponent)"
        return Double(text) ?? (amount.isNegative ? -.infinity : .infinity)
    }
}
