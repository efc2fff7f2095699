/// A parsed label selector (Kubernetes' `labels.Selector`): requirements that must all hold,
/// sorted by key. `everything` (no requirements) matches every label set; `nothing` (what a
/// missing structured selector means) matches none.
///
/// Built from the string syntax (`LabelSelector(parsing:)`), from the structured form
/// (`LabelSelector(_: LabelSelectorSpec?)`) or from a label map (`LabelSelector(matchLabels:)`).
public struct LabelSelector: Sendable, Hashable {
    /// The requirements, sorted by key (bytewise), all of which must hold.
    public private(set) var requirements: [LabelRequirement]
    /// True only for `nothing`.
    public let matchesNothing: Bool

    /// Longest accepted string form, in bytes (a Skiff bound against hostile input; Kubernetes
    /// relies on its request-line limit).
    public static let maximumLength = 10_000
    /// Most requirements accepted in one selector (a Skiff bound against hostile input).
    public static let maximumRequirements = 500

    /// Matches every label set.
    public static let everything = LabelSelector(requirements: [], matchesNothing: false)
    /// Matches no label set.
    public static let nothing = LabelSelector(requirements: [], matchesNothing: true)

    init(requirements: [LabelRequirement], matchesNothing: Bool = false) {
        self.requirements = requirements.sortedStably { LabelValidation.byteOrder($0.key, $1.key) }
        self.matchesNothing = matchesNothing
    }

    /// A selector requiring each key to equal its value, validated (Kubernetes'
    /// `ValidatedSelectorFromSet`); an empty map gives `everything`.
    public init(matchLabels: [String: String]) throws(LabelSelectorError) {
        var requirements = [LabelRequirement]()
        for key in matchLabels.keys.sorted(by: LabelValidation.byteOrder) {
            requirements.append(try LabelRequirement(key: key, operator: .equals, values: [matchLabels[key] ?? ""]))
        }
        self.init(requirements: requirements)
    }

    /// The requirements plus more (Kubernetes' `Selector.Add`); `nothing` stays `nothing`.
    public func adding(_ more: [LabelRequirement]) -> LabelSelector {
        matchesNothing ? self : LabelSelector(requirements: requirements + more)
    }

    /// Whether every requirement holds for `labels`.
    public func matches(_ labels: [String: String]) -> Bool {
        if matchesNothing { return false }
        for requirement in requirements where !requirement.matches(labels) { return false }
        return true
    }

    /// True for a selector with no requirements that matches everything (Kubernetes' `Empty()`).
    public var isEmpty: Bool { !matchesNothing && requirements.isEmpty }

    /// The value a key must have, if the first requirement on that key pins exactly one value
    /// (`=`, `==`, or `in` with one value): Kubernetes' `RequiresExactMatch`, used for indexes.
    public func requiredValue(forKey key: String) -> String? {
        guard let requirement = requirements.first(where: { $0.key == key }) else { return nil }
        switch requirement.operator {
        case .equals, .doubleEquals, .in:
            return requirement.values.count == 1 ? requirement.values[0] : nil
        default:
            return nil
        }
    }
}

extension LabelSelector: CustomStringConvertible {
    /// The string syntax, requirements joined by `,` (Kubernetes' `String()`); "" for both
    /// `everything` and `nothing`.
    public var description: String { requirements.map(\.description).joined(separator: ",") }
}
