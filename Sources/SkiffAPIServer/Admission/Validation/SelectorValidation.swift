import SkiffAPI
import SkiffModel

/// Checks of a workload's `spec.selector` (a `metav1.LabelSelector`) against its pod template,
/// as `ValidateDeploymentSpec` and its siblings make them.
enum SelectorValidation {
    /// Converts a JSON LabelSelector; nil when absent, a thrown error when malformed.
    static func selector(_ value: JSONValue?) throws(LabelSelectorError) -> LabelSelector {
        guard let value, value.isObject else { return .nothing }
        var expressions: [LabelSelectorRequirement] = []
        for (_, expression) in value.objectElements("matchExpressions") {
            let values = expression[member: "values"]?.arrayElements?.compactMap(\.stringValue)
            expressions.append(LabelSelectorRequirement(key: expression.text("key"),
                                                        operator: LabelSelectorOperator(rawValue: expression.text("operator")),
                                                        values: values))
        }
        let labels = value[member: "matchLabels"]?.stringMap
        return try LabelSelector(LabelSelectorSpec(matchLabels: labels, matchExpressions: expressions.isEmpty ? nil : expressions))
    }

    /// The selector is required and non-empty, valid, and matches the template's labels.
    /// `kindWord` names the kind in the empty-selector message ("deployment").
    static func errors(spec: JSONValue, kindWord: String, templatePath: String = "spec.template",
                       template: JSONValue?) -> [FieldError] {
        var errors: [FieldError] = []
        let selectorValue = spec[member: "selector"]
        if selectorValue == nil || selectorValue == .null {
            errors.append(.required("spec.selector"))
        } else {
            let matchLabels = selectorValue?[member: "matchLabels"]?.stringMap ?? [:]
            errors += LabelValidation.validateLabels(matchLabels, field: "spec.selector.matchLabels")
            if matchLabels.isEmpty && (selectorValue?.objectElements("matchExpressions").isEmpty ?? true) {
                errors.append(.invalid("spec.selector", ValidationFormats.goLabelSelector(selectorValue), "empty selector is invalid for \(kindWord)"))
            }
        }
        let labels = template?[member: "metadata"]?[member: "labels"]?.stringMap ?? [:]
        do {
            let selector = try self.selector(selectorValue)
            if !selector.matches(labels) {
                errors.append(.invalid("\(templatePath).metadata.labels", .json(ValidationFormats.goStringMap(labels)),
                                       "`selector` does not match template `labels`"))
            }
        } catch {
            errors.append(.invalid("spec.selector", ValidationFormats.goLabelSelector(selectorValue), "invalid label selector"))
        }
        return errors
    }
}
