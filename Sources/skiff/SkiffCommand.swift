import ArgumentParser

/// `skiff`: one binary that is a whole Kubernetes-compatible cluster.
@main
struct SkiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skiff",
        abstract: "A Kubernetes-compatible orchestrator in one binary.",
        subcommands: [ServerCommand.self, AgentCommand.self])
}
