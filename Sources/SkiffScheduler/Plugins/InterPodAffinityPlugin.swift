/// A (topology key, value) pair: one topology domain.
struct TopologyPair: Hashable, Sendable {
    var key: String
    var value: String
}

/// Domains computed once per cycle for the InterPodAffinity filter.
struct InterPodAffinityFilterState: Sendable {
    /// Domains holding a pod that matches all of the incoming pod's required affinity terms.
    var affinityDomains: Set<TopologyPair>
    /// Whether any existing pod matches all affinity terms at all.
    var anyAffinityMatch: Bool
    /// Domains holding a pod matched by one of the incoming pod's required anti-affinity terms.
    var antiAffinityDomains: Set<TopologyPair>
    /// Domains holding an existing pod whose required anti-affinity selects the incoming pod.
    var existingAntiAffinityDomains: Set<TopologyPair>
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
        var state = InterPodAffinityFilterState(affinityDomains: [], anyAffinityMatch: false, antiAffinityDomains: [],
                                                existingAntiAffinityDomains: [])
        var anyExisting = false
        for node in cache.nodes {
            if node.podsWithRequiredAntiAffinity > 0 {
                for existing in node.pods where !existing.requiredAntiAffinity.isEmpty {
                    for term in existing.requiredAntiAffinity where term.selects(namespace: pod.info.namespace, labels: pod.info.labels) {
                        if let value = node.topologyValue(term.topologyKey) {
                            state.existingAntiAffinityDomains.insert(TopologyPair(key: term.topologyKey, value: value))
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
                            state.affinityDomains.insert(TopologyPair(key: term.topologyKey, value: value))
                        }
                    }
                }
                for term in pod.requiredAntiAffinity where term.selects(namespace: existing.namespace, labels: existing.labels) {
                    if let value = node.topologyValue(term.topologyKey) {
                        state.antiAffinityDomains.insert(TopologyPair(key: term.topologyKey, value: value))
                    }
                }
            }
        }
        if hasOwnTerms || anyExisting { cycle.affinityFilterState = state }
    }

    public func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure? {
        guard let state = cycle.affinityFilterState else { return nil }
        let pod = cycle.pod
        if !state.existingAntiAffinityDomains.isEmpty {
            for pair in state.existingAntiAffinityDomains where node.topologyValue(pair.key) == pair.value {
                return FilterFailure(plugin: name, reason: Self.existingAntiAffinityReason, isUnresolvable: false)
            }
        }
        for term in pod.requiredAntiAffinity {
            if let value = node.topologyValue(term.topologyKey),
               state.antiAffinityDomains.contains(TopologyPair(key: term.topologyKey, value: value)) {
                return FilterFailure(plugin: name, reason: Self.antiAffinityReason, isUnresolvable: false)
            }
        }
        if !pod.requiredAffinity.isEmpty {
            let selfMatch = pod.requiredAffinity.allSatisfy { $0.selects(namespace: pod.info.namespace, labels: pod.info.labels) }
            for term in pod.requiredAffinity {
                guard let value = node.topologyValue(term.topologyKey) else {
                    return FilterFailure(plugin: name, reason: Self.affinityReason, isUnresolvable: true)
                }
                if state.anyAffinityMatch {
                    if !state.affinityDomains.contains(TopologyPair(key: term.topologyKey, value: value)) {
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
