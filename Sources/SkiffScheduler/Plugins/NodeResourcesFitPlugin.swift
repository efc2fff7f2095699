/// NodeResourcesFit. Filter: the node must have room for one more pod (`allocatable.pods`) and,
/// for every resource the pod requests (cpu, memory, ephemeral-storage, extended resources),
/// `requested on node + pod request <= allocatable`; each shortfall is one reason
/// (`Too many pods`, `Insufficient cpu`, ...). Score: LeastAllocated (default) or MostAllocated
/// over cpu and memory (weight 1 each), using the non-zero requests.
public struct NodeResourcesFitPlugin: FilterPlugin, ScorePlugin {
    /// How the scoring half ranks nodes.
    public enum ScoringStrategy: Sendable, Hashable {
        /// Prefer emptier nodes: `(allocatable - requested) * 100 / allocatable` per resource.
        case leastAllocated
        /// Prefer fuller nodes (bin packing): `requested * 100 / allocatable` per resource.
        case mostAllocated
    }

    public let name = "NodeResourcesFit"
    public var strategy: ScoringStrategy
    public static let tooManyPods = "Too many pods"

    public init(strategy: ScoringStrategy = .leastAllocated) { self.strategy = strategy }

    public static func insufficient(_ resource: String) -> String { "Insufficient \(resource)" }

    static let insufficientCPU = insufficient(ResourceName.cpu)
    static let insufficientMemory = insufficient(ResourceName.memory)
    static let insufficientEphemeralStorage = insufficient(ResourceName.ephemeralStorage)

    public func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure? {
        var first: String?
        var more: [String] = []
        var unresolvable = true
        func note(_ reason: String, resolvable: Bool) {
            if first == nil { first = reason } else { more.append(reason) }
            if resolvable { unresolvable = false }
        }
        if node.podCount + 1 > node.allowedPodCount { note(Self.tooManyPods, resolvable: true) }
        let request = cycle.pod.info.requests
        let requested = node.requested
        let allocatable = node.allocatable
        // Only when the pod alone exceeds the node can no eviction ever help.
        if request.milliCPU > 0 && request.milliCPU > allocatable.milliCPU - requested.milliCPU {
            note(Self.insufficientCPU, resolvable: request.milliCPU <= allocatable.milliCPU)
        }
        if request.memory > 0 && request.memory > allocatable.memory - requested.memory {
            note(Self.insufficientMemory, resolvable: request.memory <= allocatable.memory)
        }
        if request.ephemeralStorage > 0 && request.ephemeralStorage > allocatable.ephemeralStorage - requested.ephemeralStorage {
            note(Self.insufficientEphemeralStorage, resolvable: request.ephemeralStorage <= allocatable.ephemeralStorage)
        }
        for scalar in cycle.pod.scalarRequests {
            let available = allocatable.scalar[scalar.name] ?? 0
            if scalar.amount > available - (requested.scalar[scalar.name] ?? 0) {
                note(scalar.reason, resolvable: scalar.amount <= available)
            }
        }
        guard let first else { return nil }
        return FilterFailure(plugin: name, reason: first, moreReasons: more, isUnresolvable: unresolvable)
    }

    public func score(_ cycle: SchedulingCycle, node: NodeInfo) -> Int64 {
        let pod = cycle.pod.info.nonZeroRequests
        let cpu = Self.resourceScore(strategy, requested: node.nonZeroRequested.milliCPU + pod.milliCPU,
                                     allocatable: node.allocatable.milliCPU)
        let memory = Self.resourceScore(strategy, requested: node.nonZeroRequested.memory + pod.memory,
                                        allocatable: node.allocatable.memory)
        var total: Int64 = 0, weights: Int64 = 0
        if let cpu { total += cpu; weights += 1 }
        if let memory { total += memory; weights += 1 }
        return weights == 0 ? 0 : total / weights
    }

    /// One resource's 0...100 score; nil when the node has none of it (not counted in the average).
    static func resourceScore(_ strategy: ScoringStrategy, requested: Int64, allocatable: Int64) -> Int64? {
        guard allocatable > 0 else { return nil }
        switch strategy {
        case .leastAllocated:
            return requested > allocatable ? 0 : (allocatable - requested) * maxNodeScore / allocatable
        case .mostAllocated:
            return min(requested, allocatable) * maxNodeScore / allocatable
        }
    }
}
