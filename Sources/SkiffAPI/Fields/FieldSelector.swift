/// A field selector (Kubernetes' `fields.Selector`): terms `field=value`, `field==value` or
/// `field!=value`, all of which must hold, matched against a flat field map such as
/// `["metadata.name": "web", "spec.nodeName": "n1"]`. A missing field reads as "".
public struct FieldSelector: Sendable, Hashable {
    /// One term.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        /// `=` and `==` (the same) or `!=`.
        public enum Operator: String, Sendable, Hashable {
            case equals = "="
            case notEquals = "!="
        }

        public var field: String
        public var `operator`: Operator
        /// The value, unescaped.
        public var value: String

        public init(field: String, operator: Operator, value: String) {
            self.field = field
            self.operator = `operator`
            self.value = value
        }

        public func matches(_ fields: [String: String]) -> Bool {
            let actual = fields[field] ?? ""
            return `operator` == .equals ? actual == value : actual != value
        }

        /// `field=value` / `field!=value` with `\`, `,` and `=` in the value escaped.
        public var description: String { field + `operator`.rawValue + FieldSelector.escape(value) }
    }

    /// The terms, in the order Kubernetes keeps them (sorted by their text).
    public private(set) var requirements: [Requirement]

    /// Longest accepted string form, in bytes (a Skiff bound against hostile input).
    public static let maximumLength = 10_000
    /// Most terms accepted (a Skiff bound against hostile input).
    public static let maximumRequirements = 500

    /// Matches everything.
    public static let everything = FieldSelector(requirements: [])

    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// A selector requiring each field to equal its value (Kubernetes' `SelectorFromSet`).
    public init(matchFields: [String: String]) {
        self.requirements = matchFields.keys.sorted(by: LabelValidation.byteOrder).map {
            Requirement(field: $0, operator: .equals, value: matchFields[$0] ?? "")
        }
    }

    public func matches(_ fields: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(fields) }
    }

    /// True when there are no terms (matches everything).
    public var isEmpty: Bool { requirements.isEmpty }

    /// The value a field must equal, if some `=` term pins it (`RequiresExactMatch`).
    public func requiredValue(forField field: String) -> String? {
        requirements.first { $0.field == field && $0.operator == .equals }?.value
    }

    /// Kubernetes' `EscapeValue`: `\` → `\\`, `,` → `\,`, `=` → `\=`.
    public static func escape(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            if scalar == "\\" || scalar == "," || scalar == "=" { result += "\\" }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Kubernetes' `UnescapeValue`: the inverse of `escape`, rejecting bad escapes and bare
    /// `,` or `=`.
    public static func unescape(_ value: String) throws(FieldSelectorError) -> String {
        var result = ""
        var afterBackslash = false
        for scalar in value.unicodeScalars {
            if afterBackslash {
                guard scalar == "\\" || scalar == "," || scalar == "=" else {
                    throw .invalidEscapeSequence("\\" + String(Character(scalar)))
                }
                result.unicodeScalars.append(scalar)
                afterBackslash = false
                continue
            }
            switch scalar {
            case "\\": afterBackslash = true
            case ",", "=": throw .unescapedCharacter(scalar)
            default: result.unicodeScalars.append(scalar)
            }
        }
        if afterBackslash { throw .invalidEscapeSequence("\\") }
        return result
    }
}

extension FieldSelector: CustomStringConvertible {
    /// The terms joined by `,` (Kubernetes' `String()`).
    public var description: String { requirements.map(\.description).joined(separator: ",") }
}
