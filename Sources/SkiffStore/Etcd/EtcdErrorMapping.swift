import GRPCCore

/// Revision errors that etcd reports without the numbers ``StorageError`` carries; the storage call
/// that gets one looks the numbers up and throws the matching ``StorageError``.
enum EtcdRevisionError: Error, Sendable {
    /// "etcdserver: mvcc: required revision has been compacted"
    case compacted
    /// "etcdserver: mvcc: required revision is a future revision"
    case futureRevision
}

/// How a failed etcd call is treated.
enum EtcdFailureKind: Sendable, Equatable {
    /// The endpoint did not answer (refused, reset, no leader, timed out): try the next endpoint.
    /// `maybeApplied` is true when the request may have reached etcd (a timeout or a dropped
    /// connection mid-call), so a write must not be sent again elsewhere.
    case unreachable(reason: String, maybeApplied: Bool)
    case compacted
    case futureRevision
    /// The client was shut down under the call (the storage is closing).
    case closed
    /// The calling task was cancelled.
    case cancelled
    /// Anything else etcd or the transport reported; not retried.
    case failed(String)
}

/// The one place that reads gRPC status codes and etcd's error strings.
enum EtcdErrorMapping {
    static let compactedMessage = "required revision has been compacted"
    static let futureRevisionMessage = "required revision is a future revision"

    static func classify(_ error: any Error) -> EtcdFailureKind {
        if error is CancellationError { return .cancelled }
        if let error = error as? RuntimeError {
            switch error.code {
            case .clientIsStopped: return .closed
            default: return .unreachable(reason: describe(error), maybeApplied: false)
            }
        }
        guard let error = error as? RPCError else { return .failed(String(describing: error)) }
        if error.message.contains(compactedMessage) { return .compacted }
        if error.message.contains(futureRevisionMessage) { return .futureRevision }
        switch error.code {
        case .unavailable:
            // grpc-swift fails a call with `unavailable` before sending it when no connection can be
            // made; etcd uses it for "no leader" / "leader changed", which are not applied either.
            // A connection lost mid-call is also reported this way; the compare-and-swap guards of
            // every write make a repeat on another member fail safely (alreadyExists / conflict /
            // notFound) rather than apply twice.
            return .unreachable(reason: describe(error), maybeApplied: false)
        case .deadlineExceeded:
            return .unreachable(reason: "no answer within the timeout (\(error.message))", maybeApplied: true)
        case .cancelled:
            return .cancelled
        default:
            return .failed("etcd error \(error.code): \(error.message)")
        }
    }

    /// A short message for an error, including the cause (e.g. "connection refused").
    static func describe(_ error: any Error) -> String {
        var text: String
        var cause: (any Error)?
        if let error = error as? RPCError {
            text = "\(error.code): \(error.message)"
            cause = error.cause
        } else if let error = error as? RuntimeError {
            text = error.message
            cause = error.cause
        } else {
            return String(describing: error)
        }
        var depth = 0
        while let next = cause, depth < 4 {
            if let rpc = next as? RPCError {
                text += " (\(rpc.message))"
                cause = rpc.cause
            } else if let runtime = next as? RuntimeError {
                text += " (\(runtime.message))"
                cause = runtime.cause
            } else {
                text += " (\(next))"
                cause = nil
            }
            depth += 1
        }
        return text
    }
}
