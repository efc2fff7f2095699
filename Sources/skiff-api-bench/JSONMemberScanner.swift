/// Finds members of a JSON object in raw bytes without decoding the document: enough to read
/// `type` and `object.metadata.name` out of a watch event line cheaply, so the benchmark client
/// spends microseconds per line, not a full decode.
enum JSONMemberScanner {
    /// The byte range of the value of member `key` of the object starting at `start` (a `{`).
    static func member(_ key: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, objectAt start: Int) -> Range<Int>? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return nil }
        var index = start + 1
        while index < bytes.count {
            index = skipWhitespace(bytes, index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let keyEnd = skipString(bytes, index)
            let keyMatches = keyEnd - index - 2 == key.count && zip(key.indices, (index + 1)...).allSatisfy { bytes[$1] == key[$0] }
            index = skipWhitespace(bytes, keyEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index = skipWhitespace(bytes, index + 1)
            let valueEnd = skipValue(bytes, index)
            if keyMatches { return index..<valueEnd }
            index = skipWhitespace(bytes, valueEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
        return nil
    }

    /// The string value (without quotes; escapes left as they are) at `range`, if it is a string.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]), as: UTF8.self)
    }

    private static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
        return index
    }

    /// The index just past the string starting at `start` (a quote).
    private static func skipString(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return index
    }

    /// The index just past the value starting at `start`.
    private static func skipValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        guard start < bytes.count else { return start }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return skipString(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index = skipString(bytes, index)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return index
        default:
            var index = start
            while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}"), bytes[index] != UInt8(ascii: "]") {
                index += 1
            }
            return index
        }
    }
}

/// The type and object name of one watch event line.
struct WatchLineSummary: Equatable {
    var type: String
    var name: String

    private static let typeKey = Array("type".utf8)
    private static let objectKey = Array("object".utf8)
    private static let metadataKey = Array("metadata".utf8)
    private static let nameKey = Array("name".utf8)

    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> WatchLineSummary? {
        guard let typeRange = JSONMemberScanner.member(typeKey, in: line, objectAt: 0),
              let type = JSONMemberScanner.string(line, typeRange),
              let object = JSONMemberScanner.member(objectKey, in: line, objectAt: 0),
              let metadata = JSONMemberScanner.member(metadataKey, in: line, objectAt: object.lowerBound),
              let nameRange = JSONMemberScanner.member(nameKey, in: line, objectAt: metadata.lowerBound),
              let name = JSONMemberScanner.string(line, nameRange) else { return nil }
        return WatchLineSummary(type: type, name: name)
    }
}
