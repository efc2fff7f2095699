import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SkiffAPI
import SkiffModel

/// The Kubernetes API client: typed calls on `APIObject` kinds (get, list, create, update,
/// updateStatus, patch, delete, subresources, watch) and a dynamic API on `JSONValue`
/// (`dynamic(...)`). One `HTTPClient` (HTTP/1.1, keep-alive pool) serves every call and every
/// watch; call `shutdown()` when done (or use `withClient`).
///
/// Every request sends `Accept: application/json` and `Content-Type: application/json` (a patch
/// sends its patch type). A non-2xx answer throws `KubernetesClientError.status` with the
/// server's `Status`.
public final class KubernetesClient: Sendable {
    public let configuration: ClientConfiguration
    let http: HTTPClient
    private let ownsHTTPClient: Bool
    let logger: Logger
    /// Largest non-watch answer read (bytes).
    static let maximumBodySize = 256 << 20

    /// A client with its own connection pool.
    public init(configuration: ClientConfiguration, logger: Logger = Logger(label: "skiff.client")) {
        var httpConfiguration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(10)),
            connectionPool: .init(idleTimeout: .seconds(60),
                                  concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maximumConnectionsPerHost))
        httpConfiguration.httpVersion = .http1Only
        // Fail fast when the server is down; callers (informers, electors) retry on their own.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        httpConfiguration.redirectConfiguration = .disallow
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        self.ownsHTTPClient = true
        self.configuration = configuration
        self.logger = logger
    }

    /// A client on a caller-owned `HTTPClient` (not shut down by `shutdown()`).
    public init(configuration: ClientConfiguration, httpClient: HTTPClient, logger: Logger = Logger(label: "skiff.client")) {
        self.http = httpClient
        self.ownsHTTPClient = false
        self.configuration = configuration
        self.logger = logger
    }

    /// A client for the current context of the kubeconfig at `path`.
    public convenience init(kubeconfigPath path: String, logger: Logger = Logger(label: "skiff.client")) throws {
        self.init(configuration: try ClientConfiguration(kubeconfigPath: path), logger: logger)
    }

    /// Closes the connection pool (open watches end). Call once, when no call is running.
    public func shutdown() async throws {
        if ownsHTTPClient { try await http.shutdown() }
    }

    /// Runs `body` with a fresh client and shuts it down afterwards.
    public static func withClient<R: Sendable>(_ configuration: ClientConfiguration,
                                               _ body: (KubernetesClient) async throws -> R) async throws -> R {
        let client = KubernetesClient(configuration: configuration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    // MARK: - Transport

    /// A prepared request (path plus query; body and its content type).
    func makeRequest(_ method: HTTPMethod, _ path: String, query: [(String, String)],
                     body: [UInt8]?, contentType: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: configuration.serverURL + path + PathEscaping.query(query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let token = configuration.bearerToken, !token.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// Sends one request and returns the body of a 2xx answer; throws the Status otherwise.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
              contentType: String = "application/json") async throws -> [UInt8] {
        let request = makeRequest(method, path, query: query, body: body, contentType: contentType)
        let bytes: [UInt8]
        let code: Int
        do {
            let response = try await http.execute(request, timeout: Self.timeAmount(configuration.requestTimeout))
            code = Int(response.status.code)
            let buffer = try await response.body.collect(upTo: Self.maximumBodySize)
            bytes = Array(buffer.readableBytesView)
        } catch {
            throw Self.transportError(error)
        }
        guard (200..<300).contains(code) else {
            throw KubernetesClientError.status(Self.status(code: code, body: bytes))
        }
        return bytes
    }

    /// The Status in an error answer, or one made from the HTTP code when the body is not a Status.
    static func status(code: Int, body: [UInt8]) -> Status {
        if let decoded = try? JSONDecoder().decode(Status.self, from: Data(body)), decoded.code != 0 || decoded.kind == "Status" {
            var status = decoded
            if status.code == 0 { status.code = Int32(code) }
            return status
        }
        let reason: StatusReason = switch code {
        case 400: .badRequest
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 410: .gone
        case 422: .invalid
        case 429: .tooManyRequests
        case 500: .internalError
        case 503: .serviceUnavailable
        case 504: .timeout
        default: .unknown
        }
        let text = String(decoding: body.prefix(1024), as: UTF8.self)
        return Status(message: text.isEmpty ? "the server answered \(code)" : text, reason: reason, code: Int32(code))
    }

    /// Cancellation stays `CancellationError`; everything else becomes `.transport`.
    static func transportError(_ error: any Error) -> any Error {
        if error is CancellationError || error is KubernetesClientError { return error }
        if let httpError = error as? HTTPClientError, httpError == .cancelled, Task.isCancelled {
            return CancellationError()
        }
        return KubernetesClientError.transport(String(describing: error))
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    // MARK: - JSON

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw KubernetesClientError.decoding("cannot encode \(T.self): \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw KubernetesClientError.decoding("cannot decode \(T.self): \(error)")
        }
    }
}
