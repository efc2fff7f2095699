import Logging
import ServiceLifecycle
import SkiffAgent
import SkiffAPIServer
import SkiffClient
import SkiffScheduler

/// The components of `skiff server` that talk to the API server as clients — the scheduler and
/// this machine's node agent: started once the API server serves, stopped before it.
/// Listed after the API server in the `ServiceGroup`, so they are shut down first. They reach the
/// API through the server's in-process transport (``LocalTransport``): the same handlers and
/// answers as over HTTP, without the sockets.
struct ControlPlaneComponents: Service {
    let server: APIServer
    let token: String
    let runScheduler: Bool
    /// The in-process node agent's configuration; nil with `--disable-agent`.
    let agent: AgentConfiguration?
    let logger: Logger

    func run() async throws {
        let port = try await server.waitUntilServing()
        let transport = try await server.localTransport()
        let client = KubernetesClient(
            configuration: ClientConfiguration(serverURL: "http://127.0.0.1:\(port)", bearerToken: token),
            transport: transport, logger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if runScheduler {
                    group.addTask { try await SchedulerService(client: client, logger: Logger(label: "skiff.scheduler")).run() }
                }
                if var agent {
                    agent.serverURL = "http://127.0.0.1:\(port)"
                    let nodeAgent = NodeAgent(configuration: agent, transport: transport, logger: Logger(label: "skiff.agent"))
                    group.addTask { try await nodeAgent.run() }
                }
                group.addTask { try? await gracefulShutdown() }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
