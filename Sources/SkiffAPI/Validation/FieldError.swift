/// One validation failure on one field (Kubernetes' `field.Error`): what kind of failure, the
/// field path (`spec.containers[0].name`), the offending value and a detail. It becomes one
/// `StatusCause` of an Invalid (422) `Status`.
public struct FieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; the raw value is the `reason` of the `StatusCause`.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case notFound = "FieldValueNotFound"
        case required = "FieldValueRequired"
        case duplicate = "FieldValueDuplicate"
        case invalid = "FieldValueInvalid"
        case notSupported = "FieldValueNotSupported"
        case forbidden = "FieldValueForbidden"
        case tooLong = "FieldValueTooLong"
        case tooMany = "FieldValueTooMany"
        case tooFew = "FieldValueTooFew"
        case tooShort = "FieldValueTooShort"
        case `internal` = "InternalError"
        case typeInvalid = "FieldValueTypeInvalid"

        /// The words Kubernetes writes for this kind ("Required value", "Invalid value" ...).
        public var label: String {
            switch self {
            case .notFound: return "Not found"
            case .required: return "Required value"
            case .duplicate: return "Duplicate value"
            case .invalid, .typeInvalid: return "Invalid value"
            case .notSupported: return "Unsupported value"
            case .forbidden: return "Forbidden"
            case .tooLong: return "Too long"
            case .tooMany: return "Too many"
            case .tooFew: return "Too few"
            case .tooShort: return "Too short"
            case .internal: return "Internal error"
            }
        }
    }

    /// The offending value, rendered as Kubernetes renders it in messages.
    public enum BadValue: Sendable, Hashable {
        /// Not shown.
        case omitted
        /// Shown quoted: `"web"`.
        case string(String)
        /// Shown as is: `3`.
        case integer(Int64)
        /// Shown as is: `true`.
        case boolean(Bool)
        /// Shown as JSON: `["a","b"]`, or `null` for nil.
        case strings([String]?)
        /// Shown verbatim (already JSON).
        case json(String)

        var rendered: String? {
            switch self {
            case .omitted: return nil
            case .string(let text): return goQuoted(text)
            case .integer(let number): return String(number)
            case .boolean(let flag): return String(flag)
            case .strings(let values): return goJSONStrings(values)
            case .json(let text): return text
            }
        }
    }

    public var kind: Kind
    /// The field path, e.g. `metadata.name` or `spec.containers[0].image`.
    public var field: String
    public var badValue: BadValue
    public var detail: String

    public init(kind: Kind, field: String, badValue: BadValue = .omitted, detail: String = "") {
        self.kind = kind
        self.field = field
        self.badValue = badValue
        self.detail = detail
    }

    /// The message without the field (Kubernetes' `ErrorBody`), e.g. `Invalid value: "x": detail`;
    /// this is a `StatusCause`'s `message`.
    public var body: String {
        var text = kind.label
        switch kind {
        case .required, .forbidden, .tooLong, .tooShort, .internal:
            break
        default:
            if let rendered = badValue.rendered { text += ": " + rendered }
        }
        if !detail.isEmpty { text += ": " + detail }
        return text
    }

    /// `<field>: <body>`, as Kubernetes prints a field error.
    public var description: String { field + ": " + body }

    /// The messages of several errors as Kubernetes aggregates them: one alone, several
    /// de-duplicated in brackets (`[a, b]`), nil for none.
    public static func aggregateMessage(_ errors: [FieldError]) -> String? {
        aggregate(errors.map(\.description))
    }

    static func aggregate(_ messages: [String]) -> String? {
        if messages.isEmpty { return nil }
        if messages.count == 1 { return messages[0] }
        var seen = Set<String>()
        var unique = [String]()
        for message in messages where seen.insert(message).inserted { unique.append(message) }
        return unique.count == 1 ? unique[0] : "[" + unique.joined(separator: ", ") + "]"
    }
}

extension FieldError {
    /// `field.Invalid`: the value is wrong.
    public static func invalid(_ field: String, _ value: BadValue, _ detail: String) -> FieldError {
        FieldError(kind: .invalid, field: field, badValue: value, detail: detail)
    }

    /// `field.Invalid` with a string value.
    public static func invalid(_ field: String, _ value: String, _ detail: String) -> FieldError {
        invalid(field, .string(value), detail)
    }

    /// `field.Required`: the value is missing.
    public static func required(_ field: String, _ detail: String = "") -> FieldError {
        FieldError(kind: .required, field: field, badValue: .string(""), detail: detail)
    }

    /// `field.Forbidden`: the field may not be set here.
    public static func forbidden(_ field: String, _ detail: String) -> FieldError {
        FieldError(kind: .forbidden, field: field, badValue: .string(""), detail: detail)
    }

    /// `field.Duplicate`: the value repeats one already given.
    public static func duplicate(_ field: String, _ value: BadValue) -> FieldError {
        FieldError(kind: .duplicate, field: field, badValue: value)
    }

    /// `field.NotFound`: the value refers to something that does not exist.
    public static func notFound(_ field: String, _ value: BadValue) -> FieldError {
        FieldError(kind: .notFound, field: field, badValue: value)
    }

    /// `field.NotSupported`: the value is not one of the supported ones.
    public static func notSupported(_ field: String, _ value: BadValue, supported: [String]) -> FieldError {
        let detail = supported.isEmpty ? "" : "supported values: " + supported.map(goQuoted).joined(separator: ", ")
        return FieldError(kind: .notSupported, field: field, badValue: value, detail: detail)
    }

    /// `field.TooLong`: `may not be more than N bytes`.
    public static func tooLong(_ field: String, maxLength: Int) -> FieldError {
        let detail = maxLength >= 0 ? "may not be more than \(maxLength) \(maxLength == 1 ? "byte" : "bytes")" : "value is too long"
        return FieldError(kind: .tooLong, field: field, badValue: .string("<value omitted>"), detail: detail)
    }

    /// `field.TooMany`: `must have at most N items`.
    public static func tooMany(_ field: String, actual: Int, maximum: Int) -> FieldError {
        let detail = maximum >= 0 ? "must have at most \(maximum) \(maximum == 1 ? "item" : "items")" : "has too many items"
        return FieldError(kind: .tooMany, field: field, badValue: actual >= 0 ? .integer(Int64(actual)) : .omitted, detail: detail)
    }

    /// `field.InternalError`.
    public static func internalError(_ field: String, _ message: String) -> FieldError {
        FieldError(kind: .internal, field: field, badValue: .omitted, detail: message)
    }
}
