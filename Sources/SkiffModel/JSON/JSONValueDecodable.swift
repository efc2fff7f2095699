import SkiffAPI

/// A type built straight from a parsed `JSONValue`, without `Codable`'s per-field machinery:
/// every generated API type conforms (`*+JSONValue.swift`, from scripts/generate-model.py), so a
/// client decodes an object by parsing its bytes once (``JSONParser``) and walking the tree —
/// about four times faster than Foundation's `JSONDecoder` on a pod. The result equals what
/// `JSONDecoder` gives for the same bytes (tested); a missing key and `null` both give nil.
public protocol JSONValueDecodable {
    init(json: JSONValue) throws
}

/// Why a value could not be built from JSON (the caller may retry with `JSONDecoder` for a
/// detailed error).
public struct JSONValueDecodingError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension JSONValueDecodable {
    /// Parses `bytes` and builds the value.
    public init(jsonBytes bytes: [UInt8]) throws {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw JSONValueDecodingError("malformed JSON: \(error.message)")
        }
        try self.init(json: value)
    }
}

/// The helpers generated initializers call.
public enum JSONFields {
    /// The members of an object, or an error naming the type expected.
    @inlinable
    public static func object(_ value: JSONValue, _ type: StaticString) throws -> [String: JSONValue] {
        guard case .object(let members) = value else { throw JSONValueDecodingError("expected an object for \(type), found \(value)") }
        return members
    }

    /// An optional member: nil when missing or null.
    @inlinable
    public static func optional<T: JSONValueDecodable>(_ members: [String: JSONValue], _ key: String) throws -> T? {
        switch members[key] {
        case nil, .null?: return nil
        case let value?: return try T(json: value)
        }
    }
}

extension String: JSONValueDecodable {
    @inlinable
    public init(json: JSONValue) throws {
        guard case .string(let string) = json else { throw JSONValueDecodingError("expected a string, found \(json)") }
        self = string
    }
}

extension Bool: JSONValueDecodable {
    @inlinable
    public init(json: JSONValue) throws {
        guard case .bool(let bool) = json else { throw JSONValueDecodingError("expected a boolean, found \(json)") }
        self = bool
    }
}

extension Double: JSONValueDecodable {
    @inlinable
    public init(json: JSONValue) throws {
        switch json {
        case .number(let number): self = number
        case .integer(let integer): self = Double(integer)
        default: throw JSONValueDecodingError("expected a number, found \(json)")
        }
    }
}

extension Int64: JSONValueDecodable {
    @inlinable
    public init(json: JSONValue) throws {
        // Only integer literals (as Go's encoding/json: 1.0 and 1e3 are not integers).
        guard case .integer(let integer) = json else { throw JSONValueDecodingError("expected an integer, found \(json)") }
        self = integer
    }
}

extension Int32: JSONValueDecodable {
    @inlinable
    public init(json: JSONValue) throws {
        guard let exact = Int32(exactly: try Int64(json: json)) else { throw JSONValueDecodingError("\(json) does not fit in Int32") }
        self = exact
    }
}

extension Int: JSONValueDecodable {
    @inlinable
    public init(json: JSONValue) throws {
        guard let exact = Int(exactly: try Int64(json: json)) else { throw JSONValueDecodingError("\(json) does not fit in Int") }
        self = exact
    }
}

extension JSONValue: JSONValueDecodable {
    @inlinable
    public init(json: JSONValue) throws { self = json }
}

extension Array: JSONValueDecodable where Element: JSONValueDecodable {
    @inlinable
    public init(json: JSONValue) throws {
        guard case .array(let elements) = json else { throw JSONValueDecodingError("expected an array, found \(json)") }
        self = try elements.map { try Element(json: $0) }
    }
}

extension Dictionary: JSONValueDecodable where Key == String, Value: JSONValueDecodable {
    @inlinable
    public init(json: JSONValue) throws {
        guard case .object(let members) = json else { throw JSONValueDecodingError("expected an object, found \(json)") }
        self = try members.mapValues { try Value(json: $0) }
    }
}

extension Indirect: JSONValueDecodable where Wrapped: JSONValueDecodable {
    public init(json: JSONValue) throws { self = .value(try Wrapped(json: json)) }
}

// The hand-written types keep their own Codable rules; they are decoded through them.
extension Quantity: JSONValueDecodable {
    public init(json: JSONValue) throws { self = try JSONValueDecoder().decode(Self.self, from: json) }
}

extension IntOrString: JSONValueDecodable {
    public init(json: JSONValue) throws { self = try JSONValueDecoder().decode(Self.self, from: json) }
}

extension KubeTime: JSONValueDecodable {
    public init(json: JSONValue) throws { self = try JSONValueDecoder().decode(Self.self, from: json) }
}

extension MicroTime: JSONValueDecodable {
    public init(json: JSONValue) throws { self = try JSONValueDecoder().decode(Self.self, from: json) }
}

extension APIExtensionsV1.JSONSchemaPropsOrArray: JSONValueDecodable {
    public init(json: JSONValue) throws { self = try JSONValueDecoder().decode(Self.self, from: json) }
}

extension APIExtensionsV1.JSONSchemaPropsOrBool: JSONValueDecodable {
    public init(json: JSONValue) throws { self = try JSONValueDecoder().decode(Self.self, from: json) }
}

extension APIExtensionsV1.JSONSchemaPropsOrStringArray: JSONValueDecodable {
    public init(json: JSONValue) throws { self = try JSONValueDecoder().decode(Self.self, from: json) }
}
