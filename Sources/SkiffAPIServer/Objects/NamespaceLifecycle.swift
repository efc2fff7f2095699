import SkiffAPI
import SkiffModel

/// The rules of a namespace's life (pure), as Kubernetes' namespace strategy and the
/// NamespaceLifecycle admission plugin apply them.
enum NamespaceLifecycle {
    /// Namespaces that may never be deleted.
    static let immortal: Set<String> = ["default", "kube-system", "kube-public"]
    /// The namespaces the server creates at start.
    static let system = ["default", "kube-system", "kube-public", "kube-node-lease"]

    /// A new namespace: the `kubernetes` finalizer and phase `Active`.
    static func prepareNew(_ namespace: inout JSONValue) {
        var spec = namespace[member: "spec"] ?? .object([:])
        if spec == .null { spec = .object([:]) }
        if spec[member: "finalizers"] == nil {
            spec[member: "finalizers"] = ["kubernetes"]
        }
        namespace[member: "spec"] = spec
        namespace[member: "status"] = ["phase": "Active"]
    }

    /// True once deletion has begun.
    static func isTerminating(_ namespace: JSONValue) -> Bool {
        if namespace[member: "status"]?[member: "phase"]?.stringValue == "Terminating" { return true }
        if let deletion = namespace[member: "metadata"]?[member: "deletionTimestamp"], deletion != .null { return true }
        return false
    }

    /// The namespace as it is while its contents are removed.
    static func markTerminating(_ namespace: JSONValue, now: KubeTime) -> JSONValue {
        var namespace = namespace
        var metadata = namespace[member: "metadata"] ?? .object([:])
        if metadata[member: "deletionTimestamp"] == nil {
            metadata[member: "deletionTimestamp"] = .string(now.description)
            metadata[member: "deletionGracePeriodSeconds"] = .integer(0)
        }
        namespace[member: "metadata"] = metadata
        var status = namespace[member: "status"] ?? .object([:])
        status[member: "phase"] = "Terminating"
        namespace[member: "status"] = status
        return namespace
    }

    /// The 403 for writing into a namespace that is being deleted.
    static func terminatingError(_ info: ResourceInfo, name: String, namespace: String) -> StatusError {
        var error = StatusError.forbidden(resource: info.resource, group: info.group, name: name,
                                          because: "unable to create new content in namespace \(namespace) because it is being terminated")
        error.status.details?.causes = [StatusCause(type: "NamespaceTerminating", message: "namespace \(namespace) is terminating", field: "metadata.namespace")]
        return error
    }
}
