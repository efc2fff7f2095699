import SkiffAPI
import SkiffModel

/// A PATCH request's body and type, checked, and its application to an object (pure).
struct PatchRequest: Sendable {
    /// The patch format, from the Content-Type.
    enum Kind: Equatable, Sendable {
        case merge
        case json
        case strategic(rootDefinition: String)
    }

    var kind: Kind
    var document: JSONValue

    /// Reads the Content-Type and body. `rootDefinition` is the swagger definition of the
    /// patched document (nil: the kind has none, so no strategic merge patch, as for custom
    /// resources in Kubernetes). Server-side apply gets a 415 that says so.
    init(contentType: String?, body: [UInt8], rootDefinition: String?) throws(StatusError) {
        let mediaType = MediaType(parsing: contentType ?? "")
        switch mediaType.essence {
        case MediaType.mergePatch: kind = .merge
        case MediaType.jsonPatch: kind = .json
        case MediaType.strategicMergePatch:
            guard let rootDefinition else {
                throw StatusError.unsupportedMediaType(accepted: [MediaType.jsonPatch, MediaType.mergePatch])
            }
            kind = .strategic(rootDefinition: rootDefinition)
        case MediaType.applyPatch:
            throw StatusError.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (Skiff does not support server-side apply yet)")
        default:
            throw StatusError.unsupportedMediaType(accepted: [MediaType.jsonPatch, MediaType.mergePatch])
        }
        document = try BodyDecoder.decodeJSON(body)
        if kind != .json && !document.isObject {
            throw StatusError.badRequest("json: cannot unmarshal \(document.goTypeName) into Go value of type map[string]interface {}")
        }
    }

    /// The patched object; 400/422 with apimachinery's messages when the patch does not apply.
    func apply(to object: JSONValue) throws(StatusError) -> JSONValue {
        let patched: JSONValue
        switch kind {
        case .merge:
            patched = MergePatch.apply(document, to: object)
        case .json:
            do throws(JSONPatch.Failure) {
                patched = try JSONPatch.apply(document, to: object)
            } catch {
                if error.malformed { throw StatusError.badRequest(error.message) }
                throw StatusError(Status(message: error.message, reason: .invalid, details: StatusDetails(), code: 422))
            }
        case .strategic(let rootDefinition):
            do throws(StrategicMergePatch.Failure) {
                patched = try StrategicMergePatch.apply(document, to: object, rootDefinition: rootDefinition)
            } catch {
                if error.code == 400 { throw StatusError.badRequest(error.message) }
                throw StatusError(Status(message: error.message, reason: .invalid, details: StatusDetails(), code: 422))
            }
        }
        guard patched.isObject else {
            throw StatusError.badRequest("the patch must leave an object")
        }
        return patched
    }

    /// Whether the patch itself pins `metadata.resourceVersion` (making the write conditional).
    var setsResourceVersion: Bool {
        if kind == .json {
            return (document.arrayElements ?? []).contains { $0[member: "path"]?.stringValue == "/metadata/resourceVersion" }
        }
        return document[member: "metadata"]?[member: "resourceVersion"]?.stringValue != nil
    }
}
