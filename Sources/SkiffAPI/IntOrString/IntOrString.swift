/// A value that is either a 32-bit integer or a string (Kubernetes' `intstr.IntOrString`),
/// used for ports (`8080` or `"http"`) and for absolute-or-percent amounts (`2` or `"25%"`).
/// Encodes as a JSON number or a JSON string.
public enum IntOrString: Sendable, Hashable {
    case int(Int32)
    case string(String)

    /// Reads a decimal int32 as `.int`, anything else as `.string` (Kubernetes' `intstr.Parse`).
    public init(parsing text: String) {
        if let value = IntOrString.parseGoInt(text), let small = Int32(exactly: value) {
            self = .int(small)
        } else {
            self = .string(text)
        }
    }

    /// The integer, or the string read as an integer (0 when it is not one), like `IntValue()`.
    public var intValue: Int {
        switch self {
        case .int(let value): return Int(value)
        case .string(let text): return IntOrString.parseGoInt(text) ?? 0
        }
    }

    /// Go's `strconv.Atoi`: an optional sign then decimal digits, within `Int`.
    static func parseGoInt(_ text: String) -> Int? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        var magnitude: UInt64 = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            let (scaled, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = scaled.addingReportingOverflow(UInt64(byte - 48))
            if o1 || o2 { return nil }
            magnitude = sum
        }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int(magnitude) : nil
    }
}

extension IntOrString: CustomStringConvertible {
    /// The integer in decimal, or the string as is.
    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let text): return text
        }
    }
}

extension IntOrString: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    public init(integerLiteral value: Int32) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}
