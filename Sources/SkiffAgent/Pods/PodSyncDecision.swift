import Foundation
import SkiffModel
import SkiffRuntime

/// One thing the pod worker must do.
public enum PodAction: Sendable, Hashable {
    /// Start instance `restartCount` of a container.
    case start(container: String, restartCount: Int)
    /// Stop a running instance (SIGTERM, SIGKILL after `gracePeriodSeconds`).
    case kill(container: String, restartCount: Int, gracePeriodSeconds: Int64, reason: KillReason)
    /// Delete the pod object (every container has stopped after a graceful delete).
    case deletePodObject
    /// Nothing to do before this time (back-off); sync again then.
    case recheck(at: Date)
}

/// Why a container is killed.
public enum KillReason: String, Sendable, Hashable {
    case podDeleted, livenessFailed, podFinished
}

/// The reconcile decision of one pod (pure): given the pod, what the runtime shows and the time,
/// the actions that move it toward its spec, like the kubelet's `computePodActions`.
public enum PodSyncDecision {
    public static func decide(pod: CoreV1.Pod, observation: PodObservation, now: Date,
                              backOff: RestartBackOff = RestartBackOff()) -> [PodAction] {
        let spec = pod.spec ?? CoreV1.PodSpec()
        let allNames = (spec.initContainers ?? []).compactMap(\.name) + (spec.containers ?? []).compactMap(\.name)

        if pod.metadata?.deletionTimestamp != nil {
            let grace = pod.metadata?.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30
            let kills = runningInstances(allNames, observation).map {
                PodAction.kill(container: $0.0, restartCount: $0.1, gracePeriodSeconds: grace, reason: .podDeleted)
            }
            return kills.isEmpty ? [.deletePodObject] : kills
        }

        // A pod that reached Succeeded or Failed never runs again (the kubelet's rule), even when
        // its sandbox is gone (e.g. removed while the agent was down).
        if isTerminal(pod) { return [] }

        let policy = spec.restartPolicy ?? "Always"
        var actions: [PodAction] = []

        // Init containers, one at a time, in order.
        for container in spec.initContainers ?? [] {
            let name = container.name ?? ""
            let observed = observation[name]
            guard let latest = observed.latest else {
                return actions + gated(.start(container: name, restartCount: 0), observed, now: now)
            }
            switch latest.state {
            case .running:
                if observed.mustKill {
                    actions.append(.kill(container: name, restartCount: latest.restartCount,
                                         gracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30, reason: .livenessFailed))
                }
                return actions
            case .exited(let code, _, _, _, _):
                if code == 0 { continue }
                if policy == "Never" { return actions }   // the pod failed
                return actions + restart(name, observed, now: now, backOff: backOff)
            }
        }

        // App containers.
        for container in spec.containers ?? [] {
            let name = container.name ?? ""
            let observed = observation[name]
            guard let latest = observed.latest else {
                actions += gated(.start(container: name, restartCount: 0), observed, now: now)
                continue
            }
            switch latest.state {
            case .running:
                if observed.mustKill {
                    actions.append(.kill(container: name, restartCount: latest.restartCount,
                                         gracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30, reason: .livenessFailed))
                }
            case .exited(let code, _, _, _, _):
                let restarts = policy == "Always" || (policy == "OnFailure" && code != 0)
                if restarts { actions += restart(name, observed, now: now, backOff: backOff) }
            }
        }
        return actions
    }

    /// Start the next instance now, or recheck when its back-off ends.
    private static func restart(_ name: String, _ observed: ContainerObservation, now: Date,
                                backOff: RestartBackOff) -> [PodAction] {
        guard let latest = observed.latest else { return [] }
        let at = backOff.nextStartTime(after: observed.instances) ?? now
        if at <= now { return gated(.start(container: name, restartCount: latest.restartCount + 1), observed, now: now) }
        return [.recheck(at: at)]
    }

    /// A start after a failed start: never when the failure is permanent (a container without a
    /// command: its spec cannot change), else not before the failure's retry time.
    private static func gated(_ start: PodAction, _ observed: ContainerObservation, now: Date) -> [PodAction] {
        guard let failure = observed.startFailure else { return [start] }
        guard let retryAt = failure.retryAt else { return [] }
        return retryAt <= now ? [start] : [.recheck(at: retryAt)]
    }

    private static func runningInstances(_ names: [String], _ observation: PodObservation) -> [(String, Int)] {
        names.flatMap { name in
            observation[name].instances.filter { $0.state.isRunning }.map { (name, $0.restartCount) }
        }
    }

    /// Whether the stored status says the pod finished (Succeeded or Failed).
    public static func isTerminal(_ pod: CoreV1.Pod) -> Bool {
        pod.status?.phase == "Succeeded" || pod.status?.phase == "Failed"
    }

    /// Whether the container is waiting out a back-off at `now` (its state reads CrashLoopBackOff).
    public static func isBackingOff(_ observed: ContainerObservation, now: Date, backOff: RestartBackOff) -> Bool {
        guard let at = backOff.nextStartTime(after: observed.instances) else { return false }
        return at > now && backOff.delay(after: observed.instances) > 0
    }
}
