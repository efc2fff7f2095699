/// DefaultPreemption: when no node fits, find a node where evicting lower-priority pods makes the
/// pod fit, with as little damage as possible.
///
/// 1. The pod must be eligible: not `preemptionPolicy: Never`, and not already nominated to a
///    node where a lower-priority pod is still terminating.
/// 2. Only nodes whose filter failure eviction could fix are tried (not unresolvable ones).
/// 3. On each node: remove every lower-priority pod; if the pod still does not fit, the node is
///    out. Otherwise add the removed pods back one by one, most important first (higher priority,
///    then earlier start), keeping each that still leaves room (reprieve); the rest are victims.
/// 4. Among candidates, kube-scheduler's order: lowest highest-victim priority, then smallest sum
///    of victim priorities, then fewest victims, then the latest start among the highest-priority
///    victims, then the first found.
enum Preemption {
    enum Outcome {
        case nominated(PreemptionPlan)
        /// The text kube-scheduler puts after `preemption: `.
        case failed(String)
    }

    static let notHelpful = "Preemption is not helpful for scheduling"
    static let noVictims = "No preemption victims found for incoming pod"
    static let policyNever = "not eligible due to preemptionPolicy=Never."
    static let terminatingOnNominated = "not eligible due to a terminating pod on the nominated node."

    enum NodeOutcome {
        case success([PodInfo])
        case failure(FilterFailure)
    }

    struct Candidate {
        var nodeIndex: Int
        var victims: [PodInfo]
    }

    static func run(_ cycle: SchedulingCycle, cache: SchedulerCache, failures: [(node: Int, failure: FilterFailure)],
                    filters: [any FilterPlugin], random: inout SeededRandom) -> Outcome {
        let pod = cycle.pod
        if pod.preemptionPolicyNever { return .failed(policyNever) }
        if let nominated = pod.nominatedNodeName, let node = cache.node(named: nominated),
           failures.contains(where: { cache.nodes[$0.node].name == nominated && !$0.failure.isUnresolvable }),
           node.pods.contains(where: { $0.isTerminating && $0.priority < pod.priority }) {
            return .failed(terminatingOnNominated)
        }
        var statusCounts: [String: Int] = [:]
        var potential: [Int] = []
        for (node, failure) in failures {
            if failure.isUnresolvable { statusCounts[notHelpful, default: 0] += 1 } else { potential.append(node) }
        }
        let nodeCount = cache.nodes.count
        guard !potential.isEmpty else {
            return .failed(UnschedulableMessage.text(nodeCount: nodeCount, reasonCounts: statusCounts))
        }
        let wantedCandidates = min(max(potential.count * 10 / 100, 100), potential.count)
        let offset = Int.random(in: 0..<potential.count, using: &random)
        var candidates: [Candidate] = []
        for step in 0..<potential.count {
            let nodeIndex = potential[(offset + step) % potential.count]
            switch selectVictims(cycle, node: cache.nodes[nodeIndex], filters: filters) {
            case .success(let victims):
                candidates.append(Candidate(nodeIndex: nodeIndex, victims: victims))
                if candidates.count >= wantedCandidates { break }
            case .failure(let failure):
                for reason in failure.reasons { statusCounts[reason, default: 0] += 1 }
            }
            if candidates.count >= wantedCandidates { break }
        }
        guard let best = pickBest(candidates) else {
            return .failed(UnschedulableMessage.text(nodeCount: nodeCount, reasonCounts: statusCounts))
        }
        let victims = best.victims.map {
            PreemptionPlan.Victim(namespace: $0.namespace, name: $0.name, uid: $0.uid, priority: $0.priority)
        }
        return .nominated(PreemptionPlan(nominatedNodeName: cache.nodes[best.nodeIndex].name, victims: victims))
    }

    /// Victims on one node (most important first), or why the node cannot be made to fit.
    static func selectVictims(_ cycle: SchedulingCycle, node: NodeInfo,
                              filters: [any FilterPlugin]) -> NodeOutcome {
        let priority = cycle.pod.priority
        let lower = node.pods.filter { $0.priority < priority }
        guard !lower.isEmpty else {
            return .failure(FilterFailure(plugin: "DefaultPreemption", reason: noVictims, isUnresolvable: true))
        }
        let trial = node.copy()
        for pod in lower { trial.remove(key: pod.key) }
        if let failure = Scheduler.runFilters(filters, cycle, trial) { return .failure(failure) }
        let ordered = lower.sorted(by: moreImportant)
        var victims: [PodInfo] = []
        for pod in ordered {
            trial.add(pod)
            if Scheduler.runFilters(filters, cycle, trial) != nil {
                trial.remove(key: pod.key)
                victims.append(pod)
            }
        }
        return .success(victims)
    }

    /// kube-scheduler's `MoreImportantPod`: higher priority, then the earlier start.
    static func moreImportant(_ a: PodInfo, _ b: PodInfo) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        return a.startSeconds < b.startSeconds
    }

    /// kube-scheduler's `pickOneNodeForPreemption` (without PodDisruptionBudgets).
    static func pickBest(_ candidates: [Candidate]) -> Candidate? {
        guard !candidates.isEmpty else { return nil }
        var remaining = candidates
        func keepMinimum(_ measure: (Candidate) -> Int64) {
            let lowest = remaining.map(measure).min() ?? 0
            remaining = remaining.filter { measure($0) == lowest }
        }
        // A candidate with no victims needs no eviction at all: take it right away.
        if let free = remaining.first(where: { $0.victims.isEmpty }) { return free }
        keepMinimum { Int64($0.victims.first?.priority ?? Int32.min) }
        keepMinimum { $0.victims.reduce(Int64(0)) { $0 + Int64($1.priority) + Int64(Int32.max) + 1 } }
        keepMinimum { Int64($0.victims.count) }
        // Latest start among each candidate's highest-priority victims (the earliest of them): bigger wins.
        keepMinimum { candidate in
            let top = candidate.victims.first?.priority ?? 0
            let earliest = candidate.victims.filter { $0.priority == top }.map(\.startSeconds).min() ?? 0
            return -earliest
        }
        return remaining.first
    }
}

extension String {
    /// The message without its final period (the caller's format adds one back).
    func dropLastPeriod() -> String { hasSuffix(".") ? String(dropLast()) : self }
}
