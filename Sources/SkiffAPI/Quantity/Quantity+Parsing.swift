extension Quantity {
    /// Parses a quantity exactly as Kubernetes' `resource.ParseQuantity` accepts it:
    /// `<sign>?<digits>[.<digits>]<suffix>` with suffix one of n u m "" k M G T P E,
    /// Ki Mi Gi Ti Pi Ei, or `e`/`E` followed by a signed integer. Surrounding whitespace is an
    /// error. Values finer than 10⁻⁹ round away from zero; binary values are capped at 2⁶³-1.
    /// Like Kubernetes, a lone sign or dot (`"-"`, `"."`) reads as zero.
    public init(parsing text: String) throws(QuantityError) {
        self = try Quantity.parse(Array(text.utf8))
    }

    private struct Pieces {
        var negative = false
        var integer: ArraySlice<UInt8> = []   // leading zeros stripped
        var fraction: ArraySlice<UInt8> = []
        var suffix: ArraySlice<UInt8> = []
        /// True when the number part has no digit at all (`"-"`, `"."`, `"+Ki"`).
        var digitless = false
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func isSuffixLetter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "i"), UInt8(ascii: "n"),
             UInt8(ascii: "u"), UInt8(ascii: "m"), UInt8(ascii: "k"), UInt8(ascii: "K"),
             UInt8(ascii: "M"), UInt8(ascii: "G"), UInt8(ascii: "T"), UInt8(ascii: "P"):
            return true
        default:
            return false
        }
    }

    /// The scanner of apimachinery's `parseQuantityString`, byte for byte.
    private static func scan(_ bytes: [UInt8]) throws(QuantityError) -> Pieces {
        var pieces = Pieces()
        var position = 0
        let end = bytes.count
        if position < end {
            if bytes[0] == UInt8(ascii: "-") {
                pieces.negative = true
                position += 1
            } else if bytes[0] == UInt8(ascii: "+") {
                position += 1
            }
        }
        let zerosStart = position
        while position < end && bytes[position] == UInt8(ascii: "0") { position += 1 }
        if position >= end { return pieces }  // all zeros (or nothing): zero
        let hadZeros = position > zerosStart
        let integerStart = position
        while position < end && isDigit(bytes[position]) { position += 1 }
        pieces.integer = bytes[integerStart..<position]
        if position < end && bytes[position] == UInt8(ascii: ".") {
            position += 1
            let fractionStart = position
            while position < end && isDigit(bytes[position]) { position += 1 }
            pieces.fraction = bytes[fractionStart..<position]
        }
        let suffixStart = position
        while position < end && isSuffixLetter(bytes[position]) { position += 1 }
        if position < end && (bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+")) {
            position += 1
        }
        while position < end && isDigit(bytes[position]) { position += 1 }
        guard position == end else { throw .formatWrong }
        pieces.suffix = bytes[suffixStart..<end]
        pieces.digitless = !hadZeros && pieces.integer.isEmpty && pieces.fraction.isEmpty
        return pieces
    }

    private enum Suffix {
        case decimal(Int)
        case binary(Int)
        case exponent(Int)
    }

    private static let decimalSuffixes: [String: Int] = [
        "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]
    private static let binarySuffixes: [String: Int] = [
        "Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60,
    ]

    private static func interpret(_ suffix: ArraySlice<UInt8>) throws(QuantityError) -> Suffix {
        let text = String(decoding: suffix, as: UTF8.self)
        if let exponent = decimalSuffixes[text] { return .decimal(exponent) }
        if let exponent = binarySuffixes[text] { return .binary(exponent) }
        guard suffix.count > 1, suffix.first == UInt8(ascii: "e") || suffix.first == UInt8(ascii: "E") else {
            throw .suffix
        }
        // strconv.ParseInt: optional sign, then at least one digit, nothing else.
        var rest = suffix.dropFirst()
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty, rest.allSatisfy(isDigit) else { throw .suffix }
        var value = 0
        for byte in rest {
            value = value * 10 + Int(byte - 48)
            // Kubernetes keeps the exponent in an int32; beyond that it is out of any range.
            if value > Int(Int32.max) { throw .outOfRange }
        }
        return .exponent(negative ? -value : value)
    }

    static func parse(_ bytes: [UInt8]) throws(QuantityError) -> Quantity {
        guard !bytes.isEmpty else { throw .formatWrong }
        let pieces = try scan(bytes)
        let suffix = try interpret(pieces.suffix)
        if pieces.digitless {
            // Kubernetes reads a digitless number as zero on its int64 fast path but fails on its
            // arbitrary-precision path (Pi, Ei, exponents below -9): reproduce both.
            switch suffix {
            case .binary(let power) where power >= 50: throw .numeric
            case .decimal(let exponent) where exponent < nanoScale, .exponent(let exponent) where exponent < nanoScale:
                throw .numeric
            default: break
            }
        }
        var format: Format
        var amount: ExactDecimal
        let digits = pieces.integer + pieces.fraction
        switch suffix {
        case .decimal(let exponent), .exponent(let exponent):
            if case .exponent = suffix { format = .decimalExponent } else { format = .decimalSI }
            amount = ExactDecimal(asciiDigits: digits, exponent: exponent - pieces.fraction.count,
                                  isNegative: pieces.negative)
        case .binary(let power):
            format = .binarySI
            amount = ExactDecimal(asciiDigits: digits, exponent: -pieces.fraction.count, isNegative: pieces.negative)
                .multipliedMagnitude(by: UInt64(1) << UInt64(power))
        }
        amount = amount.roundedAwayFromZero(toExponent: nanoScale).value
        if format == .binarySI {
            let maximum = ExactDecimal(Int64.max)
            if ExactDecimal.compareMagnitudes(amount, maximum) > 0 {
                amount = amount.isNegative ? maximum.negated : maximum
            }
            if !amount.isZero && amount.order <= 0 {
                // Between -1 and 1: written in decimal to avoid rounding (Kubernetes does the same).
                format = .decimalSI
            }
        }
        if !amount.isZero && amount.order > maximumOrder { throw .outOfRange }
        return Quantity(amount: amount, format: format)
    }
}
