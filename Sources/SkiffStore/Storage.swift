import Foundation

/// The one seam between Skiff and its data: a versioned key-value store with a single global revision.
///
/// Every backend (the embedded SQLite revision log, a real etcd v3 cluster) implements this contract
/// and passes the shared conformance suite in `Tests/SkiffStoreTests`.
///
/// Contract:
/// - Keys are non-empty strings without NUL characters, by convention paths such as
///   `/registry/pods/default/web-1`. Values are opaque bytes.
/// - There is one global revision. Every successful write (create, update, delete) advances it by
///   exactly one, and that revision becomes the written key's `modRevision` (the object's
///   resourceVersion in the API). Revisions never go backwards, not even across restarts.
/// - `create` fails with ``StorageError/alreadyExists(key:)`` when the key is live.
/// - `update` and `delete` with an expected revision are compare-and-swap: they fail with
///   ``StorageError/conflict(key:expectedRevision:actualRevision:)`` unless the key's current
///   `modRevision` equals the expected one, and with ``StorageError/notFound(key:)`` when it is absent.
///   Of concurrent writers racing on the same expected revision exactly one wins.
/// - A write that returned is durable: it survives a crash or power cut of the process.
/// - `list` reads one consistent revision (the current one, or an older retained one) and returns
///   keys in ascending byte order. A prefix selects the keys *under* it: the prefix is treated as a
///   directory (see ``KeyPrefix``), so `/a/b` selects `/a/b/x` but never `/a/bc`.
/// - `watch(prefix:after:)` yields every change under the prefix with a revision greater than
///   `after`, in revision order, without gaps, each put or delete with the previous value. A watch
///   that falls too far behind ends with ``StorageError/watchTooSlow(lastRevision:)`` so that its
///   reader relists; it never silently skips events.
/// - History older than the compacted revision is gone: reads at, and watches after, a revision
///   below it fail with ``StorageError/compacted(requested:compactedRevision:)``.
public protocol Storage: Sendable {
    /// The newest committed revision.
    func currentRevision() async throws -> Int64

    /// The live value of `key`, or nil when it does not exist.
    func get(_ key: String) async throws -> KeyValue?

    /// Keys under a prefix at one consistent revision, with paging.
    func list(_ request: ListRequest) async throws -> ListResult

    /// Creates `key`; fails if it exists. Returns the new revision.
    func create(_ key: String, value: Data) async throws -> Int64

    /// Replaces the value of `key` if its modRevision equals `expectedRevision`. Returns the new revision.
    func update(_ key: String, value: Data, expectedRevision: Int64) async throws -> Int64

    /// Deletes `key` (only if its modRevision equals `expectedRevision`, when given).
    /// Returns the revision of the deletion and the value that was deleted.
    @discardableResult
    func delete(_ key: String, expectedRevision: Int64?) async throws -> DeleteResult

    /// Changes under `prefix` with revisions greater than `revision`, in order, with previous values.
    func watch(prefix: String, after revision: Int64) async throws -> WatchStream

    /// Drops the history before `revision`. Reads at older revisions fail with `compacted` afterwards.
    func compact(through revision: Int64) async throws

    /// Ends open watches and releases the backend's resources. Further calls fail with `closed`.
    func close() async
}
