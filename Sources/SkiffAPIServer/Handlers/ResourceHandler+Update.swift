import Foundation
import SkiffAPI
import SkiffModel
import SkiffStore

extension ResourceHandler {
    /// `PUT .../{name}` and `PUT .../{name}/status`: replaces the object. A resourceVersion in the
    /// body makes the write conditional (409 Conflict when stale); without one the write retries
    /// until it wins. 404 when the object does not exist.
    func update(_ info: ResourceInfo, namespace: String?, name: String, request: APIRequest,
                target: UpdateStrategy.Target) async throws -> APIResponse {
        let body = try BodyDecoder.decodeObject(request.body, contentType: request.contentType)
        let expected = try UpdateStrategy.expectedRevision(body)
        let dryRun = try Self.isDryRun(request.query)
        return try await readModifyWrite(info, namespace: namespace, name: name, dryRun: dryRun) { old, current in
            if let expected, expected != current.modRevision {
                throw StatusError.conflict(resource: info.resource, group: info.group, name: name)
            }
            let updated = try UpdateStrategy.prepare(body, old: old, info: info, pathNamespace: namespace,
                                                     pathName: name, target: target)
            return (updated, expected != nil)
        }
    }

    /// The loop every write to an existing object runs: read the object, compute the new one
    /// (`change` gets the decoded object and the stored value, and says whether the write was
    /// conditional on a resourceVersion), write it with compare-and-swap, retry a lost race of an
    /// unconditional write. An unchanged object is not written (its resourceVersion stays). An
    /// object being deleted whose last finalizer is removed is deleted.
    func readModifyWrite(_ info: ResourceInfo, namespace: String?, name: String, dryRun: Bool,
                         change: (JSONValue, KeyValue) throws -> (object: JSONValue, conditional: Bool)) async throws -> APIResponse {
        let key = StorageKey.objectKey(info, namespace: namespace, name: name)
        for _ in 0..<Self.writeAttempts {
            guard let current = try await storage.get(key) else {
                throw StatusError.notFound(resource: info.resource, group: info.group, name: name)
            }
            let old = try Self.decodeStored(current)
            let (updated, conditional) = try change(old, current)
            let bytes = StoredObject.encode(updated)
            if bytes == Array(current.value) {
                return .json(status: 200, body: Self.responseBytes(current))
            }
            if dryRun { return Self.objectResponse(updated, status: 200, resourceVersion: current.modRevision) }
            do {
                if FinalizerRules.shouldDeleteAfterUpdate(updated) {
                    let result = try await storage.delete(key, expectedRevision: current.modRevision)
                    return Self.objectResponse(updated, status: 200, resourceVersion: result.revision)
                }
                let revision = try await storage.update(key, value: Data(bytes), expectedRevision: current.modRevision)
                return Self.objectResponse(updated, status: 200, resourceVersion: revision)
            } catch StorageError.conflict {
                if conditional { throw StatusError.conflict(resource: info.resource, group: info.group, name: name) }
                continue
            } catch StorageError.notFound {
                throw StatusError.notFound(resource: info.resource, group: info.group, name: name)
            }
        }
        throw StatusError.conflict(resource: info.resource, group: info.group, name: name,
                                   because: "the object is being modified too often; please try again")
    }
}
