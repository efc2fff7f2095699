/// NodeAffinity. Filter: `nodeSelector` and required node affinity. Score: sum of the weights of
/// the matching preferred terms, normalized so the best node gets 100.
public struct NodeAffinityPlugin: FilterPlugin, ScorePlugin {
    public let name = "NodeAffinity"
    public static let reason = "node(s) didn't match Pod's node affinity/selector"
    public init() {}

    public func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure? {
        if cycle.pod.nodeSelector.isEmpty || cycle.pod.nodeSelector.matches(name: node.name, labels: node.labels) {
            return nil
        }
        return FilterFailure(plugin: name, reason: Self.reason, isUnresolvable: true)
    }

    public func preScore(_ cycle: inout SchedulingCycle, feasible: [Int], cache: SchedulerCache) -> Bool {
        !cycle.pod.preferredNodeTerms.isEmpty
    }

    public func score(_ cycle: SchedulingCycle, node: NodeInfo) -> Int64 {
        var total: Int64 = 0
        for preferred in cycle.pod.preferredNodeTerms where preferred.term.matches(name: node.name, labels: node.labels) {
            total += preferred.weight
        }
        return total
    }

    public func normalize(_ cycle: SchedulingCycle, feasible: [Int], cache: SchedulerCache, scores: inout [Int64]) {
        defaultNormalizeScores(&scores, reverse: false)
    }
}
