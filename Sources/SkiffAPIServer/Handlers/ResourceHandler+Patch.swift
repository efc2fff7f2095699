import SkiffAPI
import SkiffModel

extension ResourceHandler {
    /// `PATCH .../{name}` (and `.../status`): JSON merge patch, JSON patch and strategic merge
    /// patch (built-in kinds only). Server-side apply gets a 415 that says so.
    func patch(_ info: ResourceInfo, namespace: String?, name: String, request: APIRequest,
               target: UpdateStrategy.Target) async throws -> APIResponse {
        let mediaType = MediaType(parsing: request.contentType ?? "")
        enum Kind: Equatable { case merge, json, strategic(rootDefinition: String) }
        let kind: Kind
        switch mediaType.essence {
        case MediaType.mergePatch: kind = .merge
        case MediaType.jsonPatch: kind = .json
        case MediaType.strategicMergePatch:
            // As Kubernetes for custom resources: no Go struct, no strategic merge patch.
            guard let root = PatchSchema.rootDefinition(group: info.group, version: info.version, kind: info.kind) else {
                throw StatusError.unsupportedMediaType(accepted: [MediaType.jsonPatch, MediaType.mergePatch])
            }
            kind = .strategic(rootDefinition: root)
        case MediaType.applyPatch:
            throw StatusError.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (Skiff does not support server-side apply yet)")
        default:
            throw StatusError.unsupportedMediaType(accepted: [MediaType.jsonPatch, MediaType.mergePatch])
        }
        let patchDocument = try BodyDecoder.decodeJSON(request.body)
        if kind != .json && !patchDocument.isObject {
            throw StatusError.badRequest("json: cannot unmarshal \(patchDocument.goTypeName) into Go value of type map[string]interface {}")
        }
        let dryRun = try Self.isDryRun(request.query)
        let conditional = patchSetsResourceVersion(patchDocument, kind: kind == .json)
        return try await readModifyWrite(info, namespace: namespace, name: name, dryRun: dryRun) { old, current in
            let patched: JSONValue
            switch kind {
            case .merge:
                patched = MergePatch.apply(patchDocument, to: old)
            case .json:
                do throws(JSONPatch.Failure) {
                    patched = try JSONPatch.apply(patchDocument, to: old)
                } catch {
                    if error.malformed { throw StatusError.badRequest(error.message) }
                    throw StatusError(Status(message: error.message, reason: .invalid, details: StatusDetails(), code: 422))
                }
            case .strategic(let rootDefinition):
                do throws(StrategicMergePatch.Failure) {
                    patched = try StrategicMergePatch.apply(patchDocument, to: old, rootDefinition: rootDefinition)
                } catch {
                    if error.code == 400 { throw StatusError.badRequest(error.message) }
                    throw StatusError(Status(message: error.message, reason: .invalid, details: StatusDetails(), code: 422))
                }
            }
            guard patched.isObject else {
                throw StatusError.badRequest("the patch must leave an object")
            }
            let expected = try UpdateStrategy.expectedRevision(patched)
            if let expected, expected != current.modRevision {
                throw StatusError.conflict(resource: info.resource, group: info.group, name: name)
            }
            let updated = try UpdateStrategy.prepare(patched, old: old, info: info, pathNamespace: namespace,
                                                     pathName: name, target: target)
            return (updated, conditional)
        }
    }

    /// Whether the patch itself pins `metadata.resourceVersion` (making the write conditional).
    private func patchSetsResourceVersion(_ patch: JSONValue, kind isJSONPatch: Bool) -> Bool {
        if isJSONPatch {
            return (patch.arrayElements ?? []).contains { $0[member: "path"]?.stringValue == "/metadata/resourceVersion" }
        }
        return patch[member: "metadata"]?[member: "resourceVersion"]?.stringValue != nil
    }
}
