import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SkiffModel
import SkiffStore
import Synchronization

/// The Kubernetes API server as a swift-service-lifecycle `Service`: serves the REST API of the
/// built-in resources from a ``SkiffStore/Storage`` over HTTP (see docs/apiserver.md).
///
/// `run()` first creates the system namespaces if they are missing, then listens. On graceful
/// shutdown it ends open watches, stops accepting connections, finishes the requests in flight
/// and returns; the storage is not closed (its owner does that after the server has stopped).
public final class APIServer: Service, Sendable {
    private let storage: any Storage
    private let configuration: APIServerConfiguration
    private let logger: Logger
    private let shutdown = ShutdownSignal()
    private let serving = ServingState()
    private let local = Mutex<LocalTransport?>(nil)

    public init(storage: any Storage, configuration: APIServerConfiguration = APIServerConfiguration(),
                logger: Logger = Logger(label: "skiff.apiserver")) {
        self.storage = storage
        self.configuration = configuration
        self.logger = logger
    }

    /// The port the server listens on, once it does; throws if it failed to start.
    public func waitUntilServing() async throws -> Int {
        try await serving.wait()
    }

    /// The transport for clients in this process (``LocalTransport``), once the server serves;
    /// throws if it failed to start.
    public func localTransport() async throws -> LocalTransport {
        _ = try await serving.wait()
        guard let transport = local.withLock({ $0 }) else { throw CancellationError() }
        return transport
    }

    public func run() async throws {
        let metrics = APIMetrics()
        let measured = MeasuredStorage(base: storage, metrics: metrics)
        let cache = WatchCache(storage: measured, logger: logger)
        let resources = ResourceHandler(storage: measured, registry: .builtIn, environment: .live, cache: cache)
        do {
            try await SystemNamespaces.ensure(resources)
            try await cache.load()
        } catch {
            serving.resolve(.failure(error))
            throw error
        }
        let serverAddress = "\(configuration.host):\(configuration.port)"
        let streamer = WatchStreamer(handler: resources, shutdown: shutdown)
        let api = APIHandler(resources: resources, shutdown: shutdown, serverAddress: serverAddress, logger: logger)
        let gate = configuration.componentFirstMaximumWait.map { ComponentFirstGate(maximumWait: $0) }
        let responder = MetricsResponder(
            inner: KubernetesResponder(
                api: api, streamer: streamer,
                maximumBodyBytes: configuration.maximumRequestBodyBytes, gate: gate),
            metrics: metrics, registry: resources.registry, storage: storage)
        let serving = self.serving
        let logger = self.logger
        let host = configuration.host
        let maximumBodyBytes = configuration.maximumRequestBodyBytes
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? 0
                self.local.withLock {
                    $0 = LocalTransport(api: api, streamer: streamer, metrics: metrics, registry: resources.registry,
                                        maximumBodyBytes: maximumBodyBytes, serverURL: "http://\(host):\(port)", gate: gate)
                }
                logger.info("serving the Kubernetes API", metadata: ["address": "http://\(channel.localAddress?.ipAddress ?? "?"):\(port)"])
                serving.resolve(.success(port))
            },
            logger: logger)
        let shutdown = self.shutdown
        let bookmarkInterval = configuration.watchBookmarkInterval
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await cache.follow() }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: bookmarkInterval)
                            cache.sendProgress()
                        }
                    }
                    try await application.run()
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                shutdown.trigger()
            }
        } catch {
            serving.resolve(.failure(error))
            throw error
        }
        serving.resolve(.failure(CancellationError()))
    }
}

/// What every cluster has from the start: the namespaces default, kube-system, kube-public and
/// kube-node-lease, and the PriorityClasses system-node-critical and system-cluster-critical.
enum SystemNamespaces {
    static func ensure(_ resources: ResourceHandler) async throws {
        guard let info = resources.registry.lookup(group: "", version: "v1", resource: "namespaces") else { return }
        for name in NamespaceLifecycle.system {
            _ = try await resources.createIfMissing(info, body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
        }
        if let classes = resources.registry.lookup(group: "scheduling.k8s.io", version: "v1", resource: "priorityclasses") {
            for body in PriorityAdmission.systemClasses {
                _ = try await resources.createIfMissing(classes, body: body)
            }
        }
    }
}
