/// A strict JSON parser (RFC 8259) from bytes to `JSONValue`, with Go-like error messages so that
/// a malformed body gets the 400 text a Kubernetes API server would give.
///
/// Integers that fit `Int64` become `.integer`, other numbers `.number`. Nesting deeper than
/// ``maximumDepth`` is refused (hostile input), as is anything after the top-level value.
public struct JSONParser {
    /// Deepest nesting accepted (Go's encoding/json allows 10,000; this keeps the stack small).
    public static let maximumDepth = 512

    /// A parse failure; `message` reads like Go's `encoding/json` errors.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }

        public init(message: String) { self.message = message }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Members of the objects being parsed, innermost last: each object collects its members here and builds
    /// its dictionary once, at its final size (no rehashing as it grows, no array per object).
    private var memberStack: [(key: String, value: JSONValue)] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one complete JSON document.
    public static func parse(_ data: [UInt8]) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure> = data.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            do throws(Failure) {
                parser.skipWhitespace()
                if parser.index == buffer.count { throw Failure(message: "unexpected end of JSON input") }
                let value = try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                if parser.index < buffer.count {
                    throw Failure(message: "invalid character \(describe(buffer[parser.index])) after top-level value")
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw Failure(message: "invalid character \(Self.describe(bytes[index])) looking for beginning of value")
        }
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
        if depth > Self.maximumDepth { throw Failure(message: "exceeded max depth") }
        index += 1  // {
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        let firstMember = memberStack.count
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw Failure(message: "invalid character \(Self.describe(bytes[index])) looking for beginning of object key string")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw Failure(message: "invalid character \(Self.describe(bytes[index])) after object key")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            memberStack.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                var members = [String: JSONValue](minimumCapacity: memberStack.count - firstMember)
                for member in memberStack[firstMember...] { members[member.key] = member.value }  // a repeated key: the last wins
                memberStack.removeSubrange(firstMember...)
                return .object(members)
            default:
                throw Failure(message: "invalid character \(Self.describe(bytes[index])) after object key:value pair")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        if depth > Self.maximumDepth { throw Failure(message: "exceeded max depth") }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default:
                throw Failure(message: "invalid character \(Self.describe(bytes[index])) after array element")
            }
        }
    }

    // MARK: Scalars

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for offset in 0..<count {
            guard index + offset < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
            if bytes[index + offset] != start[offset] {
                throw Failure(message: "invalid character \(Self.describe(bytes[index + offset])) in literal \(literal) (expecting \(Self.describe(start[offset])))")
            }
        }
        index += count
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if Self.isDigit(bytes[index]) {
            while index < bytes.count && Self.isDigit(bytes[index]) { index += 1 }
        } else {
            throw Failure(message: "invalid character \(Self.describe(bytes[index])) in numeric literal")
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
            guard Self.isDigit(bytes[index]) else {
                throw Failure(message: "invalid character \(Self.describe(bytes[index])) after decimal point in numeric literal")
            }
            while index < bytes.count && Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            isInteger = false
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
            guard Self.isDigit(bytes[index]) else {
                throw Failure(message: "invalid character \(Self.describe(bytes[index])) in exponent of numeric literal")
            }
            while index < bytes.count && Self.isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let value = Int64(text) { return .integer(value) }
        guard let value = Double(text), value.isFinite else {
            throw Failure(message: "json: cannot unmarshal number \(text) into Go value of type float64")
        }
        return .number(value)
    }

    private mutating func parseString() throws(Failure) -> String {
        index += 1  // opening quote
        var scratch: [UInt8] = []
        var segmentStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string: String
                if scratch.isEmpty {
                    string = String(decoding: UnsafeBufferPointer(rebasing: bytes[segmentStart..<index]), as: UTF8.self)
                } else {
                    scratch.append(contentsOf: bytes[segmentStart..<index])
                    string = String(decoding: scratch, as: UTF8.self)
                }
                index += 1
                return string
            }
            if byte < 0x20 {
                throw Failure(message: "invalid character \(Self.describe(byte)) in string literal")
            }
            if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: bytes[segmentStart..<index])
                index += 1
                guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    var scalarValue = try parseHex4()
                    if (0xD800..<0xDC00).contains(scalarValue) {
                        // A high surrogate: combine with a following low surrogate if there is one.
                        if index + 1 < bytes.count && bytes[index] == UInt8(ascii: "\\") && bytes[index + 1] == UInt8(ascii: "u") {
                            let save = index
                            index += 2
                            let low = try parseHex4()
                            if (0xDC00..<0xE000).contains(low) {
                                scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = save
                                scalarValue = 0xFFFD
                            }
                        } else {
                            scalarValue = 0xFFFD
                        }
                    } else if (0xDC00..<0xE000).contains(scalarValue) {
                        scalarValue = 0xFFFD
                    }
                    let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                    scratch.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw Failure(message: "invalid character \(Self.describe(escape)) in string escape code")
                }
                segmentStart = index
                continue
            }
            index += 1
        }
        throw Failure(message: "unexpected end of JSON input")
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw Failure(message: "unexpected end of JSON input") }
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Failure(message: "invalid character \(Self.describe(byte)) in \\u hexadecimal character escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Go's `quoteChar`: `'x'`, or `'\n'`-style escapes for control characters.
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "'"): return "'\\''"
        case UInt8(ascii: "\""): return "'\"'"
        case 0x0A: return "'\\n'"
        case 0x0D: return "'\\r'"
        case 0x09: return "'\\t'"
        default:
            if byte < 0x20 || byte >= 0x7F {
                let hex = String(byte, radix: 16, uppercase: false)
                return "'\\x" + (hex.count == 1 ? "0" + hex : hex) + "'"
            }
            return "'" + String(UnicodeScalar(byte)) + "'"
        }
    }
}
