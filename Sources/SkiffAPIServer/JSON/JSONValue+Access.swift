import SkiffModel

/// Small accessors for reading and editing objects held as `JSONValue` trees.
extension JSONValue {
    /// The member `key` of an object (nil for a missing key or a non-object); setting on a
    /// non-object turns it into an object; setting nil removes the member.
    subscript(member key: String) -> JSONValue? {
        get {
            guard case .object(let members) = self else { return nil }
            return members[key]
        }
        set {
            var members: [String: JSONValue]
            if case .object(let existing) = self { members = existing } else { members = [:] }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The string, or nil for any other kind of value.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The object's members, or nil for any other kind of value.
    var objectMembers: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The array's elements, or nil for any other kind of value.
    var arrayElements: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// An integer value (also from a whole-number double).
    var integerValue: Int64? {
        switch self {
        case .integer(let number): return number
        case .number(let number): return Int64(exactly: number)
        default: return nil
        }
    }

    /// True for objects.
    var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// The JSON type name as Go's encoding/json reports it in unmarshal errors.
    var goTypeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value at a dotted path (`spec.nodeName`), descending through objects only.
    func value(atPath path: String) -> JSONValue? {
        var current: JSONValue? = self
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            current = current?[member: String(component)]
        }
        return current
    }

    /// A field value as a field selector sees it: strings as is, booleans and numbers printed,
    /// anything missing or structured as "".
    func fieldSelectorText(atPath path: String) -> String {
        switch value(atPath: path) {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .number(let number):
            var bytes: [UInt8] = []
            JSONWriter.writeDouble(number, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        default: return ""
        }
    }

    /// A map of string values (`metadata.labels`); non-string values are skipped.
    var stringMap: [String: String] {
        guard case .object(let members) = self else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in members {
            if case .string(let text) = value { result[key] = text }
        }
        return result
    }
}
