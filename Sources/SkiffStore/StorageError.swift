/// Every way a ``Storage`` call can fail. The API server maps these to Kubernetes `Status` errors
/// in one place (alreadyExists → 409 AlreadyExists, conflict → 409 Conflict, notFound → 404,
/// compacted → 410 Expired, the rest → 500 or 503).
public enum StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `create` of a key that is live.
    case alreadyExists(key: String)
    /// `update` or `delete` of a key that does not exist.
    case notFound(key: String)
    /// A compare-and-swap lost: the key's modRevision is not the expected one.
    case conflict(key: String, expectedRevision: Int64, actualRevision: Int64)
    /// The requested revision is older than the retained history.
    case compacted(requested: Int64, compactedRevision: Int64)
    /// The requested revision has not happened yet.
    case futureRevision(requested: Int64, currentRevision: Int64)
    /// The watch fell too far behind and was ended; its reader must relist.
    case watchTooSlow(lastRevision: Int64)
    /// The key is not acceptable (empty, or contains NUL).
    case invalidKey(String)
    /// The backend cannot be reached (etcd down, no endpoint answers).
    case unavailable(String)
    /// The backend failed to read or write (disk full, read-only, not a database, corruption).
    case backendFailure(String)
    /// The storage was closed.
    case closed

    public var description: String {
        switch self {
        case .alreadyExists(let key): "key \(key) already exists"
        case .notFound(let key): "key \(key) not found"
        case .conflict(let key, let expected, let actual):
            "conflict on \(key): expected revision \(expected), current revision \(actual)"
        case .compacted(let requested, let compacted):
            "revision \(requested) has been compacted (oldest retained: \(compacted))"
        case .futureRevision(let requested, let current):
            "revision \(requested) is in the future (current: \(current))"
        case .watchTooSlow(let last): "watch fell behind after revision \(last) and was ended; relist"
        case .invalidKey(let reason): "invalid key: \(reason)"
        case .unavailable(let reason): "storage unavailable: \(reason)"
        case .backendFailure(let reason): "storage failure: \(reason)"
        case .closed: "storage is closed"
        }
    }
}
