import SkiffAPI
import SkiffModel
import SkiffStore

/// The generic REST handlers: every verb on every resource of the registry, with objects held as
/// JSON trees and stored under ``StorageKey``. One file per verb (`ResourceHandler+Get.swift` ...);
/// the pure rules they apply live in `Objects/`, `Lists/`, `Patch/` and `Watch/`.
struct ResourceHandler: Sendable {
    let storage: any Storage
    let registry: ResourceRegistry
    let environment: ServerEnvironment
    /// Serves lists, gets and watches when present (the server always has one; handlers built
    /// without one read the store directly).
    var cache: WatchCache? = nil

    /// How many times an unconditional write retries after losing a compare-and-swap race.
    static let writeAttempts = 8

    /// Serves one resource request.
    func handle(_ request: APIRequest, path: ResourcePath) async throws -> APIResponse {
        guard let info = registry.lookup(group: path.group, version: path.version, resource: path.resource) else {
            throw StatusEncoding.pathNotFound
        }
        if path.namespace != nil && !info.namespaced { throw StatusEncoding.pathNotFound }
        if let subresource = path.subresource {
            return try await handleSubresource(request, path: path, info: info, subresource: subresource)
        }
        let isWatch = path.legacyWatch || request.query.flag("watch")
        let table = request.method == "GET" ? try TableNegotiation.form(accept: request.accept, query: request.query).table : nil
        switch (request.method, path.name) {
        case ("GET", nil):
            try requireVerb(isWatch ? "watch" : "list", info)
            if isWatch { return try await watch(WatchPlan(info: info, namespace: path.namespace, name: nil, query: request.query), table: table) }
            return try await list(info, namespace: path.namespace, query: request.query, table: table)
        case ("GET", let name?):
            if isWatch {
                try requireVerb("watch", info)
                return try await watch(WatchPlan(info: info, namespace: path.namespace, name: name, query: request.query), table: table)
            }
            try requireVerb("get", info)
            try requireNamespace(path, info)
            return try await get(info, namespace: path.namespace, name: name, table: table)
        case ("POST", nil) where info.group.isEmpty && info.resource == "bindings":
            guard let namespace = path.namespace, !namespace.isEmpty,
                  let pods = registry.lookup(group: "", version: "v1", resource: "pods") else { throw StatusEncoding.methodNotAllowed }
            return try await bind(pods, namespace: namespace, podName: nil, request: request)
        case ("POST", nil):
            try requireVerb("create", info)
            if info.namespaced && path.namespace == nil { throw StatusEncoding.methodNotAllowed }
            if path.legacyWatch { throw StatusEncoding.methodNotAllowed }
            return try await create(info, namespace: path.namespace, request: request)
        case ("PUT", let name?):
            try requireVerb("update", info)
            try requireNamespace(path, info)
            return try await update(info, namespace: path.namespace, name: name, request: request, target: .main)
        case ("PATCH", let name?):
            try requireVerb("patch", info)
            try requireNamespace(path, info)
            return try await patch(info, namespace: path.namespace, name: name, request: request, target: .main)
        case ("DELETE", let name?):
            try requireVerb("delete", info)
            try requireNamespace(path, info)
            return try await delete(info, namespace: path.namespace, name: name, request: request)
        case ("DELETE", nil):
            try requireVerb("deletecollection", info)
            if info.namespaced && path.namespace == nil { throw StatusEncoding.methodNotAllowed }
            return try await deleteCollection(info, namespace: path.namespace, request: request)
        default:
            throw StatusEncoding.methodNotAllowed
        }
    }

    /// A watch to stream, once the store has reached the revision it starts after.
    private func watch(_ plan: WatchPlan, table: TableRequest?) async throws -> APIResponse {
        if case .after(let revision) = plan.start {
            if let cache, await cache.waitUntil(revision, timeout: Self.futureRevisionWait) {
                // The cache has it.
            } else {
                try await awaitRevision(revision)
            }
        }
        var plan = plan
        plan.table = table
        return .watch(plan)
    }

    /// `status` and `scale` are served; the other subresources (log, binding, eviction, exec ...)
    /// come with the components that own them.
    private func handleSubresource(_ request: APIRequest, path: ResourcePath, info: ResourceInfo,
                                   subresource: String) async throws -> APIResponse {
        guard info.subresources[subresource] != nil, let name = path.name, !path.legacyWatch else {
            throw StatusEncoding.pathNotFound
        }
        try requireNamespace(path, info)
        if subresource == "scale" {
            return try await scale(info, namespace: path.namespace, name: name, request: request)
        }
        if subresource == "log" && info.group.isEmpty && info.resource == "pods" {
            return try await podLog(info, namespace: path.namespace ?? "", name: name, request: request)
        }
        if subresource == "binding" && info.group.isEmpty && info.resource == "pods" {
            guard request.method == "POST" else { throw StatusEncoding.methodNotAllowed }
            return try await bind(info, namespace: path.namespace ?? "", podName: name, request: request)
        }
        guard subresource == "status" else { throw StatusEncoding.pathNotFound }
        switch request.method {
        case "GET":
            return try await get(info, namespace: path.namespace, name: name)
        case "PUT":
            return try await update(info, namespace: path.namespace, name: name, request: request, target: .status)
        case "PATCH":
            return try await patch(info, namespace: path.namespace, name: name, request: request, target: .status)
        default:
            throw StatusEncoding.methodNotAllowed
        }
    }

    private func requireVerb(_ verb: String, _ info: ResourceInfo) throws(StatusError) {
        guard info.allows(verb) else { throw StatusEncoding.methodNotAllowed }
        if info.group.isEmpty && info.resource == "bindings" {
            // Reserved for the scheduler (pods/binding); not stored as plain objects.
            throw StatusError.methodNotSupported(resource: info.resource, group: info.group, action: verb)
        }
    }

    /// Object paths of namespaced resources need a namespace.
    private func requireNamespace(_ path: ResourcePath, _ info: ResourceInfo) throws(StatusError) {
        if info.namespaced && (path.namespace ?? "").isEmpty { throw StatusEncoding.pathNotFound }
    }

    // MARK: Shared helpers

    /// The stored object with its resourceVersion, as bytes ready to send.
    static func responseBytes(_ value: KeyValue) -> [UInt8] {
        StoredObject.withResourceVersion(Array(value.value), value.modRevision)
    }

    /// A JSON object response, with `resourceVersion` set when given.
    static func objectResponse(_ object: JSONValue, status: Int, resourceVersion: Int64?) -> APIResponse {
        if let resourceVersion {
            return .json(status: status, body: StoredObject.withResourceVersion(StoredObject.encode(object), resourceVersion))
        }
        return .json(status: status, body: JSONWriter.encode(object))
    }

    /// `dryRun=All` makes a write check everything and store nothing; other values are a 400.
    static func isDryRun(_ query: QueryParameters) throws(StatusError) -> Bool {
        guard let value = query["dryRun"], !value.isEmpty else { return false }
        guard value == "All" else {
            throw .badRequest("Invalid dry run value: \(value) (supported values: \"All\")")
        }
        return true
    }

    /// Fails unless the namespace exists and is not being deleted (404 / 403, as Kubernetes'
    /// NamespaceLifecycle admission plugin answers).
    func requireActiveNamespace(_ namespace: String, for info: ResourceInfo, name: String) async throws {
        guard let namespaces = registry.lookup(group: "", version: "v1", resource: "namespaces") else { return }
        let key = StorageKey.objectKey(namespaces, namespace: nil, name: namespace)
        // The watch cache first, as Kubernetes' admission reads its informer; a namespace it does
        // not have yet (just created) is looked up in the store.
        let bytes: [UInt8]
        if let cached = cache?.object(key: key).object {
            bytes = cached.bytes
        } else if let stored = try await storage.get(key) {
            bytes = Array(stored.value)
        } else {
            throw StatusError.notFound(resource: "namespaces", name: namespace)
        }
        if let object = try? JSONParser.parse(bytes), NamespaceLifecycle.isTerminating(object) {
            throw NamespaceLifecycle.terminatingError(info, name: name, namespace: namespace)
        }
    }

    /// Decodes a stored value (with its resourceVersion); a value that does not decode is a 500.
    static func decodeStored(_ value: KeyValue) throws(StatusError) -> JSONValue {
        do {
            return try StoredObject.decode(Array(value.value), resourceVersion: value.modRevision)
        } catch {
            throw .internalError("stored object \(value.key) does not decode: \(error.message)")
        }
    }
}

extension ResourceHandler {
    /// How long a read that names a future resourceVersion waits for the store to reach it
    /// (Kubernetes' watch cache waits 3 s too) before failing with 504 `Too large resource version`.
    static let futureRevisionWait: Duration = .seconds(3)

    /// Returns once the store's revision is at least `revision`, or throws 504 Timeout.
    func awaitRevision(_ revision: Int64) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: Self.futureRevisionWait)
        while true {
            let current = try await storage.currentRevision()
            if current >= revision { return }
            if clock.now >= deadline {
                throw StatusMapping.status(for: StorageError.futureRevision(requested: revision, currentRevision: current),
                                           resource: nil, name: "")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
