import SkiffAPI

extension ResourceHandler {
    /// `GET .../{name}` (and `.../{name}/status`): the stored object, 404 when absent.
    /// With `table`, a `meta.k8s.io` Table of it (one row).
    func get(_ info: ResourceInfo, namespace: String?, name: String, table: TableRequest? = nil) async throws -> APIResponse {
        let key = StorageKey.objectKey(info, namespace: namespace, name: name)
        if let cache {
            let (found, served) = try await cachedGet(cache, key: key)
            if served {
                guard let found else { throw StatusError.notFound(resource: info.resource, group: info.group, name: name) }
                if let table {
                    return .json(status: 200, body: TableDocument.encodeObject(found.bytes, info: info, request: table, now: environment.now()))
                }
                return .json(status: 200, body: found.bytes)
            }
        }
        guard let stored = try await storage.get(key) else {
            throw StatusError.notFound(resource: info.resource, group: info.group, name: name)
        }
        if let table {
            return .json(status: 200, body: TableDocument.encodeObject(Self.responseBytes(stored), info: info, request: table, now: environment.now()))
        }
        return .json(status: 200, body: Self.responseBytes(stored))
    }
}
