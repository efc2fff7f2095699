import SkiffAPI

/// One event of a watch. `bookmark` carries an object with only `metadata.resourceVersion`
/// set (a point to resume from); `error` carries the server's Status (410 Expired: relist).
public enum WatchEvent<Object: Sendable>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    case bookmark(Object)
    case error(Status)

    /// The object of every event but `error`.
    public var object: Object? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object), .bookmark(let object): object
        case .error: nil
        }
    }

    /// The wire name: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.
    public var typeName: String {
        switch self {
        case .added: "ADDED"
        case .modified: "MODIFIED"
        case .deleted: "DELETED"
        case .bookmark: "BOOKMARK"
        case .error: "ERROR"
        }
    }
}

extension WatchEvent: Decodable where Object: Decodable {
    private enum CodingKeys: String, CodingKey { case type, object }

    /// `{"type":"ADDED","object":{...}}`; an ERROR event's object is a Status.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": self = .added(try container.decode(Object.self, forKey: .object))
        case "MODIFIED": self = .modified(try container.decode(Object.self, forKey: .object))
        case "DELETED": self = .deleted(try container.decode(Object.self, forKey: .object))
        case "BOOKMARK": self = .bookmark(try container.decode(Object.self, forKey: .object))
        case "ERROR": self = .error(try container.decode(Status.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown watch event type \(type)")
        }
    }
}
