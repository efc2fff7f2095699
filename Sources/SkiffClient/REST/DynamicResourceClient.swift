import NIOHTTP1
import SkiffAPI
import SkiffModel

/// Untyped calls on one resource (by group, version and plural name) with objects as
/// `JSONValue` trees: for custom resources and tools that handle any kind.
public struct DynamicResourceClient: Sendable {
    public let client: KubernetesClient
    public let resource: APIResource

    public func get(name: String, namespace: String? = nil) async throws -> JSONValue {
        let bytes = try await client.send(.GET, resource.objectPath(namespace: scope(namespace), name: name))
        return try KubernetesClient.decode(JSONValue.self, from: bytes)
    }

    public func list(namespace: String? = nil, options: ListOptions = ListOptions()) async throws -> ObjectList<JSONValue> {
        let bytes = try await client.send(.GET, resource.collectionPath(namespace: namespace),
                                          query: options.queryItems(watch: false))
        return try KubernetesClient.decode(ListEnvelope<JSONValue>.self, from: bytes).list
    }

    public func create(_ object: JSONValue, namespace: String? = nil) async throws -> JSONValue {
        let path = resource.collectionPath(namespace: scope(namespace ?? object.metadataString("namespace")))
        let bytes = try await client.send(.POST, path, body: try KubernetesClient.encode(object))
        return try KubernetesClient.decode(JSONValue.self, from: bytes)
    }

    /// PUT (compare-and-swap when the object carries `metadata.resourceVersion`).
    public func update(_ object: JSONValue, subresource: String? = nil) async throws -> JSONValue {
        guard let name = object.metadataString("name") else {
            throw KubernetesClientError.configuration("update needs metadata.name")
        }
        let path = resource.objectPath(namespace: scope(object.metadataString("namespace")), name: name, subresource: subresource)
        let bytes = try await client.send(.PUT, path, body: try KubernetesClient.encode(object))
        return try KubernetesClient.decode(JSONValue.self, from: bytes)
    }

    public func patch(name: String, namespace: String? = nil, patch: JSONValue, patchType: PatchType = .merge,
                      subresource: String? = nil) async throws -> JSONValue {
        let path = resource.objectPath(namespace: scope(namespace), name: name, subresource: subresource)
        let bytes = try await client.send(.PATCH, path, body: try KubernetesClient.encode(patch), contentType: patchType.rawValue)
        return try KubernetesClient.decode(JSONValue.self, from: bytes)
    }

    /// DELETE; answers the object or the Success Status as the server sent it.
    @discardableResult
    public func delete(name: String, namespace: String? = nil, options: DeleteOptions = DeleteOptions()) async throws -> JSONValue {
        let bytes = try await client.send(.DELETE, resource.objectPath(namespace: scope(namespace), name: name),
                                          body: try KubernetesClient.encode(options.body))
        return try KubernetesClient.decode(JSONValue.self, from: bytes)
    }

    /// Watch events with `JSONValue` objects.
    public func watch(namespace: String? = nil, options: ListOptions = ListOptions()) -> AsyncThrowingStream<WatchEvent<JSONValue>, any Error> {
        client.watchStream(JSONValue.self, path: resource.collectionPath(namespace: namespace), options: options)
    }

    private func scope(_ namespace: String?) -> String? { KubernetesClient.scope(resource, namespace) }
}

extension KubernetesClient {
    /// The dynamic client of a resource. `namespaced` defaults to the catalog's answer (false
    /// for resources the catalog does not know).
    public func dynamic(group: String, version: String, resource: String, namespaced: Bool? = nil) -> DynamicResourceClient {
        let known = ResourceCatalog.resources(group: group, version: version)?.first { $0.name == resource }
        let scope = namespaced ?? known?.namespaced ?? false
        return DynamicResourceClient(client: self, resource: APIResource(group: group, version: version, name: resource, namespaced: scope))
    }

    /// The dynamic client of a resource described by an `APIResource`.
    public func dynamic(_ resource: APIResource) -> DynamicResourceClient {
        DynamicResourceClient(client: self, resource: resource)
    }
}

extension JSONValue {
    /// `object[key]` when this is an object.
    public subscript(key key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, when this is a string.
    public var asString: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// `metadata.<field>` as a string.
    func metadataString(_ field: String) -> String? {
        self[key: "metadata"]?[key: field]?.asString
    }
}
