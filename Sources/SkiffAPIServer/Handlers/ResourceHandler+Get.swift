import SkiffAPI

extension ResourceHandler {
    /// `GET .../{name}` (and `.../{name}/status`): the stored object, 404 when absent.
    func get(_ info: ResourceInfo, namespace: String?, name: String) async throws -> APIResponse {
        let key = StorageKey.objectKey(info, namespace: namespace, name: name)
        guard let stored = try await storage.get(key) else {
            throw StatusError.notFound(resource: info.resource, group: info.group, name: name)
        }
        return .json(status: 200, body: Self.responseBytes(stored))
    }
}
