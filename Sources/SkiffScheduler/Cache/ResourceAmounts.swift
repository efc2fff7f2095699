import SkiffAPI

/// Resource amounts in the scheduler's integer units: CPU in millicores, memory and
/// ephemeral storage in bytes, every other (extended, hugepages) resource as a whole count.
public struct ResourceAmounts: Sendable, Hashable {
    public var milliCPU: Int64 = 0
    public var memory: Int64 = 0
    public var ephemeralStorage: Int64 = 0
    /// Extended resources (`nvidia.com/gpu`, `hugepages-2Mi`, ...) by name; never holds cpu/memory/pods.
    public var scalar: [String: Int64] = [:]

    public init(milliCPU: Int64 = 0, memory: Int64 = 0, ephemeralStorage: Int64 = 0, scalar: [String: Int64] = [:]) {
        self.milliCPU = milliCPU
        self.memory = memory
        self.ephemeralStorage = ephemeralStorage
        self.scalar = scalar
    }

    /// Reads a Kubernetes resource list; `pods` is ignored here (see `NodeInfo.allowedPodCount`).
    public init(_ list: [String: Quantity]?) {
        guard let list else { return }
        for (name, quantity) in list {
            switch name {
            case ResourceName.cpu: milliCPU = quantity.milliValue
            case ResourceName.memory: memory = quantity.value
            case ResourceName.ephemeralStorage: ephemeralStorage = quantity.value
            case ResourceName.pods: continue
            default: scalar[name] = quantity.value
            }
        }
    }

    /// True when nothing at all is requested.
    public var isZero: Bool {
        milliCPU == 0 && memory == 0 && ephemeralStorage == 0 && scalar.values.allSatisfy { $0 == 0 }
    }

    /// The amount of one named resource (0 when absent).
    public func amount(of name: String) -> Int64 {
        switch name {
        case ResourceName.cpu: milliCPU
        case ResourceName.memory: memory
        case ResourceName.ephemeralStorage: ephemeralStorage
        default: scalar[name] ?? 0
        }
    }

    public static func += (lhs: inout ResourceAmounts, rhs: ResourceAmounts) {
        lhs.milliCPU += rhs.milliCPU
        lhs.memory += rhs.memory
        lhs.ephemeralStorage += rhs.ephemeralStorage
        for (name, value) in rhs.scalar { lhs.scalar[name, default: 0] += value }
    }

    public static func -= (lhs: inout ResourceAmounts, rhs: ResourceAmounts) {
        lhs.milliCPU -= rhs.milliCPU
        lhs.memory -= rhs.memory
        lhs.ephemeralStorage -= rhs.ephemeralStorage
        for (name, value) in rhs.scalar {
            let left = (lhs.scalar[name] ?? 0) - value
            lhs.scalar[name] = left == 0 ? nil : left
        }
    }

    public static func + (lhs: ResourceAmounts, rhs: ResourceAmounts) -> ResourceAmounts {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// Per-resource maximum of two amounts.
    public func maximum(_ other: ResourceAmounts) -> ResourceAmounts {
        var result = ResourceAmounts(milliCPU: max(milliCPU, other.milliCPU), memory: max(memory, other.memory),
                                     ephemeralStorage: max(ephemeralStorage, other.ephemeralStorage), scalar: scalar)
        for (name, value) in other.scalar { result.scalar[name] = max(result.scalar[name] ?? 0, value) }
        return result
    }
}

/// Well-known resource and label names the scheduler reads.
public enum ResourceName {
    public static let cpu = "cpu"
    public static let memory = "memory"
    public static let ephemeralStorage = "ephemeral-storage"
    public static let pods = "pods"
}
