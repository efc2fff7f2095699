/// Why a string is not a quantity; `description` is the message Kubernetes returns.
public enum QuantityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not `<signedNumber><suffix>`.
    case formatWrong
    /// The numeric part cannot be read.
    case numeric
    /// The suffix is not a known one (`Ki`, `M`, `e3` ...).
    case suffix
    /// The magnitude is 10^`Quantity.maximumOrder` or more (a Skiff limit; Kubernetes has none).
    case outOfRange

    public var description: String {
        switch self {
        case .formatWrong:
            return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        case .numeric:
            return "unable to parse numeric part of quantity"
        case .suffix:
            return "unable to parse quantity's suffix"
        case .outOfRange:
            return "quantity is too large: its magnitude must be below 1e\(Quantity.maximumOrder)"
        }
    }
}
