import SkiffAPI
import SkiffModel

extension LabelSelector {
    /// Compiles a pod-spec label selector (`MetaV1.LabelSelector`) once; nil selects nothing, an
    /// invalid selector also selects nothing (as kube-scheduler treats a selector it cannot parse).
    static func compiled(_ selector: MetaV1.LabelSelector?) -> LabelSelector {
        guard let selector else { return .nothing }
        let spec = LabelSelectorSpec(
            matchLabels: selector.matchLabels,
            matchExpressions: selector.matchExpressions?.map {
                LabelSelectorRequirement(key: $0.key ?? "", operator: LabelSelectorOperator(rawValue: $0.operator ?? ""),
                                         values: $0.values)
            })
        return (try? LabelSelector(spec)) ?? .nothing
    }
}
