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
    /// The priority of the scheduler's and the agent's tasks (see `run`).
    static let componentPriority = TaskPriority.high
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
                // The components run (and their child tasks inherit) a higher priority than the server's request
                // handling: on Linux, Swift's global executor gives each priority its own dispatch worker threads,
                // so a burst of user requests cannot hold every thread while accepted pods wait to be bound and
                // started (docs/apiserver.md, "Component work first").
                if runScheduler {
                    group.addTask(priority: Self.componentPriority) { try await SchedulerService(client: client, logger: Logger(label: "skiff.scheduler")).run() }
                }
                if var agent {
                    agent.serverURL = "http://127.0.0.1:\(port)"
                    let nodeAgent = NodeAgent(configuration: agent, transport: transport, logger: Logger(label: "skiff.agent"))
                    group.addTask(priority: Self.componentPriority) { try await nodeAgent.run() }
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
