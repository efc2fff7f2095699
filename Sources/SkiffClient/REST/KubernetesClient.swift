import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SkiffAPI
import SkiffModel

/// The Kubernetes API client: typed calls on `APIObject` kinds (get, list, create, update,
/// updateStatus, patch, delete, subresources, watch) and a dynamic API on `JSONValue`
/// (`dynamic(...)`). Requests go through a ``KubernetesTransport``: by default ``HTTPTransport``
/// (HTTP/1.1, one keep-alive pool for every call and watch); components running inside
/// `skiff server` use the server's in-process transport. Call `shutdown()` when done (or use
/// `withClient`).
///
/// Every request sends `Accept: application/json` and `Content-Type: application/json` (a patch
/// sends its patch type). A non-2xx answer throws `KubernetesClientError.status` with the
/// server's `Status`.
public final class KubernetesClient: Sendable {
    public let configuration: ClientConfiguration
    public let transport: any KubernetesTransport
    let logger: Logger
    /// Largest non-watch answer read (bytes).
    static let maximumBodySize = 256 << 20

    /// A client over HTTP with its own connection pool.
    public convenience init(configuration: ClientConfiguration, logger: Logger = Logger(label: "skiff.client")) {
        self.init(configuration: configuration,
                  transport: HTTPTransport(serverURL: configuration.serverURL,
                                           maximumConnectionsPerHost: configuration.maximumConnectionsPerHost),
                  logger: logger)
    }

    /// A client over HTTP on a caller-owned `HTTPClient` (not shut down by `shutdown()`).
    public convenience init(configuration: ClientConfiguration, httpClient: HTTPClient, logger: Logger = Logger(label: "skiff.client")) {
        self.init(configuration: configuration, transport: HTTPTransport(serverURL: configuration.serverURL, httpClient: httpClient),
                  logger: logger)
    }

    /// A client on any transport (`configuration.serverURL` is then informational).
    public init(configuration: ClientConfiguration, transport: any KubernetesTransport, logger: Logger = Logger(label: "skiff.client")) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
    }

    /// A client for the current context of the kubeconfig at `path`.
    public convenience init(kubeconfigPath path: String, logger: Logger = Logger(label: "skiff.client")) throws {
        self.init(configuration: try ClientConfiguration(kubeconfigPath: path), logger: logger)
    }

    /// Releases the transport (open watches end). Call once, when no call is running.
    public func shutdown() async throws {
        try await transport.shutdown()
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
                     body: [UInt8]?, contentType: String) -> TransportRequest {
        TransportRequest(method: method.rawValue, path: path, query: String(PathEscaping.query(query).dropFirst()),
                         body: body, contentType: contentType, bearerToken: configuration.bearerToken,
                         userAgent: configuration.userAgent)
    }

    /// Sends one request and returns the body of a 2xx answer; throws the Status otherwise.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
              contentType: String = "application/json") async throws -> [UInt8] {
        let request = makeRequest(method, path, query: query, body: body, contentType: contentType)
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await transport.send(request, timeout: configuration.requestTimeout, maximumBodyBytes: Self.maximumBodySize)
        } catch {
            throw Self.transportError(error)
        }
        guard (200..<300).contains(answer.status) else {
            throw KubernetesClientError.status(Self.status(code: answer.status, body: answer.body))
        }
        return answer.body
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

    // MARK: - JSON

    /// Encodes a body: through `JSONValueEncodable` when the value has it (every API type),
    /// else with Foundation's `JSONEncoder`.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let fast = value as? any JSONValueEncodable { return fast.jsonBytes }
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw KubernetesClientError.decoding("cannot encode \(T.self): \(error)")
        }
    }

    /// Decodes an answer: through `JSONValueDecodable` when `T` has it (every API type, lists
    /// and watch events of them), else — or when that fails, for its detailed error — with
    /// Foundation's `JSONDecoder`.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if let fast = T.self as? any JSONValueDecodable.Type, let value = try? fast.init(jsonBytes: bytes) {
            return value as! T
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw KubernetesClientError.decoding("cannot decode \(T.self): \(error)")
        }
    }
}
