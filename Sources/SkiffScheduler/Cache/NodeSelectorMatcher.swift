import SkiffModel

/// A compiled `nodeSelector` plus required node affinity: the node must carry every
/// `nodeSelector` label and match at least one term (terms are ORed; a term ANDs its
/// `matchExpressions` on labels and `matchFields` on `metadata.name`; an empty term matches nothing).
public struct NodeSelectorMatcher: Sendable {
    /// One requirement on a label (or on the node name for `matchFields`).
    struct Requirement: Sendable {
        enum Operator: Sendable { case `in`, notIn, exists, doesNotExist, greaterThan, lessThan, invalid }
        var key: String
        var op: Operator
        var values: Set<String>
        var bound: Int64

        init(_ requirement: CoreV1.NodeSelectorRequirement) {
            key = requirement.key ?? ""
            values = Set(requirement.values ?? [])
            bound = 0
            switch requirement.operator ?? "" {
            case "In": op = .in
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            case "Gt", "Lt":
                op = requirement.operator == "Gt" ? .greaterThan : .lessThan
                if let only = requirement.values, only.count == 1, let value = Int64(only[0]) { bound = value } else { op = .invalid }
            default: op = .invalid
            }
        }

        func matches(_ value: String?) -> Bool {
            switch op {
            case .in: return value.map { values.contains($0) } ?? false
            case .notIn: return value.map { !values.contains($0) } ?? true
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            case .greaterThan: return value.flatMap { Int64($0) }.map { $0 > bound } ?? false
            case .lessThan: return value.flatMap { Int64($0) }.map { $0 < bound } ?? false
            case .invalid: return false
            }
        }
    }

    /// One `NodeSelectorTerm`.
    struct Term: Sendable {
        var labelRequirements: [Requirement]
        var fieldRequirements: [Requirement]

        init(_ term: CoreV1.NodeSelectorTerm) {
            labelRequirements = (term.matchExpressions ?? []).map(Requirement.init)
            fieldRequirements = (term.matchFields ?? []).map(Requirement.init)
        }

        func matches(name: String, labels: [String: String]) -> Bool {
            if labelRequirements.isEmpty && fieldRequirements.isEmpty { return false }
            for requirement in labelRequirements where !requirement.matches(labels[requirement.key]) { return false }
            for requirement in fieldRequirements {
                guard requirement.key == "metadata.name", requirement.matches(name) else { return false }
            }
            return true
        }
    }

    let selectorLabels: [(key: String, value: String)]
    /// nil when the pod has no required node affinity.
    let requiredTerms: [Term]?

    /// True when the pod places no node-label constraint at all.
    public var isEmpty: Bool { selectorLabels.isEmpty && requiredTerms == nil }

    public init(_ spec: CoreV1.PodSpec?) {
        selectorLabels = (spec?.nodeSelector ?? [:]).sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        if let required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution {
            requiredTerms = (required.nodeSelectorTerms ?? []).map(Term.init)
        } else {
            requiredTerms = nil
        }
    }

    /// Whether a node with this name and these labels satisfies the pod.
    public func matches(name: String, labels: [String: String]) -> Bool {
        for (key, value) in selectorLabels where labels[key] != value { return false }
        guard let requiredTerms else { return true }
        for term in requiredTerms where term.matches(name: name, labels: labels) { return true }
        return false
    }
}

/// A compiled preferred node-affinity term and its weight.
struct WeightedNodeTerm: Sendable {
    var weight: Int64
    var term: NodeSelectorMatcher.Term

    static func terms(of spec: CoreV1.PodSpec?) -> [WeightedNodeTerm] {
        (spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).compactMap {
            guard let weight = $0.weight, weight != 0, let preference = $0.preference else { return nil }
            return WeightedNodeTerm(weight: Int64(weight), term: NodeSelectorMatcher.Term(preference))
        }
    }
}
