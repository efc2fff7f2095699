import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffAgent

/// `skiff agent`: a node agent joining a running `skiff server` (several may run on one machine,
/// each with its own node name and data directory).
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run a node agent that joins a Skiff server and runs the pods bound to its node.")

    @Option(help: "The API server URL (e.g. http://127.0.0.1:6443).")
    var server: String

    @Option(name: .customLong("token-file"), help: "A file holding the node token (the server writes DATA/node-token).")
    var tokenFile: String

    @Option(name: .customLong("node-name"), help: "This node's name (default: the host name).")
    var nodeName: String?

    @Option(name: .customLong("data-dir"), help: "Where the agent keeps its pods' sandboxes and logs (default: ~/.skiff-agent).")
    var dataDirectory: String?

    @Option(help: "The port of the agent's HTTP endpoint (logs) on 127.0.0.1; 0 picks a free one.")
    var port: Int = 0

    @Option(name: .customLong("extended-resource"), help: "An extended resource to advertise, NAME=COUNT (e.g. nvidia.com/gpu=2); repeatable.")
    var extendedResources: [String] = []

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        for item in extendedResources where AgentConfiguration.parseExtendedResources([item]).isEmpty {
            throw ValidationError("--extended-resource takes NAME=COUNT, not \(item)")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "skiff.agent")
        let token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let configuration = AgentConfiguration(
            serverURL: server, token: token, nodeName: nodeName ?? ProcessInfo.processInfo.hostName,
            dataDirectory: PathExpansion.expandTilde(dataDirectory ?? "~/.skiff-agent"),
            extendedResources: AgentConfiguration.parseExtendedResources(extendedResources), httpPort: port)
        let agent = NodeAgent(configuration: configuration, logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(services: [agent], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(15)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}

/// `~/x` → the home directory's `x`.
enum PathExpansion {
    static func expandTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return FileManager.default.homeDirectoryForCurrentUser.path + path.dropFirst()
    }
}
