import Synchronization

/// Fans committed events out to the watches of one store, in-process, without ever blocking the
/// writer: each watch has a bounded ``WatchQueue`` that ends itself when its reader falls behind.
///
/// It also owns the *published revision*: the newest revision whose events have been handed out.
/// A watch registered when the published revision is H receives every later event through its
/// queue; everything up to H its reader takes from history. Publishing and registering happen
/// under one lock, so no event falls between the two.
final class WatchBroadcaster: Sendable {
    private struct Subscriber {
        let prefix: String
        let after: Int64
        let queue: WatchQueue
    }

    private struct State {
        var publishedRevision: Int64
        var subscribers: [Int: Subscriber] = [:]
        var nextID = 0
        var closed = false
    }

    private let state: Mutex<State>

    init(publishedRevision: Int64) {
        state = Mutex(State(publishedRevision: publishedRevision))
    }

    var publishedRevision: Int64 {
        state.withLock { $0.publishedRevision }
    }

    var subscriberCount: Int {
        state.withLock { $0.subscribers.count }
    }

    /// Hands `events` (in revision order, all newer than the published revision) to every matching
    /// watch and makes `revision` the published revision.
    func publish(_ events: [WatchEvent], revision: Int64) {
        state.withLock { state in
            state.publishedRevision = revision
            var ended: [Int] = []
            for (id, subscriber) in state.subscribers {
                for event in events where event.revision > subscriber.after
                    && KeyPrefix.contains(subscriber.prefix, key: event.key)
                {
                    if !subscriber.queue.push(event) { break }
                }
                if subscriber.queue.isEnded { ended.append(id) }
            }
            for id in ended { state.subscribers[id] = nil }
        }
    }

    /// Registers a watch on the normalized `prefix` for events after `after`.
    /// Returns its id and the published revision at registration; later events go to `queue`.
    func subscribe(prefix: String, after: Int64, queue: WatchQueue) throws(StorageError) -> (id: Int, revision: Int64) {
        let registered: (id: Int, revision: Int64)? = state.withLock { state in
            if state.closed { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = Subscriber(prefix: prefix, after: after, queue: queue)
            return (id, state.publishedRevision)
        }
        guard let registered else { throw .closed }
        return registered
    }

    func unsubscribe(_ id: Int) {
        state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
    }

    /// Ends every watch with `closed` and refuses new ones.
    func close() {
        let queues = state.withLock { state -> [WatchQueue] in
            state.closed = true
            defer { state.subscribers.removeAll() }
            return state.subscribers.values.map(\.queue)
        }
        for queue in queues { queue.finish(throwing: .closed) }
    }
}
