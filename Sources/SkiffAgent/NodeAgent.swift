import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SkiffAPI
import SkiffClient
import SkiffModel
import SkiffRuntime
import Synchronization

/// The node agent (Skiff's kubelet) as a swift-service-lifecycle `Service`: registers its Node,
/// heartbeats through a Lease, runs the pods bound to it through the process runtime, reports
/// their status and events, and serves container logs (docs/agent.md).
///
/// Stopping the agent (graceful shutdown) leaves containers running, like stopping a kubelet:
/// a new agent over the same data directory adopts them.
public final class NodeAgent: Service, Sendable {
    public let configuration: AgentConfiguration
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let backOff: RestartBackOff
    private let ready = ReadySignal()
    private let workers = Mutex<[String: PodWorker]>([:])   // by pod UID
    private let transport: (any KubernetesTransport)?

    /// - Parameters:
    ///   - transport: how to reach the API server; nil: HTTP to `configuration.serverURL`
    ///     (`skiff server` passes its in-process transport to its own agent).
    ///   - now: the wall clock (injected for tests).
    ///   - backOff: the crash back-off (tests may shorten it).
    public init(configuration: AgentConfiguration, transport: (any KubernetesTransport)? = nil, logger: Logger = Logger(label: "skiff.agent"),
                now: @escaping @Sendable () -> Date = { Date() }, backOff: RestartBackOff = RestartBackOff()) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.now = now
        self.backOff = backOff
    }

    /// The agent's HTTP port once its node is registered; throws if it failed to start.
    public func waitUntilReady() async throws -> Int {
        try await ready.wait()
    }

    public func run() async throws {
        do {
            try await runAgent()
        } catch {
            ready.resolve(.failure(error))
            throw error
        }
    }

    private func runAgent() async throws {
        let clientConfiguration: ClientConfiguration
        if let path = configuration.kubeconfigPath {
            clientConfiguration = try ClientConfiguration(kubeconfigPath: path)
        } else {
            clientConfiguration = ClientConfiguration(serverURL: configuration.serverURL, bearerToken: configuration.token)
        }
        let client = transport.map { KubernetesClient(configuration: clientConfiguration, transport: $0, logger: logger) }
            ?? KubernetesClient(configuration: clientConfiguration, logger: logger)
        let probeClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        // As many spare sandbox and cgroup directories as the node takes pods: no burst it accepts makes a directory.
        let runtime = try ProcessRuntime(
            root: "\(configuration.dataDirectory)/runtime", spareDirectories: NodeStatusBuilder.maximumPods, logger: logger)
        defer { runtime.shutdown() }
        do {
            try await runWith(client: client, runtime: runtime, probeClient: probeClient)
        } catch {
            try? await probeClient.shutdown()
            try? await client.shutdown()
            throw error
        }
        try? await probeClient.shutdown()
        try? await client.shutdown()
    }

    private func runWith(client: KubernetesClient, runtime: ProcessRuntime, probeClient: HTTPClient) async throws {
        let recovered = try await runtime.recover()
        logger.info("runtime recovered \(recovered.count) container instance(s)")
        let facts = HostFacts.read(dataDirectory: configuration.dataDirectory)
        let informer = Informer<CoreV1.Pod>(client: client, fieldSelector: "spec.nodeName=\(configuration.nodeName)")
        let httpServer = AgentHTTPServer(runtime: runtime, locate: { [informer] namespace, name, container in
            guard let pod = informer.get(name: name, namespace: namespace), let uid = pod.metadata?.uid,
                  let instances = try? await runtime.listContainers(podUID: uid)
            else { return nil }
            guard let latest = instances.filter({ $0.id.name == container }).map(\.id.restartCount).max() else { return nil }
            return (uid, latest)
        }, now: now)
        let portPromise = ReadySignal()
        let application = Application(
            router: httpServer.router(),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: configuration.httpPort),
                                                    serverName: "skiff-agent"),
            onServerRunning: { channel in portPromise.resolve(.success(channel.localAddress?.port ?? 0)) },
            logger: logger)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await application.runService() } catch {
                    portPromise.resolve(.failure(error))
                    throw error
                }
            }
            let port = try await portPromise.wait()
            let registration = NodeRegistration(client: client, configuration: configuration, logger: logger, now: now,
                                                builder: NodeStatusBuilder(nodeName: configuration.nodeName, facts: facts,
                                                                           extendedResources: configuration.extendedResources,
                                                                           httpPort: port))
            let nodeCIDR = try await cancelWhenGracefulShutdown { try await registration.registerWithRetry() }
            await registration.renewLease()
            let context = AgentContext(
                client: client, runtime: runtime,
                events: EventRecorder(client: client, component: "kubelet", host: configuration.nodeName, logger: logger, now: now),
                probes: ProbeRunner(httpClient: probeClient), configuration: configuration, logger: logger, now: now,
                backOff: backOff, facts: facts, nodeCIDR: nodeCIDR)
            for sandbox in try await runtime.listSandboxes() { _ = context.podIP(for: sandbox.podUID, preferred: sandbox.podIP) }

            try await withThrowingTaskGroup(of: Void.self) { work in
                work.addTask { await registration.heartbeat() }
                let notifications = informer.notifications()
                work.addTask { await informer.run() }
                work.addTask { [self] in
                    for await event in runtime.events() {
                        workers.withLock { $0[event.id.podUID] }?.wake()
                    }
                }
                try await cancelWhenGracefulShutdown { try await informer.waitForSync() }
                try await removeOrphanSandboxes(runtime: runtime, pods: informer.list())
                work.addTask { [self] in
                    await withTaskGroup(of: Void.self) { workerTasks in
                        for pod in informer.list() { self.podChanged(pod, context: context, tasks: &workerTasks) }
                        for await notification in notifications {
                            switch notification {
                            case .added(let pod), .updated(_, let pod): self.podChanged(pod, context: context, tasks: &workerTasks)
                            case .deleted(let pod): self.podDeleted(pod)
                            }
                        }
                        workerTasks.cancelAll()
                    }
                }
                ready.resolve(.success(port))
                logger.info("node agent \(configuration.nodeName) ready", metadata: ["port": "\(port)", "podCIDR": "\(nodeCIDR)"])
                try await gracefulShutdown()
                work.cancelAll()
            }
            await context.events.shutdown()
            // The HTTP server ends on its own graceful shutdown.
            try await group.waitForAll()
        }
    }

    private func podChanged(_ pod: CoreV1.Pod, context: AgentContext, tasks: inout TaskGroup<Void>) {
        guard let uid = pod.metadata?.uid else { return }
        // A pod recreated under the same name has a new UID: the old one is gone.
        let stale = workers.withLock { workers in
            workers.values.filter { $0.uid != uid && $0.pod.metadata?.name == pod.metadata?.name
                && $0.pod.metadata?.namespace == pod.metadata?.namespace }
        }
        for worker in stale { worker.podRemoved() }
        if let worker = workers.withLock({ $0[uid] }) {
            worker.update(pod)
            return
        }
        let worker = PodWorker(pod: pod, context: context)
        workers.withLock { $0[uid] = worker }
        tasks.addTask { [self] in
            await worker.run()
            _ = workers.withLock { $0.removeValue(forKey: uid) }
        }
    }

    private func podDeleted(_ pod: CoreV1.Pod) {
        guard let uid = pod.metadata?.uid else { return }
        workers.withLock { $0[uid] }?.podRemoved()
    }

    /// Sandboxes of pods that are no longer bound here are killed and removed.
    private func removeOrphanSandboxes(runtime: ProcessRuntime, pods: [CoreV1.Pod]) async throws {
        let present = Set(pods.compactMap { $0.metadata?.uid })
        for sandbox in try await runtime.listSandboxes() where !present.contains(sandbox.podUID) {
            logger.info("removing sandbox of vanished pod \(sandbox.namespace)/\(sandbox.name) (\(sandbox.podUID))")
            try? await runtime.removeSandbox(podUID: sandbox.podUID)
        }
    }
}

/// A one-shot result other tasks wait for.
final class ReadySignal: Sendable {
    private let state = Mutex<(Result<Int, any Error>?, [CheckedContinuation<Int, any Error>])>((nil, []))

    func resolve(_ result: Result<Int, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard state.0 == nil else { return [] }
            state.0 = result
            defer { state.1 = [] }
            return state.1
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let result = state.withLock { state -> Result<Int, any Error>? in
                if let result = state.0 { return result }
                state.1.append(continuation)
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }
}
