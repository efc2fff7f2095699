import SkiffAPI
import SkiffModel

extension ResourceHandler {
    /// `PATCH .../{name}` (and `.../status`): JSON merge patch, JSON patch and strategic merge
    /// patch (built-in kinds only). Server-side apply gets a 415 that says so.
    func patch(_ info: ResourceInfo, namespace: String?, name: String, request: APIRequest,
               target: UpdateStrategy.Target) async throws -> APIResponse {
        let patch = try PatchRequest(
            contentType: request.contentType, body: request.body,
            rootDefinition: PatchSchema.rootDefinition(group: info.group, version: info.version, kind: info.kind))
        let dryRun = try Self.isDryRun(request.query)
        let conditional = patch.setsResourceVersion
        return try await readModifyWrite(info, namespace: namespace, name: name, dryRun: dryRun) { old, current in
            let patched = try patch.apply(to: old)
            let expected = try UpdateStrategy.expectedRevision(patched)
            if let expected, expected != current.modRevision {
                throw StatusError.conflict(resource: info.resource, group: info.group, name: name)
            }
            let updated = try UpdateStrategy.prepare(patched, old: old, info: info, pathNamespace: namespace,
                                                     pathName: name, target: target)
            return (updated, conditional)
        }
    }
}
