import SkiffAPI
import SkiffModel

/// The pure rules of Lease-based leader election (client-go's `tryAcquireOrRenew`), given the
/// Lease as read, the candidate's identity and the time.
///
/// Expiry is judged on the candidate's own monotonic clock, not on the `renewTime` written by
/// another machine: the candidate remembers when it last saw the lease record change
/// (`Observation`), and another holder's lease counts as expired only when the record has not
/// changed for `leaseDurationSeconds` of local time. This tolerates clock skew between holders.
public enum LeaderElectionDecision {
    /// What the candidate last saw: the lease spec and when (local monotonic time) it changed.
    public struct Observation: Sendable, Hashable {
        public var spec: CoordinationV1.LeaseSpec?
        public var observedAt: Duration

        public init(spec: CoordinationV1.LeaseSpec?, observedAt: Duration) {
            self.spec = spec
            self.observedAt = observedAt
        }
    }

    /// What to do.
    public enum Action: Sendable, Hashable {
        /// No Lease exists: create one with this spec.
        case create(CoordinationV1.LeaseSpec)
        /// Write this spec with a compare-and-swap on the read resourceVersion (acquire or renew).
        case update(CoordinationV1.LeaseSpec)
        /// Another holder's lease is still valid: do nothing, try again later.
        case wait(holder: String)
    }

    /// Decides, and records the observation.
    /// - Parameters:
    ///   - lease: the Lease as read (nil when absent).
    ///   - now: local monotonic time (for expiry).
    ///   - wallTime: the time to write into acquireTime/renewTime.
    ///   - leaseDuration: the duration this candidate writes when it holds the lease.
    public static func decide(lease: CoordinationV1.Lease?, identity: String, now: Duration, wallTime: MicroTime,
                              leaseDuration: Duration, observation: inout Observation?) -> Action {
        let seconds = Int32(clamping: leaseDuration.components.seconds)
        guard let lease else {
            observation = nil
            return .create(CoordinationV1.LeaseSpec(acquireTime: wallTime, holderIdentity: identity,
                                                    leaseDurationSeconds: seconds, leaseTransitions: 0,
                                                    renewTime: wallTime))
        }
        let spec = lease.spec ?? CoordinationV1.LeaseSpec()
        if observation?.spec != spec {
            observation = Observation(spec: spec, observedAt: now)
        }
        let holder = spec.holderIdentity ?? ""
        let observedAt = observation?.observedAt ?? now
        if !holder.isEmpty && holder != identity {
            let theirDuration = Duration.seconds(Int64(spec.leaseDurationSeconds ?? seconds))
            if observedAt + theirDuration > now { return .wait(holder: holder) }
        }
        var next = spec
        if holder != identity {
            next.acquireTime = wallTime
            next.leaseTransitions = (spec.leaseTransitions ?? 0) + 1
        }
        next.holderIdentity = identity
        next.leaseDurationSeconds = seconds
        next.renewTime = wallTime
        return .update(next)
    }

    /// The spec that gives the lease up: no holder, a one-second duration (so others take it at
    /// once), transitions kept.
    public static func releasing(_ spec: CoordinationV1.LeaseSpec, wallTime: MicroTime) -> CoordinationV1.LeaseSpec {
        var next = spec
        next.holderIdentity = nil
        next.leaseDurationSeconds = 1
        next.acquireTime = wallTime
        next.renewTime = wallTime
        return next
    }
}
