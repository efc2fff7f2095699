import SkiffAPI
import SkiffModel

// The client decodes answers and watch events through `JSONValueDecodable` when the type has it
// (every generated API type, and the list and watch wrappers around them): one parse into a
// `JSONValue` and a walk, instead of Foundation's `JSONDecoder` (see KubernetesClient.decode).

extension WatchEvent: JSONValueDecodable where Object: JSONValueDecodable {
    /// `{"type":"ADDED","object":{...}}`; an ERROR event's object is a Status.
    public init(json: JSONValue) throws {
        let members = try JSONFields.object(json, "WatchEvent")
        guard case .string(let type)? = members["type"] else { throw JSONValueDecodingError("watch event without a type") }
        let object = members["object"] ?? .null
        switch type {
        case "ADDED": self = .added(try Object(json: object))
        case "MODIFIED": self = .modified(try Object(json: object))
        case "DELETED": self = .deleted(try Object(json: object))
        case "BOOKMARK": self = .bookmark(try Object(json: object))
        case "ERROR": self = .error(try JSONValueDecoder().decode(Status.self, from: object))
        default: throw JSONValueDecodingError("unknown watch event type \(type)")
        }
    }
}

extension ListEnvelope: JSONValueDecodable where Object: JSONValueDecodable {
    init(json: JSONValue) throws {
        let members = try JSONFields.object(json, "List")
        items = try JSONFields.optional(members, "items")
        metadata = try JSONFields.optional(members, "metadata")
    }
}
