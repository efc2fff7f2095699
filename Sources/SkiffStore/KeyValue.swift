import Foundation

/// A key's value as stored at one revision.
public struct KeyValue: Sendable, Hashable {
    /// The key, e.g. `/registry/configmaps/default/app`.
    public var key: String
    /// The stored bytes.
    public var value: Data
    /// The revision at which the key was (last) created.
    public var createRevision: Int64
    /// The revision of the write that produced this value (the API's resourceVersion).
    public var modRevision: Int64

    public init(key: String, value: Data, createRevision: Int64, modRevision: Int64) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
    }
}

/// What a successful delete reports.
public struct DeleteResult: Sendable, Hashable {
    /// The revision of the deletion.
    public var revision: Int64
    /// The value the key held just before it was deleted.
    public var deleted: KeyValue

    public init(revision: Int64, deleted: KeyValue) {
        self.revision = revision
        self.deleted = deleted
    }
}
