/// A boxed value, used by the generator for the properties that make a definition contain itself
/// (`APIExtensionsV1.JSONSchemaProps.not`). Encodes and decodes exactly as the wrapped value, and
/// forwards member access: `schema.not?.type`.
@dynamicMemberLookup
public indirect enum Indirect<Wrapped> {
    case value(Wrapped)

    public init(_ value: Wrapped) { self = .value(value) }

    public var value: Wrapped {
        get { switch self { case .value(let value): value } }
        set { self = .value(newValue) }
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<Wrapped, T>) -> T {
        get { value[keyPath: keyPath] }
        set { value[keyPath: keyPath] = newValue }
    }
}

extension Indirect: Sendable where Wrapped: Sendable {}
extension Indirect: Equatable where Wrapped: Equatable {}
extension Indirect: Hashable where Wrapped: Hashable {}

extension Indirect: Codable where Wrapped: Codable {
    public init(from decoder: any Decoder) throws {
        self = .value(try Wrapped(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
