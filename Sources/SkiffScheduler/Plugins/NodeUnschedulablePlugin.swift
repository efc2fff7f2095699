/// NodeUnschedulable: a cordoned node (`spec.unschedulable`) takes only pods that tolerate
/// `node.kubernetes.io/unschedulable:NoSchedule`.
public struct NodeUnschedulablePlugin: FilterPlugin {
    public let name = "NodeUnschedulable"
    public static let reason = "node(s) were unschedulable"
    static let unschedulableTaint = NodeTaint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule")
    public init() {}

    public func filter(_ cycle: SchedulingCycle, node: NodeInfo) -> FilterFailure? {
        guard node.unschedulable, !cycle.pod.tolerations.tolerate(Self.unschedulableTaint) else { return nil }
        return FilterFailure(plugin: name, reason: Self.reason, isUnresolvable: true)
    }
}
