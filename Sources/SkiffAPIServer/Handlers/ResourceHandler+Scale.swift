import SkiffAPI
import SkiffModel
import SkiffStore

extension ResourceHandler {
    /// The `scale` subresource (`kubectl scale`): GET answers an `autoscaling/v1 Scale`, PUT and
    /// PATCH (merge, JSON, strategic) change the object's `spec.replicas` and answer its new Scale.
    /// A resourceVersion in the Scale is a precondition (409 when stale).
    func scale(_ info: ResourceInfo, namespace: String?, name: String, request: APIRequest) async throws -> APIResponse {
        let dryRun = try Self.isDryRun(request.query)
        let written: APIResponse
        switch request.method {
        case "GET":
            let response = try await get(info, namespace: namespace, name: name)
            return try Self.scaleResponse(response, info: info)
        case "PUT":
            let body = try BodyDecoder.decodeObject(request.body, contentType: request.contentType)
            let expected = try UpdateStrategy.expectedRevision(body)
            written = try await readModifyWrite(info, namespace: namespace, name: name, dryRun: dryRun) { old, current in
                if let expected, expected != current.modRevision {
                    throw StatusError.conflict(resource: info.resource, group: info.group, name: name)
                }
                return (try ScaleConversion.applying(body, to: old, pathName: name), expected != nil)
            }
        case "PATCH":
            let patch = try PatchRequest(contentType: request.contentType, body: request.body,
                                         rootDefinition: "io.k8s.api.autoscaling.v1.Scale")
            written = try await readModifyWrite(info, namespace: namespace, name: name, dryRun: dryRun) { old, current in
                let patched = try patch.apply(to: ScaleConversion.scale(of: old, info: info))
                let expected = try UpdateStrategy.expectedRevision(patched)
                if let expected, expected != current.modRevision {
                    throw StatusError.conflict(resource: info.resource, group: info.group, name: name)
                }
                return (try ScaleConversion.applying(patched, to: old, pathName: name), patch.setsResourceVersion)
            }
        default:
            throw StatusEncoding.methodNotAllowed
        }
        return try Self.scaleResponse(written, info: info)
    }

    /// The Scale of the object in an object response.
    private static func scaleResponse(_ response: APIResponse, info: ResourceInfo) throws -> APIResponse {
        guard case .json(let status, let body) = response else { return response }
        guard let object = try? JSONParser.parse(body) else {
            throw StatusError.internalError("the object does not decode")
        }
        return .json(status: status, body: JSONWriter.encode(ScaleConversion.scale(of: object, info: info)))
    }
}
