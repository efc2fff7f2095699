import Synchronization

/// What the writer knows about a live key without reading the database.
struct LiveKey: Sendable, Hashable {
    var createRevision: Int64
    var modRevision: Int64
}

/// The in-memory map of every live key to its create and mod revisions, shared by the writer and
/// the readers.
///
/// It lets the writer decide creates and compare-and-swaps without a read, and lets `get` go
/// straight to the row by its id. It holds committed state only: the writer applies a batch's
/// changes after the batch is durable.
final class KeyIndex: Sendable {
    private let live: Mutex<[String: LiveKey]>

    init(_ live: [String: LiveKey] = [:]) {
        self.live = Mutex(live)
    }

    subscript(key: String) -> LiveKey? {
        live.withLock { $0[key] }
    }

    /// Applies a batch's changes; a nil state removes the key.
    func apply(_ changes: [String: LiveKey?]) {
        live.withLock { live in
            for (key, state) in changes { live[key] = state }
        }
    }

    var count: Int { live.withLock { $0.count } }
}
