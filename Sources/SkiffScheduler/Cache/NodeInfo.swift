import SkiffAPI
import SkiffModel

/// A node plus the aggregate of the pods on it (bound or assumed): summed requests, non-zero
/// requests for scoring, used host ports, and the pods themselves. Kept up to date incrementally
/// by `SchedulerCache`; plugins only read it.
///
/// A class so the per-node filter and score calls pass one reference instead of copying a large
/// struct; `SchedulerCache` keeps value semantics by copying a node before mutating it whenever
/// the instance is shared (copy-on-write), which is why it is `@unchecked Sendable`: an instance
/// reachable from two places is never mutated.
public final class NodeInfo: @unchecked Sendable {
    public let name: String
    public let labels: [String: String]
    public let taints: [NodeTaint]
    /// `spec.unschedulable` (cordoned).
    public let unschedulable: Bool
    /// `status.allocatable` without `pods`.
    public let allocatable: ResourceAmounts
    /// `status.allocatable.pods` (0 when absent: such a node takes no pods, as in kube-scheduler).
    public let allowedPodCount: Int
    /// Sum of the pods' effective requests.
    public private(set) var requested = ResourceAmounts()
    /// Sum of the pods' requests with defaults for missing cpu/memory (scoring).
    public private(set) var nonZeroRequested = ResourceAmounts()
    public private(set) var pods: [PodInfo] = []
    /// `pods.count`, kept here so the per-node fit check does not touch the pods' storage.
    public private(set) var podCount = 0
    /// The zone label and the hostname domain (label, else the name), read without a label lookup.
    private let zoneValue: String?
    private let hostnameValue: String
    public private(set) var usedPorts: [HostPort] = []
    /// How many pods here carry required anti-affinity terms.
    public private(set) var podsWithRequiredAntiAffinity = 0

    public init(_ node: CoreV1.Node) {
        name = node.metadata?.name ?? ""
        labels = TopologyKey.interningKeys(node.metadata?.labels ?? [:])
        zoneValue = labels[TopologyKey.zone]
        hostnameValue = labels[TopologyKey.hostname] ?? name
        taints = (node.spec?.taints ?? []).map(NodeTaint.init)
        unschedulable = node.spec?.unschedulable ?? false
        allocatable = ResourceAmounts(node.status?.allocatable)
        allowedPodCount = Int(node.status?.allocatable?[ResourceName.pods]?.value ?? 0)
    }

    /// An independent copy (for copy-on-write and preemption trials), optionally with a new node object.
    func copy(updatingFrom node: CoreV1.Node? = nil) -> NodeInfo {
        let copy = node.map(NodeInfo.init) ?? NodeInfo(name: name, labels: labels, taints: taints, unschedulable: unschedulable,
                                                       allocatable: allocatable, allowedPodCount: allowedPodCount)
        copy.requested = requested
        copy.nonZeroRequested = nonZeroRequested
        copy.pods = pods
        copy.podCount = podCount
        copy.usedPorts = usedPorts
        copy.podsWithRequiredAntiAffinity = podsWithRequiredAntiAffinity
        return copy
    }

    private init(name: String, labels: [String: String], taints: [NodeTaint], unschedulable: Bool,
                 allocatable: ResourceAmounts, allowedPodCount: Int) {
        self.name = name
        self.labels = labels
        self.taints = taints
        self.unschedulable = unschedulable
        self.allocatable = allocatable
        self.allowedPodCount = allowedPodCount
        zoneValue = labels[TopologyKey.zone]
        hostnameValue = labels[TopologyKey.hostname] ?? name
    }

    /// The node's value for a topology key; `kubernetes.io/hostname` falls back to the node name.
    public func topologyValue(_ key: String) -> String? {
        // Interned keys (see `TopologyKey.interned`) match the literals without comparing bytes.
        if key == TopologyKey.zone { return zoneValue }
        if key == TopologyKey.hostname { return hostnameValue }
        return labels[key]
    }

    func add(_ pod: PodInfo) {
        pods.append(pod)
        podCount += 1
        requested += pod.requests
        nonZeroRequested.milliCPU += pod.nonZeroRequests.milliCPU
        nonZeroRequested.memory += pod.nonZeroRequests.memory
        usedPorts.append(contentsOf: pod.hostPorts)
        if !pod.requiredAntiAffinity.isEmpty { podsWithRequiredAntiAffinity += 1 }
    }

    /// Removes the pod with this key; returns it, or nil when it is not here.
    @discardableResult
    func remove(key: String) -> PodInfo? {
        guard let index = pods.firstIndex(where: { $0.key == key }) else { return nil }
        let pod = pods.remove(at: index)
        podCount -= 1
        requested -= pod.requests
        nonZeroRequested.milliCPU -= pod.nonZeroRequests.milliCPU
        nonZeroRequested.memory -= pod.nonZeroRequests.memory
        for port in pod.hostPorts {
            if let at = usedPorts.firstIndex(of: port) { usedPorts.remove(at: at) }
        }
        if !pod.requiredAntiAffinity.isEmpty { podsWithRequiredAntiAffinity -= 1 }
        return pod
    }
}

/// Well-known topology label keys.
public enum TopologyKey {
    public static let hostname = "kubernetes.io/hostname"
    public static let zone = "topology.kubernetes.io/zone"
    public static let region = "topology.kubernetes.io/region"

    /// The well-known keys as the literals above (other strings unchanged). Node labels and the
    /// keys plugins look up are interned this way: two strings sharing storage compare equal
    /// without comparing bytes, which the per-node label lookups do thousands of times per cycle.
    static func interned(_ key: String) -> String {
        switch key {
        case hostname: return hostname
        case zone: return zone
        case region: return region
        default: return key
        }
    }

    /// The labels with their well-known keys interned.
    static func interningKeys(_ labels: [String: String]) -> [String: String] {
        var result = labels
        for key in [hostname, zone, region] {
            if let value = result.removeValue(forKey: key) { result[key] = value }
        }
        return result
    }
}
