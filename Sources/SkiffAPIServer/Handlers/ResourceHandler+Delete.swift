import Foundation
import SkiffAPI
import SkiffModel
import SkiffStore

extension ResourceHandler {
    /// `DELETE .../{name}`: removes the object (or, when it has finalizers, marks it with a
    /// deletionTimestamp and leaves it). Namespaces are deleted with their contents; the system
    /// namespaces may not be deleted (403).
    func delete(_ info: ResourceInfo, namespace: String?, name: String, request: APIRequest) async throws -> APIResponse {
        let options = try DeleteOptions(body: request.body, query: request.query)
        if info.group.isEmpty && info.resource == "namespaces" {
            return try await deleteNamespace(info, name: name, options: options)
        }
        let outcome = try await deleteObject(info, namespace: namespace, name: name, options: options)
        return deleteResponse(info, name: name, outcome: outcome)
    }

    /// How a delete ended.
    enum DeleteOutcome: Sendable {
        /// Removed; the object as it was, and the revision of the deletion.
        case deleted(JSONValue, revision: Int64)
        /// Held back by finalizers; the object as it now is.
        case pending(JSONValue, revision: Int64)
        /// `dryRun`: nothing changed.
        case dryRun(JSONValue)
    }

    func deleteObject(_ info: ResourceInfo, namespace: String?, name: String, options: DeleteOptions) async throws -> DeleteOutcome {
        let key = StorageKey.objectKey(info, namespace: namespace, name: name)
        for _ in 0..<Self.writeAttempts {
            guard let current = try await storage.get(key) else {
                throw StatusError.notFound(resource: info.resource, group: info.group, name: name)
            }
            let object = try Self.decodeStored(current)
            try options.check(object, info: info, name: name)
            if options.dryRun { return .dryRun(object) }
            do {
                let grace = GracefulDeletion.gracePeriod(object, info: info, options: options)
                if grace > 0 {
                    guard let marked = GracefulDeletion.mark(object, seconds: grace, now: environment.now().date) else {
                        return .pending(object, revision: current.modRevision)
                    }
                    let revision = try await storage.update(key, value: Data(StoredObject.encode(marked)),
                                                            expectedRevision: current.modRevision)
                    return .pending(marked, revision: revision)
                }
                if !FinalizerRules.finalizers(object).isEmpty {
                    if FinalizerRules.isBeingDeleted(object) { return .pending(object, revision: current.modRevision) }
                    let marked = FinalizerRules.markDeleted(object, now: environment.now())
                    let revision = try await storage.update(key, value: Data(StoredObject.encode(marked)),
                                                            expectedRevision: current.modRevision)
                    return .pending(marked, revision: revision)
                }
                let result = try await storage.delete(key, expectedRevision: current.modRevision)
                return .deleted(object, revision: result.revision)
            } catch StorageError.conflict {
                continue
            } catch StorageError.notFound {
                throw StatusError.notFound(resource: info.resource, group: info.group, name: name)
            }
        }
        throw StatusError.conflict(resource: info.resource, group: info.group, name: name,
                                   because: "the object is being modified too often; please try again")
    }

    func deleteResponse(_ info: ResourceInfo, name: String, outcome: DeleteOutcome) -> APIResponse {
        switch outcome {
        case .pending(let object, let revision):
            return Self.objectResponse(object, status: 200, resourceVersion: revision)
        case .deleted(let object, _), .dryRun(let object):
            if DeleteOptions.returnsDeletedObject.contains(info.group + "/" + info.resource) {
                return .json(status: 200, body: JSONWriter.encode(object))
            }
            let uid = object[member: "metadata"]?[member: "uid"]?.stringValue ?? ""
            return .json(status: 200, body: StatusEncoding.encode(DeleteOptions.successStatus(info: info, name: name, uid: uid)))
        }
    }

    /// `DELETE` on a collection: deletes every matching object, answers with the list of them.
    func deleteCollection(_ info: ResourceInfo, namespace: String?, request: APIRequest) async throws -> APIResponse {
        let options = try DeleteOptions(body: request.body, query: request.query)
        let selector = try ObjectSelector(query: request.query, resource: info)
        let prefix = StorageKey.collectionPrefix(info, namespace: namespace)
        let found = try await scan(info, prefix: prefix, revision: nil, startAfter: nil, limit: nil, selector: selector)
        var items: [[UInt8]] = []
        for value in found.items {
            guard let (objectNamespace, name) = StorageKey.namespaceAndName(fromKey: value.key, info) else { continue }
            let outcome: DeleteOutcome
            do {
                outcome = try await deleteObject(info, namespace: info.namespaced ? objectNamespace : nil, name: name, options: options)
            } catch let error as StatusError where error.reason == .notFound {
                continue
            }
            switch outcome {
            case .deleted(let object, _), .dryRun(let object): items.append(JSONWriter.encode(object))
            case .pending(let object, let revision): items.append(StoredObject.withResourceVersion(StoredObject.encode(object), revision))
            }
        }
        return .json(status: 200, body: ListDocument.encode(apiVersion: info.apiVersion, kind: info.listKind, items: items,
                                                            resourceVersion: nil, continueToken: nil))
    }
}
