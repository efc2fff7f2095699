/// The structured label selector of Kubernetes objects (`metav1.LabelSelector`, as in
/// `spec.selector` of a Deployment): `matchLabels` and `matchExpressions`, all ANDed.
/// Nil fields are omitted when encoded. Convert with `LabelSelector(_:)`.
public struct LabelSelectorSpec: Sendable, Hashable, Codable {
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }
}

/// One `matchExpressions` entry (`metav1.LabelSelectorRequirement`): key, operator, values.
public struct LabelSelectorRequirement: Sendable, Hashable, Codable {
    public var key: String
    public var `operator`: LabelSelectorOperator
    public var values: [String]?

    public init(key: String, operator: LabelSelectorOperator, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
}

/// A `matchExpressions` operator. Unknown names decode too (they fail on conversion or
/// validation, as in Kubernetes), so this is an open set of strings.
public struct LabelSelectorOperator: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let `in`: LabelSelectorOperator = "In"
    public static let notIn: LabelSelectorOperator = "NotIn"
    public static let exists: LabelSelectorOperator = "Exists"
    public static let doesNotExist: LabelSelectorOperator = "DoesNotExist"

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension LabelSelector {
    /// Converts the structured form like Kubernetes' `LabelSelectorAsSelector`: nil is
    /// `nothing`, an empty spec is `everything`; each `matchLabels` entry becomes `key=value`
    /// and each expression its requirement, validated; the first error is thrown.
    public init(_ spec: LabelSelectorSpec?) throws(LabelSelectorError) {
        guard let spec else {
            self = .nothing
            return
        }
        let labels = spec.matchLabels ?? [:]
        let expressions = spec.matchExpressions ?? []
        if labels.isEmpty && expressions.isEmpty {
            self = .everything
            return
        }
        var requirements = [LabelRequirement]()
        for key in labels.keys.sorted(by: LabelValidation.byteOrder) {
            requirements.append(try LabelRequirement(key: key, operator: .equals, values: [labels[key] ?? ""]))
        }
        for expression in expressions {
            let op: LabelRequirement.Operator
            switch expression.operator {
            case .in: op = .in
            case .notIn: op = .notIn
            case .exists: op = .exists
            case .doesNotExist: op = .doesNotExist
            default: throw .unknownOperator(expression.operator.rawValue)
            }
            requirements.append(try LabelRequirement(key: expression.key, operator: op, values: expression.values ?? [],
                                                      nilWhenEmpty: true))
        }
        self.init(requirements: requirements)
    }
}

extension LabelSelectorSpec {
    /// Validates like Kubernetes' `ValidateLabelSelector` under `field` (e.g. `spec.selector`):
    /// label keys and values, operators, and values present exactly when the operator needs them.
    public func validate(field: String) -> [FieldError] {
        var errors = LabelValidation.validateLabels(matchLabels ?? [:], field: field + ".matchLabels")
        for (index, expression) in (matchExpressions ?? []).enumerated() {
            let path = "\(field).matchExpressions[\(index)]"
            let values = expression.values ?? []
            switch expression.operator {
            case .in, .notIn:
                if values.isEmpty {
                    errors.append(.required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'"))
                }
            case .exists, .doesNotExist:
                if !values.isEmpty {
                    errors.append(.forbidden(path + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
                }
            default:
                errors.append(.invalid(path + ".operator", expression.operator.rawValue, "not a valid selector operator"))
            }
            errors += LabelValidation.qualifiedNameErrors(expression.key).map { .invalid(path + ".key", expression.key, $0) }
            for (valueIndex, value) in values.enumerated() {
                errors += LabelValidation.labelValueErrors(value).map { .invalid("\(path).values[\(valueIndex)]", value, $0) }
            }
        }
        return errors
    }
}
