import Synchronization

/// A work queue with client-go semantics, for controllers: workers take keys with `get()`,
/// reconcile, then call `done(key)`.
///
/// - A key is queued at most once: adding a queued key does nothing.
/// - A key being processed (handed out, `done` not yet called) is not handed out again; adding it
///   meanwhile marks it dirty and it is queued again when `done` is called.
/// - `addAfter(key, delay)` adds it once the delay passed (the earliest pending time wins);
///   `addRateLimited(key)` delays by the key's exponential back-off (5 ms doubling to 1000 s);
///   `forget(key)` resets the back-off after a success.
/// - `shutDown()`: adds are ignored, delayed keys dropped, `get()` hands out what is queued and
///   then answers nil; `shutDownWithDrain()` also waits until every handed-out key is done.
/// - No key added before shutdown is lost.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Key?, Never>
    }

    private struct State {
        var queue: [Key] = []
        var head = 0
        var dirty = Set<Key>()
        var processing = Set<Key>()
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var delayed: [Key: Duration] = [:]
        var timer: Task<Void, Never>?
        var timerDeadline: Duration?
        /// Identifies the current timer task; an older (cancelled) one only moves due keys.
        var timerGeneration = 0
        var backoff: ExponentialBackoff<Key>
        var shuttingDown = false
        var drainWaiters: [CheckedContinuation<Void, Never>] = []

        var queuedCount: Int { queue.count - head }

        mutating func popFront() -> Key? {
            guard head < queue.count else { return nil }
            let key = queue[head]
            head += 1
            if head > 64 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return key
        }

        /// Puts a dirty, not-processing key where a worker gets it: straight to a waiting
        /// worker, else at the back of the queue. Answers the waiter to resume.
        mutating func enqueue(_ key: Key) -> (CheckedContinuation<Key?, Never>, Key)? {
            if !waiters.isEmpty {
                let waiter = waiters.removeFirst()
                dirty.remove(key)
                processing.insert(key)
                return (waiter.continuation, key)
            }
            queue.append(key)
            return nil
        }
    }

    private let state: Mutex<State>
    private let clock: ElapsedClock

    public init(backoff: ExponentialBackoff<Key> = ExponentialBackoff(), clock: ElapsedClock = .continuous) {
        self.state = Mutex(State(backoff: backoff))
        self.clock = clock
    }

    /// Keys waiting to be handed out (not counting delayed ones).
    public var count: Int { state.withLock { $0.queuedCount } }
    /// Keys handed out and not yet done.
    public var processingCount: Int { state.withLock { $0.processing.count } }
    /// Keys waiting for their `addAfter` time.
    public var delayedCount: Int { state.withLock { $0.delayed.count } }
    public var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Queues `key` (once).
    public func add(_ key: Key) {
        let resume = state.withLock { state in Self.add(key, to: &state) }
        resume?.0.resume(returning: resume?.1)
    }

    private static func add(_ key: Key, to state: inout State) -> (CheckedContinuation<Key?, Never>, Key)? {
        if state.shuttingDown || state.dirty.contains(key) { return nil }
        state.dirty.insert(key)
        if state.processing.contains(key) { return nil }
        return state.enqueue(key)
    }

    /// The next key, waiting for one; nil once the queue is shut down and empty (or the task is
    /// cancelled while waiting).
    public func get() async -> Key? {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                let immediate: Key?? = state.withLock { state in
                    if let key = state.popFront() {
                        state.dirty.remove(key)
                        state.processing.insert(key)
                        return .some(key)
                    }
                    if state.shuttingDown || Task.isCancelled { return .some(nil) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: nil)
        }
    }

    /// Marks `key` processed; if it was added meanwhile it is queued again.
    public func done(_ key: Key) {
        let (resume, drained) = state.withLock { state -> ((CheckedContinuation<Key?, Never>, Key)?, [CheckedContinuation<Void, Never>]) in
            state.processing.remove(key)
            var resume: (CheckedContinuation<Key?, Never>, Key)?
            if state.dirty.contains(key) { resume = state.enqueue(key) }
            var drained = [CheckedContinuation<Void, Never>]()
            if state.shuttingDown && state.processing.isEmpty {
                drained = state.drainWaiters
                state.drainWaiters = []
            }
            return (resume, drained)
        }
        resume?.0.resume(returning: resume?.1)
        for waiter in drained { waiter.resume() }
    }

    /// Adds `key` after `delay` (now when the delay is not positive).
    public func addAfter(_ key: Key, delay: Duration) {
        if delay <= .zero { return add(key) }
        let deadline = clock.now() + delay
        state.withLock { state in
            if state.shuttingDown { return }
            if let existing = state.delayed[key], existing <= deadline { return }
            state.delayed[key] = deadline
            if let current = state.timerDeadline, current <= deadline { return }
            state.timer?.cancel()
            state.timerDeadline = deadline
            state.timerGeneration += 1
            state.timer = startTimer(until: deadline, generation: state.timerGeneration)
        }
    }

    /// Adds `key` after its back-off delay, counting one more failure.
    public func addRateLimited(_ key: Key) {
        let delay = state.withLock { $0.backoff.nextDelay(for: key) }
        addAfter(key, delay: delay)
    }

    /// Resets `key`'s back-off.
    public func forget(_ key: Key) {
        state.withLock { $0.backoff.forget(key) }
    }

    /// Rate-limited adds of `key` since it was last forgotten.
    public func numRequeues(_ key: Key) -> Int { state.withLock { $0.backoff.failureCount(of: key) } }

    /// Stops taking keys; workers get the queued ones, then nil.
    public func shutDown() {
        let waiters = state.withLock { state -> [Waiter] in
            state.shuttingDown = true
            state.delayed = [:]
            state.timer?.cancel()
            state.timer = nil
            state.timerDeadline = nil
            state.timerGeneration += 1
            if state.queuedCount > 0 { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    /// `shutDown()`, then waits until every handed-out key is done and the queue is empty.
    public func shutDownWithDrain() async {
        shutDown()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.processing.isEmpty && state.queuedCount == 0 { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// The timer task: sleeps until `deadline`, moves every due key into the queue (earliest
    /// first), then sleeps until the next pending deadline.
    private func startTimer(until deadline: Duration, generation: Int) -> Task<Void, Never> {
        Task { [clock] in
            var wakeAt = deadline
            while true {
                do { try await clock.sleep(until: wakeAt) } catch { return }
                let now = clock.now()
                let (resumes, next) = state.withLock { state -> ([(CheckedContinuation<Key?, Never>, Key)], Duration?) in
                    let due = state.delayed.filter { $0.value <= now }.sorted { $0.value < $1.value }
                    var resumes = [(CheckedContinuation<Key?, Never>, Key)]()
                    for (key, _) in due {
                        state.delayed[key] = nil
                        if let resume = Self.add(key, to: &state) { resumes.append(resume) }
                    }
                    guard state.timerGeneration == generation else { return (resumes, nil) }
                    let next = state.delayed.values.min()
                    state.timerDeadline = next
                    if next == nil { state.timer = nil }
                    return (resumes, next)
                }
                for (continuation, key) in resumes { continuation.resume(returning: key) }
                guard let next else { return }
                wakeAt = next
            }
        }
    }
}
