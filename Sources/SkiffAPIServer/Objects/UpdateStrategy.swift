import SkiffAPI
import SkiffModel

/// What the server keeps and changes when an object is replaced (pure). Mirrors Kubernetes'
/// `rest.BeforeUpdate` and the strategies' `PrepareForUpdate`:
///
/// - apiVersion/kind checked against the path; the name must be the path's name and the
///   namespace the path's namespace (400);
/// - `uid` (when given it must not change: 422), `creationTimestamp`, `deletionTimestamp`,
///   `deletionGracePeriodSeconds` kept from the stored object;
/// - `generation` kept, and bumped by one when `spec` changes;
/// - for kinds with a status subresource, `status` is kept from the stored object (only
///   `/status` writes change it), and a `/status` write changes nothing but `status`;
/// - on the main resource, the kind's defaults applied and its fields validated, including
///   the fields that may not change (`KindAdmission`, 422); `/status` writes are not validated.
enum UpdateStrategy {
    /// Which part of the object a write may change.
    enum Target: Sendable {
        /// The main resource (`PUT .../{name}`): everything but status for kinds with a status subresource.
        case main
        /// The status subresource (`PUT .../{name}/status`): only status.
        case status
    }

    static func prepare(_ body: JSONValue, old: JSONValue, info: ResourceInfo, pathNamespace: String?,
                        pathName: String, target: Target) throws(StatusError) -> JSONValue {
        var incoming = body
        try TypeMetaCheck.apply(&incoming, info: info)
        try MetadataShape.check(incoming, kind: info.kind)
        let incomingMetadata = incoming[member: "metadata"] ?? .object([:])

        let bodyName = incomingMetadata[member: "name"]?.stringValue ?? ""
        if bodyName != pathName {
            throw .badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(pathName))")
        }
        if info.namespaced {
            let bodyNamespace = incomingMetadata[member: "namespace"]?.stringValue ?? ""
            if !bodyNamespace.isEmpty && bodyNamespace != (pathNamespace ?? "") {
                throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
        }

        var object: JSONValue
        switch target {
        case .main:
            object = incoming
            try KindAdmission.defaultForUpdate(&object, old: old, group: info.group, kind: info.kind)
            if info.hasStatusSubresource {
                object[member: "status"] = old[member: "status"]
            }
        case .status:
            object = old
            object[member: "status"] = incoming[member: "status"]
        }

        let oldMetadata = old[member: "metadata"] ?? .object([:])
        var metadata = target == .status ? oldMetadata : (object[member: "metadata"] ?? .object([:]))
        if metadata == .null { metadata = .object([:]) }
        let incomingUID = incomingMetadata[member: "uid"]?.stringValue ?? ""
        let oldUID = oldMetadata[member: "uid"]?.stringValue ?? ""
        if !incomingUID.isEmpty && incomingUID != oldUID {
            throw .invalid(kind: info.kind, group: info.group, name: pathName,
                           errors: [.invalid("metadata.uid", incomingUID, "field is immutable")])
        }
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name"] {
            metadata[member: field] = oldMetadata[member: field]
        }
        metadata[member: "generation"] = oldMetadata[member: "generation"]
        metadata[member: "resourceVersion"] = nil
        metadata[member: "selfLink"] = nil
        if target == .main, object[member: "spec"] != old[member: "spec"] {
            let generation = oldMetadata[member: "generation"]?.integerValue ?? 0
            metadata[member: "generation"] = .integer(generation + 1)
        }
        object[member: "metadata"] = metadata
        if target == .main {
            let errors = MetadataValidation.errors(object, info: info)
                + KindAdmission.updateErrors(object, old: old, group: info.group, kind: info.kind)
            try MetadataValidation.throwInvalid(errors, object: object, info: info)
        }
        return object
    }

    /// The resourceVersion a write is conditional on: the body's `metadata.resourceVersion`, or
    /// nil for an unconditional write. A value that is not a revision is a 400.
    static func expectedRevision(_ body: JSONValue) throws(StatusError) -> Int64? {
        guard let text = body[member: "metadata"]?[member: "resourceVersion"]?.stringValue, !text.isEmpty else {
            return nil
        }
        guard let revision = Int64(text), revision > 0 else {
            throw .badRequest("invalid resource version: \(text)")
        }
        return revision
    }
}
