import Synchronization

/// The ``WatchEventSource`` of one etcd watch: the reader side of its ``WatchQueue`` and the task
/// running its etcd stream. Cancelling it, or dropping the last reference, stops the stream.
final class EtcdWatchSource: WatchEventSource {
    private let queue: WatchQueue
    private let task: Task<Void, Never>
    private let registry: EtcdWatchRegistry
    private let id: Int

    init(queue: WatchQueue, task: Task<Void, Never>, registry: EtcdWatchRegistry, id: Int) {
        self.queue = queue
        self.task = task
        self.registry = registry
        self.id = id
    }

    deinit {
        cancel()
    }

    func next() async throws -> WatchEvent? {
        try await queue.next()
    }

    func cancel() {
        queue.cancel()
        task.cancel()
        registry.remove(id)
    }
}

/// The open watches of one storage, so that `close()` can end them with ``StorageError/closed``.
final class EtcdWatchRegistry: Sendable {
    private struct Entry {
        let queue: WatchQueue
        let task: Task<Void, Never>
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        var closed = false
    }

    private let state = Mutex(State())

    var count: Int { state.withLock { $0.entries.count } }

    /// Adds a watch; fails with `closed` once ``closeAll()`` has run.
    func register(queue: WatchQueue, task: Task<Void, Never>) throws(StorageError) -> Int {
        let id: Int? = state.withLock { state in
            if state.closed { return nil }
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(queue: queue, task: task)
            return id
        }
        guard let id else { throw .closed }
        return id
    }

    func remove(_ id: Int) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// Ends every watch with `closed` and refuses new ones.
    func closeAll() {
        let entries = state.withLock { state -> [Entry] in
            state.closed = true
            defer { state.entries.removeAll() }
            return Array(state.entries.values)
        }
        for entry in entries {
            entry.queue.finish(throwing: .closed)
            entry.task.cancel()
        }
    }
}

/// The one-time outcome of starting a watch: `watch(prefix:after:)` waits until etcd has confirmed
/// the watch (or every endpoint failed) before returning the stream.
final class EtcdWatchStart: Sendable {
    private struct State {
        var result: Result<Void, any Error>?
        var waiter: CheckedContinuation<Void, any Error>?
    }

    private let state = Mutex(State())

    /// Settles the outcome; later calls are ignored.
    func resolve(_ result: Result<Void, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func wait() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Result<Void, any Error>? in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            resolve(.failure(CancellationError()))
        }
    }
}
