import SkiffAPI
import SkiffStore

/// The one place where failures become Kubernetes `Status` errors: store errors by their meaning,
/// API errors as they are, anything else as a 500 (a bug).
enum StatusMapping {
    /// The Status for `error` raised while working on `name` of `info` (either may be absent).
    static func status(for error: any Error, resource info: ResourceInfo? = nil, name: String = "") -> StatusError {
        if let status = error as? StatusError { return status }
        if let storage = error as? StorageError { return status(for: storage, resource: info, name: name) }
        if error is CancellationError { return .serviceUnavailable("the request was cancelled") }
        return .internalError(String(describing: error))
    }

    static func status(for error: StorageError, resource info: ResourceInfo?, name: String) -> StatusError {
        let resource = info?.resource ?? ""
        let group = info?.group ?? ""
        switch error {
        case .alreadyExists:
            return .alreadyExists(resource: resource, group: group, name: name)
        case .notFound:
            return .notFound(resource: resource, group: group, name: name)
        case .conflict:
            return .conflict(resource: resource, group: group, name: name)
        case .compacted(let requested, let compacted):
            return .resourceExpired("too old resource version: \(requested) (\(compacted))")
        case .futureRevision(let requested, let current):
            var error = StatusError.timeout("Too large resource version: \(requested), current: \(current)", retryAfterSeconds: 1)
            error.status.details?.causes = [StatusCause(type: "ResourceVersionTooLarge", message: "Too large resource version")]
            return error
        case .watchTooSlow:
            return .gone("the watch fell behind and was closed; relist and watch again")
        case .invalidKey(let reason):
            return .badRequest(reason)
        case .unavailable(let reason):
            return .serviceUnavailable("storage is unavailable: \(reason)")
        case .backendFailure(let reason):
            return .internalError(reason)
        case .closed:
            return .serviceUnavailable("the server is shutting down")
        }
    }
}
