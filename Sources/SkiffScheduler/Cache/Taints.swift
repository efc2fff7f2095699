import SkiffModel

/// A taint effect (`NoSchedule`, `PreferNoSchedule`, `NoExecute`).
public enum TaintEffect: String, Sendable, Hashable {
    case noSchedule = "NoSchedule"
    case preferNoSchedule = "PreferNoSchedule"
    case noExecute = "NoExecute"
}

/// A node taint with its effect parsed once.
public struct NodeTaint: Sendable, Hashable {
    public var key: String
    public var value: String
    /// nil for an effect the scheduler does not know (never blocks).
    public var effect: TaintEffect?
    public var effectName: String

    public init(key: String, value: String = "", effect: String) {
        self.key = key
        self.value = value
        self.effectName = effect
        self.effect = TaintEffect(rawValue: effect)
    }

    init(_ taint: CoreV1.Taint) {
        self.init(key: taint.key ?? "", value: taint.value ?? "", effect: taint.effect ?? "")
    }
}

/// A pod toleration, compiled; matching follows `Toleration.ToleratesTaint`: the effect (when set)
/// must equal the taint's, the key (when set) must equal the taint's, then `Exists` matches any
/// value and `Equal` (or empty) needs equal values.
public struct PodToleration: Sendable, Hashable {
    public var key: String
    public var isExists: Bool
    public var isKnownOperator: Bool
    public var value: String
    public var effect: String

    init(_ toleration: CoreV1.Toleration) {
        key = toleration.key ?? ""
        let op = toleration.operator ?? ""
        isExists = op == "Exists"
        isKnownOperator = op == "" || op == "Equal" || op == "Exists"
        value = toleration.value ?? ""
        effect = toleration.effect ?? ""
    }

    public func tolerates(_ taint: NodeTaint) -> Bool {
        if !effect.isEmpty && effect != taint.effectName { return false }
        if !key.isEmpty && key != taint.key { return false }
        guard isKnownOperator else { return false }
        return isExists || value == taint.value
    }

    static func compiled(_ spec: CoreV1.PodSpec?) -> [PodToleration] {
        (spec?.tolerations ?? []).map(PodToleration.init)
    }
}

extension Array where Element == PodToleration {
    /// Whether any toleration tolerates the taint.
    func tolerate(_ taint: NodeTaint) -> Bool {
        for toleration in self where toleration.tolerates(taint) { return true }
        return false
    }
}
