import Foundation

/// One change to one key, as delivered by a watch.
public struct WatchEvent: Sendable, Hashable {
    /// Whether the key was written or deleted.
    public enum Kind: Sendable, Hashable {
        case put
        case delete
    }

    public var kind: Kind
    /// The changed key.
    public var key: String
    /// The revision of this change.
    public var revision: Int64
    /// For `.put`: the new value and its create revision. For `.delete`: nil.
    public var current: KeyValue?
    /// The value the key held before this change, or nil when the put created it.
    public var previous: KeyValue?

    public init(kind: Kind, key: String, revision: Int64, current: KeyValue?, previous: KeyValue?) {
        self.kind = kind
        self.key = key
        self.revision = revision
        self.current = current
        self.previous = previous
    }

    /// True when this put created the key (it did not exist just before).
    public var isCreate: Bool { kind == .put && previous == nil }
}
