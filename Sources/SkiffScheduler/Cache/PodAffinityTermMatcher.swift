import SkiffAPI
import SkiffModel

/// A compiled `PodAffinityTerm`: which pods it selects (label selector, with `matchLabelKeys` /
/// `mismatchLabelKeys` folded in, and namespaces) and the topology key that groups nodes.
public struct PodAffinityTermMatcher: Sendable {
    public var selector: LabelSelector
    /// Namespaces the term looks in; empty with `allNamespaces` false means the owning pod's namespace.
    public var namespaces: Set<String>
    /// True when `namespaceSelector` is `{}` (every namespace).
    public var allNamespaces: Bool
    public var topologyKey: String
    /// Weight for preferred terms (1 for required terms).
    public var weight: Int64

    init(_ term: CoreV1.PodAffinityTerm, owner namespace: String, ownerLabels: [String: String], weight: Int64 = 1) {
        var selector = LabelSelector.compiled(term.labelSelector)
        if !selector.matchesNothing {
            var extra: [LabelRequirement] = []
            for key in term.matchLabelKeys ?? [] {
                if let value = ownerLabels[key], let requirement = try? LabelRequirement(key: key, operator: .in, values: [value]) {
                    extra.append(requirement)
                }
            }
            for key in term.mismatchLabelKeys ?? [] {
                if let value = ownerLabels[key], let requirement = try? LabelRequirement(key: key, operator: .notIn, values: [value]) {
                    extra.append(requirement)
                }
            }
            if !extra.isEmpty { selector = selector.adding(extra) }
        }
        self.selector = selector
        let namespaceSelector = term.namespaceSelector
        allNamespaces = namespaceSelector != nil && (namespaceSelector?.matchLabels ?? [:]).isEmpty
            && (namespaceSelector?.matchExpressions ?? []).isEmpty
        var namespaces = Set(term.namespaces ?? [])
        if namespaces.isEmpty && namespaceSelector == nil { namespaces.insert(namespace) }
        self.namespaces = namespaces
        topologyKey = TopologyKey.interned(term.topologyKey ?? "")
        self.weight = weight
    }

    /// Whether an existing pod (namespace, labels) is selected by this term.
    public func selects(namespace: String, labels: [String: String]) -> Bool {
        (allNamespaces || namespaces.contains(namespace)) && selector.matches(labels)
    }
}
