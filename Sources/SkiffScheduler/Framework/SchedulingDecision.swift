/// What the scheduler decided for one pod.
public enum SchedulingDecision: Sendable, Hashable {
    /// Bind the pod to this node (the caller assumes it in the cache, then POSTs pods/binding).
    case bind(nodeName: String)
    /// No node fits now. When `diagnosis.preemption` is set, evict its victims and set the pod's
    /// `status.nominatedNodeName`; the pod is retried later.
    case unschedulable(UnschedulableDiagnosis)
    /// The pod is not this profile's business (other scheduler name, already bound, gated).
    case skipped(reason: String)

    /// The chosen node, if any.
    public var nodeName: String? {
        if case .bind(let name) = self { return name }
        return nil
    }
}

/// Why a pod could not be placed, in kube-scheduler's words.
public struct UnschedulableDiagnosis: Sendable, Hashable {
    /// e.g. `0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu. preemption: ...`
    public var message: String
    /// Reason → number of nodes that gave it.
    public var reasonCounts: [String: Int]
    public var nodeCount: Int
    /// Set when preemption found a node.
    public var preemption: PreemptionPlan?
}

/// The result of a successful preemption: the node the pod is nominated to and the pods to evict.
public struct PreemptionPlan: Sendable, Hashable {
    public var nominatedNodeName: String
    public var victims: [Victim]

    /// A pod chosen for eviction.
    public struct Victim: Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var uid: String
        public var priority: Int32
        public var key: String { PodInfo.key(namespace: namespace, name: name) }
    }
}

/// Builds kube-scheduler's `FitError` text: `0/N nodes are available: ` + `"<count> <reason>"`
/// entries sorted as strings and joined by `, `, then `.`, then ` <postFilter>.` when given.
public enum UnschedulableMessage {
    public static func text(nodeCount: Int, reasonCounts: [String: Int], postFilterMessage: String? = nil) -> String {
        var message = "0/\(nodeCount) nodes are available:"
        let entries = reasonCounts.map { "\($0.value) \($0.key)" }.sorted()
        if !entries.isEmpty { message += " " + entries.joined(separator: ", ") + "." }
        if let postFilterMessage, !postFilterMessage.isEmpty { message += " " + postFilterMessage + "." }
        return message
    }
}
