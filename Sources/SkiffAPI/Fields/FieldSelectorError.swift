/// Why a field selector was rejected; `description` is Kubernetes' message.
public enum FieldSelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A term has no `=`, `==` or `!=`: `invalid selector: '<selector>'; can't understand '<term>'`.
    case cannotUnderstand(selector: String, term: String)
    /// A backslash not followed by `\`, `,` or `=`.
    case invalidEscapeSequence(String)
    /// A bare `=` inside a value (`a=b=c`); Kubernetes prints the character's code point.
    case unescapedCharacter(Unicode.Scalar)
    /// Longer than `FieldSelector.maximumLength` bytes (a Skiff limit).
    case tooLong(length: Int)
    /// More than `FieldSelector.maximumRequirements` terms (a Skiff limit).
    case tooManyRequirements

    public var description: String {
        switch self {
        case .cannotUnderstand(let selector, let term):
            return "invalid selector: '\(selector)'; can't understand '\(term)'"
        case .invalidEscapeSequence(let sequence):
            return "invalid field selector: invalid escape sequence: \(sequence)"
        case .unescapedCharacter(let scalar):
            return "invalid field selector: unescaped character in value: \(scalar.value)"
        case .tooLong(let length):
            return "field selector is too long: \(length) bytes (at most \(FieldSelector.maximumLength) allowed)"
        case .tooManyRequirements:
            return "field selector has too many requirements (at most \(FieldSelector.maximumRequirements) allowed)"
        }
    }
}
