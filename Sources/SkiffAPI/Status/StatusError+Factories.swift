/// Factories for the failures the API returns, mirroring `k8s.io/apimachinery/pkg/api/errors`.
/// Resources are named by plural resource and API group (`pods`/"", `deployments`/`apps`);
/// messages print them as `resource.group` (just `resource` for the core group).
extension StatusError {
    /// `pods`, `deployments.apps`: Kubernetes' `GroupResource.String()` (and `GroupKind`).
    public static func qualified(_ resource: String, group: String) -> String {
        group.isEmpty ? resource : resource + "." + group
    }

    private static func failure(_ code: Int32, _ reason: StatusReason, _ message: String,
                                _ details: StatusDetails? = nil) -> StatusError {
        StatusError(Status(status: Status.failure, message: message, reason: reason, details: details, code: code))
    }

    /// 400 BadRequest; the message is the reason given.
    public static func badRequest(_ message: String) -> StatusError {
        failure(400, .badRequest, message)
    }

    /// 401 Unauthorized; an empty message becomes "not authorized".
    public static func unauthorized(_ message: String = "") -> StatusError {
        failure(401, .unauthorized, message.isEmpty ? "not authorized" : message)
    }

    /// 403 Forbidden: `pods "web" is forbidden: <why>` (`pods is forbidden: ...` without a name,
    /// `forbidden: ...` without a resource).
    public static func forbidden(resource: String, group: String = "", name: String = "", because why: String) -> StatusError {
        let qualifiedName = qualified(resource, group: group)
        let message: String
        if resource.isEmpty && group.isEmpty {
            message = "forbidden: \(why)"
        } else if name.isEmpty {
            message = "\(qualifiedName) is forbidden: \(why)"
        } else {
            message = "\(qualifiedName) \(goQuoted(name)) is forbidden: \(why)"
        }
        return failure(403, .forbidden, message, StatusDetails(name: name, group: group, kind: resource))
    }

    /// 404 NotFound: `pods "web" not found`, `deployments.apps "web" not found`.
    public static func notFound(resource: String, group: String = "", name: String) -> StatusError {
        failure(404, .notFound, "\(qualified(resource, group: group)) \(goQuoted(name)) not found",
                StatusDetails(name: name, group: group, kind: resource))
    }

    /// 405 MethodNotAllowed: `<action> is not supported on resources of kind "pods"`.
    public static func methodNotSupported(resource: String, group: String = "", action: String) -> StatusError {
        failure(405, .methodNotAllowed,
                "\(action) is not supported on resources of kind \(goQuoted(qualified(resource, group: group)))",
                StatusDetails(group: group, kind: resource))
    }

    /// 409 AlreadyExists: `pods "web" already exists`.
    public static func alreadyExists(resource: String, group: String = "", name: String) -> StatusError {
        failure(409, .alreadyExists, "\(qualified(resource, group: group)) \(goQuoted(name)) already exists",
                StatusDetails(name: name, group: group, kind: resource))
    }

    /// 409 AlreadyExists for a `generateName` that found no free name, with a retry hint.
    public static func generateNameConflict(resource: String, group: String = "", name: String,
                                            retryAfterSeconds: Int32) -> StatusError {
        failure(409, .alreadyExists,
                "\(qualified(resource, group: group)) \(goQuoted(name)) already exists, the server was not able to generate a unique name for the object",
                StatusDetails(name: name, group: group, kind: resource, retryAfterSeconds: retryAfterSeconds))
    }

    /// The usual cause of a Conflict: a stale resourceVersion.
    public static let optimisticLockMessage =
        "the object has been modified; please apply your changes to the latest version and try again"

    /// 409 Conflict: `Operation cannot be fulfilled on pods "web": <why>`; `why` defaults to
    /// the stale-resourceVersion message.
    public static func conflict(resource: String, group: String = "", name: String,
                                because why: String = StatusError.optimisticLockMessage) -> StatusError {
        failure(409, .conflict, "Operation cannot be fulfilled on \(qualified(resource, group: group)) \(goQuoted(name)): \(why)",
                StatusDetails(name: name, group: group, kind: resource))
    }

    /// 410 Gone: the message as given (e.g. a watch's resourceVersion is too old).
    public static func gone(_ message: String) -> StatusError {
        failure(410, .gone, message)
    }

    /// 410 Expired: the resourceVersion or continue token has been compacted away
    /// (e.g. `too old resource version: 5 (10)`).
    public static func resourceExpired(_ message: String) -> StatusError {
        failure(410, .expired, message)
    }

    /// 413 RequestEntityTooLarge: `Request entity too large: <message>`.
    public static func requestEntityTooLarge(_ message: String) -> StatusError {
        failure(413, .requestEntityTooLarge, "Request entity too large: \(message)")
    }

    /// 415 UnsupportedMediaType: the message as given
    /// (the API server says e.g. `the body of the request was in an unknown format - accepted media types include: ...`).
    public static func unsupportedMediaType(_ message: String) -> StatusError {
        failure(415, .unsupportedMediaType, message)
    }

    /// 415 UnsupportedMediaType as the API server words it for a body it cannot decode:
    /// `the body of the request was in an unknown format - accepted media types include: a, b`.
    public static func unsupportedMediaType(accepted: [String]) -> StatusError {
        unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: "
                             + accepted.joined(separator: ", "))
    }

    /// 406 NotAcceptable: the message as given.
    public static func notAcceptable(_ message: String) -> StatusError {
        failure(406, .notAcceptable, message)
    }

    /// 422 Invalid: `Pod "web" is invalid: spec.containers[0].name: Required value`, one
    /// `details.causes` entry per field error; `details.kind` is the *kind* (`Pod`),
    /// `group` its API group. Several errors print as `[a, b]`.
    public static func invalid(kind: String, group: String = "", name: String, errors: [FieldError]) -> StatusError {
        let subject = "\(qualified(kind, group: group)) \(goQuoted(name)) is invalid"
        let message = FieldError.aggregateMessage(errors).map { subject + ": " + $0 } ?? subject
        return failure(422, .invalid, message,
                       StatusDetails(name: name, group: group, kind: kind, causes: errors.map(StatusCause.init)))
    }

    /// 429 TooManyRequests with a retry hint; the message as given.
    public static func tooManyRequests(_ message: String, retryAfterSeconds: Int32) -> StatusError {
        failure(429, .tooManyRequests, message, StatusDetails(retryAfterSeconds: retryAfterSeconds))
    }

    /// 429 TooManyRequests without a hint: `Too many requests: <message>`.
    public static func tooManyRequests(_ message: String) -> StatusError {
        failure(429, .tooManyRequests, "Too many requests: \(message)")
    }

    /// 500 InternalError: `Internal error occurred: <message>`, the message also as the one cause.
    /// Only for real bugs.
    public static func internalError(_ message: String) -> StatusError {
        failure(500, .internalError, "Internal error occurred: \(message)",
                StatusDetails(causes: [StatusCause(message: message)]))
    }

    /// 500 ServerTimeout: `The <operation> operation against pods could not be completed at
    /// this time, please try again.`
    public static func serverTimeout(resource: String, group: String = "", operation: String,
                                     retryAfterSeconds: Int32) -> StatusError {
        failure(500, .serverTimeout,
                "The \(operation) operation against \(qualified(resource, group: group)) could not be completed at this time, please try again.",
                StatusDetails(name: operation, group: group, kind: resource, retryAfterSeconds: retryAfterSeconds))
    }

    /// 503 ServiceUnavailable; the message as given.
    public static func serviceUnavailable(_ message: String) -> StatusError {
        failure(503, .serviceUnavailable, message)
    }

    /// 504 Timeout: `Timeout: <message>`, with a retry hint.
    public static func timeout(_ message: String, retryAfterSeconds: Int32 = 0) -> StatusError {
        failure(504, .timeout, "Timeout: \(message)", StatusDetails(retryAfterSeconds: retryAfterSeconds))
    }
}
