import Foundation
import SkiffAPI

/// A type that writes itself as compact JSON without `Codable`'s machinery: every generated API
/// type conforms (`*+JSONValue.swift`), members in the order of their JSON names, nil members
/// omitted — the same document `JSONEncoder` gives (tested), several times faster. The client
/// encodes request bodies through it.
public protocol JSONValueEncodable {
    func writeJSON(to output: inout JSONOutput)
}

extension JSONValueEncodable {
    /// The compact JSON encoding.
    public var jsonBytes: [UInt8] {
        var output = JSONOutput()
        writeJSON(to: &output)
        return output.bytes
    }
}

/// The byte buffer generated `writeJSON` methods append to, with the separators between members
/// and elements.
public struct JSONOutput: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma first.
    private var needsSeparator = false

    public init() {
        bytes.reserveCapacity(1024)
    }

    public mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        needsSeparator = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsSeparator = true
    }

    /// `"key":value`, or nothing when `value` is nil. Keys of generated members are plain ASCII.
    public mutating func member<T: JSONValueEncodable>(_ key: StaticString, _ value: T?) {
        guard let value else { return }
        if needsSeparator { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsSeparator = false
        value.writeJSON(to: &self)
        needsSeparator = true
    }

    /// A member with a run-time key (map entries).
    public mutating func member<T: JSONValueEncodable>(key: String, _ value: T) {
        if needsSeparator { bytes.append(UInt8(ascii: ",")) }
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        needsSeparator = false
        value.writeJSON(to: &self)
        needsSeparator = true
    }

    public mutating func array<S: Sequence>(_ elements: S) where S.Element: JSONValueEncodable {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            element.writeJSON(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
        needsSeparator = true
    }

    /// Raw JSON text (a complete value).
    public mutating func raw(_ json: some Sequence<UInt8>) {
        bytes.append(contentsOf: json)
        needsSeparator = true
    }

    /// A JSON string: `"`, `\` and control characters escaped.
    public mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
        needsSeparator = true
    }
}

extension String: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { output.writeString(self) }
}

extension Bool: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { output.raw((self ? "true" : "false").utf8) }
}

extension Int64: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { output.raw(String(self).utf8) }
}

extension Int32: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { output.raw(String(self).utf8) }
}

extension Int: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { output.raw(String(self).utf8) }
}

extension Double: JSONValueEncodable {
    /// Integral values without a fraction (`2`), others in Swift's shortest round-trip form.
    public func writeJSON(to output: inout JSONOutput) {
        if isFinite, rounded() == self, abs(self) < 1e15 {
            output.raw(String(Int64(self)).utf8)
        } else if isFinite {
            output.raw(description.utf8)
        } else {
            output.raw("null".utf8)   // JSON has no infinities; JSONEncoder would refuse
        }
    }
}

extension JSONValue: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) {
        switch self {
        case .null: output.raw("null".utf8)
        case .bool(let value): value.writeJSON(to: &output)
        case .integer(let value): value.writeJSON(to: &output)
        case .number(let value): value.writeJSON(to: &output)
        case .string(let value): output.writeString(value)
        case .array(let elements): output.array(elements)
        case .object(let members):
            output.beginObject()
            for (key, member) in members.sorted(by: { $0.key < $1.key }) { output.member(key: key, member) }
            output.endObject()
        }
    }
}

extension Array: JSONValueEncodable where Element: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { output.array(self) }
}

extension Dictionary: JSONValueEncodable where Key == String, Value: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) {
        output.beginObject()
        for (key, member) in sorted(by: { $0.key < $1.key }) { output.member(key: key, member) }
        output.endObject()
    }
}

extension Indirect: JSONValueEncodable where Wrapped: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { value.writeJSON(to: &output) }
}

extension Quantity: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { output.writeString(description) }
}

extension KubeTime: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { output.writeString(description) }
}

extension MicroTime: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { output.writeString(description) }
}

extension IntOrString: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) {
        switch self {
        case .int(let value): value.writeJSON(to: &output)
        case .string(let text): output.writeString(text)
        }
    }
}

/// The JSONSchemaProps unions keep their own `Codable` rules (rare: CRD schemas).
private func writeThroughCodable(_ value: some Encodable, to output: inout JSONOutput) {
    if let bytes = try? JSONEncoder().encode(value) { output.raw(bytes) } else { output.raw("null".utf8) }
}

extension APIExtensionsV1.JSONSchemaPropsOrArray: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { writeThroughCodable(self, to: &output) }
}

extension APIExtensionsV1.JSONSchemaPropsOrBool: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { writeThroughCodable(self, to: &output) }
}

extension APIExtensionsV1.JSONSchemaPropsOrStringArray: JSONValueEncodable {
    public func writeJSON(to output: inout JSONOutput) { writeThroughCodable(self, to: &output) }
}
