import Foundation
import SkiffAPI
import SkiffModel
import SkiffStore

extension ResourceHandler {
    /// Deleting a namespace: refused for the system namespaces (403); otherwise the namespace is
    /// marked Terminating (new objects in it are refused from then on), everything in it is
    /// deleted, then the namespace itself. Skiff has no namespace controller yet, so this happens
    /// within the request; the answer is the namespace as it was while terminating.
    func deleteNamespace(_ info: ResourceInfo, name: String, options: DeleteOptions) async throws -> APIResponse {
        if NamespaceLifecycle.immortal.contains(name) {
            throw StatusError.forbidden(resource: info.resource, name: name, because: "this namespace may not be deleted")
        }
        let key = StorageKey.objectKey(info, namespace: nil, name: name)
        guard let current = try await storage.get(key) else {
            throw StatusError.notFound(resource: info.resource, name: name)
        }
        let object = try Self.decodeStored(current)
        try options.check(object, info: info, name: name)
        let terminating = NamespaceLifecycle.markTerminating(object, now: environment.now())
        if options.dryRun { return Self.objectResponse(terminating, status: 200, resourceVersion: current.modRevision) }

        var revision = current.modRevision
        if terminating != object {
            do {
                revision = try await storage.update(key, value: Data(StoredObject.encode(terminating)), expectedRevision: current.modRevision)
            } catch StorageError.conflict {
                throw StatusError.conflict(resource: info.resource, name: name)
            }
        }
        for prefix in registry.namespacedStoragePrefixes {
            try await deleteAll(under: prefix + name + "/")
        }
        do {
            try await storage.delete(key, expectedRevision: nil)
        } catch StorageError.notFound {
            // Deleted concurrently: fine.
        }
        return Self.objectResponse(terminating, status: 200, resourceVersion: revision)
    }

    /// Deletes every key under a prefix (ignoring keys that vanish meanwhile).
    private func deleteAll(under prefix: String) async throws {
        while true {
            let page = try await storage.list(ListRequest(prefix: prefix, limit: 500))
            if page.items.isEmpty { return }
            for value in page.items {
                do {
                    try await storage.delete(value.key, expectedRevision: nil)
                } catch StorageError.notFound {
                    continue
                }
            }
            if !page.hasMore { return }
        }
    }
}
