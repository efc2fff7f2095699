/// An API failure carrying the `Status` to send (Kubernetes' `errors.StatusError`). Make one
/// with the factories (`.notFound(resource:name:)`, `.invalid(kind:name:errors:)` ...), which
/// set the reason, HTTP code and message exactly as Kubernetes does.
public struct StatusError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Status

    public init(_ status: Status) {
        self.status = status
    }

    public var reason: StatusReason { status.reason }
    /// The HTTP status code.
    public var code: Int32 { status.code }
    public var message: String { status.message }
    public var description: String { status.message }

    /// Retry-After hint in seconds, when the server gave one.
    public var retryAfterSeconds: Int32? {
        guard let seconds = status.details?.retryAfterSeconds, seconds > 0 else { return nil }
        return seconds
    }
}
