import EtcdAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import NIOCore

/// One gRPC client to one etcd endpoint, plus the task that runs its connections.
///
/// grpc-swift needs `GRPCClient.runConnections()` to run for as long as the client is used. Skiff's
/// storage is an object with `close()` rather than a scope, so each connection owns an unstructured
/// `Task` running `runConnections()`. ``shutdown()`` begins a graceful shutdown (no new RPCs, the
/// in-flight ones finish) and waits for that task; if it does not end within a few seconds the task
/// is cancelled, which aborts whatever is still in flight. ``shutdownNow()`` is the abrupt variant
/// used from `deinit` when the storage was never closed.
final class EtcdConnection: Sendable {
    typealias Transport = HTTP2ClientTransport.Posix

    let endpoint: EtcdEndpoint
    let kv: Etcdserverpb_KV.Client<Transport>
    let watch: Etcdserverpb_Watch.Client<Transport>
    private let client: GRPCClient<Transport>
    private let runner: Task<Void, Never>

    init(endpoint: EtcdEndpoint, logger: Logger) throws {
        let config = HTTP2ClientTransport.Posix.Config.defaults { config in
            // Reconnect quickly once a restarted etcd is back (the default backs off up to 2 minutes).
            config.backoff = .init(initial: .milliseconds(200), max: .seconds(5), multiplier: 1.6, jitter: 0.2)
            // Detect a dead peer under an open watch. etcd refuses pings more often than every 5 s
            // and pings without an open stream, so stay above that and only ping with calls open.
            config.connection.keepalive = .init(time: .seconds(30), timeout: .seconds(10), allowWithoutCalls: false)
            // Answer etcd's PINGs below NIO's HTTP/2 DoS limits (see HTTP2PingResponder).
            config.channelDebuggingCallbacks.onCreateTCPConnection = { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTP2PingResponder(), position: .first)
                }
            }
        }
        let transport = try endpoint.makeTransport(config: config)
        let client = GRPCClient(transport: transport)
        self.endpoint = endpoint
        self.client = client
        self.kv = Etcdserverpb_KV.Client(wrapping: client)
        self.watch = Etcdserverpb_Watch.Client(wrapping: client)
        self.runner = Task {
            do {
                try await client.runConnections()
            } catch {
                logger.debug("etcd client for \(endpoint) stopped", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Stops accepting RPCs, lets the in-flight ones finish (at most `grace`), then stops.
    func shutdown(grace: Duration = .seconds(2)) async {
        client.beginGracefulShutdown()
        let runner = self.runner
        let timer = Task {
            try? await Task.sleep(for: grace)
            if !Task.isCancelled { runner.cancel() }
        }
        await runner.value
        timer.cancel()
    }

    /// Stops at once, aborting in-flight RPCs; does not wait.
    func shutdownNow() {
        client.beginGracefulShutdown()
        runner.cancel()
    }
}
