/// Why a protobuf body could not be read. Every malformed input ends here (never a trap):
/// reads are bounds-checked, lengths checked against the bytes left, nesting depth bounded.
struct ProtobufDecodingError: Error, Equatable, Sendable {
    enum Reason: Sendable, Equatable {
        case missingMagic
        case truncated
        case malformedVarint
        case lengthOutOfRange
        case invalidFieldNumber
        case unsupportedWireType(Int)
        case wrongWireType(field: String, wireType: Int)
        case tooDeep
        case unknownMessage(String)
        case unknownKind(apiVersion: String, kind: String)
        case invalidEmbeddedJSON(String)
        case invalidFloat
        case unsupportedEncoding(String)
        case schemaUnavailable
    }

    var reason: Reason

    init(_ reason: Reason) { self.reason = reason }

    /// The text of the 400 BadRequest Status.
    var message: String {
        switch reason {
        case .missingMagic:
            return "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]"
        case .truncated: return "unexpected EOF"
        case .malformedVarint: return "proto: integer overflow (malformed varint)"
        case .lengthOutOfRange: return "proto: negative length found during unmarshaling or length beyond the end of the data"
        case .invalidFieldNumber: return "proto: illegal field number 0"
        case .unsupportedWireType(let type): return "proto: illegal wireType \(type)"
        case .wrongWireType(let field, let type): return "proto: wrong wireType = \(type) for field \(field)"
        case .tooDeep: return "proto: exceeded max nesting depth of \(ProtobufJSONDecoder.maxDepth)"
        case .unknownMessage(let name): return "proto: unknown message type \(name)"
        case .unknownKind(let apiVersion, let kind):
            return "no kind \"\(kind)\" is registered for version \"\(apiVersion)\" in the protobuf schema Skiff carries"
        case .invalidEmbeddedJSON(let detail): return "embedded JSON in protobuf body: \(detail)"
        case .invalidFloat: return "proto: a float field holds NaN or infinity, which JSON cannot represent"
        case .unsupportedEncoding(let encoding): return "unsupported content encoding \"\(encoding)\" in protobuf envelope"
        case .schemaUnavailable: return "the Kubernetes protobuf schema could not be loaded"
        }
    }
}

/// A bounds-checked cursor over `bytes[position..<end]` (the bytes are shared, not copied, by
/// nested readers).
struct ProtobufWireReader {
    enum WireType: Int {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        let range = range ?? 0..<bytes.count
        position = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { position >= end }

    mutating func readVarint() throws(ProtobufDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw ProtobufDecodingError(.truncated) }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw ProtobufDecodingError(.malformedVarint) }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ProtobufDecodingError(.malformedVarint) }
        }
    }

    mutating func readFixed32() throws(ProtobufDecodingError) -> UInt32 {
        guard end - position >= 4 else { throw ProtobufDecodingError(.truncated) }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
        position += 4
        return value
    }

    mutating func readFixed64() throws(ProtobufDecodingError) -> UInt64 {
        guard end - position >= 8 else { throw ProtobufDecodingError(.truncated) }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return value
    }

    /// The range of a length-delimited value; the length must fit in the bytes left.
    mutating func readLengthDelimited() throws(ProtobufDecodingError) -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(end - position) else { throw ProtobufDecodingError(.lengthOutOfRange) }
        let start = position
        position += Int(length)
        return start..<position
    }

    /// The next tag: field number (≥ 1) and wire type.
    mutating func readTag() throws(ProtobufDecodingError) -> (number: Int, wireType: WireType) {
        let tag = try readVarint()
        guard tag <= UInt64(UInt32.max) else { throw ProtobufDecodingError(.malformedVarint) }
        let number = Int(tag >> 3)
        guard number > 0 else { throw ProtobufDecodingError(.invalidFieldNumber) }
        guard let wireType = WireType(rawValue: Int(tag & 7)), wireType != .startGroup, wireType != .endGroup else {
            throw ProtobufDecodingError(.unsupportedWireType(Int(tag & 7)))
        }
        return (number, wireType)
    }

    /// Skips a value of an unknown field.
    mutating func skip(_ wireType: WireType) throws(ProtobufDecodingError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup, .endGroup: throw ProtobufDecodingError(.unsupportedWireType(wireType.rawValue))
        }
    }
}
