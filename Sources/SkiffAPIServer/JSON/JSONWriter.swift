import Foundation
import SkiffModel

/// Serializes `JSONValue` to compact JSON bytes, deterministically: object keys sorted bytewise,
/// except that a Kubernetes object's `apiVersion`, `kind` and `metadata` come first (at every
/// level that has them), as the Kubernetes API writes them. Strings are escaped as Go's
/// `encoding/json` does (HTML-safe).
enum JSONWriter {
    /// Keys written before all others, in this order.
    private static let leadingKeys = ["apiVersion", "kind", "metadata"]

    /// The compact JSON encoding of `value`.
    static func encode(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        write(value, to: &output)
        return output
    }

    /// Appends the encoding of `value` to `output`.
    static func write(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number):
            output.append(contentsOf: String(number).utf8)
        case .number(let number):
            writeDouble(number, to: &output)
        case .string(let text):
            writeString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            for key in leadingKeys {
                guard let member = members[key] else { continue }
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(member, to: &output)
            }
            // Pairs, not keys: no second hash lookup per member.
            let rest = members.filter { !leadingKeys.contains($0.key) }
                .sorted { bytewiseLess($0.key, $1.key) }
            for (key, member) in rest {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(member, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Integral values below 1e21 print without a fraction, like Go's `strconv.FormatFloat(f, 'g'...)`
    /// as encoding/json uses it; others use Swift's shortest round-trip form.
    static func writeDouble(_ number: Double, to output: inout [UInt8]) {
        guard number.isFinite else {
            output.append(contentsOf: "null".utf8)
            return
        }
        if number == number.rounded(), abs(number) < 1e21, let integer = Int64(exactly: number) {
            output.append(contentsOf: String(integer).utf8)
            return
        }
        output.append(contentsOf: "\(number)".utf8)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string literal with Go's escaping: `"`, `\`, control characters, `<`, `>`, `&`,
    /// U+2028 and U+2029.
    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escape at all: copied in one piece.
        if text.utf8.allSatisfy({ !needsEscapeCheck($0) }) {
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        var utf8 = text.utf8.makeIterator()
        var pending: [UInt8] = []
        while let byte = utf8.next() {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x00..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0xF)])
            case 0xE2:
                // U+2028 and U+2029 are E2 80 A8 / E2 80 A9.
                pending = [byte]
                if let second = utf8.next() {
                    pending.append(second)
                    if second == 0x80, let third = utf8.next() {
                        if third == 0xA8 || third == 0xA9 {
                            output.append(contentsOf: Array((third == 0xA8 ? "\\u2028" : "\\u2029").utf8))
                            continue
                        }
                        pending.append(third)
                    }
                }
                output.append(contentsOf: pending)
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Whether `byte` is escaped, or may start U+2028/U+2029 (0xE2), in `writeString`.
    @inline(__always)
    private static func needsEscapeCheck(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
            || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == 0xE2
    }

    /// Bytewise order of the UTF-8 encodings (as Go sorts map keys), with one `memcmp` for native strings.
    static func bytewiseLess(_ left: String, _ right: String) -> Bool {
        let compared = left.utf8.withContiguousStorageIfAvailable { leftBytes in
            right.utf8.withContiguousStorageIfAvailable { rightBytes -> Bool in
                let common = min(leftBytes.count, rightBytes.count)
                if common > 0 {
                    let order = memcmp(leftBytes.baseAddress!, rightBytes.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return leftBytes.count < rightBytes.count
            }
        }
        if let result = compared ?? nil { return result }
        return left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}
