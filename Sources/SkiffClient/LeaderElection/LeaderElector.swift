import Foundation
import Logging
import SkiffAPI
import SkiffModel
import Synchronization

/// Leader election on a `coordination.k8s.io/v1` Lease: among candidates with distinct
/// identities, at most one holds the lease at a time (writes are compare-and-swap on the Lease's
/// resourceVersion). The holder renews every `retryPeriod`; if it cannot renew within
/// `renewDeadline` it stops leading; others take over once the lease has not changed for its
/// `leaseDuration` (or at once after a release).
///
/// Use `run { ... }` (the closure runs while leading and is cancelled when leadership is lost),
/// or step by step with `tryAcquireOrRenew()` and `release()`.
public final class LeaderElector: Sendable {
    public let client: KubernetesClient
    public let leaseName: String
    public let namespace: String
    public let identity: String
    public let leaseDuration: Duration
    public let renewDeadline: Duration
    public let retryPeriod: Duration
    private let clock: ElapsedClock
    private let wallClock: @Sendable () -> Date

    private struct State: Sendable {
        var observation: LeaderElectionDecision.Observation?
        var lastRenewal: Duration?
        var isLeader = false
    }
    private let state = Mutex(State())

    public init(client: KubernetesClient, leaseName: String, namespace: String = "kube-system", identity: String,
                leaseDuration: Duration = .seconds(15), renewDeadline: Duration = .seconds(10),
                retryPeriod: Duration = .seconds(2), clock: ElapsedClock = .continuous,
                wallClock: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.leaseName = leaseName
        self.namespace = namespace
        self.identity = identity
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
        self.clock = clock
        self.wallClock = wallClock
    }

    /// Whether the last acquire/renew succeeded and the lease was not released since.
    public var isLeader: Bool { state.withLock { $0.isLeader } }

    /// One attempt: reads the Lease, decides, writes. Answers whether this candidate holds the
    /// lease now. A lost compare-and-swap (someone else wrote first) answers false.
    public func tryAcquireOrRenew() async throws -> Bool {
        let current: CoordinationV1.Lease?
        do {
            current = try await client.get(CoordinationV1.Lease.self, name: leaseName, namespace: namespace)
        } catch let error as KubernetesClientError where error.isNotFound {
            current = nil
        }
        let now = clock.now()
        let action = state.withLock { state in
            LeaderElectionDecision.decide(lease: current, identity: identity, now: now,
                                          wallTime: MicroTime(wallClock()), leaseDuration: leaseDuration,
                                          observation: &state.observation)
        }
        let written: CoordinationV1.Lease
        do {
            switch action {
            case .wait:
                state.withLock { $0.isLeader = false }
                return false
            case .create(let spec):
                let lease = CoordinationV1.Lease(metadata: MetaV1.ObjectMeta(name: leaseName, namespace: namespace), spec: spec)
                written = try await client.create(lease)
            case .update(let spec):
                var lease = current!
                lease.spec = spec
                written = try await client.update(lease)
            }
        } catch let error as KubernetesClientError where error.isConflict || error.isAlreadyExists {
            state.withLock { $0.isLeader = false }
            return false
        }
        state.withLock { state in
            state.observation = LeaderElectionDecision.Observation(spec: written.spec, observedAt: now)
            state.lastRenewal = now
            state.isLeader = true
        }
        return true
    }

    /// Gives the lease up if this candidate holds it (others may take it at once).
    public func release() async throws {
        state.withLock { $0.isLeader = false }
        guard var lease = try? await client.get(CoordinationV1.Lease.self, name: leaseName, namespace: namespace),
              lease.spec?.holderIdentity == identity
        else { return }
        lease.spec = LeaderElectionDecision.releasing(lease.spec ?? .init(), wallTime: MicroTime(wallClock()))
        do {
            _ = try await client.update(lease)
        } catch let error as KubernetesClientError where error.isConflict {
            return
        }
    }

    /// Campaigns until leading, runs `whileLeading` (renewing meanwhile), and returns when
    /// `whileLeading` returns, leadership is lost (it is then cancelled) or the calling task is
    /// cancelled. Releases the lease on the way out when `releaseOnExit`.
    /// Answers true when `whileLeading` returned by itself, false when leadership was lost;
    /// rethrows what `whileLeading` threw.
    @discardableResult
    public func run(releaseOnExit: Bool = true,
                    whileLeading: @escaping @Sendable () async throws -> Void) async throws -> Bool {
        while true {
            try Task.checkCancellation()
            if (try? await tryAcquireOrRenew()) == true { break }
            try await clock.sleep(for: retryPeriod)
        }
        client.logger.info("\(identity) leads lease \(namespace)/\(leaseName)")
        let outcome = await withTaskGroup(of: Result<Bool, any Error>.self) { group in
            group.addTask {
                do {
                    try await whileLeading()
                    return .success(!Task.isCancelled)
                } catch {
                    return .failure(error)
                }
            }
            group.addTask { [self] in
                await renewLoop()
                return .success(false)
            }
            let first = await group.next() ?? .success(false)
            group.cancelAll()
            return first
        }
        if releaseOnExit {
            try? await withTaskCancellationShielded { try await self.release() }
        } else {
            state.withLock { $0.isLeader = false }
        }
        return try outcome.get()
    }

    /// Renews every retryPeriod; returns when the lease could not be renewed within
    /// renewDeadline, another holder took it, or the task is cancelled.
    private func renewLoop() async {
        while !Task.isCancelled {
            do { try await clock.sleep(for: retryPeriod) } catch { return }
            let renewed = (try? await tryAcquireOrRenew()) ?? false
            if renewed { continue }
            let holderChanged = state.withLock { $0.observation?.spec?.holderIdentity != identity }
            let last = state.withLock { $0.lastRenewal } ?? .zero
            if holderChanged || clock.now() - last > renewDeadline {
                client.logger.info("\(identity) lost lease \(namespace)/\(leaseName)")
                state.withLock { $0.isLeader = false }
                return
            }
        }
    }
}

/// Runs `body` in an unstructured task so that the caller's cancellation does not cancel it
/// (used for releasing a lease while shutting down).
func withTaskCancellationShielded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await body() }.value
}
