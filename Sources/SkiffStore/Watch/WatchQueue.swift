import DequeModule
import Synchronization

/// A bounded hand-off of watch events from a producer that must never block (the commit path, an
/// etcd stream reader) to one consumer.
///
/// `push` never waits. When more than `capacity` events are waiting, the queue drops them and
/// ends with ``StorageError/watchTooSlow(lastRevision:)`` naming the last revision the consumer
/// received, so the consumer relists instead of missing events silently.
public final class WatchQueue: Sendable {
    private struct State {
        var buffered: Deque<WatchEvent> = []
        var waiter: CheckedContinuation<WatchEvent?, any Error>?
        /// Set once the queue has ended: nil error means cancelled (a clean end).
        var ending: StorageError??
        var lastDelivered: Int64
    }

    private let capacity: Int
    private let state: Mutex<State>

    /// - Parameters:
    ///   - capacity: how many undelivered events the consumer may fall behind before it is ended.
    ///   - startRevision: the revision the watch starts after (reported if it is ended before any event).
    public init(capacity: Int, startRevision: Int64) {
        self.capacity = capacity
        self.state = Mutex(State(lastDelivered: startRevision))
    }

    /// True once the queue has ended (cancelled, failed or overflowed).
    public var isEnded: Bool {
        state.withLock { $0.ending != nil }
    }

    /// Hands one event to the consumer. Returns false when the queue has ended.
    @discardableResult
    public func push(_ event: WatchEvent) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<WatchEvent?, any Error>?) in
            if state.ending != nil { return (false, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                state.lastDelivered = event.revision
                return (true, waiter)
            }
            state.buffered.append(event)
            if state.buffered.count > capacity {
                state.buffered.removeAll()
                state.ending = .some(.watchTooSlow(lastRevision: state.lastDelivered))
                return (false, nil)
            }
            return (true, nil)
        }
        waiter?.resume(returning: event)
        return accepted
    }

    /// Ends the queue: the consumer gets the buffered events, then `error` (or the end, if nil).
    public func finish(throwing error: StorageError?) {
        let resume = state.withLock { state -> CheckedContinuation<WatchEvent?, any Error>? in
            guard state.ending == nil else { return nil }
            state.ending = .some(error)
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        guard let resume else { return }
        if let error { resume.resume(throwing: error) } else { resume.resume(returning: nil) }
    }

    /// Ends the queue at once, dropping what is buffered; the consumer sees the end.
    public func cancel() {
        let resume = state.withLock { state -> CheckedContinuation<WatchEvent?, any Error>? in
            state.buffered.removeAll()
            if state.ending == nil { state.ending = .some(nil) }
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        resume?.resume(returning: nil)
    }

    /// The next event, waiting for one if none is buffered.
    public func next() async throws -> WatchEvent? {
        enum Immediate { case event(WatchEvent), end(StorageError?), wait }
        let immediate: Immediate = state.withLock { state in
            if let event = state.buffered.popFirst() {
                state.lastDelivered = event.revision
                return .event(event)
            }
            if let ending = state.ending { return .end(ending) }
            return .wait
        }
        switch immediate {
        case .event(let event): return event
        case .end(let error):
            if let error { throw error }
            return nil
        case .wait: break
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<WatchEvent?, any Error>? = state.withLock { state in
                    if let event = state.buffered.popFirst() {
                        state.lastDelivered = event.revision
                        return .success(event)
                    }
                    if let ending = state.ending {
                        if let error = ending { return .failure(error) }
                        return .success(nil)
                    }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            cancel()
        }
    }
}
