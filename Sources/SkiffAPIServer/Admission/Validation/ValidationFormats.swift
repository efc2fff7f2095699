import SkiffAPI
import SkiffModel

/// The small format checks of Kubernetes' `validation` package the kind validators use, with
/// Kubernetes' messages.
enum ValidationFormats {
    static let portRangeMessage = "must be between 1 and 65535, inclusive"
    static let nonNegativeMessage = "must be greater than or equal to 0"
    static let immutableMessage = "field is immutable"

    /// `IsValidPortNum`.
    static func portNumberErrors(_ port: Int64) -> [String] {
        (1...65535).contains(port) ? [] : [portRangeMessage]
    }

    /// `IsValidPortName` (an IANA_SVC_NAME): at most 15 characters of a-z, 0-9 and '-', at
    /// least one letter, no leading, trailing or doubled hyphen.
    static func portNameErrors(_ name: String) -> [String] {
        var errors: [String] = []
        let bytes = Array(name.utf8)
        if bytes.count > 15 { errors.append("must be no more than 15 characters") }
        if !bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) {
            errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if name.contains("--") { errors.append("must not contain consecutive hyphens") }
        if !bytes.contains(where: { $0 >= 97 && $0 <= 122 }) { errors.append("must contain at least one letter (a-z)") }
        if bytes.first == 45 || bytes.last == 45 { errors.append("must not begin or end with a hyphen") }
        return errors
    }

    /// `IsRelaxedEnvVarName` (RelaxedEnvironmentVariableValidation, on in 1.32): printable
    /// ASCII other than '='.
    static func environmentVariableNameErrors(_ name: String) -> [String] {
        let valid = name.utf8.allSatisfy { $0 >= 32 && $0 <= 126 && $0 != 61 }
        return valid ? [] : ["a valid environment variable name must consist only of printable ASCII characters other than '='"]
    }

    /// `IsConfigMapKey`: at most 253 characters of `[-._a-zA-Z0-9]`, not `.`, not starting with `..`.
    static func configKeyErrors(_ key: String) -> [String] {
        var errors: [String] = []
        if key.utf8.count > 253 { errors.append("must be no more than 253 characters") }
        let valid = !key.isEmpty && key.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57)
                || byte == 45 || byte == 46 || byte == 95
        }
        if !valid {
            errors.append("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")
        }
        if key == "." {
            errors.append("must not be '.'")
        } else if key == ".." {
            errors.append("must not be '..'")
        } else if key.hasPrefix("..") {
            errors.append("must not start with '..'")
        }
        return errors
    }

    /// A non-negative integer field: an error when present and below zero.
    static func nonNegative(_ value: JSONValue?, _ path: String) -> [FieldError] {
        guard let number = value?.integerValue, number < 0 else { return [] }
        return [.invalid(path, .integer(number), nonNegativeMessage)]
    }

    /// A string field that must be one of `supported` (required when `required` and empty).
    static func oneOf(_ value: String, _ path: String, _ supported: [String], required: Bool = true) -> [FieldError] {
        if value.isEmpty { return required ? [.required(path)] : [] }
        return supported.contains(value) ? [] : [.notSupported(path, .string(value), supported: supported)]
    }

    /// A string map as Go's `%#v` prints it: `map[string]string{"a":"b", "c":"d"}` (keys sorted).
    static func goStringMap(_ map: [String: String]) -> String {
        let entries = map.keys.sorted().map { key in goQuoted(key) + ":" + goQuoted(map[key] ?? "") }
        return "map[string]string{" + entries.joined(separator: ", ") + "}"
    }

    /// A `metav1.LabelSelector` as Go's `%#v` prints it in an Invalid error:
    /// `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
    static func goLabelSelector(_ value: JSONValue?) -> FieldError.BadValue {
        guard let value, value.isObject else { return .json("null") }
        var labels = "map[string]string(nil)"
        if let matchLabels = value[member: "matchLabels"], matchLabels.isObject {
            labels = goStringMap(matchLabels.stringMap)
        }
        var expressions = "[]v1.LabelSelectorRequirement(nil)"
        if let elements = value[member: "matchExpressions"]?.arrayElements {
            let rendered = elements.map { expression -> String in
                let values = expression[member: "values"]?.arrayElements.map { items in
                    "[]string{" + items.map { goQuoted($0.stringValue ?? "") }.joined(separator: ", ") + "}"
                } ?? "[]string(nil)"
                return "v1.LabelSelectorRequirement{Key:\(goQuoted(expression.text("key"))), Operator:\(goQuoted(expression.text("operator"))), Values:\(values)}"
            }
            expressions = "[]v1.LabelSelectorRequirement{" + rendered.joined(separator: ", ") + "}"
        }
        return .json("v1.LabelSelector{MatchLabels:\(labels), MatchExpressions:\(expressions)}")
    }

    /// A value rendered for a message: strings Go-quoted, numbers as is, structures as compact JSON.
    static func badValue(_ value: JSONValue?) -> FieldError.BadValue {
        switch value {
        case .string(let text)?: return .string(text)
        case .integer(let number)?: return .integer(number)
        case .bool(let flag)?: return .boolean(flag)
        case nil, .null?: return .json("null")
        case let other?: return .json(String(decoding: JSONWriter.encode(other), as: UTF8.self))
        }
    }
}
