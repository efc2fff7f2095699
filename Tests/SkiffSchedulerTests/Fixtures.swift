import SkiffAPI
import SkiffModel
@testable import SkiffScheduler

/// Builders for nodes and pods used across the scheduler tests.
enum Fixture {
    static func quantity(_ text: String) -> Quantity { try! Quantity(parsing: text) }

    static func node(_ name: String, cpu: String = "4", memory: String = "8Gi", pods: Int = 110,
                     labels: [String: String] = [:], taints: [CoreV1.Taint] = [], unschedulable: Bool = false,
                     extra: [String: String] = [:]) -> CoreV1.Node {
        var allocatable: [String: Quantity] = ["cpu": quantity(cpu), "memory": quantity(memory), "pods": Quantity(Int64(pods))]
        for (key, value) in extra { allocatable[key] = quantity(value) }
        var allLabels = labels
        allLabels[TopologyKey.hostname] = allLabels[TopologyKey.hostname] ?? name
        return CoreV1.Node(metadata: MetaV1.ObjectMeta(labels: allLabels, name: name),
                           spec: CoreV1.NodeSpec(taints: taints.isEmpty ? nil : taints, unschedulable: unschedulable ? true : nil),
                           status: CoreV1.NodeStatus(allocatable: allocatable))
    }

    static func pod(_ name: String, namespace: String = "default", cpu: String? = nil, memory: String? = nil,
                    extra: [String: String] = [:], labels: [String: String] = [:], nodeName: String? = nil,
                    priority: Int32? = nil, ownerUID: String? = nil, startSeconds: Int64? = nil,
                    configure: (inout CoreV1.PodSpec) -> Void = { _ in }) -> CoreV1.Pod {
        var requests: [String: Quantity] = [:]
        if let cpu { requests["cpu"] = quantity(cpu) }
        if let memory { requests["memory"] = quantity(memory) }
        for (key, value) in extra { requests[key] = quantity(value) }
        var spec = CoreV1.PodSpec(containers: [CoreV1.Container(
            image: "app", name: "app", resources: requests.isEmpty ? nil : CoreV1.ResourceRequirements(requests: requests))])
        spec.nodeName = nodeName
        spec.priority = priority
        configure(&spec)
        var metadata = MetaV1.ObjectMeta(labels: labels.isEmpty ? nil : labels, name: name, namespace: namespace, uid: "uid-\(name)")
        if let ownerUID {
            metadata.ownerReferences = [MetaV1.OwnerReference(apiVersion: "apps/v1", controller: true, kind: "ReplicaSet",
                                                              name: "owner", uid: ownerUID)]
        }
        var status: CoreV1.PodStatus?
        if let startSeconds { status = CoreV1.PodStatus(startTime: KubeTime(secondsSinceEpoch: startSeconds)) }
        return CoreV1.Pod(metadata: metadata, spec: spec, status: status)
    }

    static func taint(_ key: String, _ value: String = "", _ effect: String = "NoSchedule") -> CoreV1.Taint {
        CoreV1.Taint(effect: effect, key: key, value: value)
    }

    static func toleration(_ key: String?, _ op: String?, _ value: String? = nil, _ effect: String? = nil) -> CoreV1.Toleration {
        CoreV1.Toleration(effect: effect, key: key, operator: op, value: value)
    }

    static func requirement(_ key: String, _ op: String, _ values: [String]? = nil) -> CoreV1.NodeSelectorRequirement {
        CoreV1.NodeSelectorRequirement(key: key, operator: op, values: values)
    }

    static func requiredAffinity(_ terms: [CoreV1.NodeSelectorTerm]) -> CoreV1.Affinity {
        CoreV1.Affinity(nodeAffinity: CoreV1.NodeAffinity(
            requiredDuringSchedulingIgnoredDuringExecution: CoreV1.NodeSelector(nodeSelectorTerms: terms)))
    }

    /// A cache holding the nodes and the (bound) pods.
    static func cache(nodes: [CoreV1.Node], pods: [CoreV1.Pod] = []) -> SchedulerCache {
        var cache = SchedulerCache()
        for node in nodes { cache.addNode(node) }
        for pod in pods { cache.addPod(pod) }
        return cache
    }

    /// Runs one filter plugin (with its PreFilter) for `pod` on the named node.
    static func filter(_ plugin: any FilterPlugin, pod: CoreV1.Pod, node: String, cache: SchedulerCache) -> FilterFailure? {
        var cycle = SchedulingCycle(pod: PreparedPod(pod))
        plugin.preFilter(&cycle, cache: cache)
        return plugin.filter(cycle, node: cache.node(named: node)!)
    }

    /// Raw and normalized scores of one score plugin over all nodes of the cache (in node order).
    static func scores(_ plugin: any ScorePlugin, pod: CoreV1.Pod, cache: SchedulerCache) -> (raw: [Int64], normalized: [Int64]) {
        var cycle = SchedulingCycle(pod: PreparedPod(pod))
        let feasible = Array(cache.nodes.indices)
        guard plugin.preScore(&cycle, feasible: feasible, cache: cache) else { return ([], []) }
        let raw = feasible.map { plugin.score(cycle, node: cache.nodes[$0]) }
        var normalized = raw
        plugin.normalize(cycle, feasible: feasible, cache: cache, scores: &normalized)
        return (raw, normalized)
    }
}
