import Foundation
import SkiffAPI
import SkiffModel
import SkiffStore

extension ResourceHandler {
    /// How many names a create with `generateName` tries before giving up with 409, as
    /// Kubernetes does since RetryGenerateName (1.32): the first and 7 more.
    static let generateNameAttempts = 8

    /// `POST` on a collection: 201 with the created object; 409 AlreadyExists when the name is
    /// taken (with `generateName`: after trying fresh names); 404/403 when the namespace is
    /// missing or terminating.
    func create(_ info: ResourceInfo, namespace: String?, request: APIRequest) async throws -> APIResponse {
        let body = try BodyDecoder.decodeObject(request.body, contentType: request.contentType)
        let dryRun = try Self.isDryRun(request.query)
        let generated = (body[member: "metadata"]?[member: "name"]?.stringValue ?? "").isEmpty
        var attempt = 1
        while true {
            let stamp = CreateStrategy.Stamp(now: environment.now(), uid: environment.makeUID(), nameSuffix: environment.makeNameSuffix())
            var object = try CreateStrategy.prepare(body, info: info, pathNamespace: namespace, stamp: stamp)
            let name = object[member: "metadata"]?[member: "name"]?.stringValue ?? ""
            if info.namespaced, let namespace, attempt == 1 {
                try await requireActiveNamespace(namespace, for: info, name: name)
            }
            if info.group.isEmpty && info.resource == "pods" {
                object = try PriorityAdmission.admit(object, body: body, classes: try await priorityClasses(), podName: name)
            }
            if dryRun { return Self.objectResponse(object, status: 201, resourceVersion: nil) }
            let key = StorageKey.objectKey(info, namespace: namespace, name: name)
            do {
                let revision = try await storage.create(key, value: Data(StoredObject.encode(object)))
                return Self.objectResponse(object, status: 201, resourceVersion: revision)
            } catch StorageError.alreadyExists {
                guard generated else {
                    throw StatusError.alreadyExists(resource: info.resource, group: info.group, name: name)
                }
                if attempt < Self.generateNameAttempts {
                    attempt += 1
                    continue
                }
                throw StatusError.generateNameConflict(resource: info.resource, group: info.group, name: name, retryAfterSeconds: 1)
            } catch {
                throw StatusMapping.status(for: error, resource: info, name: name)
            }
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

    /// The cluster's PriorityClasses (from the watch cache when there is one).
    func priorityClasses() async throws -> [PriorityAdmission.PriorityClass] {
        let prefix = StorageKey.resourcePrefix(group: "scheduling.k8s.io", resource: "priorityclasses")
        var values: [[UInt8]] = []
        if let cache, try await cacheReadyForConsistentRead(cache) {
            values = cache.snapshot(resourcePrefix: prefix).objects.values.map(\.bytes)
        } else {
            values = try await storage.list(ListRequest(prefix: prefix)).items.map { Array($0.value) }
        }
        return values.compactMap { try? JSONParser.parse($0) }.compactMap(PriorityAdmission.PriorityClass.init)
    }
}
