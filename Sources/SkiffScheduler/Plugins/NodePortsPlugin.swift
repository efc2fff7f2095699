/// NodePorts: the pod's host ports must not conflict with ports already used on the node
/// (same port and protocol, and the same address or either one the wildcard 0.0.0.0).
public struct NodePortsPlugin: FilterPlugin {
    public let name = "NodePorts"
    public static let reason = "node(s) didn't have free ports for the requested pod ports"
    public init() {}

    public func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure? {
        let wanted = cycle.pod.info.hostPorts
        guard !wanted.isEmpty, !node.usedPorts.isEmpty else { return nil }
        for port in wanted {
            for used in node.usedPorts where port.conflicts(with: used) {
                return FilterFailure(plugin: name, reason: Self.reason, isUnresolvable: false)
            }
        }
        return nil
    }
}
