/// An exact signed decimal `±coefficient × 10^exponent`: the value type behind `Quantity`.
///
/// Always normalized: the coefficient's digits have no zero at either end (so equal values have
/// equal representations and synthesized `Hashable` is value-based), and zero is the empty digit
/// list with exponent 0 and a positive sign. Digits are stored least significant first.
struct ExactDecimal: Hashable, Sendable {
    /// Base-10 digits of the coefficient, least significant first.
    private(set) var digits: [UInt8]
    /// Power of ten the coefficient is scaled by.
    private(set) var exponent: Int
    /// Whether the value is below zero (never true for zero).
    private(set) var isNegative: Bool

    static let zero = ExactDecimal(uncheckedDigits: [], exponent: 0, isNegative: false)

    private init(uncheckedDigits: [UInt8], exponent: Int, isNegative: Bool) {
        self.digits = uncheckedDigits
        self.exponent = exponent
        self.isNegative = isNegative
    }

    /// Builds a normalized value from little-endian digits (each 0...9).
    init(littleEndianDigits: [UInt8], exponent: Int, isNegative: Bool) {
        guard let low = littleEndianDigits.firstIndex(where: { $0 != 0 }),
              let high = littleEndianDigits.lastIndex(where: { $0 != 0 }) else {
            self = .zero
            return
        }
        self.digits = Array(littleEndianDigits[low...high])
        self.exponent = exponent + low
        self.isNegative = isNegative
    }

    /// Builds a value from ASCII decimal digits written most significant first.
    init<S: Collection>(asciiDigits: S, exponent: Int, isNegative: Bool) where S.Element == UInt8 {
        var little = [UInt8]()
        little.reserveCapacity(asciiDigits.count)
        for byte in asciiDigits.reversed() { little.append(byte &- 48) }
        self.init(littleEndianDigits: little, exponent: exponent, isNegative: isNegative)
    }

    init(_ value: Int64, exponent: Int = 0) {
        var little = [UInt8]()
        var magnitude = value.magnitude
        while magnitude > 0 {
            little.append(UInt8(magnitude % 10))
            magnitude /= 10
        }
        self.init(littleEndianDigits: little, exponent: exponent, isNegative: value < 0)
    }

    var isZero: Bool { digits.isEmpty }

    /// -1, 0 or 1.
    var signum: Int { isZero ? 0 : (isNegative ? -1 : 1) }

    /// The magnitude lies in [10^(order-1), 10^order); meaningless for zero.
    var order: Int { digits.count + exponent }

    var negated: ExactDecimal {
        isZero ? self : ExactDecimal(uncheckedDigits: digits, exponent: exponent, isNegative: !isNegative)
    }

    var magnitude: ExactDecimal {
        ExactDecimal(uncheckedDigits: digits, exponent: exponent, isNegative: false)
    }

    // MARK: Comparison

    /// Compares magnitudes without materializing exponents: -1, 0 or 1.
    static func compareMagnitudes(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        if a.isZero || b.isZero { return (a.isZero ? 0 : 1) - (b.isZero ? 0 : 1) }
        if a.order != b.order { return a.order < b.order ? -1 : 1 }
        var i = a.digits.count - 1
        var j = b.digits.count - 1
        while i >= 0 && j >= 0 {
            if a.digits[i] != b.digits[j] { return a.digits[i] < b.digits[j] ? -1 : 1 }
            i -= 1
            j -= 1
        }
        // Normalized: any remaining digits include a non-zero lowest digit.
        if i >= 0 { return 1 }
        if j >= 0 { return -1 }
        return 0
    }

    /// Compares values: -1, 0 or 1.
    static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        if a.signum != b.signum { return a.signum < b.signum ? -1 : 1 }
        let magnitudes = compareMagnitudes(a, b)
        return a.isNegative ? -magnitudes : magnitudes
    }

    // MARK: Arithmetic

    /// The digits shifted left by `places` zeros (multiplied by 10^places).
    private func shiftedDigits(by places: Int) -> [UInt8] {
        if places == 0 { return digits }
        return [UInt8](repeating: 0, count: places) + digits
    }

    static func + (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
        if a.isZero { return b }
        if b.isZero { return a }
        let exponent = min(a.exponent, b.exponent)
        let x = a.shiftedDigits(by: a.exponent - exponent)
        let y = b.shiftedDigits(by: b.exponent - exponent)
        if a.isNegative == b.isNegative {
            return ExactDecimal(littleEndianDigits: addDigits(x, y), exponent: exponent, isNegative: a.isNegative)
        }
        switch compareMagnitudes(a, b) {
        case 0:
            return .zero
        case 1:
            return ExactDecimal(littleEndianDigits: subtractDigits(x, y), exponent: exponent, isNegative: a.isNegative)
        default:
            return ExactDecimal(littleEndianDigits: subtractDigits(y, x), exponent: exponent, isNegative: b.isNegative)
        }
    }

    static func - (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal { a + b.negated }

    /// The product with a machine integer.
    func multiplied(by factor: Int64) -> ExactDecimal {
        let product = multipliedMagnitude(by: factor.magnitude)
        return factor < 0 ? product.negated : product
    }

    /// The product with an unsigned machine integer (sign kept).
    func multipliedMagnitude(by factor: UInt64) -> ExactDecimal {
        if isZero || factor == 0 { return .zero }
        var factorDigits = [UInt8]()
        var rest = factor
        while rest > 0 {
            factorDigits.append(UInt8(rest % 10))
            rest /= 10
        }
        var accumulator = [UInt32](repeating: 0, count: digits.count + factorDigits.count + 1)
        for (i, x) in digits.enumerated() where x != 0 {
            for (j, y) in factorDigits.enumerated() {
                accumulator[i + j] += UInt32(x) * UInt32(y)
            }
        }
        var result = [UInt8](repeating: 0, count: accumulator.count)
        var carry: UInt32 = 0
        for k in accumulator.indices {
            let total = accumulator[k] + carry
            result[k] = UInt8(total % 10)
            carry = total / 10
        }
        return ExactDecimal(littleEndianDigits: result, exponent: exponent, isNegative: isNegative)
    }

    /// Rounds away from zero to a multiple of 10^scale; `exact` tells whether nothing was lost.
    func roundedAwayFromZero(toExponent scale: Int) -> (value: ExactDecimal, exact: Bool) {
        if isZero || exponent >= scale { return (self, true) }
        // Normalized, so the lowest digit is non-zero: dropping it always loses something.
        let drop = scale - exponent
        let kept = drop >= digits.count ? [] : Array(digits[drop...])
        let incremented = ExactDecimal.addDigits(kept, [1])
        return (ExactDecimal(littleEndianDigits: incremented, exponent: scale, isNegative: isNegative), false)
    }

    /// The value as an `Int64` when it is an integer; saturates at the bounds when too large.
    /// Callers round first: a fractional value is truncated toward zero.
    func int64Saturating() -> Int64 {
        if isZero { return 0 }
        if order > 19 { return isNegative ? .min : .max }
        var magnitude: UInt64 = 0
        for position in stride(from: order - 1, through: 0, by: -1) {
            let index = position - exponent
            let digit = index >= 0 && index < digits.count ? UInt64(digits[index]) : 0
            let (scaled, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = scaled.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return isNegative ? .min : .max }
            magnitude = sum
        }
        if isNegative {
            return magnitude > UInt64(Int64.max) + 1 ? .min : Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        return magnitude > UInt64(Int64.max) ? .max : Int64(magnitude)
    }

    /// For an integer value: the quotient by 1024 when it divides exactly, else nil.
    func dividedExactlyBy1024() -> ExactDecimal? {
        guard exponent >= 0, !isZero else { return nil }
        let full = shiftedDigits(by: exponent)
        var quotient = [UInt8](repeating: 0, count: full.count)
        var remainder = 0
        for index in stride(from: full.count - 1, through: 0, by: -1) {
            let current = remainder * 10 + Int(full[index])
            quotient[index] = UInt8(current / 1024)
            remainder = current % 1024
        }
        guard remainder == 0 else { return nil }
        return ExactDecimal(littleEndianDigits: quotient, exponent: 0, isNegative: isNegative)
    }

    /// The coefficient's digits, most significant first, followed by `trailingZeros` zeros.
    func coefficientString(trailingZeros: Int = 0) -> String {
        if isZero { return "0" }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count + trailingZeros)
        for digit in digits.reversed() { bytes.append(digit + 48) }
        bytes.append(contentsOf: repeatElement(48, count: trailingZeros))
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Digit helpers

    private static func addDigits(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(max(x.count, y.count) + 1)
        var carry: UInt8 = 0
        for k in 0..<max(x.count, y.count) {
            let total = (k < x.count ? x[k] : 0) + (k < y.count ? y[k] : 0) + carry
            result.append(total % 10)
            carry = total / 10
        }
        if carry > 0 { result.append(carry) }
        return result
    }

    /// x - y for digit lists with x >= y.
    private static func subtractDigits(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(x.count)
        var borrow: Int = 0
        for k in 0..<x.count {
            var difference = Int(x[k]) - (k < y.count ? Int(y[k]) : 0) - borrow
            if difference < 0 {
                difference += 10
                borrow = 1
            } else {
                borrow = 0
            }
            result.append(UInt8(difference))
        }
        return result
    }
}
