import SkiffModel

/// Editing helpers the defaulting and validation code shares: set-if-missing, edit a member or
/// every element of an array member in place.
extension JSONValue {
    /// True for a missing member's stand-in: `null`.
    var isNull: Bool { self == .null }

    /// Sets `key` to `value` when the member is missing or null.
    mutating func setDefault(_ key: String, _ value: JSONValue) {
        if self[member: key] == nil || self[member: key] == .null {
            self[member: key] = value
        }
    }

    /// Sets `key` to `value` when the member is missing, null, `""` or `0` (Go's zero value of a
    /// non-pointer field, which Kubernetes' defaulting cannot tell from unset).
    mutating func setDefaultIfEmpty(_ key: String, _ value: JSONValue) {
        switch self[member: key] {
        case nil, .null?, .string("")?, .integer(0)?: self[member: key] = value
        default: break
        }
    }

    /// Runs `body` on the member `key` when it is an object; absent or non-object members are left alone.
    mutating func editObject(_ key: String, _ body: (inout JSONValue) -> Void) {
        guard var value = self[member: key], value.isObject else { return }
        self[member: key] = .null
        body(&value)
        self[member: key] = value
    }

    /// Runs `body` on every object element of the array member `key`.
    mutating func editElements(_ key: String, _ body: (inout JSONValue) -> Void) {
        guard case .array(var elements)? = self[member: key] else { return }
        self[member: key] = .null
        for index in elements.indices where elements[index].isObject {
            body(&elements[index])
        }
        self[member: key] = .array(elements)
    }

    /// The object elements of an array member, with their indexes (non-objects skipped).
    func objectElements(_ key: String) -> [(index: Int, value: JSONValue)] {
        guard let elements = self[member: key]?.arrayElements else { return [] }
        return elements.enumerated().compactMap { $0.element.isObject ? ($0.offset, $0.element) : nil }
    }

    /// A string member, "" when missing.
    func text(_ key: String) -> String { self[member: key]?.stringValue ?? "" }

    /// True when the member is missing, null, or an empty object, array or string.
    func isEmptyMember(_ key: String) -> Bool {
        switch self[member: key] {
        case nil, .null?: return true
        case .object(let members)?: return members.isEmpty
        case .array(let elements)?: return elements.isEmpty
        case .string(let text)?: return text.isEmpty
        default: return false
        }
    }
}

extension JSONValue {
    /// The value without object members that are `null`, at every depth (array elements stay):
    /// what decoding into Kubernetes' Go structs and encoding back does to an explicit null.
    func removingNullMembers() -> JSONValue {
        switch self {
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            kept.reserveCapacity(members.count)
            for (key, value) in members where value != .null {
                kept[key] = value.removingNullMembers()
            }
            return .object(kept)
        case .array(let elements):
            return .array(elements.map { $0.removingNullMembers() })
        default:
            return self
        }
    }
}
