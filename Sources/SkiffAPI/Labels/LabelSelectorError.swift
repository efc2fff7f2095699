/// Why a label selector (string or structured form) was rejected; `description` is the
/// message Kubernetes gives (e.g. `unable to parse requirement: ...`).
public enum LabelSelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The string form does not follow the grammar; the text is Kubernetes' parser message
    /// (`found ')', expected: identifier`).
    case syntax(String)
    /// A requirement's key or values are invalid (Kubernetes' `NewRequirement` errors).
    case invalidRequirement([FieldError])
    /// A structured-form operator that is not In, NotIn, Exists or DoesNotExist.
    case unknownOperator(String)
    /// The string form is longer than `LabelSelector.maximumLength` bytes (a Skiff limit).
    case tooLong(length: Int)
    /// More than `LabelSelector.maximumRequirements` requirements (a Skiff limit).
    case tooManyRequirements

    public var description: String {
        switch self {
        case .syntax(let message):
            return message
        case .invalidRequirement(let errors):
            return FieldError.aggregateMessage(errors) ?? "invalid requirement"
        case .unknownOperator(let name):
            return "\(goQuoted(name)) is not a valid label selector operator"
        case .tooLong(let length):
            return "label selector is too long: \(length) bytes (at most \(LabelSelector.maximumLength) allowed)"
        case .tooManyRequirements:
            return "label selector has too many requirements (at most \(LabelSelector.maximumRequirements) allowed)"
        }
    }
}
