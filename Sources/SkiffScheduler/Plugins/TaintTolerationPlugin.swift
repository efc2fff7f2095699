/// TaintToleration. Filter: every `NoSchedule`/`NoExecute` taint must be tolerated (the first
/// untolerated one is reported). Score: the number of untolerated `PreferNoSchedule` taints,
/// normalized in reverse (fewest is best, 100).
public struct TaintTolerationPlugin: FilterPlugin, ScorePlugin {
    public let name = "TaintToleration"
    public init() {}

    public static func reason(for taint: NodeTaint) -> String {
        "node(s) had untolerated taint {\(taint.key): \(taint.value)}"
    }

    public func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure? {
        for taint in node.taints where taint.effect == .noSchedule || taint.effect == .noExecute {
            if !cycle.pod.tolerations.tolerate(taint) {
                return FilterFailure(plugin: name, reason: Self.reason(for: taint), isUnresolvable: true)
            }
        }
        return nil
    }

    public func score(_ cycle: SchedulingCycle, node: NodeInfo) -> Int64 {
        var count: Int64 = 0
        for taint in node.taints where taint.effect == .preferNoSchedule {
            // Only tolerations with an empty effect or PreferNoSchedule count here, as in kube-scheduler.
            let tolerated = cycle.pod.tolerations.contains {
                ($0.effect.isEmpty || $0.effect == TaintEffect.preferNoSchedule.rawValue) && $0.tolerates(taint)
            }
            if !tolerated { count += 1 }
        }
        return count
    }

    public func normalize(_ cycle: SchedulingCycle, feasible: [Int], cache: SchedulerCache, scores: inout [Int64]) {
        defaultNormalizeScores(&scores, reverse: true)
    }
}
