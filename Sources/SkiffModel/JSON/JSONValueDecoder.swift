/// Decodes any `Decodable` from a `JSONValue` tree through `Codable` (`JSONDecoder`'s semantics
/// with default strategies: a missing key and `null` both decode as nil for an optional;
/// integers must be integer literals in range). ``JSONValueDecodable`` types use it for the few
/// hand-written types (Quantity, IntOrString, times, the JSONSchemaProps unions) they contain.
public struct JSONValueDecoder: Sendable {
    public init() {}

    /// Decodes a `T` from an already parsed value.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: JSONValueDecoding(value: value, node: .root))
    }
}

/// A coding path as a linked list, turned into `[CodingKey]` only when asked (errors).
private final class PathNode: @unchecked Sendable {
    static let root = PathNode(parent: nil, key: nil)
    let parent: PathNode?
    let key: (any CodingKey)?

    init(parent: PathNode?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    func appending(_ key: any CodingKey) -> PathNode { PathNode(parent: self, key: key) }

    var path: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: PathNode? = self
        while let current = node {
            if let key = current.key { keys.append(key) }
            node = current.parent
        }
        return keys.reversed()
    }
}

/// The `Decoder` over one `JSONValue`.
private struct JSONValueDecoding: Decoder {
    let value: JSONValue
    let node: PathNode
    var codingPath: [any CodingKey] { node.path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw JSONValueDecoding.mismatch([String: JSONValue].self, value, codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, node: node))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw JSONValueDecoding.mismatch([JSONValue].self, value, codingPath)
        }
        return UnkeyedContainer(elements: elements, node: node)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, node: node)
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type), found \(value.kindDescription)"))
    }
}

extension JSONValue {
    /// "a string", "an object" ... for error messages.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Primitive extraction shared by the three containers.
private enum Primitive {
    static func bool(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else { throw JSONValueDecoding.mismatch(Bool.self, value, path()) }
        return bool
    }

    static func string(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw JSONValueDecoding.mismatch(String.self, value, path()) }
        return string
    }

    static func double(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .number(let number): return number
        case .integer(let integer): return Double(integer)
        default: throw JSONValueDecoding.mismatch(Double.self, value, path())
        }
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> T {
        switch value {
        case .integer(let integer):
            guard let exact = T(exactly: integer) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "\(integer) does not fit in \(T.self)"))
            }
            return exact
        case .number(let number):
            // Only integer literals (as Go's encoding/json: 1.0 and 1e3 are not integers).
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "\(number) is not a \(T.self)"))
        default:
            throw JSONValueDecoding.mismatch(T.self, value, path())
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ node: @autoclosure () -> PathNode) throws -> T {
        if T.self == String.self { return try string(value, node().path) as! T }
        if T.self == Bool.self { return try bool(value, node().path) as! T }
        if T.self == Int.self { return try integer(Int.self, value, node().path) as! T }
        if T.self == Int32.self { return try integer(Int32.self, value, node().path) as! T }
        if T.self == Int64.self { return try integer(Int64.self, value, node().path) as! T }
        if T.self == Double.self { return try double(value, node().path) as! T }
        if T.self == JSONValue.self { return value as! T }
        return try T(from: JSONValueDecoding(value: value, node: node()))
    }
}

/// A key for positions in arrays, in coding paths.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let node: PathNode
    var codingPath: [any CodingKey] { node.path }

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func required(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for key \(key.stringValue)"))
        }
        return value
    }

    private func present(_ key: Key) -> JSONValue? {
        switch object[key.stringValue] {
        case nil, .null?: nil
        case let value?: value
        }
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try required(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Primitive.bool(required(key), node.appending(key).path) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Primitive.string(required(key), node.appending(key).path) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Primitive.double(required(key), node.appending(key).path) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try Primitive.double(required(key), node.appending(key).path)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Primitive.integer(Int.self, required(key), node.appending(key).path) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try Primitive.integer(Int8.self, required(key), node.appending(key).path) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try Primitive.integer(Int16.self, required(key), node.appending(key).path) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try Primitive.integer(Int32.self, required(key), node.appending(key).path) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Primitive.integer(Int64.self, required(key), node.appending(key).path) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try Primitive.integer(UInt.self, required(key), node.appending(key).path) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try Primitive.integer(UInt8.self, required(key), node.appending(key).path) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try Primitive.integer(UInt16.self, required(key), node.appending(key).path) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try Primitive.integer(UInt32.self, required(key), node.appending(key).path) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try Primitive.integer(UInt64.self, required(key), node.appending(key).path) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try Primitive.decode(T.self, required(key), node.appending(key))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try Primitive.decode(T.self, $0, node.appending(key)) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoding(value: required(key), node: node.appending(key)).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoding(value: required(key), node: node.appending(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoding(value: object["super"] ?? .null, node: node)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoding(value: object[key.stringValue] ?? .null, node: node.appending(key))
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let node: PathNode
    var currentIndex = 0
    var codingPath: [any CodingKey] { node.path }

    init(elements: [JSONValue], node: PathNode) {
        self.elements = elements
        self.node = node
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next<T>(_ type: T.Type) throws -> (JSONValue, PathNode) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(T.self, .init(codingPath: node.appending(IndexKey(currentIndex)).path,
                                                            debugDescription: "unkeyed container is at end"))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], node.appending(IndexKey(currentIndex)))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = elements[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(type); return try Primitive.bool(v, p.path) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(type); return try Primitive.string(v, p.path) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(type); return try Primitive.double(v, p.path) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(type); return Float(try Primitive.double(v, p.path)) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(type); return try Primitive.integer(Int.self, v, p.path) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, p) = try next(type); return try Primitive.integer(Int8.self, v, p.path) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, p) = try next(type); return try Primitive.integer(Int16.self, v, p.path) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, p) = try next(type); return try Primitive.integer(Int32.self, v, p.path) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, p) = try next(type); return try Primitive.integer(Int64.self, v, p.path) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, p) = try next(type); return try Primitive.integer(UInt.self, v, p.path) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, p) = try next(type); return try Primitive.integer(UInt8.self, v, p.path) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (v, p) = try next(type); return try Primitive.integer(UInt16.self, v, p.path) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (v, p) = try next(type); return try Primitive.integer(UInt32.self, v, p.path) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (v, p) = try next(type); return try Primitive.integer(UInt64.self, v, p.path) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { let (v, p) = try next(type); return try Primitive.decode(T.self, v, p) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next([String: JSONValue].self)
        return try JSONValueDecoding(value: value, node: path).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next([JSONValue].self)
        return try JSONValueDecoding(value: value, node: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next(JSONValue.self)
        return JSONValueDecoding(value: value, node: path)
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let node: PathNode
    var codingPath: [any CodingKey] { node.path }

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try Primitive.bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Primitive.string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Primitive.double(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try Primitive.double(value, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try Primitive.integer(Int.self, value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Primitive.integer(Int8.self, value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Primitive.integer(Int16.self, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Primitive.integer(Int32.self, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Primitive.integer(Int64.self, value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try Primitive.integer(UInt.self, value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Primitive.integer(UInt8.self, value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Primitive.integer(UInt16.self, value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Primitive.integer(UInt32.self, value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Primitive.integer(UInt64.self, value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Primitive.decode(T.self, value, node) }
}
