import SkiffModel

/// A REST resource: group, version, plural name and scope (`apps`, `v1`, `deployments`,
/// namespaced). Builds request paths; `for(_:)` finds a kind's resource in `ResourceCatalog`.
public struct APIResource: Sendable, Hashable {
    public var group: String
    public var version: String
    /// Plural name as in paths: `pods`.
    public var name: String
    public var namespaced: Bool

    public init(group: String, version: String, name: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.name = name
        self.namespaced = namespaced
    }

    /// The resource serving `kind` in its group-version, from the catalog.
    public static func `for`(_ kind: GroupVersionKind) throws(KubernetesClientError) -> APIResource {
        guard let resources = ResourceCatalog.resources(group: kind.group, version: kind.version),
              let resource = resources.first(where: { $0.kind == kind.kind })
        else {
            throw .configuration("no resource for kind \(kind.kind) in \(kind.apiVersion)")
        }
        return APIResource(group: kind.group, version: kind.version, name: resource.name, namespaced: resource.namespaced)
    }

    /// The resource of a `KubernetesObject` type.
    public static func of<T: KubernetesObject>(_ type: T.Type) throws(KubernetesClientError) -> APIResource {
        try .for(T.groupVersionKind)
    }

    /// `/api/v1` or `/apis/{group}/{version}`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The collection path, in `namespace` for namespaced resources (nil: all namespaces).
    public func collectionPath(namespace: String?) -> String {
        if namespaced, let namespace, !namespace.isEmpty {
            return "\(groupVersionPath)/namespaces/\(PathEscaping.segment(namespace))/\(name)"
        }
        return "\(groupVersionPath)/\(name)"
    }

    /// The path of one object, optionally of one of its subresources.
    public func objectPath(namespace: String?, name objectName: String, subresource: String? = nil) -> String {
        var path = collectionPath(namespace: namespace) + "/" + PathEscaping.segment(objectName)
        if let subresource { path += "/" + subresource }
        return path
    }
}
