import SkiffAPI
import SkiffModel

/// What the server sets on an object it creates (pure: time, uid and the generated-name suffix
/// are inputs). Mirrors Kubernetes' `rest.BeforeCreate` and the strategies' `PrepareForCreate`:
///
/// - apiVersion/kind checked against the path (400), metadata types checked (400);
/// - namespace: taken from the path, a different one in the body is a 400; cleared for
///   cluster-scoped kinds;
/// - `generateName` + 5 random characters when no name is given;
/// - `uid`, `creationTimestamp` (RFC 3339, seconds, UTC) set; `deletionTimestamp`,
///   `deletionGracePeriodSeconds` and `resourceVersion` cleared (a resourceVersion in the
///   body is a 400, as Kubernetes refuses it too);
/// - `generation` = 1 for objects with a `spec`;
/// - `status` dropped for kinds with a status subresource (namespaces start `Active`, with the
///   `kubernetes` finalizer in `spec.finalizers`);
/// - the kind's defaults applied (`KindAdmission`; a body of the wrong shape is a 400);
/// - then name, labels, annotations and finalizers, and the kind's own fields, validated (422).
enum CreateStrategy {
    /// The inputs that are not in the request.
    struct Stamp: Sendable {
        var now: KubeTime
        var uid: String
        /// Five characters appended to a `generateName`.
        var nameSuffix: String
    }

    static func prepare(_ body: JSONValue, info: ResourceInfo, pathNamespace: String?, stamp: Stamp) throws(StatusError) -> JSONValue {
        var object = body
        try TypeMetaCheck.apply(&object, info: info)
        try MetadataShape.check(object, kind: info.kind)
        var metadata = object[member: "metadata"] ?? .object([:])
        if metadata == .null { metadata = .object([:]) }

        if let resourceVersion = metadata[member: "resourceVersion"]?.stringValue, !resourceVersion.isEmpty {
            throw .badRequest("resourceVersion should not be set on objects to be created")
        }
        metadata[member: "resourceVersion"] = nil

        let bodyNamespace = metadata[member: "namespace"]?.stringValue ?? ""
        if info.namespaced {
            let namespace = pathNamespace ?? ""
            if !bodyNamespace.isEmpty && bodyNamespace != namespace {
                throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            metadata[member: "namespace"] = namespace.isEmpty ? nil : .string(namespace)
        } else {
            metadata[member: "namespace"] = nil
        }

        let name = metadata[member: "name"]?.stringValue ?? ""
        let generateName = metadata[member: "generateName"]?.stringValue ?? ""
        if name.isEmpty && !generateName.isEmpty {
            metadata[member: "name"] = .string(generateName + stamp.nameSuffix)
        }

        metadata[member: "uid"] = .string(stamp.uid)
        metadata[member: "creationTimestamp"] = .string(stamp.now.description)
        metadata[member: "deletionTimestamp"] = nil
        metadata[member: "deletionGracePeriodSeconds"] = nil
        metadata[member: "selfLink"] = nil
        if object[member: "spec"] != nil {
            metadata[member: "generation"] = .integer(1)
        } else {
            metadata[member: "generation"] = nil
        }
        object[member: "metadata"] = metadata

        if info.hasStatusSubresource {
            object[member: "status"] = nil
        }
        if info.group.isEmpty && info.resource == "namespaces" {
            NamespaceLifecycle.prepareNew(&object)
        }
        try KindAdmission.defaultForCreate(&object, group: info.group, kind: info.kind)
        let errors = MetadataValidation.errors(object, info: info) + KindAdmission.errors(object, group: info.group, kind: info.kind)
        try MetadataValidation.throwInvalid(errors, object: object, info: info)
        return object
    }
}
