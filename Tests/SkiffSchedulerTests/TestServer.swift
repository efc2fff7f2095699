import Foundation
import Logging
import ServiceLifecycle
import SkiffAPIServer
import SkiffClient
import SkiffStore
import SkiffTesting
import Synchronization

/// A real API server on a free loopback port, on a real SQLite store in a temp dir, run in a
/// ServiceGroup as `skiff server` runs it (the harness of SkiffAPIServerTests, trimmed), plus a
/// `KubernetesClient` pointed at it.
struct TestServer {
    let storage: SQLiteStorage
    let port: Int
    let directory: TemporaryDirectory

    var serverURL: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` against a fresh server and a client, then shuts both down.
    static func with(_ body: (TestServer, KubernetesClient) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "skiff-scheduler-test")
        defer { directory.remove() }
        let storage = try SQLiteStorage(directory: directory.appending("db"))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let server = APIServer(storage: storage, configuration: APIServerConfiguration(port: 0), logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [server], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var client: KubernetesClient?
            do {
                let port = try await server.waitUntilServing()
                let testServer = TestServer(storage: storage, port: port, directory: directory)
                client = KubernetesClient(configuration: ClientConfiguration(serverURL: testServer.serverURL, bearerToken: "test-token"),
                                          logger: logger)
                try await body(testServer, client!)
            } catch {
                try? await client?.shutdown()
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                await storage.close()
                throw error
            }
            try await client?.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await storage.close()
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes (then answers false). Used to
/// wait for asynchronous effects, never to assert on timing.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// A value behind a lock, shareable across tasks (a class, so closures can capture it).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}
