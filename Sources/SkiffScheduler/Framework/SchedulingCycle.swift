/// Per-pod state of one scheduling cycle: the prepared pod plus what PreFilter/PreScore steps
/// computed for the node loop (topology counts, affinity counts). Created by `Scheduler`.
public struct SchedulingCycle: Sendable {
    public let pod: PreparedPod
    /// Spreading state for the DoNotSchedule constraints (PodTopologySpread filter).
    var spreadFilterState: SpreadFilterState?
    /// Spreading state for ScheduleAnyway / default constraints (PodTopologySpread score).
    var spreadScoreState: SpreadScoreState?
    /// InterPodAffinity filter state.
    var affinityFilterState: InterPodAffinityFilterState?

    init(pod: PreparedPod) { self.pod = pod }
}

/// Why one filter plugin rejected one node. `reason` is kube-scheduler's wording; a plugin may
/// give several reasons (NodeResourcesFit lists each insufficient resource).
public struct FilterFailure: Sendable, Hashable {
    public var plugin: String
    public var reason: String
    public var moreReasons: [String] = []
    /// True when evicting pods cannot help (kube-scheduler's UnschedulableAndUnresolvable).
    public var isUnresolvable: Bool

    public init(plugin: String, reason: String, moreReasons: [String] = [], isUnresolvable: Bool) {
        self.plugin = plugin
        self.reason = reason
        self.moreReasons = moreReasons
        self.isUnresolvable = isUnresolvable
    }

    /// All reasons, first one first.
    public var reasons: [String] { [reason] + moreReasons }
}

/// A filter plugin: decides whether one node can run the pod.
public protocol FilterPlugin: Sendable {
    var name: String { get }
    /// Once per cycle, before the node loop (kube-scheduler's PreFilter).
    func preFilter(_ cycle: inout SchedulingCycle, cache: SchedulerCache)
    /// nil when the node passes.
    func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure?
}

extension FilterPlugin {
    public func preFilter(_ cycle: inout SchedulingCycle, cache: SchedulerCache) {}
}

/// A score plugin: ranks feasible nodes 0...100 after normalization.
public protocol ScorePlugin: Sendable {
    var name: String { get }
    /// Once per cycle over the feasible nodes (indices into `cache.nodes`); false skips this plugin for the pod (kube-scheduler's PreScore Skip).
    func preScore(_ cycle: inout SchedulingCycle, feasible: [Int], cache: SchedulerCache) -> Bool
    /// The raw score of one node.
    func score(_ cycle: SchedulingCycle, node: NodeInfo) -> Int64
    /// Maps raw scores (same order as `feasible`) onto 0...100.
    func normalize(_ cycle: SchedulingCycle, feasible: [Int], cache: SchedulerCache, scores: inout [Int64])
}

extension ScorePlugin {
    public func preScore(_ cycle: inout SchedulingCycle, feasible: [Int], cache: SchedulerCache) -> Bool { true }
    public func normalize(_ cycle: SchedulingCycle, feasible: [Int], cache: SchedulerCache, scores: inout [Int64]) {}
}

/// The highest node score a plugin gives after normalization.
public let maxNodeScore: Int64 = 100

/// kube-scheduler's `DefaultNormalizeScore`: scale so the best raw score becomes 100 (or, with
/// `reverse`, so the best becomes 0 and 0 becomes 100); all zero stays 0 (100 when reversed).
public func defaultNormalizeScores(_ scores: inout [Int64], reverse: Bool) {
    let highest = scores.max() ?? 0
    if highest == 0 {
        if reverse { for index in scores.indices { scores[index] = maxNodeScore } }
        return
    }
    for index in scores.indices {
        let scaled = maxNodeScore * scores[index] / highest
        scores[index] = reverse ? maxNodeScore - scaled : scaled
    }
}
