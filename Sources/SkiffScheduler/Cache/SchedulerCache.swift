import SkiffModel

/// The scheduler's view of the cluster: every node with the pods bound or assumed to it, kept
/// incrementally from informer events (`addNode`/`updateNode`/`removeNode`, `addPod`/`updatePod`/
/// `removePod`) and from the scheduler's own decisions (`assume`/`forget`). A value type: the
/// scheduling loop owns one and passes it to `Scheduler.schedule` (nothing is recomputed per pod).
///
/// Invariants: a pod key is on at most one node; `NodeInfo` sums equal the sums of its pods;
/// pods bound to a node the cache does not know yet wait in `pendingPodsByNode` and join the node
/// when it is added (and go back there when the node is removed).
public struct SchedulerCache: Sendable {
    public private(set) var nodes: [NodeInfo] = []
    var nodeIndexByName: [String: Int] = [:]
    /// Pod key → node name, for every pod the cache holds (also pending ones).
    var podNodeByKey: [String: String] = [:]
    /// Keys of pods assumed by the scheduler whose binding is not yet confirmed by an informer event.
    public private(set) var assumedPodKeys: Set<String> = []
    var pendingPodsByNode: [String: [PodInfo]] = [:]
    /// Owner uid → node name → number of that owner's pods there (default spreading).
    var ownerPlacement: [String: [String: Int]] = [:]
    /// How many held pods carry required anti-affinity terms (lets InterPodAffinity skip its scan at 0).
    public private(set) var podsWithRequiredAntiAffinity = 0
    /// Topology spread counts kept incrementally for the selectors pods asked about.
    private(set) var spreadIndex = SpreadCountIndex()

    public init() {}

    // MARK: nodes

    /// Adds a node, or updates it when already present (pods are kept).
    public mutating func addNode(_ node: CoreV1.Node) {
        let name = node.metadata?.name ?? ""
        if let index = nodeIndexByName[name] {
            let old = nodes[index]
            nodes[index] = old.copy(updatingFrom: node)
            if old.labels != nodes[index].labels {
                spreadIndex.nodeMoved(old, delta: -1)
                spreadIndex.nodeMoved(nodes[index], delta: 1)
            }
            return
        }
        let info = NodeInfo(node)
        for pod in pendingPodsByNode.removeValue(forKey: name) ?? [] { info.add(pod) }
        nodeIndexByName[name] = nodes.count
        nodes.append(info)
        spreadIndex.nodeMoved(info, delta: 1)
    }

    /// Same as `addNode` (an update keeps the node's pods).
    public mutating func updateNode(_ node: CoreV1.Node) { addNode(node) }

    /// Removes a node; its pods stay known and wait for a node of that name.
    public mutating func removeNode(named name: String) {
        guard let index = nodeIndexByName.removeValue(forKey: name) else { return }
        let removed = nodes[index]
        let last = nodes.count - 1
        if index != last {
            nodes.swapAt(index, last)
            nodeIndexByName[nodes[index].name] = index
        }
        nodes.removeLast()
        spreadIndex.nodeMoved(removed, delta: -1)
        if !removed.pods.isEmpty { pendingPodsByNode[name, default: []].append(contentsOf: removed.pods) }
    }

    /// The node with this name.
    public func node(named name: String) -> NodeInfo? {
        nodeIndexByName[name].map { nodes[$0] }
    }

    /// Number of nodes.
    public var nodeCount: Int { nodes.count }

    // MARK: pods

    /// Records a pod from the informer. Pods without `spec.nodeName` are not the cache's concern
    /// (they are queued for scheduling) and are ignored, finished pods (`Succeeded`/`Failed`) free
    /// their node and are dropped; a pod that was assumed becomes confirmed.
    public mutating func addPod(_ pod: CoreV1.Pod) {
        let info = PodInfo(pod)
        removePod(key: info.key)
        let phase = pod.status?.phase
        guard !info.nodeName.isEmpty, phase != "Succeeded", phase != "Failed" else { return }
        place(info)
    }

    /// Same as `addPod`: the old entry (if any) is replaced.
    public mutating func updatePod(_ pod: CoreV1.Pod) { addPod(pod) }

    /// Removes a pod (deleted).
    public mutating func removePod(_ pod: CoreV1.Pod) { removePod(key: PodInfo.key(of: pod)) }

    /// Removes the pod with this `namespace/name` key wherever it is.
    public mutating func removePod(key: String) {
        assumedPodKeys.remove(key)
        guard let nodeName = podNodeByKey.removeValue(forKey: key) else { return }
        let removed: PodInfo?
        if let index = nodeIndexByName[nodeName] {
            let node = uniqueNode(at: index)
            removed = node.remove(key: key)
            if let removed { spreadIndex.podMoved(removed, on: node, delta: -1) }
        } else if var pending = pendingPodsByNode[nodeName], let at = pending.firstIndex(where: { $0.key == key }) {
            removed = pending.remove(at: at)
            pendingPodsByNode[nodeName] = pending.isEmpty ? nil : pending
        } else {
            removed = nil
        }
        if removed?.requiredAntiAffinity.isEmpty == false { podsWithRequiredAntiAffinity -= 1 }
        if let owner = removed?.ownerUID {
            let left = (ownerPlacement[owner]?[nodeName] ?? 0) - 1
            ownerPlacement[owner]?[nodeName] = left > 0 ? left : nil
            if ownerPlacement[owner]?.isEmpty == true { ownerPlacement[owner] = nil }
        }
    }

    /// Counts a pod on `nodeName` right away, before its binding is written, so that the next
    /// scheduling cycles see its resources. Undo with `forget` when binding fails; an informer
    /// event for the bound pod (`addPod`/`updatePod`) confirms it.
    public mutating func assume(_ pod: CoreV1.Pod, on nodeName: String) {
        assume(PodInfo(pod), on: nodeName)
    }

    /// `assume` for a pod already compiled for its scheduling cycle.
    public mutating func assume(_ pod: PreparedPod, on nodeName: String) {
        assume(pod.info, on: nodeName)
    }

    private mutating func assume(_ pod: PodInfo, on nodeName: String) {
        var info = pod
        info.nodeName = nodeName
        removePod(key: info.key)
        place(info)
        assumedPodKeys.insert(info.key)
    }

    /// Drops an assumed pod (its binding failed). Confirmed pods are left alone.
    public mutating func forget(_ pod: CoreV1.Pod) { forget(key: PodInfo.key(of: pod)) }

    /// Drops the assumed pod with this key.
    public mutating func forget(key: String) {
        guard assumedPodKeys.contains(key) else { return }
        removePod(key: key)
    }

    // MARK: indexes

    /// Sets up (or marks used) the incremental counts the plugins can use for this pod: one
    /// topology spread counter per label-selected spread constraint. Optional — a plugin recounts
    /// over the nodes when a counter is missing — and cheap when the counters exist; call it
    /// before `Scheduler.schedule` for each pod.
    public mutating func prepareIndexes(for pod: PreparedPod) {
        for constraint in pod.spreadConstraints {
            guard case .labels(let selector) = constraint.selection else { continue }
            spreadIndex.register(SpreadCounterKey(namespace: pod.info.namespace, selector: selector,
                                                  topologyKey: constraint.topologyKey), nodes: nodes)
        }
    }

    /// The node a pod is on (bound or assumed), if the cache holds it.
    public func nodeName(ofPodKey key: String) -> String? { podNodeByKey[key] }

    /// Whether the pod is assumed and not yet confirmed.
    public func isAssumed(key: String) -> Bool { assumedPodKeys.contains(key) }

    /// Number of pods the cache holds on known nodes.
    public var podCount: Int { nodes.reduce(0) { $0 + $1.pods.count } }

    /// The node at `index`, copied first when another cache value shares it (copy-on-write).
    private mutating func uniqueNode(at index: Int) -> NodeInfo {
        if !isKnownUniquelyReferenced(&nodes[index]) { nodes[index] = nodes[index].copy() }
        return nodes[index]
    }

    private mutating func place(_ info: PodInfo) {
        podNodeByKey[info.key] = info.nodeName
        if let index = nodeIndexByName[info.nodeName] {
            let node = uniqueNode(at: index)
            node.add(info)
            spreadIndex.podMoved(info, on: node, delta: 1)
        } else {
            pendingPodsByNode[info.nodeName, default: []].append(info)
        }
        if !info.requiredAntiAffinity.isEmpty { podsWithRequiredAntiAffinity += 1 }
        if let owner = info.ownerUID { ownerPlacement[owner, default: [:]][info.nodeName, default: 0] += 1 }
    }
}
