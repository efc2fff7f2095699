/// The JSON body of `POST pods/{name}/binding`, written directly (a `v1.Binding` naming the pod
/// and its uid, targeting a Node) instead of going through `JSONEncoder` once per pod.
enum BindingBody {
    static func bytes(namespace: String, name: String, uid: String?, nodeName: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + namespace.utf8.count + name.utf8.count + nodeName.utf8.count)
        out.append(contentsOf: #"{"apiVersion":"v1","kind":"Binding","metadata":{"name":"#.utf8)
        appendString(name, to: &out)
        out.append(contentsOf: #","namespace":"#.utf8)
        appendString(namespace, to: &out)
        if let uid {
            out.append(contentsOf: #","uid":"#.utf8)
            appendString(uid, to: &out)
        }
        out.append(contentsOf: #"},"target":{"apiVersion":"v1","kind":"Node","name":"#.utf8)
        appendString(nodeName, to: &out)
        out.append(contentsOf: "}}".utf8)
        return out
    }

    /// A JSON string literal (quotes, backslashes and control characters escaped).
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
