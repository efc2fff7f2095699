import SkiffModel

/// The scheduling algorithm (kube-scheduler's `schedulePod` with one profile): filter nodes
/// starting where the previous cycle stopped until enough feasible ones are found, score them,
/// pick the best (ties broken by the injected random generator), or — when none fits — diagnose
/// and try preemption. Pure: it reads a `SchedulerCache` and changes nothing in it; the caller
/// assumes the pod on the chosen node.
public struct Scheduler: Sendable {
    public var profile: SchedulerProfile
    public var random: SeededRandom
    /// Where the next cycle starts filtering (round robin over the node list).
    public private(set) var nextStartNodeIndex = 0

    public init(profile: SchedulerProfile = .standard(), seed: UInt64 = 0) {
        self.profile = profile
        self.random = SeededRandom(seed: seed)
    }

    /// Whether this scheduler should handle the pod: it names this profile and is not bound yet.
    public func isResponsible(for pod: CoreV1.Pod) -> Bool {
        let name = pod.spec?.schedulerName.flatMap { $0.isEmpty ? nil : $0 } ?? SchedulerProfile.defaultSchedulerName
        return name == profile.schedulerName && (pod.spec?.nodeName ?? "").isEmpty
    }

    /// Decides where the pod goes.
    public mutating func schedule(_ pod: CoreV1.Pod, in cache: SchedulerCache) -> SchedulingDecision {
        schedule(PreparedPod(pod), in: cache)
    }

    /// Decides where an already prepared pod goes.
    public mutating func schedule(_ pod: PreparedPod, in cache: SchedulerCache) -> SchedulingDecision {
        guard pod.schedulerName == profile.schedulerName else {
            return .skipped(reason: "pod names scheduler \"\(pod.schedulerName)\", not \"\(profile.schedulerName)\"")
        }
        if let gates = pod.pod.spec?.schedulingGates, !gates.isEmpty {
            return .skipped(reason: "pod has scheduling gates")
        }
        let nodeCount = cache.nodes.count
        guard nodeCount > 0 else {
            return .unschedulable(UnschedulableDiagnosis(message: "no nodes available to schedule pods", reasonCounts: [:],
                                                         nodeCount: 0, preemption: nil))
        }
        var cycle = SchedulingCycle(pod: pod)
        for plugin in profile.filters { plugin.preFilter(&cycle, cache: cache) }

        // A pod nominated by an earlier preemption tries its nominated node first and takes it when it fits.
        if let nominated = pod.nominatedNodeName, let node = cache.node(named: nominated),
           Self.runFilters(profile.filters, cycle, node) == nil {
            return .bind(nodeName: nominated)
        }
        let wanted = profile.feasibleNodesToFind(nodeCount: nodeCount)
        var feasible: [Int] = []
        feasible.reserveCapacity(wanted)
        var failures: [(node: Int, failure: FilterFailure)] = []
        let start = nextStartNodeIndex % nodeCount
        var processed = 0
        // Borrow nodes and plugins through buffer pointers: no per-node copies (retain/release).
        cache.nodes.withUnsafeBufferPointer { nodes in
            profile.filters.withUnsafeBufferPointer { filters in
                var index = start
                while processed < nodeCount {
                    processed += 1
                    if let failure = Self.runFilters(filters, cycle, nodes[index]) {
                        failures.append((index, failure))
                    } else {
                        feasible.append(index)
                        if feasible.count >= wanted { break }
                    }
                    index += 1
                    if index == nodeCount { index = 0 }
                }
            }
        }
        nextStartNodeIndex = (start + processed) % nodeCount

        if feasible.isEmpty {
            return .unschedulable(diagnose(cycle, cache: cache, failures: failures))
        }
        if feasible.count == 1 { return .bind(nodeName: cache.nodes[feasible[0]].name) }
        let totals = scores(&cycle, feasible: feasible, cache: cache)
        return .bind(nodeName: cache.nodes[feasible[selectHighest(totals)]].name)
    }

    /// The weighted, normalized total per feasible node (same order as `feasible`).
    public func scores(_ cycle: inout SchedulingCycle, feasible: [Int], cache: SchedulerCache) -> [Int64] {
        var totals = [Int64](repeating: 0, count: feasible.count)
        var pluginScores = [Int64](repeating: 0, count: feasible.count)
        for scorer in profile.scorers where scorer.weight != 0 {
            let plugin = scorer.plugin
            guard plugin.preScore(&cycle, feasible: feasible, cache: cache) else { continue }
            cache.nodes.withUnsafeBufferPointer { nodes in
                for position in feasible.indices {
                    pluginScores[position] = plugin.score(cycle, node: nodes[feasible[position]])
                }
            }
            plugin.normalize(cycle, feasible: feasible, cache: cache, scores: &pluginScores)
            for position in feasible.indices { totals[position] += pluginScores[position] * scorer.weight }
        }
        return totals
    }

    /// The position of the highest total; ties resolved by reservoir sampling (each tied node equally likely).
    mutating func selectHighest(_ totals: [Int64]) -> Int {
        var best = 0
        var ties = 1
        for position in totals.indices.dropFirst() {
            if totals[position] > totals[best] {
                best = position
                ties = 1
            } else if totals[position] == totals[best] {
                ties += 1
                if Int.random(in: 0..<ties, using: &random) == 0 { best = position }
            }
        }
        return best
    }

    /// Runs the filters in order on one node; the first failure wins.
    static func runFilters(_ filters: UnsafeBufferPointer<any FilterPlugin>, _ cycle: SchedulingCycle,
                           _ node: NodeInfo) -> FilterFailure? {
        for index in filters.indices {
            if let failure = filters[index].filter(cycle, node: node) { return failure }
        }
        return nil
    }

    /// Runs the filters in order on one node; the first failure wins.
    static func runFilters(_ filters: [any FilterPlugin], _ cycle: SchedulingCycle, _ node: NodeInfo) -> FilterFailure? {
        filters.withUnsafeBufferPointer { runFilters($0, cycle, node) }
    }

    /// Builds the unschedulable diagnosis, running preemption when enabled.
    mutating func diagnose(_ cycle: SchedulingCycle, cache: SchedulerCache,
                           failures: [(node: Int, failure: FilterFailure)]) -> UnschedulableDiagnosis {
        var counts: [String: Int] = [:]
        for (_, failure) in failures {
            for reason in failure.reasons { counts[reason, default: 0] += 1 }
        }
        var postFilterMessage: String?
        var plan: PreemptionPlan?
        if profile.preemptionEnabled {
            switch Preemption.run(cycle, cache: cache, failures: failures, filters: profile.filters, random: &random) {
            case .nominated(let found): plan = found
            case .failed(let message): postFilterMessage = ("preemption: " + message).dropLastPeriod()
            }
        }
        let message = UnschedulableMessage.text(nodeCount: cache.nodes.count, reasonCounts: counts,
                                                postFilterMessage: postFilterMessage)
        return UnschedulableDiagnosis(message: message, reasonCounts: counts, nodeCount: cache.nodes.count, preemption: plan)
    }
}
