import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffAgent
import SkiffAPIServer
import SkiffStore

/// `skiff server`: a whole cluster on one machine — the store, the API server, the scheduler and
/// a node agent for this machine (unless `--disable-agent`).
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the Skiff server: the store and the Kubernetes API.")

    @Option(name: .customLong("data-dir"), help: "Where the store, token and kubeconfig live (default: ~/.skiff).")
    var dataDirectory: String?

    @Option(help: "The port the API listens on, on 127.0.0.1.")
    var port: Int = 6443

    @Option(name: .customLong("node-name"), help: "The name of this machine's node (default: the host name).")
    var nodeName: String?

    @Flag(name: .customLong("disable-agent"), help: "Do not run a node agent on this machine.")
    var disableAgent = false

    @Flag(name: .customLong("disable-scheduler"), help: "Do not run the scheduler.")
    var disableScheduler = false

    @Option(name: .customLong("datastore-endpoint"),
            help: "etcd v3 endpoints (http://HOST:2379,...) to use instead of the embedded SQLite store.")
    var datastoreEndpoint: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "skiff.server")
        let directory = URL(fileURLWithPath: PathExpansion.expandTilde(dataDirectory ?? "~/.skiff"), isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        let storage: any Storage
        if let endpoints = datastoreEndpoint {
            let list = endpoints.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            storage = try EtcdStorage(endpoints: list)
            logger.info("using etcd", metadata: ["endpoints": "\(list.joined(separator: ","))"])
        } else {
            storage = try SQLiteStorage(directory: directory.appendingPathComponent("db", isDirectory: true))
        }

        let token = try AccessFiles.loadOrCreateToken(in: directory)
        let kubeconfig = try AccessFiles.writeKubeconfig(in: directory, serverURL: "http://127.0.0.1:\(port)", token: token)
        logger.info("wrote kubeconfig", metadata: ["path": "\(kubeconfig.path)"])

        // The node token agents join with (`skiff agent --token-file DATA/node-token`). Until
        // authorization exists it is the admin token.
        try AccessFiles.writeNodeToken(token, in: directory)
        let node = nodeName ?? ProcessInfo.processInfo.hostName
        var agent: AgentConfiguration?
        if disableAgent {
            logger.info("node agent disabled")
        } else {
            agent = AgentConfiguration(serverURL: "http://127.0.0.1:\(port)", token: token, nodeName: node,
                                       dataDirectory: directory.appendingPathComponent("agent").path)
        }

        let server = APIServer(storage: storage, configuration: APIServerConfiguration(host: "127.0.0.1", port: port), logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [StorageService(storage: storage), server,
                       ControlPlaneComponents(server: server, token: token, runScheduler: !disableScheduler, agent: agent, logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(15)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
        logger.info("stopped")
    }

}
