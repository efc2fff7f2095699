import SkiffAPI
import SkiffModel

/// The `ObjectMeta` checks Kubernetes makes on every write (`ValidateObjectMeta`): a name or
/// generateName, valid names for the resource, valid labels, annotations and finalizers.
/// Returns field errors; the caller turns them into 422 Invalid.
enum MetadataValidation {
    static func errors(_ object: JSONValue, info: ResourceInfo) -> [FieldError] {
        let metadata = object[member: "metadata"] ?? .object([:])
        var errors: [FieldError] = []
        let name = metadata[member: "name"]?.stringValue ?? ""
        let generateName = metadata[member: "generateName"]?.stringValue ?? ""
        if name.isEmpty && generateName.isEmpty {
            errors.append(.required("metadata.name", "name or generateName is required"))
        }
        if !generateName.isEmpty {
            for message in info.nameRule.errors(generateName, prefix: true) {
                errors.append(.invalid("metadata.generateName", generateName, message))
            }
        }
        if !name.isEmpty {
            for message in info.nameRule.errors(name) {
                errors.append(.invalid("metadata.name", name, message))
            }
        }
        let namespace = metadata[member: "namespace"]?.stringValue ?? ""
        if info.namespaced {
            if namespace.isEmpty {
                errors.append(.required("metadata.namespace", ""))
            } else {
                for message in NameValidation.dns1123LabelErrors(namespace) {
                    errors.append(.invalid("metadata.namespace", namespace, message))
                }
            }
        }
        errors += LabelValidation.validateLabels(metadata[member: "labels"]?.stringMap ?? [:])
        errors += LabelValidation.validateAnnotations(metadata[member: "annotations"]?.stringMap ?? [:])
        for (index, finalizer) in (metadata[member: "finalizers"]?.arrayElements ?? []).enumerated() {
            let text = finalizer.stringValue ?? ""
            for message in LabelValidation.qualifiedNameErrors(text) {
                errors.append(.invalid("metadata.finalizers[\(index)]", text, message))
            }
        }
        return errors
    }

    /// Throws 422 Invalid when there are errors.
    static func validate(_ object: JSONValue, info: ResourceInfo) throws(StatusError) {
        try throwInvalid(errors(object, info: info), object: object, info: info)
    }

    /// Throws 422 Invalid for `errors` (metadata's and the kind's) when there are any.
    static func throwInvalid(_ errors: [FieldError], object: JSONValue, info: ResourceInfo) throws(StatusError) {
        guard !errors.isEmpty else { return }
        let metadata = object[member: "metadata"]
        let name = metadata?[member: "name"]?.stringValue ?? metadata?[member: "generateName"]?.stringValue ?? ""
        throw .invalid(kind: info.kind, group: info.group, name: name, errors: errors)
    }
}
