/// The store's key layout for API objects:
/// `/registry/<group or "core">/<resource>/<namespace>/<name>` for namespaced resources and
/// `/registry/<group or "core">/<resource>/<name>` for cluster-scoped ones.
/// The key does not contain the version: all versions of a resource share one key space.
enum StorageKey {
    /// `/registry/core/configmaps/` (the prefix of every object of the resource).
    static func resourcePrefix(group: String, resource: String) -> String {
        "/registry/" + (group.isEmpty ? "core" : group) + "/" + resource + "/"
    }

    /// The prefix of a list or watch: one namespace, or all of them when `namespace` is nil.
    static func collectionPrefix(_ info: ResourceInfo, namespace: String?) -> String {
        let base = resourcePrefix(group: info.group, resource: info.resource)
        guard info.namespaced, let namespace, !namespace.isEmpty else { return base }
        return base + namespace + "/"
    }

    /// The key of one object.
    static func objectKey(_ info: ResourceInfo, namespace: String?, name: String) -> String {
        let base = resourcePrefix(group: info.group, resource: info.resource)
        if info.namespaced { return base + (namespace ?? "") + "/" + name }
        return base + name
    }

    /// The namespace and name a key encodes (namespace "" for cluster-scoped resources).
    static func namespaceAndName(fromKey key: String, _ info: ResourceInfo) -> (namespace: String, name: String)? {
        let base = resourcePrefix(group: info.group, resource: info.resource)
        guard key.hasPrefix(base) else { return nil }
        let rest = key.dropFirst(base.count)
        if !info.namespaced { return ("", String(rest)) }
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}
