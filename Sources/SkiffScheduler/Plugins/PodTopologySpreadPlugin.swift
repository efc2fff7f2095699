import Foundation

/// Counts of selected pods per domain for the DoNotSchedule constraints.
struct SpreadFilterState: Sendable {
    /// One DoNotSchedule constraint, reduced to what the per-node check reads.
    struct Check: Sendable {
        var topologyKey: String
        /// Domain value → matching pods (a missing domain has 0).
        var counts: [String: Int64]
        /// The most matching pods a node's domain may already hold:
        /// `maxSkew + minimum - (1 when the pod itself matches)`.
        var limit: Int64
    }

    var checks: [Check]
}

/// Counts for the ScheduleAnyway (or default) constraints over the feasible nodes' domains.
struct SpreadScoreState: Sendable {
    var constraints: [SpreadConstraint]
    /// Per constraint: domain value → matching pods (not used for the hostname key, counted per node).
    var counts: [[String: Int64]]
    /// Per constraint: `log(domains + 2)`.
    var weights: [Double]
    /// Nodes (by name) missing a required topology label: they score 0.
    var ignoredNodes: Set<String>
    /// True for explicit constraints: a node must carry every key; false for the defaults.
    var requireAllTopologies: Bool
}

/// PodTopologySpread. Filter (`whenUnsatisfiable: DoNotSchedule`): placing the pod on the node must
/// keep `count(node's domain) + self - min(count over domains) <= maxSkew`; a node without the
/// topology label fails unresolvably. Score (`ScheduleAnyway`, or kube-scheduler's default
/// constraints — hostname skew 3 and zone skew 5 over the pods of the same owner — when the pod has
/// none): fewer matching pods in the node's domains is better.
public struct PodTopologySpreadPlugin: FilterPlugin, ScorePlugin {
    public let name = "PodTopologySpread"
    public static let skewReason = "node(s) didn't match pod topology spread constraints"
    public static let missingLabelReason = "node(s) didn't match pod topology spread constraints (missing required label)"
    /// Whether pods without constraints get the default owner spreading.
    public var defaultSpreading: Bool

    public init(defaultSpreading: Bool = true) { self.defaultSpreading = defaultSpreading }

    // MARK: filter

    public func preFilter(_ cycle: inout SchedulingCycle, cache: SchedulerCache) {
        let constraints = cycle.pod.spreadConstraints.filter(\.doNotSchedule)
        guard !constraints.isEmpty else { return }
        let counts = Self.indexedCounts(constraints, pod: cycle.pod, cache: cache)
            ?? Self.recount(constraints, pod: cycle.pod, cache: cache)
        var checks: [SpreadFilterState.Check] = []
        checks.reserveCapacity(constraints.count)
        for (index, constraint) in constraints.enumerated() {
            let (domainCounts, domains) = counts[index]
            let minimum: Int64
            if let minDomains = constraint.minDomains, domains < minDomains {
                minimum = 0
            } else if domainCounts.count < domains {
                minimum = 0  // some domain holds no matching pod
            } else {
                minimum = domainCounts.values.min() ?? 0
            }
            checks.append(SpreadFilterState.Check(topologyKey: constraint.topologyKey, counts: domainCounts,
                                                  limit: constraint.maxSkew + minimum - (constraint.selfMatch ? 1 : 0)))
        }
        cycle.spreadFilterState = SpreadFilterState(checks: checks)
    }

    /// Per constraint: domain value → matching pods (domains at 0 may be absent) and the number of
    /// domains, straight from the cache's incremental counters. Nil when a counter is missing or
    /// the counting nodes are not simply "every node with the key": the pod's node affinity or
    /// taint policy restricts them, or several constraints' keys are not all on every node.
    static func indexedCounts(_ constraints: [SpreadConstraint], pod: PreparedPod,
                              cache: SchedulerCache) -> [(counts: [String: Int64], domains: Int)]? {
        guard !cache.spreadIndex.isEmpty else { return nil }
        var result: [(counts: [String: Int64], domains: Int)] = []
        result.reserveCapacity(constraints.count)
        for constraint in constraints {
            guard case .labels(let selector) = constraint.selection, !constraint.honorNodeTaints,
                  !(constraint.honorNodeAffinity && !pod.nodeSelector.isEmpty),
                  let census = cache.spreadIndex.census(constraint.topologyKey),
                  let counter = cache.spreadIndex.counter(SpreadCounterKey(namespace: pod.info.namespace, selector: selector,
                                                                           topologyKey: constraint.topologyKey)) else { return nil }
            // With several constraints a node counts only when it has every key.
            if constraints.count > 1 && census.nodesWithKey != cache.nodes.count { return nil }
            result.append((counter.podsPerDomain, census.nodesPerDomain.count))
        }
        return result
    }

    /// The same counts by visiting every node and its pods (kube-scheduler's PreFilter).
    static func recount(_ constraints: [SpreadConstraint], pod: PreparedPod,
                        cache: SchedulerCache) -> [(counts: [String: Int64], domains: Int)] {
        var counts = [[String: Int64]](repeating: [:], count: constraints.count)
        cache.nodes.withUnsafeBufferPointer { nodes in
            nodeLoop: for node in nodes {
                // A node counts only when it has every key of the hard constraints.
                for constraint in constraints where node.topologyValue(constraint.topologyKey) == nil { continue nodeLoop }
                for index in constraints.indices {
                    let constraint = constraints[index]
                    guard constraint.counts(node, pod: pod), let value = node.topologyValue(constraint.topologyKey) else { continue }
                    counts[index][value, default: 0] += constraint.count(on: node, namespace: pod.info.namespace, cache: cache)
                }
            }
        }
        return counts.map { ($0, $0.count) }
    }

    public func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure? {
        guard let state = cycle.spreadFilterState else { return nil }
        for check in state.checks {
            guard let value = node.topologyValue(check.topologyKey) else {
                return FilterFailure(plugin: name, reason: Self.missingLabelReason, isUnresolvable: true)
            }
            if (check.counts[value] ?? 0) > check.limit {
                return FilterFailure(plugin: name, reason: Self.skewReason, isUnresolvable: false)
            }
        }
        return nil
    }

    // MARK: score

    public func preScore(_ cycle: inout SchedulingCycle, feasible: [Int], cache: SchedulerCache) -> Bool {
        let pod = cycle.pod
        var constraints = pod.spreadConstraints.filter { !$0.doNotSchedule }
        let requireAll = !pod.spreadConstraints.isEmpty
        if pod.spreadConstraints.isEmpty && defaultSpreading { constraints = SpreadConstraint.defaults(for: pod.info) }
        guard !constraints.isEmpty else { return false }
        var ignored = Set<String>()
        var domains = [Set<String>](repeating: [], count: constraints.count)
        var feasibleCount = 0
        for nodeIndex in feasible {
            let node = cache.nodes[nodeIndex]
            if requireAll && constraints.contains(where: { node.topologyValue($0.topologyKey) == nil }) {
                ignored.insert(node.name)
                continue
            }
            feasibleCount += 1
            for (index, constraint) in constraints.enumerated() where constraint.topologyKey != TopologyKey.hostname {
                if let value = node.topologyValue(constraint.topologyKey) { domains[index].insert(value) }
            }
        }
        var counts = [[String: Int64]](repeating: [:], count: constraints.count)
        for (index, constraint) in constraints.enumerated() where constraint.topologyKey != TopologyKey.hostname {
            guard !domains[index].isEmpty else { continue }
            switch constraint.selection {
            case .owner(let uid):
                for (nodeName, count) in cache.ownerPlacement[uid] ?? [:] {
                    guard let node = cache.node(named: nodeName), let value = node.topologyValue(constraint.topologyKey),
                          domains[index].contains(value), constraint.counts(node, pod: pod) else { continue }
                    counts[index][value, default: 0] += Int64(count)
                }
            case .labels(let selector):
                if !constraint.honorNodeTaints, !(constraint.honorNodeAffinity && !pod.nodeSelector.isEmpty),
                   let counter = cache.spreadIndex.counter(SpreadCounterKey(namespace: pod.info.namespace, selector: selector,
                                                                            topologyKey: constraint.topologyKey)) {
                    for value in domains[index] { counts[index][value] = counter.podsPerDomain[value] ?? 0 }
                    continue
                }
                for node in cache.nodes {
                    guard let value = node.topologyValue(constraint.topologyKey), domains[index].contains(value),
                          constraint.counts(node, pod: pod) else { continue }
                    counts[index][value, default: 0] += constraint.count(on: node, namespace: pod.info.namespace, cache: cache)
                }
            }
        }
        let weights = constraints.indices.map { index -> Double in
            let size = constraints[index].topologyKey == TopologyKey.hostname ? feasibleCount : domains[index].count
            return log(Double(size + 2))
        }
        cycle.spreadScoreState = SpreadScoreState(constraints: constraints, counts: counts, weights: weights,
                                                  ignoredNodes: ignored, requireAllTopologies: requireAll)
        return true
    }

    public func score(_ cycle: SchedulingCycle, node: NodeInfo) -> Int64 {
        guard let state = cycle.spreadScoreState else { return 0 }
        if !state.ignoredNodes.isEmpty && state.ignoredNodes.contains(node.name) { return 0 }
        var total = 0.0
        for index in state.constraints.indices {
            let constraint = state.constraints[index]
            let count: Int64
            if constraint.topologyKey == TopologyKey.hostname {
                // Every node has a hostname domain (the label, else its name): count on the node itself.
                if case .owner(let uid) = constraint.selection {
                    var owned: Int64 = 0
                    for pod in node.pods where pod.ownerUID == uid { owned += 1 }
                    count = owned
                } else {
                    count = constraint.countByLabels(on: node, namespace: cycle.pod.info.namespace)
                }
            } else {
                guard let value = node.topologyValue(constraint.topologyKey) else { continue }
                count = state.counts[index][value] ?? 0
            }
            total += Double(count) * state.weights[index] + Double(constraint.maxSkew - 1)
        }
        return Int64(total.rounded())
    }

    public func normalize(_ cycle: SchedulingCycle, feasible: [Int], cache: SchedulerCache, scores: inout [Int64]) {
        guard let state = cycle.spreadScoreState else { return }
        var lowest = Int64.max, highest: Int64 = 0
        for (position, nodeIndex) in feasible.enumerated() where !state.ignoredNodes.contains(cache.nodes[nodeIndex].name) {
            lowest = min(lowest, scores[position])
            highest = max(highest, scores[position])
        }
        for (position, nodeIndex) in feasible.enumerated() {
            if state.ignoredNodes.contains(cache.nodes[nodeIndex].name) {
                scores[position] = 0
            } else if highest == 0 {
                scores[position] = maxNodeScore
            } else {
                scores[position] = maxNodeScore * (highest + lowest - scores[position]) / highest
            }
        }
    }
}
