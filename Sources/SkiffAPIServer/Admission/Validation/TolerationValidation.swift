import SkiffAPI
import SkiffModel

/// `validateTolerations`: keys are qualified names, an empty key needs operator Exists,
/// Exists takes no value, Equal takes a label value, effects are taint effects, and
/// tolerationSeconds only goes with NoExecute.
enum TolerationValidation {
    static let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]

    static func errors(_ spec: JSONValue, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, toleration) in spec.objectElements("tolerations") {
            let base = "\(path).tolerations[\(index)]"
            let key = toleration.text("key")
            let op = toleration.text("operator")
            let effect = toleration.text("effect")
            if !key.isEmpty {
                for message in LabelValidation.qualifiedNameErrors(key) { errors.append(.invalid("\(base).key", key, message)) }
            } else if op != "Exists" {
                errors.append(.invalid("\(base).operator", op,
                                       "operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
            }
            if toleration[member: "tolerationSeconds"]?.integerValue != nil && effect != "NoExecute" {
                errors.append(.invalid("\(base).effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"))
            }
            switch op {
            case "", "Equal":
                let value = toleration.text("value")
                for message in LabelValidation.labelValueErrors(value) { errors.append(.invalid("\(base).value", value, message)) }
            case "Exists":
                if !toleration.text("value").isEmpty {
                    errors.append(.invalid("\(base).operator", ValidationFormats.badValue(toleration), "value must be empty when `operator` is 'Exists'"))
                }
            default:
                errors.append(.notSupported("\(base).operator", .string(op), supported: ["Equal", "Exists"]))
            }
            if !effect.isEmpty && !effects.contains(effect) {
                errors.append(.notSupported("\(base).effect", .string(effect), supported: effects))
            }
        }
        return errors
    }
}
