import Synchronization

/// Lets the work of the server's own components go ahead of user writes — the idea behind Kubernetes' API
/// Priority and Fairness, where the scheduler's and the nodes' traffic sits in priority levels above user
/// workloads. A user's mutating request (from HTTP) waits while component work is in hand — a component's
/// mutating request through the in-process ``LocalTransport`` (a binding, a pod status), or a pod start the
/// in-process agent marks with `urgentComponentWork` — and at most ``maximumWait``.
///
/// Why: on a small machine a burst of user creates otherwise fills the server with pods that are stored but not
/// yet bound or started, and every pod's bind, start and status write queue behind the later creates. Letting
/// the work already accepted finish first keeps each pod's create → Running short at the same throughput (the
/// gate is work-conserving: with no component write in flight, user writes pass at once).
///
/// Event writes, the components' included, wait too (events are the least urgent writes), at most
/// ``maximumEventWait``; reads and watches are never gated; ``maximumWait`` bounds a user's wait under a steady
/// stream of component work.
public final class ComponentFirstGate: Sendable {
    /// The longest a user's write waits for component work.
    public let maximumWait: Duration
    /// The longest an event write waits for component work: under a steady stream of it, events still go out
    /// at 50 a second or more (the kubelet's default event rate limit is 50 per second).
    public let maximumEventWait: Duration

    private struct State {
        var componentWorkInHand = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    public init(maximumWait: Duration = .milliseconds(100), maximumEventWait: Duration = .milliseconds(20)) {
        self.maximumWait = maximumWait
        self.maximumEventWait = maximumEventWait
    }

    /// The number of component writes and pod starts in hand now.
    public var componentWorkInHand: Int { state.withLock { $0.componentWorkInHand } }

    /// What the gate does with a request.
    public enum Role: Sendable, Equatable {
        /// Reads and watches: never held back, never hold anything back.
        case passes
        /// A user's write: waits for component work, at most ``ComponentFirstGate/maximumWait``.
        case userWrite
        /// An event write, from anyone (events are the least urgent writes): waits for component work, at most
        /// ``ComponentFirstGate/maximumEventWait``.
        case eventWrite
        /// A component's write: counts as component work while it is handled.
        case componentWrite
    }

    /// The role of a request, by method, path and whether it came from an in-process component.
    public static func role(method: String, path: String, fromComponent: Bool) -> Role {
        switch method {
        case "GET", "HEAD", "OPTIONS": return .passes
        default:
            if path.hasSuffix("/events") || path.contains("/events/") { return .eventWrite }
            return fromComponent ? .componentWrite : .userWrite
        }
    }

    /// Runs what the request's role asks for around `handle`.
    public func handle<Result>(_ role: Role, _ handle: () async throws -> Result) async rethrows -> Result {
        switch role {
        case .passes: break
        case .userWrite: await waitForComponentWork(atMost: maximumWait)
        case .eventWrite: await waitForComponentWork(atMost: maximumEventWait)
        case .componentWrite: return try await componentWork(handle)
        }
        return try await handle()
    }

    /// Runs a component's work, holding user writes back until it (and all other component work) is done.
    public func componentWork<Result>(_ body: () async throws -> Result) async rethrows -> Result {
        state.withLock { $0.componentWorkInHand += 1 }
        defer {
            let released = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.componentWorkInHand -= 1
                guard state.componentWorkInHand == 0 else { return [] }
                defer { state.waiters.removeAll() }
                return Array(state.waiters.values)
            }
            for waiter in released { waiter.resume() }
        }
        return try await body()
    }

    /// Returns when no component work is in hand, or after `maximumWait`.
    public func waitForComponentWork(atMost maximumWait: Duration) async {
        guard state.withLock({ $0.componentWorkInHand }) > 0 else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id = state.withLock { state -> UInt64? in
                guard state.componentWorkInHand > 0 else { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let id else { return continuation.resume() }
            Task { [self] in
                try? await Task.sleep(for: maximumWait)
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
    }
}
