import SkiffAPI
import SkiffModel

extension ResourceHandler {
    /// `PATCH .../{name}` (and `.../status`): JSON merge patch and JSON patch. Strategic merge
    /// patch and server-side apply get a 415 that says so.
    func patch(_ info: ResourceInfo, namespace: String?, name: String, request: APIRequest,
               target: UpdateStrategy.Target) async throws -> APIResponse {
        let mediaType = MediaType(parsing: request.contentType ?? "")
        enum Kind { case merge, json }
        let kind: Kind
        switch mediaType.essence {
        case MediaType.mergePatch: kind = .merge
        case MediaType.jsonPatch: kind = .json
        case MediaType.strategicMergePatch:
            throw StatusError.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (Skiff does not apply strategic merge patches yet: use kubectl patch --type=merge or --type=json; kubectl apply works for creating objects, not for changing them)")
        case MediaType.applyPatch:
            throw StatusError.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (Skiff does not support server-side apply yet)")
        default:
            throw StatusError.unsupportedMediaType(accepted: [MediaType.jsonPatch, MediaType.mergePatch])
        }
        let patchDocument = try BodyDecoder.decodeJSON(request.body)
        if kind == .merge && !patchDocument.isObject {
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
