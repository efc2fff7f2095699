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
    ///
    /// As Kubernetes' GuaranteedUpdate, the first attempt starts from the watch cache's copy of the
    /// object when it has one (no store read); the compare-and-swap on its resourceVersion keeps
    /// that correct. Whatever the cached copy cannot decide for sure — a lost race, a failure of
    /// `change` (a precondition may only fail because the copy is stale), an unchanged object —
    /// is decided again from a store read.
    func readModifyWrite(_ info: ResourceInfo, namespace: String?, name: String, dryRun: Bool,
                         change: (JSONValue, KeyValue) throws -> (object: JSONValue, conditional: Bool)) async throws -> APIResponse {
        let key = StorageKey.objectKey(info, namespace: namespace, name: name)
        var cached = cache.flatMap { Self.cachedCurrent($0, key: key) }
        for _ in 0..<Self.writeAttempts {
            let fromCache = cached != nil
            let current: KeyValue, old: JSONValue
            if let (value, object) = cached {
                (current, old) = (value, object)
                cached = nil
            } else {
                guard let stored = try await storage.get(key) else {
                    throw StatusError.notFound(resource: info.resource, group: info.group, name: name)
                }
                (current, old) = (stored, try Self.decodeStored(stored))
            }
            let updated: JSONValue, conditional: Bool
            do {
                (updated, conditional) = try change(old, current)
            } catch where fromCache {
                continue
            }
            let bytes = StoredObject.encode(updated)
            if bytes == Array(current.value) {
                if fromCache { continue }
                return .json(status: 200, body: Self.responseBytes(current))
            }
            if dryRun {
                if fromCache { continue }
                return Self.objectResponse(updated, status: 200, resourceVersion: current.modRevision)
            }
            do {
                if FinalizerRules.shouldDeleteAfterUpdate(updated) {
                    let result = try await storage.delete(key, expectedRevision: current.modRevision)
                    return Self.objectResponse(updated, status: 200, resourceVersion: result.revision)
                }
                let revision = try await storage.update(key, value: Data(bytes), expectedRevision: current.modRevision)
                // The stored bytes with the new resourceVersion spliced in: what `objectResponse`
                // would encode again from `updated`.
                return .json(status: 200, body: StoredObject.withResourceVersion(bytes, revision))
            } catch StorageError.conflict {
                if conditional && !fromCache { throw StatusError.conflict(resource: info.resource, group: info.group, name: name) }
                continue
            } catch StorageError.notFound {
                throw StatusError.notFound(resource: info.resource, group: info.group, name: name)
            }
        }
        throw StatusError.conflict(resource: info.resource, group: info.group, name: name,
                                   because: "the object is being modified too often; please try again")
    }

    /// The watch cache's copy of the object as a stored value (its bytes without the
    /// resourceVersion the cache inserted) and decoded, or nil when the cache does not have it or
    /// its bytes do not have the expected shape.
    private static func cachedCurrent(_ cache: WatchCache, key: String) -> (KeyValue, JSONValue)? {
        guard let object = cache.object(key: key).object else { return nil }
        let bytes = object.bytes
        let member = Array("\"resourceVersion\":\"\(object.revision)\"".utf8)
        guard let start = StoredObject.metadataBodyStart(bytes), bytes.count > start + member.count,
              bytes[start..<(start + member.count)].elementsEqual(member) else { return nil }
        var end = start + member.count
        if bytes[end] == UInt8(ascii: ",") { end += 1 }
        var stored = [UInt8]()
        stored.reserveCapacity(bytes.count - (end - start))
        stored.append(contentsOf: bytes[..<start])
        stored.append(contentsOf: bytes[end...])
        guard let decoded = try? JSONParser.parse(bytes) else { return nil }
        return (KeyValue(key: key, value: Data(stored), createRevision: 0, modRevision: object.revision), decoded)
    }
}
