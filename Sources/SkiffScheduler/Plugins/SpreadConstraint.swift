import Foundation
import SkiffAPI
import SkiffModel

/// A compiled topology spread constraint. Pods are counted per topology domain (the nodes'
/// value of `topologyKey`) when they are in the pod's namespace, not terminating, and selected:
/// by the label selector (with `matchLabelKeys` folded in), or — for the default constraints of a
/// pod without any — by having the same controller owner.
struct SpreadConstraint: Sendable {
    enum Selection: Sendable {
        case labels(LabelSelector)
        case owner(String)
    }

    var maxSkew: Int64
    var topologyKey: String
    var doNotSchedule: Bool
    var selection: Selection
    var minDomains: Int?
    /// `nodeAffinityPolicy: Honor` (default): only nodes matching the pod's node selector/affinity count.
    var honorNodeAffinity: Bool
    /// `nodeTaintsPolicy: Honor` (default Ignore): only nodes whose taints the pod tolerates count.
    var honorNodeTaints: Bool
    /// Whether the incoming pod itself is selected (it then adds one to its domain).
    var selfMatch: Bool

    init?(_ constraint: CoreV1.TopologySpreadConstraint, pod: PodInfo) {
        guard let key = constraint.topologyKey, !key.isEmpty else { return nil }
        maxSkew = Int64(max(constraint.maxSkew ?? 1, 1))
        topologyKey = TopologyKey.interned(key)
        doNotSchedule = (constraint.whenUnsatisfiable ?? "DoNotSchedule") == "DoNotSchedule"
        var selector = LabelSelector.compiled(constraint.labelSelector)
        if !selector.matchesNothing, let keys = constraint.matchLabelKeys, !keys.isEmpty {
            let extra = keys.compactMap { key in
                pod.labels[key].flatMap { try? LabelRequirement(key: key, operator: .in, values: [$0]) }
            }
            selector = selector.adding(extra)
        }
        selection = .labels(selector)
        minDomains = constraint.minDomains.map { Int($0) }
        honorNodeAffinity = (constraint.nodeAffinityPolicy ?? "Honor") == "Honor"
        honorNodeTaints = constraint.nodeTaintsPolicy == "Honor"
        selfMatch = selector.matches(pod.labels)
    }

    init(ownerUID: String, topologyKey: String, maxSkew: Int64) {
        self.maxSkew = maxSkew
        self.topologyKey = topologyKey
        doNotSchedule = false
        selection = .owner(ownerUID)
        minDomains = nil
        honorNodeAffinity = true
        honorNodeTaints = false
        selfMatch = true
    }

    /// kube-scheduler's system default constraints (hostname maxSkew 3, zone maxSkew 5,
    /// ScheduleAnyway), selecting the pods of the same owner.
    static func defaults(for pod: PodInfo) -> [SpreadConstraint] {
        guard let owner = pod.ownerUID, !owner.isEmpty else { return [] }
        return [SpreadConstraint(ownerUID: owner, topologyKey: TopologyKey.hostname, maxSkew: 3),
                SpreadConstraint(ownerUID: owner, topologyKey: TopologyKey.zone, maxSkew: 5)]
    }

    /// Matching pods on one node.
    func count(on node: NodeInfo, namespace: String, cache: SchedulerCache) -> Int64 {
        switch selection {
        case .owner(let uid):
            return Int64(cache.ownerPlacement[uid]?[node.name] ?? 0)
        case .labels:
            return countByLabels(on: node, namespace: namespace)
        }
    }

    /// Matching pods on one node for a label selection (0 for an owner selection).
    func countByLabels(on node: NodeInfo, namespace: String) -> Int64 {
        guard case .labels(let selector) = selection else { return 0 }
        var total: Int64 = 0
        for pod in node.pods where !pod.isTerminating && pod.namespace == namespace && selector.matches(pod.labels) {
            total += 1
        }
        return total
    }

    /// Whether the node takes part in counting for this constraint (node affinity / taint policies).
    func counts(_ node: NodeInfo, pod: PreparedPod) -> Bool {
        if honorNodeAffinity && !pod.nodeSelector.isEmpty && !pod.nodeSelector.matches(name: node.name, labels: node.labels) {
            return false
        }
        if honorNodeTaints {
            for taint in node.taints where taint.effect == .noSchedule || taint.effect == .noExecute {
                if !pod.tolerations.tolerate(taint) { return false }
            }
        }
        return true
    }
}
