// Hand-written: the JSONSchemaProps* "or" definitions have no schema in swagger.json
// (see HANDWRITTEN in scripts/generate-model.py). Being indirect enums, they also give
// JSONSchemaProps the indirection its recursion needs.

extension APIExtensionsV1 {
    /// `items`: one schema for all items, or one schema per position.
    public indirect enum JSONSchemaPropsOrArray: Codable, Sendable, Hashable {
        case schema(JSONSchemaProps)
        case schemas([JSONSchemaProps])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let schemas = try? container.decode([JSONSchemaProps].self) {
                self = .schemas(schemas)
            } else {
                self = .schema(try container.decode(JSONSchemaProps.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .schema(let schema): try container.encode(schema)
            case .schemas(let schemas): try container.encode(schemas)
            }
        }
    }

    /// `additionalProperties` / `additionalItems`: a boolean, or a schema.
    public indirect enum JSONSchemaPropsOrBool: Codable, Sendable, Hashable {
        case bool(Bool)
        case schema(JSONSchemaProps)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let allowed = try? container.decode(Bool.self) {
                self = .bool(allowed)
            } else {
                self = .schema(try container.decode(JSONSchemaProps.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .bool(let allowed): try container.encode(allowed)
            case .schema(let schema): try container.encode(schema)
            }
        }
    }

    /// `dependencies` values: a schema, or a list of property names.
    public indirect enum JSONSchemaPropsOrStringArray: Codable, Sendable, Hashable {
        case schema(JSONSchemaProps)
        case strings([String])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let strings = try? container.decode([String].self) {
                self = .strings(strings)
            } else {
                self = .schema(try container.decode(JSONSchemaProps.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .schema(let schema): try container.encode(schema)
            case .strings(let strings): try container.encode(strings)
            }
        }
    }
}
