import SkiffAPI
import SkiffModel

/// Type checks on `metadata` that a typed decoder would make (a 400 when a field has the wrong
/// JSON type), so that later code can read names, labels and annotations safely.
enum MetadataShape {
    private static let stringFields = ["name", "generateName", "namespace", "uid", "resourceVersion",
                                       "creationTimestamp", "deletionTimestamp", "selfLink"]
    private static let stringMapFields = ["labels", "annotations"]

    static func check(_ object: JSONValue, kind: String) throws(StatusError) {
        guard let metadata = object[member: "metadata"] else { return }
        if case .null = metadata { return }
        guard let members = metadata.objectMembers else {
            throw mismatch(metadata, field: "\(kind).metadata", type: "v1.ObjectMeta")
        }
        for field in stringFields {
            guard let value = members[field] else { continue }
            switch value {
            case .string, .null: continue
            default: throw mismatch(value, field: "\(kind).metadata.\(field)", type: "string")
            }
        }
        for field in stringMapFields {
            guard let value = members[field] else { continue }
            if case .null = value { continue }
            guard let map = value.objectMembers else {
                throw mismatch(value, field: "\(kind).metadata.\(field)", type: "map[string]string")
            }
            for (_, entry) in map {
                switch entry {
                case .string, .null: continue
                default: throw mismatch(entry, field: "\(kind).metadata.\(field)", type: "string")
                }
            }
        }
        if let finalizers = members["finalizers"] {
            if case .null = finalizers { return }
            guard let elements = finalizers.arrayElements else {
                throw mismatch(finalizers, field: "\(kind).metadata.finalizers", type: "[]string")
            }
            for element in elements {
                guard element.stringValue != nil else {
                    throw mismatch(element, field: "\(kind).metadata.finalizers", type: "string")
                }
            }
        }
        if let generation = members["generation"], generation.integerValue == nil, generation != .null {
            throw mismatch(generation, field: "\(kind).metadata.generation", type: "int64")
        }
    }

    private static func mismatch(_ value: JSONValue, field: String, type: String) -> StatusError {
        .badRequest("json: cannot unmarshal \(value.goTypeName) into Go struct field \(field) of type \(type)")
    }
}
