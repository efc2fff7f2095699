import Foundation
import Logging
import ServiceLifecycle
import SkiffAPIServer
import SkiffClient
import SkiffStore
import SkiffTesting
import Synchronization

/// A real API server (SkiffTesting's ``InProcessAPIServer``) plus a `KubernetesClient` pointed at it.
struct TestServer {
    let storage: SQLiteStorage
    let port: Int
    let directory: TemporaryDirectory

    var serverURL: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` against a fresh server and a client, then shuts both down.
    static func with(_ body: (TestServer, KubernetesClient) async throws -> Void) async throws {
        try await InProcessAPIServer.with(prefix: "skiff-client-test") { server in
            let testServer = TestServer(storage: server.storage, port: server.port, directory: server.directory)
            let client = KubernetesClient(configuration: ClientConfiguration(serverURL: testServer.serverURL, bearerToken: "test-token"))
            do {
                try await body(testServer, client)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }
}
