/// Topology domains grouped by topology key: for each key, the set of its values. A node is in
/// the set when its value for one of the keys is listed — one hash lookup per distinct key, not
/// one per (key, value) pair, which keeps the per-node filter cost independent of how many pods
/// put domains in.
struct TopologyDomainSet: Sendable {
    private(set) var valuesByKey: [(key: String, values: Set<String>)] = []

    var isEmpty: Bool { valuesByKey.isEmpty }

    mutating func insert(key: String, value: String) {
        if let index = valuesByKey.firstIndex(where: { $0.key == key }) {
            valuesByKey[index].values.insert(value)
        } else {
            valuesByKey.append((key, [value]))
        }
    }

    func contains(key: String, value: String) -> Bool {
        for entry in valuesByKey where entry.key == key { return entry.values.contains(value) }
        return false
    }

    /// Whether the node's value for any of the keys is in the set.
    func containsDomain(of node: NodeInfo) -> Bool {
        for entry in valuesByKey {
            if let value = node.topologyValue(entry.key), entry.values.contains(value) { return true }
        }
        return false
    }
}

/// Domains computed once per cycle for the InterPodAffinity filter.
struct InterPodAffinityFilterState: Sendable {
    /// Domains holding a pod that matches all of the incoming pod's required affinity terms.
    var affinityDomains = TopologyDomainSet()
    /// Whether any existing pod matches all affinity terms at all.
    var anyAffinityMatch = false
    /// Domains holding a pod matched by one of the incoming pod's required anti-affinity terms.
    var antiAffinityDomains = TopologyDomainSet()
    /// Domains holding an existing pod whose required anti-affinity selects the incoming pod.
    var existingAntiAffinityDomains = TopologyDomainSet()
}

/// InterPodAffinity (required terms only). A node fails when: an existing pod's required
/// anti-affinity selects the incoming pod in the node's domain (`didn't satisfy existing pods
/// anti-affinity rules`); the incoming pod's anti-affinity selects a pod in the node's domain
/// (`didn't match pod anti-affinity rules`); or its affinity finds no selected pod in the node's
/// domain (`didn't match pod affinity rules`) — unless no pod anywhere matches and the pod matches
/// its own terms (the first pod of a group).
public struct InterPodAffinityPlugin: FilterPlugin {
    public let name = "InterPodAffinity"
    public static let affinityReason = "node(s) didn't match pod affinity rules"
    public static let antiAffinityReason = "node(s) didn't match pod anti-affinity rules"
    public static let existingAntiAffinityReason = "node(s) didn't satisfy existing pods anti-affinity rules"
    public init() {}

    public func preFilter(_ cycle: inout SchedulingCycle, cache: SchedulerCache) {
        let pod = cycle.pod
        let hasOwnTerms = !pod.requiredAffinity.isEmpty || !pod.requiredAntiAffinity.isEmpty
        guard hasOwnTerms || cache.podsWithRequiredAntiAffinity > 0 else { return }
        var state = InterPodAffinityFilterState()
        var anyExisting = false
        for node in cache.nodes {
            if node.podsWithRequiredAntiAffinity > 0 {
                for existing in node.pods where !existing.requiredAntiAffinity.isEmpty {
                    for term in existing.requiredAntiAffinity where term.selects(namespace: pod.info.namespace, labels: pod.info.labels) {
                        if let value = node.topologyValue(term.topologyKey) {
                            state.existingAntiAffinityDomains.insert(key: term.topologyKey, value: value)
                            anyExisting = true
                        }
                    }
                }
            }
            guard hasOwnTerms else { continue }
            for existing in node.pods {
                if !pod.requiredAffinity.isEmpty,
                   pod.requiredAffinity.allSatisfy({ $0.selects(namespace: existing.namespace, labels: existing.labels) }) {
                    state.anyAffinityMatch = true
                    for term in pod.requiredAffinity {
                        if let value = node.topologyValue(term.topologyKey) {
                            state.affinityDomains.insert(key: term.topologyKey, value: value)
                        }
                    }
                }
                for term in pod.requiredAntiAffinity where term.selects(namespace: existing.namespace, labels: existing.labels) {
                    if let value = node.topologyValue(term.topologyKey) {
                        state.antiAffinityDomains.insert(key: term.topologyKey, value: value)
                    }
                }
            }
        }
        if hasOwnTerms || anyExisting { cycle.affinityFilterState = state }
    }

    public func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure? {
        guard let state = cycle.affinityFilterState else { return nil }
        let pod = cycle.pod
        if state.existingAntiAffinityDomains.containsDomain(of: node) {
            return FilterFailure(plugin: name, reason: Self.existingAntiAffinityReason, isUnresolvable: false)
        }
        // Every domain recorded comes from one of the pod's own anti-affinity terms, so a node whose
        // value for any recorded key is listed fails (kube-scheduler keys its counts by (key, value) too).
        if state.antiAffinityDomains.containsDomain(of: node) {
            return FilterFailure(plugin: name, reason: Self.antiAffinityReason, isUnresolvable: false)
        }
        if !pod.requiredAffinity.isEmpty {
            let selfMatch = pod.requiredAffinity.allSatisfy { $0.selects(namespace: pod.info.namespace, labels: pod.info.labels) }
            for term in pod.requiredAffinity {
                guard let value = node.topologyValue(term.topologyKey) else {
                    return FilterFailure(plugin: name, reason: Self.affinityReason, isUnresolvable: true)
                }
                if state.anyAffinityMatch {
                    if !state.affinityDomains.contains(key: term.topologyKey, value: value) {
                        return FilterFailure(plugin: name, reason: Self.affinityReason, isUnresolvable: true)
                    }
                } else if !selfMatch {
                    return FilterFailure(plugin: name, reason: Self.affinityReason, isUnresolvable: true)
                }
            }
        }
        return nil
    }
}
