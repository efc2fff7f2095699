import SkiffAPI
import SkiffModel
import SkiffScheduler

/// What the pending pods ask of the scheduler beyond resources.
enum BenchVariant: String, CaseIterable, Sendable {
    /// Requests only (100m cpu, 128Mi).
    case basic
    /// Plus a topology spread constraint: maxSkew 1 over zones, DoNotSchedule, selector app=x.
    case spread
    /// Plus required pod anti-affinity on hostname against app=x (one such pod per node).
    case antiAffinity = "anti-affinity"
}

/// The simulated cluster of the benchmark: nodes with 32 cpu / 256Gi / 110 pods over 10 zones,
/// and pending pods of 100m cpu / 128Mi, the same objects for the in-memory and the end-to-end runs.
enum BenchCluster {
    static let zoneCount = 10
    static let namespace = "default"

    static func nodeName(_ index: Int) -> String { "node-\(index)" }

    /// A Node as created (metadata only; status follows with PUT /status).
    static func node(_ index: Int) -> CoreV1.Node {
        let name = nodeName(index)
        return CoreV1.Node(
            apiVersion: "v1", kind: "Node",
            metadata: MetaV1.ObjectMeta(labels: [TopologyKey.hostname: name, TopologyKey.zone: "zone-\(index % zoneCount)"],
                                        name: name))
    }

    /// The status written with PUT /status: capacity = allocatable = 32 cpu, 256Gi, 110 pods, Ready.
    static var nodeStatus: CoreV1.NodeStatus {
        let resources: [String: Quantity] = ["cpu": Quantity(32), "memory": Quantity(Int64(256) << 30, format: .binarySI),
                                             "pods": Quantity(110)]
        return CoreV1.NodeStatus(allocatable: resources, capacity: resources,
                                 conditions: [CoreV1.NodeCondition(reason: "Simulated", status: "True", type: "Ready")])
    }

    /// A node with its status, as the scheduler's cache sees it after both writes.
    static func nodeWithStatus(_ index: Int) -> CoreV1.Node {
        var node = node(index)
        node.status = nodeStatus
        return node
    }

    static func pod(_ index: Int, variant: BenchVariant) -> CoreV1.Pod {
        let requests: [String: Quantity] = ["cpu": Quantity(milliValue: 100), "memory": Quantity(Int64(128) << 20, format: .binarySI)]
        var spec = CoreV1.PodSpec(containers: [
            CoreV1.Container(image: "bench:1", name: "app", resources: CoreV1.ResourceRequirements(requests: requests)),
        ])
        let selector = MetaV1.LabelSelector(matchLabels: ["app": "x"])
        switch variant {
        case .basic:
            break
        case .spread:
            spec.topologySpreadConstraints = [CoreV1.TopologySpreadConstraint(
                labelSelector: selector, maxSkew: 1, topologyKey: TopologyKey.zone, whenUnsatisfiable: "DoNotSchedule")]
        case .antiAffinity:
            spec.affinity = CoreV1.Affinity(podAntiAffinity: CoreV1.PodAntiAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: [CoreV1.PodAffinityTerm(labelSelector: selector, topologyKey: TopologyKey.hostname)]))
        }
        return CoreV1.Pod(
            apiVersion: "v1", kind: "Pod",
            metadata: MetaV1.ObjectMeta(labels: ["app": "x"], name: "pod-\(index)", namespace: namespace),
            spec: spec)
    }
}
