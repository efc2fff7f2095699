/// A score plugin with its weight in the total.
public struct WeightedScorePlugin: Sendable {
    public var plugin: any ScorePlugin
    public var weight: Int64

    public init(_ plugin: any ScorePlugin, weight: Int64) {
        self.plugin = plugin
        self.weight = weight
    }
}

/// One scheduler profile: the plugins in the order they run, the score weights, the scheduler
/// name pods select it by, node sampling and preemption. `SchedulerProfile.standard` is the one
/// place the default composition is written down (kube-scheduler 1.32's default profile, minus
/// the volume and image plugins).
public struct SchedulerProfile: Sendable {
    /// `spec.schedulerName` of pods that name no scheduler.
    public static let defaultSchedulerName = "default-scheduler"

    public var schedulerName: String
    /// Filters, run in order; the first failure decides for a node.
    public var filters: [any FilterPlugin]
    /// Score plugins; a node's total is `sum(weight * normalized score)`.
    public var scorers: [WeightedScorePlugin]
    /// Percentage of nodes to find feasible before scoring; 0 is kube-scheduler's adaptive default
    /// (`50 - nodes/125`, at least 5 %), and never fewer than 100 nodes.
    public var percentageOfNodesToScore: Int
    /// Whether DefaultPreemption runs when no node fits.
    public var preemptionEnabled: Bool

    public init(schedulerName: String = SchedulerProfile.defaultSchedulerName, filters: [any FilterPlugin],
                scorers: [WeightedScorePlugin], percentageOfNodesToScore: Int = 0, preemptionEnabled: Bool = true) {
        self.schedulerName = schedulerName
        self.filters = filters
        self.scorers = scorers
        self.percentageOfNodesToScore = percentageOfNodesToScore
        self.preemptionEnabled = preemptionEnabled
    }

    /// The default profile. Filter order and score weights follow kube-scheduler 1.32:
    ///
    /// | filter (in order) | score weight |
    /// |---|---|
    /// | NodeUnschedulable | – |
    /// | NodeName | – |
    /// | TaintToleration | 3 |
    /// | NodeAffinity | 2 |
    /// | NodePorts | – |
    /// | NodeResourcesFit | 1 |
    /// | PodTopologySpread | 2 |
    /// | InterPodAffinity | (score not implemented) |
    /// | – NodeResourcesBalancedAllocation | 1 |
    public static func standard(schedulerName: String = SchedulerProfile.defaultSchedulerName,
                                scoringStrategy: NodeResourcesFitPlugin.ScoringStrategy = .leastAllocated,
                                percentageOfNodesToScore: Int = 0) -> SchedulerProfile {
        let fit = NodeResourcesFitPlugin(strategy: scoringStrategy)
        let taints = TaintTolerationPlugin()
        let nodeAffinity = NodeAffinityPlugin()
        let spread = PodTopologySpreadPlugin()
        return SchedulerProfile(
            schedulerName: schedulerName,
            filters: [NodeUnschedulablePlugin(), NodeNamePlugin(), taints, nodeAffinity, NodePortsPlugin(), fit, spread,
                      InterPodAffinityPlugin()],
            scorers: [WeightedScorePlugin(taints, weight: 3), WeightedScorePlugin(nodeAffinity, weight: 2),
                      WeightedScorePlugin(fit, weight: 1), WeightedScorePlugin(spread, weight: 2),
                      WeightedScorePlugin(BalancedAllocationPlugin(), weight: 1)],
            percentageOfNodesToScore: percentageOfNodesToScore)
    }

    /// How many feasible nodes to look for among `nodeCount` (kube-scheduler's `numFeasibleNodesToFind`).
    public func feasibleNodesToFind(nodeCount: Int) -> Int {
        let minimumNodes = 100, minimumPercentage = 5
        if nodeCount < minimumNodes { return nodeCount }
        var percentage = percentageOfNodesToScore
        if percentage <= 0 {
            percentage = max(50 - nodeCount / 125, minimumPercentage)
        }
        if percentage >= 100 { return nodeCount }
        return max(nodeCount * percentage / 100, minimumNodes)
    }
}
