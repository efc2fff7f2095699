import SkiffModel

/// Assembles a list response from already-encoded items, without decoding them again:
/// `{"apiVersion":…,"items":[…],"kind":"ConfigMapList","metadata":{"resourceVersion":"12","continue":"…"}}`.
enum ListDocument {
    static func encode(apiVersion: String, kind: String, items: [[UInt8]], resourceVersion: Int64?,
                       continueToken: String?) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(items.reduce(128) { $0 + $1.count + 1 })
        output.append(contentsOf: "{\"apiVersion\":".utf8)
        JSONWriter.writeString(apiVersion, to: &output)
        output.append(contentsOf: ",\"items\":[".utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: item)
        }
        output.append(contentsOf: "],\"kind\":".utf8)
        JSONWriter.writeString(kind, to: &output)
        var metadata: [String: JSONValue] = [:]
        if let resourceVersion { metadata["resourceVersion"] = .string(String(resourceVersion)) }
        if let continueToken { metadata["continue"] = .string(continueToken) }
        output.append(contentsOf: ",\"metadata\":".utf8)
        JSONWriter.write(.object(metadata), to: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }
}
