/// A Kubernetes resource quantity (`resource.Quantity`): an exact decimal number with the
/// suffix family it was written in, such as `"500m"`, `"1.5Gi"`, `"1e3"` or `"100M"`.
///
/// Invariants:
/// - The value is exact (no floating point): a decimal coefficient and a power of ten.
/// - The value is always a multiple of 10⁻⁹: finer values are rounded away from zero on the way
///   in, as Kubernetes does ("if you ask for some resource, you get some").
/// - Equality, ordering and hashing are by value only (`1Gi == 1024Mi`, `1000m == 1`); the
///   `format` only decides how `description` (the canonical string) is written.
public struct Quantity: Sendable {
    /// How a quantity is written: the suffix family it was parsed from.
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
        /// `12e6`, `1e-3`: a base-10 exponent.
        case decimalExponent = "DecimalExponent"
        /// `12Mi` (12 × 2²⁰): binary suffixes Ki, Mi, Gi, Ti, Pi, Ei.
        case binarySI = "BinarySI"
        /// `12M` (12 × 10⁶): decimal suffixes n, u, m, "", k, M, G, T, P, E.
        case decimalSI = "DecimalSI"
    }

    /// The exact value.
    var amount: ExactDecimal

    /// The suffix family used when the quantity is written out.
    public var format: Format

    init(amount: ExactDecimal, format: Format) {
        self.amount = amount
        self.format = format
    }

    /// Zero, written `"0"`.
    public static let zero = Quantity(amount: .zero, format: .decimalSI)

    /// `value` (an integer) in the given format, like Kubernetes' `NewQuantity`.
    public init(_ value: Int64, format: Format = .decimalSI) {
        self.init(amount: ExactDecimal(value), format: format)
    }

    /// `value / 1000` in the given format, like Kubernetes' `NewMilliQuantity`.
    public init(milliValue: Int64, format: Format = .decimalSI) {
        self.init(amount: ExactDecimal(milliValue, exponent: -3), format: format)
    }

    /// `value × 10^scale` (scale -9 is nano, -3 milli, 3 kilo ...), like Kubernetes'
    /// `NewScaledQuantity`; values finer than 10⁻⁹ are rounded away from zero.
    /// `scale` must lie within ±`maximumOrder` (a programming error otherwise).
    public init(_ value: Int64, scale: Int, format: Format = .decimalSI) {
        precondition(abs(scale) <= Quantity.maximumOrder, "Quantity scale out of range: \(scale)")
        let exact = ExactDecimal(value, exponent: scale)
        self.init(amount: exact.roundedAwayFromZero(toExponent: Quantity.nanoScale).value, format: format)
    }

    /// True when the value is zero.
    public var isZero: Bool { amount.isZero }

    /// -1, 0 or 1 according to the sign of the value.
    public var signum: Int { amount.signum }

    /// The smallest power of ten a quantity keeps (nano).
    static let nanoScale = -9

    /// Quantities of magnitude 10^maximumOrder or more are rejected by the parser: far beyond any
    /// resource (Int64 tops out near 10^19), and it keeps hostile input from costing time or memory.
    public static let maximumOrder = 1000
}

extension Quantity: Equatable, Hashable, Comparable {
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool { lhs.amount == rhs.amount }

    public func hash(into hasher: inout Hasher) { hasher.combine(amount) }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
        ExactDecimal.compare(lhs.amount, rhs.amount) < 0
    }

    /// -1, 0 or 1 as `self` is less than, equal to or greater than `other` (Kubernetes' `Cmp`).
    public func compare(_ other: Quantity) -> Int { ExactDecimal.compare(amount, other.amount) }
}
