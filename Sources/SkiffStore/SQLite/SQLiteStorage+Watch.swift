import DequeModule
import Foundation
import Synchronization

extension SQLiteStorage {
    public func watch(prefix: String, after revision: Int64) async throws -> WatchStream {
        try ensureOpen()
        let prefix = KeyPrefix.normalize(prefix)
        let compactedThrough = compactedRevision
        if revision < compactedThrough {
            throw StorageError.compacted(requested: revision, compactedRevision: compactedThrough)
        }
        let queue = WatchQueue(capacity: options.watchCapacity, startRevision: revision)
        let (id, published) = try broadcaster.subscribe(prefix: prefix, after: revision, queue: queue)
        return WatchStream(
            SQLiteWatchSource(
                storage: self, subscription: id, prefix: prefix, after: revision, historyEnd: published, queue: queue))
    }
}

/// One SQLite watch: first the retained history from the database up to the revision published
/// when it registered (read page by page as its reader asks, so catching up costs no memory), then
/// the live events the broadcaster queued meanwhile.
final class SQLiteWatchSource: WatchEventSource {
    private struct State {
        var cursor: Int64
        var page: Deque<WatchEvent> = []
        var historyDone: Bool
    }

    private static let pageSize = 512

    private let storage: SQLiteStorage
    private let subscription: Int
    private let prefix: String
    private let historyEnd: Int64
    private let queue: WatchQueue
    private let state: Mutex<State>

    init(storage: SQLiteStorage, subscription: Int, prefix: String, after: Int64, historyEnd: Int64, queue: WatchQueue) {
        self.storage = storage
        self.subscription = subscription
        self.prefix = prefix
        self.historyEnd = historyEnd
        self.queue = queue
        self.state = Mutex(State(cursor: after, historyDone: after >= historyEnd))
    }

    func next() async throws -> WatchEvent? {
        while true {
            if queue.isEnded { return try await queue.next() }
            enum Step { case event(WatchEvent), fetch(after: Int64), live }
            let step: Step = state.withLock { state in
                if let event = state.page.popFirst() { return .event(event) }
                return state.historyDone ? .live : .fetch(after: state.cursor)
            }
            switch step {
            case .event(let event):
                return event
            case .live:
                return try await queue.next()
            case .fetch(let after):
                let page: (events: [WatchEvent], scannedThrough: Int64)
                do {
                    page = try await storage.history(
                        prefix: prefix, after: after, through: historyEnd, limit: Self.pageSize)
                } catch let error as StorageError {
                    queue.finish(throwing: error)
                    storage.broadcaster.unsubscribe(subscription)
                    throw error
                }
                state.withLock { state in
                    state.page.append(contentsOf: page.events)
                    state.cursor = page.scannedThrough
                    state.historyDone = page.scannedThrough >= historyEnd
                }
            }
        }
    }

    func cancel() {
        queue.cancel()
        storage.broadcaster.unsubscribe(subscription)
    }

    deinit {
        cancel()
    }
}
