/// NodeName: a pod that names a node in `spec.nodeName` fits only that node.
public struct NodeNamePlugin: FilterPlugin {
    public let name = "NodeName"
    public static let reason = "node(s) didn't match the requested node name"
    public init() {}

    public func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure? {
        guard let wanted = cycle.pod.requestedNodeName, wanted != node.name else { return nil }
        return FilterFailure(plugin: name, reason: Self.reason, isUnresolvable: true)
    }
}
