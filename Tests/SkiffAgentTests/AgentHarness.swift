import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import SkiffAPIServer
import SkiffAgent
import SkiffClient
import SkiffModel
import SkiffStore
import SkiffTesting

/// A real API server on SQLite in a temp dir plus a real node agent (process runtime), both run in
/// one ServiceGroup as `skiff server` runs them; with a client for the test's own calls.
struct AgentHarness {
    let client: KubernetesClient
    let apiPort: Int
    let agentPort: Int
    let nodeName: String
    let dataDirectory: String

    static func with(nodeName: String = "node-a", backOff: RestartBackOff = RestartBackOff(),
                     configure: @escaping (inout AgentConfiguration) -> Void = { _ in },
                     _ body: (AgentHarness) async throws -> Void) async throws {
        try await TestCluster.with { cluster in
            try await cluster.runAgent(nodeName: nodeName, dataDirectory: cluster.directory.appending("agent").path,
                                       backOff: backOff, configure: configure) { harness in
                do {
                    try await body(harness)
                } catch {
                    await harness.deleteAllPods()
                    throw error
                }
                await harness.deleteAllPods()
            }
        }
    }

    /// Deletes every pod and waits until the agent has killed their processes (no leftovers
    /// between tests).
    func deleteAllPods() async {
        guard let pods = try? await client.listAll(CoreV1.Pod.self) else { return }
        for pod in pods.items {
            _ = try? await client.delete(CoreV1.Pod.self, name: pod.metadata?.name ?? "", namespace: pod.metadata?.namespace)
        }
        let podsDirectory = "\(dataDirectory)/runtime/pods"
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let left = (try? FileManager.default.contentsOfDirectory(atPath: podsDirectory)) ?? []
            let remaining = (try? await client.listAll(CoreV1.Pod.self).items.count) ?? 0
            if left.isEmpty && remaining == 0 { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Creates a pod bound to this node.
    @discardableResult
    func createPod(_ name: String, containers: [CoreV1.Container], restartPolicy: String = "Always",
                   initContainers: [CoreV1.Container]? = nil) async throws -> CoreV1.Pod {
        try await client.create(CoreV1.Pod(
            metadata: MetaV1.ObjectMeta(name: name, namespace: "default"),
            spec: CoreV1.PodSpec(containers: containers, initContainers: initContainers, nodeName: nodeName,
                                 restartPolicy: restartPolicy, terminationGracePeriodSeconds: 5)))
    }

    func pod(_ name: String) async throws -> CoreV1.Pod {
        try await client.get(CoreV1.Pod.self, name: name, namespace: "default")
    }

    /// Polls until `condition` holds for the pod (or throws after `timeout`).
    @discardableResult
    func waitForPod(_ name: String, timeout: TimeInterval = 20, _ what: String = "",
                    until condition: (CoreV1.Pod) -> Bool) async throws -> CoreV1.Pod {
        let deadline = Date().addingTimeInterval(timeout)
        var last: CoreV1.Pod?
        while Date() < deadline {
            if let pod = try? await pod(name) {
                last = pod
                if condition(pod) { return pod }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let events = ((try? await events(of: name)) ?? []).map { "\($0.reason ?? ""): \($0.message ?? "")" }
        throw HarnessError.timeout("pod \(name): \(what); events: \(events); last status: \(String(describing: last?.status))")
    }

    /// Events about a pod.
    func events(of name: String) async throws -> [CoreV1.Event] {
        try await client.listAll(CoreV1.Event.self, namespace: "default").items.filter { $0.involvedObject?.name == name }
    }

    /// Whether an event about a pod matching `predicate` appears within 10 s: the agent's recorder
    /// queues events and writes them after the status that prompted them may already be visible.
    func eventAppears(of name: String, _ predicate: @escaping @Sendable (CoreV1.Event) -> Bool) async -> Bool {
        await eventually(timeout: .seconds(10)) {
            ((try? await events(of: name)) ?? []).contains(where: predicate)
        }
    }

    /// GET on the agent's HTTP port: (status code, body).
    func agentGET(_ path: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(agentPort)\(path)")!)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }
}

/// A real API server on SQLite in a temp dir; agents are started and stopped on it by `runAgent`.
struct TestCluster {
    let apiPort: Int
    let directory: TemporaryDirectory
    let logger: Logger

    static func with(_ body: (TestCluster) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        try await InProcessAPIServer.with(prefix: "skiff-agent-test", logLevel: .critical) { server in
            try await body(TestCluster(apiPort: server.port, directory: server.directory, logger: logger))
        }
    }

    /// Runs a node agent for the duration of `body`, then stops it gracefully (its containers keep running).
    func runAgent(nodeName: String, dataDirectory: String, backOff: RestartBackOff = RestartBackOff(),
                  configure: (inout AgentConfiguration) -> Void = { _ in },
                  _ body: (AgentHarness) async throws -> Void) async throws {
        var configuration = AgentConfiguration(
            serverURL: "http://127.0.0.1:\(apiPort)", nodeName: nodeName, dataDirectory: dataDirectory,
            extendedResources: ["nvidia.com/gpu": 2], leaseRenewInterval: .seconds(1), wildcardCheckDelay: .milliseconds(700))
        configure(&configuration)
        let agent = NodeAgent(configuration: configuration, logger: logger, backOff: backOff)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [agent], logger: logger))
        let client = KubernetesClient(configuration: ClientConfiguration(serverURL: "http://127.0.0.1:\(apiPort)"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let agentPort = try await agent.waitUntilReady()
                try await body(AgentHarness(client: client, apiPort: apiPort, agentPort: agentPort, nodeName: nodeName,
                                            dataDirectory: dataDirectory))
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                try? await client.shutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        try await client.shutdown()
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case timeout(String)
    var description: String {
        switch self { case .timeout(let what): "timed out: \(what)" }
    }
}

/// A shell container.
func shell(_ name: String, _ script: String) -> CoreV1.Container {
    CoreV1.Container(command: ["/bin/sh", "-c", script], image: "busybox", name: name)
}

extension AgentHarness {
    /// Waits until the pod runs and its container wrote its pid to `pid` in the sandbox directory.
    func waitForPID(of name: String) async throws -> Int32 {
        let pod = try await waitForPod(name, "Running") { $0.status?.phase == "Running" }
        let file = "\(dataDirectory)/runtime/pods/\(pod.metadata?.uid ?? "")/pid"
        for _ in 0..<100 {
            let text = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if let pid = Int32(text) { return pid }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError.timeout("pid file of \(name)")
    }
}
