import SkiffAPI

/// What a client call can fail with. A non-2xx answer from the API server is `.status` carrying
/// the server's decoded `Status` (reason, code, message); the connection failing is `.transport`;
/// an answer that does not decode is `.decoding`.
public enum KubernetesClientError: Error, Sendable, CustomStringConvertible {
    /// The server refused the request; `Status` as it answered (or synthesized from the HTTP code
    /// when the body was not a Status).
    case status(Status)
    /// The request never got an answer (connection refused, reset, timeout).
    case transport(String)
    /// The answer was not the JSON the call expected.
    case decoding(String)
    /// Bad client configuration or arguments (unknown kind, unreadable kubeconfig ...).
    case configuration(String)

    public var description: String {
        switch self {
        case .status(let status): "\(status.code) \(status.reason.rawValue): \(status.message)"
        case .transport(let text): "transport error: \(text)"
        case .decoding(let text): "decoding error: \(text)"
        case .configuration(let text): "configuration error: \(text)"
        }
    }

    /// The server's Status, for `.status` errors.
    public var status: Status? {
        if case .status(let status) = self { return status }
        return nil
    }

    /// 404 NotFound.
    public var isNotFound: Bool { status?.reason == .notFound || (status?.reason == .unknown && status?.code == 404) }
    /// 409 Conflict (a stale resourceVersion or failed precondition).
    public var isConflict: Bool { status?.reason == .conflict }
    /// 409 AlreadyExists.
    public var isAlreadyExists: Bool { status?.reason == .alreadyExists }
    /// 410: Gone or Expired (a compacted resourceVersion or continue token): relist.
    public var isGone: Bool { status?.reason == .gone || status?.reason == .expired || status?.code == 410 }
    /// 422 Invalid.
    public var isInvalid: Bool { status?.reason == .invalid }
}

extension Status {
    /// 410 Gone / Expired: the resourceVersion asked for is compacted.
    var isResourceExpired: Bool { code == 410 || reason == .gone || reason == .expired }
}
