/// One API request as a ``KubernetesTransport`` carries it.
public struct TransportRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`.
    public var method: String
    /// The path (`/api/v1/namespaces/default/pods`), already escaped.
    public var path: String
    /// The encoded query without `?`; empty when there is none.
    public var query: String
    public var body: [UInt8]?
    public var contentType: String
    public var bearerToken: String?
    public var userAgent: String

    public init(method: String, path: String, query: String = "", body: [UInt8]? = nil,
                contentType: String = "application/json", bearerToken: String? = nil, userAgent: String = "skiff-client/0.1") {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.contentType = contentType
        self.bearerToken = bearerToken
        self.userAgent = userAgent
    }

    /// `path?query`.
    public var target: String { query.isEmpty ? path : "\(path)?\(query)" }
}

/// A streamed answer (a watch): the status code and the body as it arrives.
public struct TransportStream: Sendable {
    public var status: Int
    /// Chunks of the body in order; ends when the server ends the answer. Dropping or cancelling
    /// its consumer ends the request.
    public var body: AsyncThrowingStream<[UInt8], any Error>

    public init(status: Int, body: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.body = body
    }
}

/// How a ``KubernetesClient`` reaches the API server: ``HTTPTransport`` over HTTP/1.1 (any
/// server, any process), or a transport the server itself provides to components running in its
/// own process (`APIServer.localTransport()`), which hands requests to the same handlers without
/// a socket. Both answer exactly what the server's HTTP interface answers.
///
/// Errors thrown are transport failures (connection refused, reset); the server's refusals are
/// answers (a status code and a `Status` body).
public protocol KubernetesTransport: Sendable {
    /// One request: the status code and the whole body (at most `maximumBodyBytes`).
    func send(_ request: TransportRequest, timeout: Duration, maximumBodyBytes: Int) async throws -> (status: Int, body: [UInt8])
    /// A request whose answer streams (a watch). `timeout` bounds waiting for the answer's head only.
    func stream(_ request: TransportRequest, timeout: Duration) async throws -> TransportStream
    /// Releases what the transport holds (connections); called by `KubernetesClient.shutdown()`.
    func shutdown() async throws
    /// Runs `work` as urgent work of a component serving objects already accepted — the node agent starting a
    /// pod up to its status write. A transport inside the API server holds user writes back meanwhile (see
    /// `ComponentFirstGate`); others, like ``HTTPTransport``, just run it.
    func urgentComponentWork<Result: Sendable>(_ work: () async throws -> Result) async rethrows -> Result
}

extension KubernetesTransport {
    public func urgentComponentWork<Result: Sendable>(_ work: () async throws -> Result) async rethrows -> Result {
        try await work()
    }
}
