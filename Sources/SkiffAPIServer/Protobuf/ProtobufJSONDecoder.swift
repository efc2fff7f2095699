import Foundation
import SkiffModel

/// Turns protobuf wire bytes into the JSON tree of the message, driven by a `ProtobufSchema`:
/// fields by their names (the Kubernetes messages' proto names are their JSON names), repeated
/// fields as arrays, map entries as objects, nested messages recursively, 64-bit integers as
/// numbers, bytes as base64, and the JSON forms of apimachinery's special types (Quantity,
/// IntOrString, Time, MicroTime, Duration, RawExtension, FieldsV1).
///
/// Presence: fields absent on the wire are omitted (proto2 optional). Kubernetes' Go marshaller
/// also writes every non-pointer field, so a singular empty string or empty bytes field is
/// omitted as well (JSON `omitempty`: the metadata of an object kubectl builds carries
/// `namespace: ""`, `uid: ""`, ...); zero numbers and `false` are kept, since a pointer field
/// (`replicas: 0`, `automountServiceAccountToken: false`) cannot be told from a plain one.
struct ProtobufJSONDecoder {
    /// Nesting depth of messages beyond which a body is refused.
    static let maxDepth = 100

    static let quantity = "k8s.io.apimachinery.pkg.api.resource.Quantity"
    static let intOrString = "k8s.io.apimachinery.pkg.util.intstr.IntOrString"
    static let time = "k8s.io.apimachinery.pkg.apis.meta.v1.Time"
    static let microTime = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime"
    static let duration = "k8s.io.apimachinery.pkg.apis.meta.v1.Duration"
    static let fieldsV1 = "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1"
    static let rawExtension = "k8s.io.apimachinery.pkg.runtime.RawExtension"

    let schema: ProtobufSchema

    /// Decodes `bytes[range]` as a message of type `typeName` (full name, no leading dot).
    func decode(_ typeName: String, from bytes: [UInt8], range: Range<Int>? = nil) throws(ProtobufDecodingError) -> JSONValue {
        try decodeMessage(typeName, ProtobufWireReader(bytes, range: range), depth: 1)
    }

    private func decodeMessage(_ typeName: String, _ reader: ProtobufWireReader, depth: Int) throws(ProtobufDecodingError) -> JSONValue {
        guard depth <= ProtobufJSONDecoder.maxDepth else { throw ProtobufDecodingError(.tooDeep) }
        switch typeName {
        case ProtobufJSONDecoder.rawExtension, ProtobufJSONDecoder.fieldsV1:
            // {raw}/{Raw}: embedded JSON; no bytes is Go's nil (`null`).
            guard let raw = try bytesField(1, reader), !raw.isEmpty else { return .null }
            do {
                return try JSONParser.parse(Array(reader.bytes[raw]))
            } catch {
                throw ProtobufDecodingError(.invalidEmbeddedJSON(error.message))
            }
        default:
            break
        }
        guard let message = schema.messages[typeName] else { throw ProtobufDecodingError(.unknownMessage(typeName)) }
        let fields = try decodeFields(message, reader, depth: depth)
        switch typeName {
        case ProtobufJSONDecoder.quantity:
            if case .string(let text)? = fields["string"] { return .string(text) }
            return .string("0")
        case ProtobufJSONDecoder.intOrString:
            if case .integer(1)? = fields["type"] {
                if case .string(let text)? = fields["strVal"] { return .string(text) }
                return .string("")
            }
            if case .integer(let value)? = fields["intVal"] { return .integer(value) }
            return .integer(0)
        case ProtobufJSONDecoder.time, ProtobufJSONDecoder.microTime:
            // Go writes a zero time as an empty message; its JSON is null.
            guard fields["seconds"] != nil || fields["nanos"] != nil else { return .null }
            var seconds: Int64 = 0
            var nanos: Int64 = 0
            if case .integer(let value)? = fields["seconds"] { seconds = value }
            if case .integer(let value)? = fields["nanos"] { nanos = value }
            return .string(ProtobufJSONDecoder.rfc3339(seconds: seconds, nanos: nanos, micro: typeName == ProtobufJSONDecoder.microTime))
        case ProtobufJSONDecoder.duration:
            var nanoseconds: Int64 = 0
            if case .integer(let value)? = fields["duration"] { nanoseconds = value }
            return .string(ProtobufJSONDecoder.goDuration(nanoseconds))
        default:
            return .object(fields)
        }
    }

    /// The fields of one message as JSON members.
    private func decodeFields(_ message: ProtobufSchema.Message, _ reader: ProtobufWireReader, depth: Int) throws(ProtobufDecodingError) -> [String: JSONValue] {
        var reader = reader
        var members: [String: JSONValue] = [:]
        var lists: [Int: [JSONValue]] = [:]
        var maps: [Int: [String: JSONValue]] = [:]
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            guard let field = message.fields[number] else {
                try reader.skip(wireType)
                continue
            }
            if field.kind == .message, field.isRepeated, let entry = schema.messages[field.typeName], entry.isMapEntry {
                guard wireType == .lengthDelimited else {
                    throw ProtobufDecodingError(.wrongWireType(field: field.name, wireType: wireType.rawValue))
                }
                let range = try reader.readLengthDelimited()
                let (key, value) = try decodeMapEntry(entry, ProtobufWireReader(reader.bytes, range: range), depth: depth + 1)
                maps[number, default: [:]][key] = value
            } else if field.isRepeated {
                if wireType == .lengthDelimited && field.kind.isPackable {
                    let range = try reader.readLengthDelimited()
                    var packed = ProtobufWireReader(reader.bytes, range: range)
                    let elementWireType = ProtobufJSONDecoder.wireType(of: field.kind)
                    while !packed.isAtEnd {
                        lists[number, default: []].append(try decodeValue(field, elementWireType, &packed, depth: depth))
                    }
                } else {
                    lists[number, default: []].append(try decodeValue(field, wireType, &reader, depth: depth))
                }
            } else {
                let value = try decodeValue(field, wireType, &reader, depth: depth)
                if case .string("") = value, field.kind == .string || field.kind == .bytes {
                    members[field.name] = nil
                } else {
                    members[field.name] = value
                }
            }
        }
        for (number, values) in lists {
            if let field = message.fields[number] { members[field.name] = .array(values) }
        }
        for (number, entries) in maps {
            if let field = message.fields[number] { members[field.name] = .object(entries) }
        }
        return members
    }

    private func decodeMapEntry(_ entry: ProtobufSchema.Message, _ reader: ProtobufWireReader, depth: Int) throws(ProtobufDecodingError) -> (String, JSONValue) {
        guard depth <= ProtobufJSONDecoder.maxDepth else { throw ProtobufDecodingError(.tooDeep) }
        var reader = reader
        var key: JSONValue?
        var value: JSONValue?
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            guard let field = entry.fields[number], number == 1 || number == 2 else {
                try reader.skip(wireType)
                continue
            }
            let decoded = try decodeValue(field, wireType, &reader, depth: depth)
            if number == 1 { key = decoded } else { value = decoded }
        }
        let keyText: String
        switch key {
        case .string(let text)?: keyText = text
        case .integer(let number)?: keyText = String(number)
        case .bool(let flag)?: keyText = flag ? "true" : "false"
        case .number(let number)?: keyText = String(number)
        default: keyText = ""
        }
        if let value { return (keyText, value) }
        // A value absent from the entry is the type's zero value.
        guard let valueField = entry.fields[2] else { return (keyText, .null) }
        switch valueField.kind {
        case .string, .bytes: return (keyText, .string(""))
        case .bool: return (keyText, .bool(false))
        case .message:
            return (keyText, try decodeMessage(valueField.typeName, ProtobufWireReader(reader.bytes, range: reader.end..<reader.end), depth: depth + 1))
        case .double, .float: return (keyText, .number(0))
        default: return (keyText, .integer(0))
        }
    }

    /// One value of `field` read with `wireType`.
    private func decodeValue(_ field: ProtobufSchema.Field, _ wireType: ProtobufWireReader.WireType, _ reader: inout ProtobufWireReader, depth: Int) throws(ProtobufDecodingError) -> JSONValue {
        guard wireType == ProtobufJSONDecoder.wireType(of: field.kind) else {
            throw ProtobufDecodingError(.wrongWireType(field: field.name, wireType: wireType.rawValue))
        }
        switch field.kind {
        case .string:
            let range = try reader.readLengthDelimited()
            return .string(String(decoding: reader.bytes[range], as: UTF8.self))
        case .bytes:
            let range = try reader.readLengthDelimited()
            return .string(Data(reader.bytes[range]).base64EncodedString())
        case .message, .group:
            let range = try reader.readLengthDelimited()
            return try decodeMessage(field.typeName, ProtobufWireReader(reader.bytes, range: range), depth: depth + 1)
        case .bool:
            return .bool(try reader.readVarint() != 0)
        case .int32, .enumeration:
            return .integer(Int64(Int32(truncatingIfNeeded: try reader.readVarint())))
        case .int64:
            return .integer(Int64(bitPattern: try reader.readVarint()))
        case .uint32:
            return .integer(Int64(UInt32(truncatingIfNeeded: try reader.readVarint())))
        case .uint64:
            return ProtobufJSONDecoder.unsigned(try reader.readVarint())
        case .sint32:
            let raw = UInt32(truncatingIfNeeded: try reader.readVarint())
            return .integer(Int64(Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))))
        case .sint64:
            let raw = try reader.readVarint()
            return .integer(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
        case .fixed32:
            return .integer(Int64(try reader.readFixed32()))
        case .sfixed32:
            return .integer(Int64(Int32(bitPattern: try reader.readFixed32())))
        case .fixed64:
            return ProtobufJSONDecoder.unsigned(try reader.readFixed64())
        case .sfixed64:
            return .integer(Int64(bitPattern: try reader.readFixed64()))
        case .float:
            let value = Double(Float(bitPattern: try reader.readFixed32()))
            guard value.isFinite else { throw ProtobufDecodingError(.invalidFloat) }
            return .number(value)
        case .double:
            let value = Double(bitPattern: try reader.readFixed64())
            guard value.isFinite else { throw ProtobufDecodingError(.invalidFloat) }
            return .number(value)
        }
    }

    /// The payload of the first occurrence of length-delimited field `number`, if any.
    private func bytesField(_ number: Int, _ reader: ProtobufWireReader) throws(ProtobufDecodingError) -> Range<Int>? {
        var reader = reader
        var found: Range<Int>?
        while !reader.isAtEnd {
            let (fieldNumber, wireType) = try reader.readTag()
            if fieldNumber == number, wireType == .lengthDelimited {
                found = try reader.readLengthDelimited()
            } else {
                try reader.skip(wireType)
            }
        }
        return found
    }

    private static func unsigned(_ value: UInt64) -> JSONValue {
        value <= UInt64(Int64.max) ? .integer(Int64(value)) : .number(Double(value))
    }

    static func wireType(of kind: ProtobufSchema.Kind) -> ProtobufWireReader.WireType {
        switch kind {
        case .string, .bytes, .message, .group: return .lengthDelimited
        case .fixed64, .sfixed64, .double: return .fixed64
        case .fixed32, .sfixed32, .float: return .fixed32
        default: return .varint
        }
    }

    /// `2006-01-02T15:04:05Z` (Time: seconds precision, as its JSON) or
    /// `2006-01-02T15:04:05.000000Z` (MicroTime), UTC.
    static func rfc3339(seconds: Int64, nanos: Int64, micro: Bool) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if micro {
            let micros = min(max(nanos, 0), 999_999_999) / 1000
            text += "." + pad(micros, 6)
        }
        return text + "Z"
    }

    /// Go's `time.Duration.String()`: `1h2m3.5s`, `1.5s`, `300ms`, `2µs`, `0s`.
    static func goDuration(_ nanoseconds: Int64) -> String {
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        func fraction(_ value: UInt64, digits: Int) -> (whole: UInt64, text: String) {
            var divisor: UInt64 = 1
            for _ in 0..<digits { divisor *= 10 }
            let whole = value / divisor
            var rest = String(value % divisor)
            rest = String(repeating: "0", count: digits - rest.count) + rest
            while rest.hasSuffix("0") { rest.removeLast() }
            return (whole, rest.isEmpty ? "" : "." + rest)
        }
        let text: String
        if magnitude == 0 {
            return "0s"
        } else if magnitude < 1000 {
            text = "\(magnitude)ns"
        } else if magnitude < 1_000_000 {
            let (whole, rest) = fraction(magnitude, digits: 3)
            text = "\(whole)\(rest)µs"
        } else if magnitude < 1_000_000_000 {
            let (whole, rest) = fraction(magnitude, digits: 6)
            text = "\(whole)\(rest)ms"
        } else {
            let (totalSeconds, rest) = fraction(magnitude, digits: 9)
            let seconds = totalSeconds % 60
            let minutes = totalSeconds / 60 % 60
            let hours = totalSeconds / 3600
            if hours > 0 {
                text = "\(hours)h\(minutes)m\(seconds)\(rest)s"
            } else if minutes > 0 {
                text = "\(minutes)m\(seconds)\(rest)s"
            } else {
                text = "\(seconds)\(rest)s"
            }
        }
        return negative ? "-" + text : text
    }
}
