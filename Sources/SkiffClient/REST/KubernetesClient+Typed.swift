import NIOHTTP1
import SkiffAPI
import SkiffModel

/// Typed calls on any `APIObject` kind. Namespaced kinds take the namespace from the argument or
/// the object's `metadata.namespace` ("default" when both are missing); cluster-scoped kinds
/// ignore it.
extension KubernetesClient {
    /// GET one object.
    public func get<T: APIObject>(_ type: T.Type, name: String, namespace: String? = nil) async throws -> T {
        let resource = try T.apiResource()
        let bytes = try await send(.GET, resource.objectPath(namespace: Self.scope(resource, namespace), name: name))
        return try Self.decode(T.self, from: bytes)
    }

    /// GET the collection (one page when `options.limit` is set), in `namespace` or (nil) all namespaces.
    public func list<T: APIObject>(_ type: T.Type, namespace: String? = nil,
                                   options: ListOptions = ListOptions()) async throws -> ObjectList<T> {
        let resource = try T.apiResource()
        let bytes = try await send(.GET, resource.collectionPath(namespace: namespace),
                                   query: options.queryItems(watch: false))
        return try Self.decode(ListEnvelope<T>.self, from: bytes).list
    }

    /// Every page of a list, read at one revision (the first page's), concatenated. `pageSize`
    /// nil asks for everything at once (the server may still page; the pages are followed).
    public func listAll<T: APIObject>(_ type: T.Type, namespace: String? = nil, options: ListOptions = ListOptions(),
                                      pageSize: Int? = 500) async throws -> ObjectList<T> {
        var pageOptions = options
        pageOptions.limit = pageSize
        var page = try await list(T.self, namespace: namespace, options: pageOptions)
        var all = page
        while let token = page.continueToken {
            pageOptions.continueToken = token
            pageOptions.resourceVersion = nil
            pageOptions.resourceVersionMatch = nil
            page = try await list(T.self, namespace: namespace, options: pageOptions)
            all.items += page.items
        }
        all.continueToken = nil
        all.remainingItemCount = nil
        return all
    }

    /// POST a new object; answers the stored object (with uid, resourceVersion ...).
    public func create<T: APIObject>(_ object: T, namespace: String? = nil, dryRun: Bool = false) async throws -> T {
        let resource = try T.apiResource()
        let body = try Self.encode(object.withTypeMeta())
        let bytes = try await send(.POST, resource.collectionPath(namespace: Self.scope(resource, namespace ?? object.metadata?.namespace)),
                                   query: dryRun ? [("dryRun", "All")] : [], body: body)
        return try Self.decode(T.self, from: bytes)
    }

    /// PUT the object. With `metadata.resourceVersion` set this is compare-and-swap: a stale
    /// version throws a Conflict (`isConflict`).
    public func update<T: APIObject>(_ object: T, dryRun: Bool = false) async throws -> T {
        try await put(object, subresource: nil, dryRun: dryRun)
    }

    /// PUT the object's `status` subresource (only `status` changes).
    public func updateStatus<T: APIObject>(_ object: T, dryRun: Bool = false) async throws -> T {
        try await put(object, subresource: "status", dryRun: dryRun)
    }

    private func put<T: APIObject>(_ object: T, subresource: String?, dryRun: Bool) async throws -> T {
        let resource = try T.apiResource()
        guard let name = object.metadata?.name, !name.isEmpty else {
            throw KubernetesClientError.configuration("update needs metadata.name")
        }
        let path = resource.objectPath(namespace: Self.scope(resource, object.metadata?.namespace), name: name,
                                       subresource: subresource)
        let bytes = try await send(.PUT, path, query: dryRun ? [("dryRun", "All")] : [],
                                   body: try Self.encode(object.withTypeMeta()))
        return try Self.decode(T.self, from: bytes)
    }

    /// PATCH an object (or its `subresource`, e.g. "status") with a patch document of `type`.
    public func patch<T: APIObject>(_ type: T.Type, name: String, namespace: String? = nil, patch: JSONValue,
                                    patchType: PatchType = .merge, subresource: String? = nil) async throws -> T {
        let resource = try T.apiResource()
        let path = resource.objectPath(namespace: Self.scope(resource, namespace), name: name, subresource: subresource)
        let bytes = try await send(.PATCH, path, body: try Self.encode(patch), contentType: patchType.rawValue)
        return try Self.decode(T.self, from: bytes)
    }

    /// DELETE an object. Answers the object when the server returns it (objects kept by
    /// finalizers, and kinds the server answers with the deleted object), nil when it answers a
    /// Success Status.
    @discardableResult
    public func delete<T: APIObject>(_ type: T.Type, name: String, namespace: String? = nil,
                                     options: DeleteOptions = DeleteOptions()) async throws -> T? {
        let resource = try T.apiResource()
        let bytes = try await send(.DELETE, resource.objectPath(namespace: Self.scope(resource, namespace), name: name),
                                   body: try Self.encode(options.body))
        if (try? Self.decode(KindProbe.self, from: bytes))?.kind == "Status" { return nil }
        return try Self.decode(T.self, from: bytes)
    }

    /// Any subresource call on a typed object: `POST pods/web/binding` with a Binding,
    /// `GET deployments/web/scale` ... The answer is decoded as `Response`.
    public func subresource<T: APIObject, Body: Encodable, Response: Decodable>(
        _ method: HTTPMethod, _ type: T.Type, name: String, namespace: String? = nil, subresource: String,
        body: Body?, query: [(String, String)] = [], as responseType: Response.Type
    ) async throws -> Response {
        let resource = try T.apiResource()
        let path = resource.objectPath(namespace: Self.scope(resource, namespace), name: name, subresource: subresource)
        let bytes = try await send(method, path, query: query, body: try body.map { try Self.encode($0) })
        return try Self.decode(Response.self, from: bytes)
    }

    /// A subresource answered with raw bytes (e.g. `GET pods/web/log`, which is plain text).
    public func subresourceBytes<T: APIObject>(
        _ method: HTTPMethod, _ type: T.Type, name: String, namespace: String? = nil, subresource: String,
        body: [UInt8]? = nil, query: [(String, String)] = []
    ) async throws -> [UInt8] {
        let resource = try T.apiResource()
        let path = resource.objectPath(namespace: Self.scope(resource, namespace), name: name, subresource: subresource)
        return try await send(method, path, query: query, body: body)
    }

    /// The namespace to use in a path: nil for cluster-scoped resources, else the given one or "default".
    static func scope(_ resource: APIResource, _ namespace: String?) -> String? {
        guard resource.namespaced else { return nil }
        if let namespace, !namespace.isEmpty { return namespace }
        return "default"
    }
}
