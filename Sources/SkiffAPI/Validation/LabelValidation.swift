/// Checks for label keys, label values and annotations, returning Kubernetes' messages
/// (`k8s.io/apimachinery/pkg/api/validate/content`, `metav1/validation`): empty means valid.
public enum LabelValidation {
    public static let labelNameMaxLength = 63
    public static let labelValueMaxLength = 63
    /// The limit on the sum of the lengths of all annotation keys and values (256 KiB).
    public static let totalAnnotationSizeLimit = 256 * 1024

    static let labelKeyFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let labelValueFormat = "(" + labelKeyFormat + ")?"
    static let labelKeyMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    /// A qualified name (label key, annotation key, finalizer ...): an optional DNS subdomain
    /// prefix and '/', then a name of at most 63 characters matching
    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
    public static func qualifiedNameErrors(_ value: String) -> [String] {
        var errors = [String]()
        let parts = Array(value.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let name: ArraySlice<UInt8>
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += subdomainErrorsInBytes(String(decoding: prefix, as: UTF8.self)).map { "prefix part " + $0 }
            }
        default:
            return ["a valid label key " + NameValidation.regexMessage(labelKeyMessage, labelKeyFormat, examples: ["MyName", "my.name", "123-abc"])
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.count > labelNameMaxLength {
            errors.append("name part must be no more than \(labelNameMaxLength) bytes")
        }
        if !isLabelName(name) {
            errors.append("name part " + NameValidation.regexMessage(labelKeyMessage, labelKeyFormat, examples: ["MyName", "my.name", "123-abc"]))
        }
        return errors
    }

    /// A label value: empty, or at most 63 characters matching the label name pattern.
    public static func labelValueErrors(_ value: String) -> [String] {
        var errors = [String]()
        let bytes = Array(value.utf8)
        if bytes.count > labelValueMaxLength { errors.append("must be no more than \(labelValueMaxLength) bytes") }
        if !bytes.isEmpty && !isLabelName(bytes[...]) {
            errors.append(NameValidation.regexMessage(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                labelValueFormat, examples: ["MyValue", "my_value", "12345"]))
        }
        return errors
    }

    /// `metadata.labels` (Kubernetes' `ValidateLabels`), keys and values, in key order.
    public static func validateLabels(_ labels: [String: String], field: String = "metadata.labels") -> [FieldError] {
        var errors = [FieldError]()
        for key in labels.keys.sorted(by: byteOrder) {
            errors += qualifiedNameErrors(key).map { FieldError.invalid(field, key, $0) }
            errors += labelValueErrors(labels[key] ?? "").map { FieldError.invalid(field, labels[key] ?? "", $0) }
        }
        return errors
    }

    /// `metadata.annotations` (Kubernetes' `ValidateAnnotations`): keys are qualified names
    /// (case-insensitively) and all keys and values together fit in 256 KiB.
    public static func validateAnnotations(_ annotations: [String: String], field: String = "metadata.annotations") -> [FieldError] {
        var errors = [FieldError]()
        for key in annotations.keys.sorted(by: byteOrder) {
            errors += qualifiedNameErrors(key.lowercased()).map { FieldError.invalid(field, key, $0) }
        }
        if annotationsSize(annotations) > totalAnnotationSizeLimit {
            errors.append(.tooLong(field, maxLength: totalAnnotationSizeLimit))
        }
        return errors
    }

    /// The total size Kubernetes counts for annotations: the bytes of every key and value.
    public static func annotationsSize(_ annotations: [String: String]) -> Int {
        annotations.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
    }

    /// Kubernetes' `ValidateAnnotationsSize` message when over the limit, else nil.
    public static func annotationsSizeError(_ annotations: [String: String]) -> String? {
        let size = annotationsSize(annotations)
        return size > totalAnnotationSizeLimit ? "annotations size \(size) is larger than limit \(totalAnnotationSizeLimit)" : nil
    }

    // MARK: Helpers

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57)
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
    static func isLabelName(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// The label-key prefix check (`content.IsDNS1123Subdomain`, which counts bytes).
    static func subdomainErrorsInBytes(_ value: String) -> [String] {
        NameValidation.dns1123SubdomainErrors(value).map {
            $0 == NameValidation.maxLengthMessage(NameValidation.dns1123SubdomainMaxLength)
                ? "must be no more than \(NameValidation.dns1123SubdomainMaxLength) bytes" : $0
        }
    }

    /// Go's string order: bytewise.
    static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
