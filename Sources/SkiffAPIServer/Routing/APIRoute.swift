/// What a request path addresses, as Kubernetes' `RequestInfoFactory` reads it: the health and
/// version endpoints, the discovery documents, or a resource (collection, object or subresource).
enum APIRoute: Equatable, Sendable {
    /// `/healthz`, `/livez`, `/readyz` (and their sub-checks such as `/readyz/ping`).
    case health(String)
    /// `/version`
    case version
    /// `/api`: the core group's versions (`APIVersions`).
    case coreVersions
    /// `/apis`: every other group (`APIGroupList`).
    case groupList
    /// `/apis/{group}`: one group (`APIGroup`).
    case group(String)
    /// `/api/v1`, `/apis/{group}/{version}`: the resources of a group-version (`APIResourceList`).
    case resourceList(group: String, version: String)
    /// `/openapi/v2`, `/openapi/v3/...`: answered before routing, by ``OpenAPIEndpoint`` (it
    /// needs the `Accept` and `If-None-Match` headers); a 404 if it ever reaches the handler.
    case openAPI
    /// A resource path.
    case resource(ResourcePath)
    /// Anything else.
    case notFound
}

/// A parsed resource path: `/api/v1/namespaces/default/configmaps/app`,
/// `/apis/apps/v1/deployments`, `/api/v1/watch/namespaces/default/pods`, ...
struct ResourcePath: Equatable, Sendable {
    /// API group; "" for the core group.
    var group: String
    var version: String
    /// The namespace from `/namespaces/{namespace}/...`, for namespaced resources.
    var namespace: String?
    /// Plural resource name (`configmaps`).
    var resource: String
    /// The object's name, for object paths.
    var name: String?
    /// The subresource (`status`, `scale`, ...), for subresource paths.
    var subresource: String?
    /// True for the deprecated `/watch/` form of a watch.
    var legacyWatch: Bool = false
}
