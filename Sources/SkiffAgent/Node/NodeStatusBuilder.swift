import Foundation
import SkiffAPI
import SkiffModel

/// Builds the Node object the agent registers and its status (pure): labels, capacity and
/// allocatable, addresses, nodeInfo, conditions with heartbeat times, the kubelet endpoint.
public struct NodeStatusBuilder: Sendable {
    public static let kubeletVersion = "v1.32.0+skiff"
    public static let runtimeVersion = "skiff-process://0.1.0"

    public var nodeName: String
    public var facts: HostFacts
    public var extendedResources: [String: Int64]
    public var httpPort: Int

    public init(nodeName: String, facts: HostFacts, extendedResources: [String: Int64], httpPort: Int) {
        self.nodeName = nodeName
        self.facts = facts
        self.extendedResources = extendedResources
        self.httpPort = httpPort
    }

    public var labels: [String: String] {
        ["kubernetes.io/hostname": nodeName, "kubernetes.io/os": "linux", "kubernetes.io/arch": facts.architecture,
         "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": facts.architecture]
    }

    /// How many pods a node takes (capacity and allocatable `pods`, the kubelet's default `maxPods`).
    public static let maximumPods = 110

    public var capacity: [String: Quantity] {
        var result: [String: Quantity] = [
            "cpu": Quantity(facts.cpuCores),
            "memory": Quantity(facts.memoryBytes, format: .binarySI),
            "ephemeral-storage": Quantity(facts.ephemeralStorageBytes, format: .binarySI),
            "pods": Quantity(Int64(Self.maximumPods)),
        ]
        for (name, count) in extendedResources { result[name] = Quantity(count) }
        return result
    }

    /// The status at `now`; heartbeat times are `now`, transition times are kept from `previous`
    /// when the condition's status did not change.
    public func status(previous: CoreV1.NodeStatus?, now: Date) -> CoreV1.NodeStatus {
        let conditions: [(String, String, String, String)] = [
            ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
        ]
        let stamp = KubeTime(now)
        return CoreV1.NodeStatus(
            addresses: [CoreV1.NodeAddress(address: "127.0.0.1", type: "InternalIP"),
                        CoreV1.NodeAddress(address: nodeName, type: "Hostname")],
            allocatable: capacity,
            capacity: capacity,
            conditions: conditions.map { type, status, reason, message in
                let old = previous?.conditions?.first { $0.type == type }
                let transition = old?.status == status ? (old?.lastTransitionTime ?? stamp) : stamp
                return CoreV1.NodeCondition(lastHeartbeatTime: stamp, lastTransitionTime: transition, message: message,
                                            reason: reason, status: status, type: type)
            },
            daemonEndpoints: CoreV1.NodeDaemonEndpoints(kubeletEndpoint: CoreV1.DaemonEndpoint(Port: Int32(httpPort))),
            nodeInfo: CoreV1.NodeSystemInfo(
                architecture: facts.architecture, bootID: facts.bootID, containerRuntimeVersion: Self.runtimeVersion,
                kernelVersion: facts.kernelVersion, kubeProxyVersion: "", kubeletVersion: Self.kubeletVersion,
                machineID: facts.machineID, operatingSystem: "linux", osImage: facts.osImage, systemUUID: facts.machineID))
    }

    /// Whether two statuses differ in more than heartbeat times.
    public static func differsBeyondHeartbeat(_ a: CoreV1.NodeStatus?, _ b: CoreV1.NodeStatus?) -> Bool {
        func stripped(_ status: CoreV1.NodeStatus?) -> CoreV1.NodeStatus? {
            guard var status else { return nil }
            status.conditions = status.conditions?.map { var c = $0; c.lastHeartbeatTime = nil; return c }
            return status
        }
        return stripped(a) != stripped(b)
    }
}
