import SkiffAPI
import SkiffModel

/// Encodes `Status` objects (errors, and the success Status of some deletes) as JSON bytes.
enum StatusEncoding {
    static func encode(_ status: Status) -> [UInt8] {
        JSONWriter.encode(jsonValue(status))
    }

    /// The Status as a JSON tree, with Kubernetes' `omitempty` rules (metadata always present).
    static func jsonValue(_ status: Status) -> JSONValue {
        var object: JSONValue = ["kind": .string(status.kind), "apiVersion": .string(status.apiVersion)]
        var metadata: JSONValue = .object([:])
        if let value = status.metadata.resourceVersion, !value.isEmpty { metadata[member: "resourceVersion"] = .string(value) }
        if let value = status.metadata.continue, !value.isEmpty { metadata[member: "continue"] = .string(value) }
        if let value = status.metadata.remainingItemCount { metadata[member: "remainingItemCount"] = .integer(value) }
        object[member: "metadata"] = metadata
        if !status.status.isEmpty { object[member: "status"] = .string(status.status) }
        if !status.message.isEmpty { object[member: "message"] = .string(status.message) }
        if !status.reason.rawValue.isEmpty { object[member: "reason"] = .string(status.reason.rawValue) }
        if let details = status.details {
            var value: JSONValue = .object([:])
            if !details.name.isEmpty { value[member: "name"] = .string(details.name) }
            if !details.group.isEmpty { value[member: "group"] = .string(details.group) }
            if !details.kind.isEmpty { value[member: "kind"] = .string(details.kind) }
            if !details.uid.isEmpty { value[member: "uid"] = .string(details.uid) }
            if !details.causes.isEmpty {
                value[member: "causes"] = .array(details.causes.map { cause in
                    var entry: JSONValue = .object([:])
                    if !cause.type.isEmpty { entry[member: "reason"] = .string(cause.type) }
                    if !cause.message.isEmpty { entry[member: "message"] = .string(cause.message) }
                    if !cause.field.isEmpty { entry[member: "field"] = .string(cause.field) }
                    return entry
                })
            }
            if details.retryAfterSeconds != 0 { value[member: "retryAfterSeconds"] = .integer(Int64(details.retryAfterSeconds)) }
            object[member: "details"] = value
        }
        if status.code != 0 { object[member: "code"] = .integer(Int64(status.code)) }
        return object
    }

    /// The response for an error.
    static func response(_ error: StatusError) -> APIResponse {
        .json(status: Int(error.code == 0 ? 500 : error.code), body: encode(error.status))
    }

    /// Kubernetes' generic 404 for a path nothing is served at.
    static let pathNotFound: StatusError = StatusError(Status(
        message: "the server could not find the requested resource", reason: .notFound,
        details: StatusDetails(), code: 404))

    /// Kubernetes' generic 405 for a method a resource does not support.
    static let methodNotAllowed: StatusError = StatusError(Status(
        message: "the server does not allow this method on the requested resource", reason: .methodNotAllowed,
        details: StatusDetails(), code: 405))
}
