import SkiffModel

/// A Kubernetes object the typed client can read and write: a `KubernetesObject` with
/// `apiVersion`, `kind` and `ObjectMeta`. Every built-in kind with metadata conforms
/// (`BuiltinAPIObjects.swift`); operator authors conform their custom-resource structs and
/// implement `apiResource()` (the catalog only knows built-in kinds).
public protocol APIObject: KubernetesObject {
    var apiVersion: String? { get set }
    var kind: String? { get set }
    var metadata: MetaV1.ObjectMeta? { get set }
    /// The REST resource serving this kind. Default: looked up in `ResourceCatalog`.
    static func apiResource() throws -> APIResource
}

extension APIObject {
    public static func apiResource() throws -> APIResource { try APIResource.for(groupVersionKind) }

    /// `metadata.name`, or "".
    public var name: String { metadata?.name ?? "" }
    /// `metadata.namespace`, or "" for cluster-scoped objects.
    public var namespace: String { metadata?.namespace ?? "" }
    /// `metadata.resourceVersion`, if any.
    public var resourceVersion: String? { metadata?.resourceVersion }
    /// The cache key `namespace/name`.
    public var objectKey: ObjectKey { ObjectKey(namespace: namespace, name: name) }

    /// This object with `apiVersion` and `kind` filled in from the type.
    func withTypeMeta() -> Self {
        var copy = self
        if copy.apiVersion == nil { copy.apiVersion = Self.apiVersion }
        if copy.kind == nil { copy.kind = Self.kind }
        return copy
    }
}
