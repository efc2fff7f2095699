import Foundation
import SkiffAPI
import SkiffModel
import SkiffStore

extension ResourceHandler {
    /// `POST` on a collection: 201 with the created object; 409 AlreadyExists when the name is
    /// taken; 404/403 when the namespace is missing or terminating.
    func create(_ info: ResourceInfo, namespace: String?, request: APIRequest) async throws -> APIResponse {
        let body = try BodyDecoder.decodeObject(request.body, contentType: request.contentType)
        let dryRun = try Self.isDryRun(request.query)
        let stamp = CreateStrategy.Stamp(now: environment.now(), uid: environment.makeUID(), nameSuffix: environment.makeNameSuffix())
        let object = try CreateStrategy.prepare(body, info: info, pathNamespace: namespace, stamp: stamp)
        let metadata = object[member: "metadata"]
        let name = metadata?[member: "name"]?.stringValue ?? ""
        let generated = (body[member: "metadata"]?[member: "name"]?.stringValue ?? "").isEmpty
        if info.namespaced, let namespace {
            try await requireActiveNamespace(namespace, for: info, name: name)
        }
        if dryRun { return Self.objectResponse(object, status: 201, resourceVersion: nil) }
        let key = StorageKey.objectKey(info, namespace: namespace, name: name)
        do {
            let revision = try await storage.create(key, value: Data(StoredObject.encode(object)))
            return Self.objectResponse(object, status: 201, resourceVersion: revision)
        } catch StorageError.alreadyExists {
            if generated {
                throw StatusError.generateNameConflict(resource: info.resource, group: info.group, name: name, retryAfterSeconds: 1)
            }
            throw StatusError.alreadyExists(resource: info.resource, group: info.group, name: name)
        } catch {
            throw StatusMapping.status(for: error, resource: info, name: name)
        }
    }

    /// Creates `object` if its key is free (used at start for the system namespaces).
    /// Returns false when it already existed.
    func createIfMissing(_ info: ResourceInfo, body: JSONValue) async throws -> Bool {
        let stamp = CreateStrategy.Stamp(now: environment.now(), uid: environment.makeUID(), nameSuffix: environment.makeNameSuffix())
        let object = try CreateStrategy.prepare(body, info: info, pathNamespace: nil, stamp: stamp)
        let name = object[member: "metadata"]?[member: "name"]?.stringValue ?? ""
        let key = StorageKey.objectKey(info, namespace: nil, name: name)
        if try await storage.get(key) != nil { return false }
        do {
            _ = try await storage.create(key, value: Data(StoredObject.encode(object)))
            return true
        } catch StorageError.alreadyExists {
            return false
        }
    }
}
