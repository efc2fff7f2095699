import Foundation
import SkiffAPI
import SkiffModel
import SkiffRuntime

/// Builds a pod's status from its spec and what the agent observed (pure), as the kubelet's
/// `generateAPIPodStatus`: phase, conditions, container statuses, IPs, start time, QoS class.
public struct PodStatusBuilder: Sendable {
    public var podIP: String?
    public var hostIP: String
    public var backOff: RestartBackOff

    public init(podIP: String?, hostIP: String = "127.0.0.1", backOff: RestartBackOff = RestartBackOff()) {
        self.podIP = podIP
        self.hostIP = hostIP
        self.backOff = backOff
    }

    public func build(pod: CoreV1.Pod, observation: PodObservation, now: Date) -> CoreV1.PodStatus {
        let spec = pod.spec ?? CoreV1.PodSpec()
        let previous = pod.status ?? CoreV1.PodStatus()
        let policy = spec.restartPolicy ?? "Always"
        let initContainers = spec.initContainers ?? []
        let containers = spec.containers ?? []
        let podName = pod.metadata?.name ?? ""
        let podRef = "\(podName)_\(pod.metadata?.namespace ?? "")(\(pod.metadata?.uid ?? ""))"

        var status = previous
        let initialized = initContainers.allSatisfy { observation[$0.name ?? ""].latest?.state.exitCode == 0 }
        status.initContainerStatuses = initContainers.isEmpty ? nil : initContainers.map {
            containerStatus($0, observation[$0.name ?? ""], podRef: podRef, podUID: pod.metadata?.uid ?? "", policy: policy, isInit: true,
                            initializing: false, now: now)
        }
        status.containerStatuses = containers.map {
            containerStatus($0, observation[$0.name ?? ""], podRef: podRef, podUID: pod.metadata?.uid ?? "", policy: policy, isInit: false,
                            initializing: !initialized, now: now)
        }
        status.phase = phase(spec: spec, observation: observation, initialized: initialized)
        status.hostIP = hostIP
        status.hostIPs = [CoreV1.HostIP(ip: hostIP)]
        if let podIP {
            status.podIP = podIP
            status.podIPs = [CoreV1.PodIP(ip: podIP)]
        }
        status.startTime = previous.startTime ?? KubeTime(now)
        status.qosClass = Self.qosClass(spec)

        let unready = containers.compactMap(\.name).filter { name in
            !(status.containerStatuses?.first(where: { $0.name == name })?.ready ?? false)
        }
        let terminal = status.phase == "Succeeded" || status.phase == "Failed"
        var conditions: [(String, Bool, String?, String?)] = [("PodScheduled", true, nil, nil),
                                                               ("PodReadyToStartContainers", podIP != nil, nil, nil)]
        if initialized {
            conditions.append(("Initialized", true, nil, nil))
        } else {
            let pending = initContainers.filter { observation[$0.name ?? ""].latest?.state.exitCode != 0 }.compactMap(\.name)
            conditions.append(("Initialized", false, "ContainersNotInitialized",
                               "containers with incomplete status: [\(pending.joined(separator: " "))]"))
        }
        if terminal && status.phase == "Succeeded" {
            conditions.append(("ContainersReady", false, "PodCompleted", nil))
            conditions.append(("Ready", false, "PodCompleted", nil))
        } else if unready.isEmpty {
            conditions.append(("ContainersReady", true, nil, nil))
            conditions.append(("Ready", true, nil, nil))
        } else {
            let message = "containers with unready status: [\(unready.joined(separator: " "))]"
            conditions.append(("ContainersReady", false, "ContainersNotReady", message))
            conditions.append(("Ready", false, "ContainersNotReady", message))
        }
        var merged = (previous.conditions ?? []).filter { condition in !conditions.contains { $0.0 == condition.type } }
        for (type, value, reason, message) in conditions {
            let text = value ? "True" : "False"
            let old = previous.conditions?.first { $0.type == type }
            let transition = old?.status == text ? (old?.lastTransitionTime ?? KubeTime(now)) : KubeTime(now)
            merged.append(CoreV1.PodCondition(lastTransitionTime: transition, message: message, reason: reason,
                                              status: text, type: type))
        }
        let order = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
        status.conditions = merged.sorted { (order.firstIndex(of: $0.type ?? "") ?? 99) < (order.firstIndex(of: $1.type ?? "") ?? 99) }
        return status
    }

    /// The kubelet's `getPhase`.
    func phase(spec: CoreV1.PodSpec, observation: PodObservation, initialized: Bool) -> String {
        let policy = spec.restartPolicy ?? "Always"
        for container in spec.initContainers ?? [] {
            let observed = observation[container.name ?? ""]
            if let code = observed.latest?.state.exitCode, code != 0, policy == "Never" { return "Failed" }
        }
        if !initialized { return "Pending" }
        var running = 0, waiting = 0, stopped = 0, succeeded = 0
        for container in spec.containers ?? [] {
            let observed = observation[container.name ?? ""]
            guard let latest = observed.latest else {
                waiting += 1
                continue
            }
            switch latest.state {
            case .running: running += 1
            case .exited(let code, _, _, _, _):
                stopped += 1
                if code == 0 { succeeded += 1 }
            }
        }
        if waiting > 0 { return "Pending" }
        if running > 0 { return "Running" }
        if stopped > 0 {
            if policy == "Always" { return "Running" }
            if stopped == succeeded { return "Succeeded" }
            if policy == "Never" { return "Failed" }
            return "Running"
        }
        return "Pending"
    }

    func containerStatus(_ container: CoreV1.Container, _ observed: ContainerObservation, podRef: String, podUID: String,
                         policy: String, isInit: Bool, initializing: Bool, now: Date) -> CoreV1.ContainerStatus {
        let name = container.name ?? ""
        var status = CoreV1.ContainerStatus(image: container.image ?? "", imageID: container.image ?? "", name: name,
                                            ready: false, restartCount: 0, started: false)
        guard let latest = observed.latest else {
            if let failure = observed.startFailure {
                status.state = CoreV1.ContainerState(waiting: CoreV1.ContainerStateWaiting(message: failure.message, reason: failure.reason))
            } else {
                status.state = CoreV1.ContainerState(waiting: CoreV1.ContainerStateWaiting(
                    reason: initializing ? "PodInitializing" : "ContainerCreating"))
            }
            return status
        }
        status.restartCount = Int32(latest.restartCount)
        status.containerID = "skiff-process://\(ContainerID(podUID: podUID, name: name, restartCount: latest.restartCount))"
        let previous = observed.instances.dropLast().last
        switch latest.state {
        case .running(_, let startedAt):
            status.state = CoreV1.ContainerState(running: CoreV1.ContainerStateRunning(startedAt: KubeTime(startedAt.date)))
            status.started = observed.started
            status.ready = observed.started && observed.ready && !isInit
            if let previous { status.lastState = Self.terminatedState(previous) }
        case .exited(let code, _, _, _, _):
            let restarts = isInit ? (code != 0 && policy != "Never")
                : (policy == "Always" || (policy == "OnFailure" && code != 0))
            if restarts && PodSyncDecision.isBackingOff(observed, now: now, backOff: backOff) {
                let delay = Int(backOff.delay(after: observed.instances))
                status.state = CoreV1.ContainerState(waiting: CoreV1.ContainerStateWaiting(
                    message: "back-off \(Self.durationText(delay)) restarting failed container=\(name) pod=\(podRef)",
                    reason: "CrashLoopBackOff"))
                status.lastState = Self.terminatedState(latest)
            } else {
                status.state = Self.terminatedState(latest)
                if let previous { status.lastState = Self.terminatedState(previous) }
            }
        }
        return status
    }

    static func terminatedState(_ instance: ContainerInstance) -> CoreV1.ContainerState? {
        guard case .exited(let code, let signal, let reason, let startedAt, let finishedAt) = instance.state else { return nil }
        var kubeReason = reason.rawValue
        if reason == .completed && code != 0 { kubeReason = "Error" }
        if reason == .error && code == 0 { kubeReason = "Completed" }
        return CoreV1.ContainerState(terminated: CoreV1.ContainerStateTerminated(
            exitCode: code, finishedAt: KubeTime(finishedAt.date), reason: kubeReason, signal: signal,
            startedAt: KubeTime(startedAt.date)))
    }

    /// `10s`, `20s`, `2m40s`, `5m0s` (Go's duration format for whole seconds).
    static func durationText(_ seconds: Int) -> String {
        seconds < 60 ? "\(seconds)s" : "\(seconds / 60)m\(seconds % 60)s"
    }

    /// Guaranteed (every container has equal cpu and memory limits and requests), BestEffort (no
    /// requests or limits at all) or Burstable.
    public static func qosClass(_ spec: CoreV1.PodSpec) -> String {
        let all = (spec.initContainers ?? []) + (spec.containers ?? [])
        var anySet = false
        var guaranteed = true
        for container in all {
            let limits = container.resources?.limits ?? [:]
            var requests = container.resources?.requests ?? [:]
            for (key, value) in limits where requests[key] == nil { requests[key] = value }
            for key in ["cpu", "memory"] {
                if limits[key] != nil || requests[key] != nil { anySet = true }
                guard let limit = limits[key], let request = requests[key], limit == request else {
                    guaranteed = false
                    continue
                }
            }
        }
        if !anySet { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}
