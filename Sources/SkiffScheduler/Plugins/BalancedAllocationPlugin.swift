import Foundation

/// NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in equal
/// proportion after placing the pod: `(1 - std) * 100` over the fractions `requested / allocatable`
/// (each capped at 1; for two resources `std = |cpu - memory| / 2`). Uses actual requests, not the
/// non-zero defaults; skipped for pods that request neither cpu nor memory.
public struct BalancedAllocationPlugin: ScorePlugin {
    public let name = "NodeResourcesBalancedAllocation"
    public init() {}

    public func preScore(_ cycle: inout SchedulingCycle, feasible: [Int], cache: SchedulerCache) -> Bool {
        let requests = cycle.pod.info.requests
        return requests.milliCPU != 0 || requests.memory != 0
    }

    public func score(_ cycle: SchedulingCycle, node: NodeInfo) -> Int64 {
        let pod = cycle.pod.info.requests
        let cpuAllocatable = node.allocatable.milliCPU, memoryAllocatable = node.allocatable.memory
        let cpu = min(Double(node.requested.milliCPU + pod.milliCPU) / Double(max(cpuAllocatable, 1)), 1)
        let memory = min(Double(node.requested.memory + pod.memory) / Double(max(memoryAllocatable, 1)), 1)
        if cpuAllocatable > 0 && memoryAllocatable > 0 { return Int64((1 - abs((cpu - memory) / 2)) * Double(maxNodeScore)) }
        // Zero or one resource present: the deviation is 0.
        return maxNodeScore
    }

    /// The documented formula on a list of fractions.
    static func score(fractions: [Double]) -> Int64 {
        var deviation = 0.0
        if fractions.count == 2 {
            deviation = abs((fractions[0] - fractions[1]) / 2)
        } else if fractions.count > 2 {
            let mean = fractions.reduce(0, +) / Double(fractions.count)
            deviation = (fractions.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(fractions.count)).squareRoot()
        }
        return Int64((1 - deviation) * Double(maxNodeScore))
    }
}
