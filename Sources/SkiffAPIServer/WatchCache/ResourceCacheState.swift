import DequeModule
import HashTreeCollections

/// The watch cache's state for one resource (one key prefix such as `/registry/core/pods/`):
/// the live objects, the recent events, and the open watchers. Mutated only under the cache's lock.
struct ResourceCacheState {
    /// Live objects by full key. A persistent map: a list takes an O(1) snapshot.
    var objects: TreeDictionary<String, CachedObject> = [:]
    /// Recent events, oldest first.
    var history: Deque<CachedEvent> = []
    /// Bytes held by `history`.
    var historyBytes = 0
    /// Every event of this resource with a revision greater than this is in `history`.
    var completeAfter: Int64
    /// Open watchers by id.
    var watchers: [Int: CacheWatcherRegistration] = [:]

    init(completeAfter: Int64) {
        self.completeAfter = completeAfter
    }

    /// Records a change: updates the map, appends to the history (evicting the oldest events past
    /// the limits) and returns the event.
    mutating func apply(key: String, revision: Int64, storedBytes: [UInt8]?, limits: WatchCacheLimits) -> CachedEvent {
        let previous = objects[key]
        var current: CachedObject?
        if let storedBytes {
            let object = CachedObject(key: key, revision: revision, storedBytes: storedBytes)
            objects[key] = object
            current = object
        } else {
            objects[key] = nil
        }
        let event = CachedEvent(key: key, revision: revision, current: current, previous: previous)
        history.append(event)
        historyBytes += event.byteCount
        while history.count > limits.historyEvents || (historyBytes > limits.historyBytes && history.count > 1) {
            let evicted = history.removeFirst()
            historyBytes -= evicted.byteCount
            completeAfter = evicted.revision
        }
        return event
    }

    /// The recorded events after `revision`, or nil when some of them are no longer kept.
    func events(after revision: Int64) -> [CachedEvent]? {
        guard revision >= completeAfter else { return nil }
        // History is in revision order: find the first event past `revision` from the end.
        var start = history.count
        while start > 0 && history[start - 1].revision > revision { start -= 1 }
        return Array(history[start...])
    }
}

/// How much history the cache keeps per resource (both limits apply).
struct WatchCacheLimits: Sendable {
    var historyEvents: Int = 4096
    var historyBytes: Int = 16 * 1024 * 1024
}
