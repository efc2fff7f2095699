/// Checks for object names and other DNS-style identifiers, returning Kubernetes' messages
/// (`k8s.io/apimachinery/pkg/util/validation`): an empty list means valid.
public enum NameValidation {
    public static let dns1123LabelMaxLength = 63
    public static let dns1123SubdomainMaxLength = 253
    public static let dns1035LabelMaxLength = 63

    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"

    /// An RFC 1123 label (e.g. namespace, service and pod-container names): at most 63
    /// characters, lower-case alphanumerics and '-', starting and ending alphanumeric.
    public static func dns1123LabelErrors(_ value: String) -> [String] {
        var errors = [String]()
        let bytes = Array(value.utf8)
        if bytes.count > dns1123LabelMaxLength { errors.append(maxLengthMessage(dns1123LabelMaxLength)) }
        if !isDNS1123Label(bytes[...]) {
            if isDNS1123Subdomain(bytes) {
                errors.append("must not contain dots")
            } else {
                errors.append(regexMessage(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                    dns1123LabelFormat, examples: ["my-name", "123-abc"]))
            }
        }
        return errors
    }

    /// An RFC 1123 subdomain (most object names): at most 253 characters, dot-separated
    /// RFC 1123 labels.
    public static func dns1123SubdomainErrors(_ value: String) -> [String] {
        var errors = [String]()
        let bytes = Array(value.utf8)
        if bytes.count > dns1123SubdomainMaxLength { errors.append(maxLengthMessage(dns1123SubdomainMaxLength)) }
        if !isDNS1123Subdomain(bytes) {
            errors.append(regexMessage(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                dns1123SubdomainFormat, examples: ["example.com"]))
        }
        return errors
    }

    /// An RFC 1035 label (service names): like an RFC 1123 label but starting with a letter.
    public static func dns1035LabelErrors(_ value: String) -> [String] {
        var errors = [String]()
        let bytes = Array(value.utf8)
        if bytes.count > dns1035LabelMaxLength { errors.append(maxLengthMessage(dns1035LabelMaxLength)) }
        let valid = isDNS1123Label(bytes[...]) && bytes.first.map(isLowerLetter) == true
        if !valid {
            errors.append(regexMessage(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                dns1035LabelFormat, examples: ["my-name", "abc-123"]))
        }
        return errors
    }

    /// Name check for objects whose names are subdomains (Kubernetes' `NameIsDNSSubdomain`);
    /// with `prefix` (a generateName) a trailing '-' is allowed.
    public static func nameIsDNSSubdomain(_ name: String, prefix: Bool = false) -> [String] {
        dns1123SubdomainErrors(prefix ? maskTrailingDash(name) : name)
    }

    /// Name check for objects whose names are RFC 1123 labels (`NameIsDNSLabel`).
    public static func nameIsDNSLabel(_ name: String, prefix: Bool = false) -> [String] {
        dns1123LabelErrors(prefix ? maskTrailingDash(name) : name)
    }

    /// Name check for objects whose names are RFC 1035 labels (`NameIsDNS1035Label`).
    public static func nameIsDNS1035Label(_ name: String, prefix: Bool = false) -> [String] {
        dns1035LabelErrors(prefix ? maskTrailingDash(name) : name)
    }

    /// A generateName may end in '-': check it as if that were an 'a'.
    static func maskTrailingDash(_ name: String) -> String {
        if name.utf8.count > 1 && name.hasSuffix("-") { return String(name.dropLast()) + "a" }
        return name
    }

    // MARK: Matchers (hand-written equivalents of the regular expressions)

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) }
    static func isLowerLetter(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
    static func isDNS1123Label(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last,
              isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// `label(\.label)*`
    static func isDNS1123Subdomain(_ bytes: [UInt8]) -> Bool {
        bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy(isDNS1123Label)
    }

    // MARK: Messages

    static func maxLengthMessage(_ length: Int) -> String { "must be no more than \(length) characters" }

    /// Kubernetes' `RegexError`.
    static func regexMessage(_ message: String, _ format: String, examples: [String]) -> String {
        if examples.isEmpty { return message + " (regex used for validation is '" + format + "')" }
        return message + " (e.g. " + examples.map { "'" + $0 + "', " }.joined(separator: " or ")
            + "regex used for validation is '" + format + "')"
    }
}
