/// One condition of a label selector (Kubernetes' `labels.Requirement`): a key, an operator
/// and values, e.g. `tier in (web,api)`. Built only through the validating initializer.
public struct LabelRequirement: Sendable, Hashable, CustomStringConvertible {
    /// The operators of the string syntax (`selection.Operator`).
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equals = "="
        case doubleEquals = "=="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = "exists"
        case doesNotExist = "!"
        case greaterThan = "gt"
        case lessThan = "lt"
    }

    public let key: String
    public let `operator`: Operator
    /// The values as given (the string parser gives them sorted and unique).
    public let values: [String]
    private let valueSet: Set<String>

    /// Validates like Kubernetes' `labels.NewRequirement`: a qualified-name key; one value for
    /// `=`, `==`, `!=`; at least one for `in`/`notin`; none for exists/does-not-exist; one
    /// integer for `gt`/`lt`; every value a valid label value.
    public init(key: String, operator: Operator, values: [String]) throws(LabelSelectorError) {
        try self.init(key: key, operator: `operator`, values: values, nilWhenEmpty: false)
    }

    /// `nilWhenEmpty`: render an empty value list as `null` in messages, as Kubernetes does when
    /// it comes from a structured selector.
    init(key: String, operator: Operator, values: [String], nilWhenEmpty: Bool) throws(LabelSelectorError) {
        var errors = LabelValidation.qualifiedNameErrors(key).isEmpty ? [FieldError]()
            : [FieldError.invalid("key", key, LabelValidation.qualifiedNameErrors(key).joined(separator: "; "))]
        let shownValues = FieldError.BadValue.strings(values.isEmpty && nilWhenEmpty ? nil : values)
        switch `operator` {
        case .in, .notIn:
            if values.isEmpty {
                errors.append(.invalid("values", shownValues, "for 'in', 'notin' operators, values set can't be empty"))
            }
        case .equals, .doubleEquals, .notEquals:
            if values.count != 1 {
                errors.append(.invalid("values", shownValues, "exact-match compatibility requires one single value"))
            }
        case .exists, .doesNotExist:
            if !values.isEmpty {
                errors.append(.invalid("values", shownValues, "values set must be empty for exists and does not exist"))
            }
        case .greaterThan, .lessThan:
            if values.count != 1 {
                errors.append(.invalid("values", shownValues, "for 'Gt', 'Lt' operators, exactly one value is required"))
            }
            for (index, value) in values.enumerated() where LabelRequirement.parseInt64(value) == nil {
                errors.append(.invalid("values[\(index)]", value, "for 'Gt', 'Lt' operators, the value must be an integer"))
            }
        }
        for (index, value) in values.enumerated() {
            let messages = LabelValidation.labelValueErrors(value)
            if !messages.isEmpty {
                errors.append(.invalid("values[\(index)][\(key)]", value, messages.joined(separator: "; ")))
            }
        }
        guard errors.isEmpty else { throw .invalidRequirement(errors) }
        self.key = key
        self.operator = `operator`
        self.values = values
        self.valueSet = Set(values)
    }

    /// Whether a label set satisfies this requirement (Kubernetes' `Requirement.Matches`).
    public func matches(_ labels: [String: String]) -> Bool {
        switch `operator` {
        case .in, .equals, .doubleEquals:
            guard let value = labels[key] else { return false }
            return valueSet.contains(value)
        case .notIn, .notEquals:
            guard let value = labels[key] else { return true }
            return !valueSet.contains(value)
        case .exists:
            return labels[key] != nil
        case .doesNotExist:
            return labels[key] == nil
        case .greaterThan, .lessThan:
            guard let text = labels[key], let actual = LabelRequirement.parseInt64(text),
                  values.count == 1, let bound = LabelRequirement.parseInt64(values[0]) else { return false }
            return `operator` == .greaterThan ? actual > bound : actual < bound
        }
    }

    /// The string form Kubernetes writes: `!k`, `k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
    /// `k notin (a)`, `k>1`, `k<1`; several values sorted.
    public var description: String {
        var text = `operator` == .doesNotExist ? "!" + key : key
        switch `operator` {
        case .exists, .doesNotExist: return text
        case .equals: text += "="
        case .doubleEquals: text += "=="
        case .notEquals: text += "!="
        case .in: text += " in "
        case .notIn: text += " notin "
        case .greaterThan: text += ">"
        case .lessThan: text += "<"
        }
        let list = values.count == 1 ? values[0] : values.sorted(by: LabelValidation.byteOrder).joined(separator: ",")
        return `operator` == .in || `operator` == .notIn ? text + "(" + list + ")" : text + list
    }

    public static func == (lhs: LabelRequirement, rhs: LabelRequirement) -> Bool {
        lhs.key == rhs.key && lhs.operator == rhs.operator && lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(`operator`)
        hasher.combine(values)
    }

    /// Go's `strconv.ParseInt(s, 10, 64)`.
    static func parseInt64(_ text: String) -> Int64? {
        guard let value = IntOrString.parseGoInt(text) else { return nil }
        return Int64(exactly: value)
    }
}
