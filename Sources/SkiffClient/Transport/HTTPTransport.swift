import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// ``KubernetesTransport`` over HTTP/1.1 with AsyncHTTPClient: one keep-alive pool for every call
/// and watch of a client.
public final class HTTPTransport: KubernetesTransport {
    /// Base URL without a trailing slash.
    public let serverURL: String
    let http: HTTPClient
    private let ownsHTTPClient: Bool

    /// A transport with its own connection pool of `maximumConnectionsPerHost` connections.
    public init(serverURL: String, maximumConnectionsPerHost: Int) {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(10)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maximumConnectionsPerHost))
        configuration.httpVersion = .http1Only
        // Fail fast when the server is down; callers (informers, electors) retry on their own.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.ownsHTTPClient = true
        self.serverURL = serverURL
    }

    /// A transport on a caller-owned `HTTPClient` (not shut down by `shutdown()`).
    public init(serverURL: String, httpClient: HTTPClient) {
        self.http = httpClient
        self.ownsHTTPClient = false
        self.serverURL = serverURL
    }

    public func shutdown() async throws {
        if ownsHTTPClient { try await http.shutdown() }
    }

    public func send(_ request: TransportRequest, timeout: Duration, maximumBodyBytes: Int) async throws -> (status: Int, body: [UInt8]) {
        let response = try await http.execute(makeRequest(request), timeout: Self.timeAmount(timeout))
        let buffer = try await response.body.collect(upTo: maximumBodyBytes)
        return (Int(response.status.code), Array(buffer.readableBytesView))
    }

    public func stream(_ request: TransportRequest, timeout: Duration) async throws -> TransportStream {
        let response = try await http.execute(makeRequest(request), timeout: Self.timeAmount(timeout))
        let (body, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let task = Task {
            do {
                for try await chunk in response.body {
                    continuation.yield(Array(chunk.readableBytesView))
                }
                continuation.finish()
            } catch let error as HTTPClientError where error == .remoteConnectionClosed {
                // The server closed the stream (watch timeout, shutdown): a normal end.
                continuation.finish()
            } catch {
                continuation.finish(throwing: Task.isCancelled ? CancellationError() : error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return TransportStream(status: Int(response.status.code), body: body)
    }

    private func makeRequest(_ request: TransportRequest) -> HTTPClientRequest {
        var prepared = HTTPClientRequest(url: serverURL + request.target)
        prepared.method = HTTPMethod(rawValue: request.method)
        prepared.headers.add(name: "Accept", value: "application/json")
        prepared.headers.add(name: "Content-Type", value: request.contentType)
        prepared.headers.add(name: "User-Agent", value: request.userAgent)
        if let token = request.bearerToken, !token.isEmpty {
            prepared.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if let body = request.body {
            prepared.body = .bytes(ByteBuffer(bytes: body))
        }
        return prepared
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
