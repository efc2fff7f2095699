import SkiffModel

/// The stored form of an object and its way back out.
///
/// Objects are stored as compact JSON *without* `metadata.resourceVersion`: the resourceVersion is
/// the store's modRevision of the key, known only after the write, so it is spliced into the bytes
/// on the way out (``withResourceVersion(_:_:)``) without decoding the object.
enum StoredObject {
    /// The bytes to store for `object` (its resourceVersion removed).
    static func encode(_ object: JSONValue) -> [UInt8] {
        var object = object
        if var metadata = object[member: "metadata"], metadata.isObject {
            metadata[member: "resourceVersion"] = nil
            object[member: "metadata"] = metadata
        }
        return JSONWriter.encode(object)
    }

    /// Decodes stored bytes (written by ``encode(_:)``) and sets the resourceVersion.
    static func decode(_ bytes: [UInt8], resourceVersion: Int64) throws(JSONParser.Failure) -> JSONValue {
        var object = try JSONParser.parse(bytes)
        var metadata = object[member: "metadata"] ?? .object([:])
        metadata[member: "resourceVersion"] = .string(String(resourceVersion))
        object[member: "metadata"] = metadata
        return object
    }

    /// The stored bytes with `"resourceVersion":"<revision>"` inserted as the first member of the
    /// top-level `metadata` object. Falls back to decode-and-encode if the bytes do not have the
    /// expected shape.
    static func withResourceVersion(_ bytes: [UInt8], _ revision: Int64) -> [UInt8] {
        let member = Array("\"resourceVersion\":\"\(revision)\"".utf8)
        if let position = metadataBodyStart(bytes) {
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + member.count + 1)
            output.append(contentsOf: bytes[..<position])
            output.append(contentsOf: member)
            if position < bytes.count && bytes[position] != UInt8(ascii: "}") {
                output.append(UInt8(ascii: ","))
            }
            output.append(contentsOf: bytes[position...])
            return output
        }
        guard let object = try? decode(bytes, resourceVersion: revision) else { return bytes }
        return JSONWriter.encode(object)
    }

    /// Bytes made by ``withResourceVersion(_:_:)`` with `old`, carrying `new` instead.
    static func replacingResourceVersion(_ bytes: [UInt8], _ old: Int64, with new: Int64) -> [UInt8] {
        let oldMember = Array("\"resourceVersion\":\"\(old)\"".utf8)
        if let position = metadataBodyStart(bytes), bytes.count >= position + oldMember.count,
           bytes[position..<(position + oldMember.count)].elementsEqual(oldMember) {
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 4)
            output.append(contentsOf: bytes[..<position])
            output.append(contentsOf: "\"resourceVersion\":\"\(new)\"".utf8)
            output.append(contentsOf: bytes[(position + oldMember.count)...])
            return output
        }
        guard var object = try? JSONParser.parse(bytes) else { return bytes }
        var metadata = object[member: "metadata"] ?? .object([:])
        metadata[member: "resourceVersion"] = .string(String(new))
        object[member: "metadata"] = metadata
        return JSONWriter.encode(object)
    }

    /// The index just after the `{` that opens the top-level `metadata` object, if any.
    static func metadataBodyStart(_ bytes: [UInt8]) -> Int? {
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        let metadataKey = Array("metadata".utf8)
        while true {
            scanner.skipWhitespace()
            guard let key = scanner.readRawString() else { return nil }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ":")) else { return nil }
            scanner.skipWhitespace()
            if key.elementsEqual(metadataKey) {
                return scanner.consume(UInt8(ascii: "{")) ? scanner.index : nil
            }
            guard scanner.skipValue() else { return nil }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ",")) else { return nil }
        }
    }

    /// A forward-only scanner over JSON that skips values without building them.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x09 || bytes[index] == 0x0D {
                index += 1
            }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// The raw (still escaped) contents of a string literal.
        mutating func readRawString() -> ArraySlice<UInt8>? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    let contents = bytes[start..<index]
                    index += 1
                    return contents
                default: index += 1
                }
            }
            return nil
        }

        mutating func skipValue() -> Bool {
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return readRawString() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        guard readRawString() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return true
                        }
                    default:
                        break
                    }
                    index += 1
                }
                return false
            default:
                while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}"),
                      bytes[index] != UInt8(ascii: "]") {
                    index += 1
                }
                return true
            }
        }
    }
}
