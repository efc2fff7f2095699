import Foundation
import Logging
import ServiceLifecycle
import SkiffAPIServer
import SkiffClient
import SkiffStore

/// A real API server on a free loopback port, over a real SQLite store in a temp dir, run in a
/// ServiceGroup as `skiff server` runs it — the one harness every suite (API server, client,
/// scheduler, agent) and benchmark starts servers with. Shut down gracefully after `body`, also
/// when it throws; the temp dir is removed.
public struct InProcessAPIServer: Sendable {
    public let storage: SQLiteStorage
    public let port: Int
    public let directory: TemporaryDirectory
    /// The server's in-process transport (what `skiff server` gives its scheduler and agent).
    public let localTransport: LocalTransport

    /// `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }

    public static func with<Result: Sendable>(
        configuration: APIServerConfiguration = APIServerConfiguration(port: 0), prefix: String = "skiff-test",
        logLevel: Logger.Level = .warning, _ body: (InProcessAPIServer) async throws -> Result
    ) async throws -> Result {
        let directory = try TemporaryDirectory(prefix: prefix)
        defer { directory.remove() }
        let storage = try SQLiteStorage(directory: directory.appending("db"))
        var logger = Logger(label: "test.apiserver")
        logger.logLevel = logLevel
        let server = APIServer(storage: storage, configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [server], logger: logger))
        let result = try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let port = try await server.waitUntilServing()
                let local = try await server.localTransport()
                let result = try await body(InProcessAPIServer(storage: storage, port: port, directory: directory, localTransport: local))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                await storage.close()
                throw error
            }
        }
        await storage.close()
        return result
    }
}

extension InProcessAPIServer {
    /// `http://127.0.0.1:<port>` (the name the client suites use).
    public var serverURL: String { url }

    /// How a test client reaches the server.
    public enum ClientTransport: String, Sendable, CaseIterable {
        /// HTTP over loopback (`HTTPTransport`).
        case http
        /// The server's in-process transport (`LocalTransport`).
        case local
    }

    /// Runs `body` against a fresh server and a `KubernetesClient` pointed at it, then shuts
    /// both down (the client suites' and the scheduler's harness).
    public static func withClient(prefix: String = "skiff-client-test", transport: ClientTransport = .http,
                                  _ body: (InProcessAPIServer, KubernetesClient) async throws -> Void) async throws {
        try await with(prefix: prefix) { server in
            let configuration = ClientConfiguration(serverURL: server.url, bearerToken: "test-token")
            let client = switch transport {
            case .http: KubernetesClient(configuration: configuration)
            case .local: KubernetesClient(configuration: configuration, transport: server.localTransport)
            }
            do {
                try await body(server, client)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }
}
