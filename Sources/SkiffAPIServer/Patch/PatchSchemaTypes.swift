/// Strategic merge patch metadata of the built-in kinds: what Kubernetes reads from the Go struct
/// tags (`patchStrategy`, `patchMergeKey`) and the OpenAPI list extensions, per definition and
/// field. The tables (`roots`, `definitions`) are generated into `Generated/PatchSchema.swift` by
/// `scripts/generate-patch-metadata.py` from the Kubernetes swagger.
enum PatchSchema {
    struct GroupVersionKind: Hashable, Sendable {
        var group: String
        var version: String
        var kind: String

        init(_ group: String, _ version: String, _ kind: String) {
            self.group = group
            self.version = version
            self.kind = kind
        }
    }

    /// The swagger definition of a served kind (`io.k8s.api.apps.v1.Deployment`), nil for kinds
    /// without one (custom resources).
    static func rootDefinition(group: String, version: String, kind: String) -> String? {
        roots[GroupVersionKind(group, version, kind)]
    }

    /// The patch metadata of `field` in `definition`, nil for plain fields and unknown names.
    static func field(_ field: String, in definition: String) -> FieldPatchInfo? {
        definitions[definition]?[field]
    }
}

/// `x-kubernetes-list-type`.
enum ListType: Sendable, Hashable {
    case atomic, set, map
}

/// What the strategic merge patch needs to know about one field of a definition.
struct FieldPatchInfo: Sendable, Hashable {
    /// How the field is shaped on the wire.
    enum Shape: Sendable, Hashable {
        /// A nested definition (`ref` names it).
        case object
        /// A list; `ref` names its items' definition when they are objects.
        case array
        /// A free-form map (`map[string]T`); `ref` names its values' definition, if any.
        case map
        /// Anything else.
        case scalar
    }

    var shape: Shape
    var ref: String?
    /// `x-kubernetes-patch-strategy` split at commas: `merge`, `replace`, `retainKeys`.
    var strategies: Set<String>
    /// `x-kubernetes-patch-merge-key`.
    var mergeKey: String?
    var listType: ListType?
    var listMapKeys: [String]

    init(_ shape: Shape, ref: String? = nil, strategy: String? = nil, mergeKey: String? = nil,
         listType: ListType? = nil, listMapKeys: [String] = []) {
        self.shape = shape
        self.ref = ref
        self.strategies = Set((strategy ?? "").split(separator: ",").map(String.init))
        self.mergeKey = mergeKey
        self.listType = listType
        self.listMapKeys = listMapKeys
    }

    /// Lists: elements merge (by `mergeKey` for objects, as a union for primitives).
    var mergesList: Bool { strategies.contains("merge") }
    /// Maps: the patch value replaces the whole map.
    var replacesMap: Bool { strategies.contains("replace") }
}
