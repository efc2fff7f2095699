import AsyncHTTPClient
import SkiffAPI
import SkiffClient

/// The API server's transport for clients in its own process (`skiff server`'s scheduler and node
/// agent): a request goes straight to the same ``APIHandler`` the HTTP interface uses — same
/// admission, validation, store, watch cache, metrics and answers — without a socket, HTTP
/// framing or a hop between NIO's threads and the task pool. What is not the REST API itself
/// (OpenAPI documents, `/metrics`, answers proxied to a node such as pods/log) goes over HTTP to
/// the server's own address.
///
/// A watch streams its event lines through a buffer of ``maximumBufferedWatchEvents``; a consumer
/// that falls that far behind has its watch ended (like the watch cache's slow watchers), and it
/// re-watches from the last resourceVersion it saw.
public final class LocalTransport: KubernetesTransport {
    public static let maximumBufferedWatchEvents = 10_000

    private let api: APIHandler
    private let streamer: WatchStreamer
    private let metrics: APIMetrics
    private let registry: ResourceRegistry
    private let maximumBodyBytes: Int
    private let overHTTP: HTTPTransport
    private let gate: ComponentFirstGate?

    init(api: APIHandler, streamer: WatchStreamer, metrics: APIMetrics, registry: ResourceRegistry,
         maximumBodyBytes: Int, serverURL: String, gate: ComponentFirstGate? = nil) {
        self.gate = gate
        self.api = api
        self.streamer = streamer
        self.metrics = metrics
        self.registry = registry
        self.maximumBodyBytes = maximumBodyBytes
        self.overHTTP = HTTPTransport(serverURL: serverURL, httpClient: .shared)
    }

    public func urgentComponentWork<Result: Sendable>(_ work: () async throws -> Result) async rethrows -> Result {
        guard let gate else { return try await work() }
        return try await gate.componentWork(work)
    }

    /// Nothing to release: the transport lives as long as the server.
    public func shutdown() async throws {}

    public func send(_ request: TransportRequest, timeout: Duration, maximumBodyBytes limit: Int) async throws -> (status: Int, body: [UInt8]) {
        if Self.goesOverHTTP(request.path) { return try await overHTTP.send(request, timeout: timeout, maximumBodyBytes: limit) }
        let labels = RequestLabels(method: request.method, path: request.path, query: request.query, registry: registry)
        let start = ContinuousClock.now
        let answer = await handle(request)
        switch answer {
        case .proxy:
            return try await overHTTP.send(request, timeout: timeout, maximumBodyBytes: limit)
        case .watch(let plan):
            // A watch asked for as one answer: the whole stream until the server ends it.
            metrics.recordRequest(labels, code: 200, duration: nil)
            var sink = CollectingSink(limit: limit)
            try await streamer.run(plan, into: &sink)
            return (200, sink.bytes)
        default:
            let (status, body) = Self.statusAndBody(answer)
            metrics.recordRequest(labels, code: status, duration: APIMetrics.seconds(since: start))
            return (status, body)
        }
    }

    public func stream(_ request: TransportRequest, timeout: Duration) async throws -> TransportStream {
        if Self.goesOverHTTP(request.path) { return try await overHTTP.stream(request, timeout: timeout) }
        let labels = RequestLabels(method: request.method, path: request.path, query: request.query, registry: registry)
        let start = ContinuousClock.now
        let answer = await handle(request)
        switch answer {
        case .proxy:
            return try await overHTTP.stream(request, timeout: timeout)
        case .watch(let plan):
            metrics.recordRequest(labels, code: 200, duration: nil)
            let (body, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream(
                bufferingPolicy: .bufferingOldest(Self.maximumBufferedWatchEvents))
            let streamer = self.streamer
            let metrics = self.metrics
            let key = labels.resourceKey
            let task = Task {
                metrics.watchStarted(key)
                defer { metrics.watchEnded(key) }
                var sink = StreamSink(continuation: continuation)
                do {
                    try await streamer.run(plan, into: &sink)
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
            return TransportStream(status: 200, body: body)
        default:
            let (status, bytes) = Self.statusAndBody(answer)
            metrics.recordRequest(labels, code: status, duration: APIMetrics.seconds(since: start))
            let (body, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
            if !bytes.isEmpty { continuation.yield(bytes) }
            continuation.finish()
            return TransportStream(status: status, body: body)
        }
    }

    /// The handler's answer for a request, with the checks the HTTP responder makes first.
    private func handle(_ request: TransportRequest) async -> APIResponse {
        guard let parameters = QueryParameters(parsing: request.query.isEmpty ? nil : request.query) else {
            return StatusEncoding.response(.badRequest("malformed query string"))
        }
        let body = request.body ?? []
        if body.count > maximumBodyBytes {
            return StatusEncoding.response(.requestEntityTooLarge("limit is \(maximumBodyBytes)"))
        }
        let apiRequest = APIRequest(method: request.method, path: request.path, query: parameters,
                                    contentType: request.contentType, body: body, accept: "application/json")
        guard let gate else { return await api.handle(apiRequest) }
        let role = ComponentFirstGate.role(method: request.method, path: request.path, fromComponent: true)
        return await gate.handle(role) { await api.handle(apiRequest) }
    }

    private static func goesOverHTTP(_ path: String) -> Bool {
        path == "/metrics" || OpenAPIEndpoint.handles(path)
    }

    private static func statusAndBody(_ answer: APIResponse) -> (Int, [UInt8]) {
        switch answer {
        case .json(let status, let body): (status, body)
        case .document(let status, _, let body): (status, body)
        case .text(let status, let body): (status, Array(body.utf8))
        case .watch, .proxy: (500, [])
        }
    }
}

/// A watch consumer fell ``LocalTransport/maximumBufferedWatchEvents`` events behind.
struct LocalWatchConsumerTooSlow: Error, CustomStringConvertible {
    var description: String { "the watch consumer fell too far behind; watch again from the last resourceVersion" }
}

/// Hands each event line to the consumer's stream.
private struct StreamSink: WatchSink {
    let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation

    mutating func send(_ bytes: [UInt8]) async throws {
        switch continuation.yield(bytes) {
        case .enqueued: return
        case .dropped: throw LocalWatchConsumerTooSlow()
        case .terminated: throw CancellationError()
        @unknown default: return
        }
    }
}

/// Collects a whole watch stream (up to `limit` bytes).
private struct CollectingSink: WatchSink {
    let limit: Int
    var bytes: [UInt8] = []

    mutating func send(_ line: [UInt8]) async throws {
        guard bytes.count + line.count <= limit else { throw LocalWatchConsumerTooSlow() }
        bytes += line
    }
}
