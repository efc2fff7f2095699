import SkiffModel

/// Everything the generic REST handlers need to know about one served resource
/// (`configmaps` in core/v1, `deployments` in apps/v1 ...), derived from the generated
/// `ResourceCatalog` plus Skiff's hand tables (``ResourceHints``, ``NameRule``).
struct ResourceInfo: Sendable, Hashable {
    var group: String
    var version: String
    /// Plural resource name, as in the path.
    var resource: String
    var kind: String
    var namespaced: Bool
    var verbs: Set<String>
    /// Subresources by name (`status`, `scale`, `log` ...).
    var subresources: [String: ResourceCatalog.Subresource]

    /// `v1`, `apps/v1`.
    var apiVersion: String { group.isEmpty ? version : group + "/" + version }
    /// The kind of its lists (`ConfigMapList`).
    var listKind: String { kind + "List" }
    /// True when the kind has a `status` subresource: the main resource then ignores status
    /// changes and `/status` writes change only status.
    var hasStatusSubresource: Bool { subresources["status"] != nil }
    /// How names of this resource are validated.
    var nameRule: NameRule { NameRule.forResource(resource, group: group) }
    /// `configmaps`, `deployments.apps`: how Kubernetes names the resource in messages.
    var qualifiedResource: String { group.isEmpty ? resource : resource + "." + group }

    /// Whether the verb is allowed on the main resource.
    func allows(_ verb: String) -> Bool { verbs.contains(verb) }
}
