import GRPCCore
import Logging
import Synchronization

/// The etcd endpoints of one storage, with failover.
///
/// One ``EtcdConnection`` per endpoint, made on first use. Calls go to the *preferred* endpoint;
/// when it is unreachable the call moves on to the next one (in list order, wrapping around) and that
/// one becomes preferred, so a dead member costs one failed attempt rather than one per call. When no
/// endpoint answers the call fails with ``StorageError/unavailable(_:)`` naming every endpoint and why.
///
/// Every attempt of a unary call carries a deadline (``requestTimeout``), so a silent (black-holed)
/// endpoint is given up on instead of hanging the caller.
final class EtcdEndpoints: Sendable {
    /// The deadline of one unary attempt on one endpoint.
    static let requestTimeout: Duration = .seconds(5)
    /// etcd answers can be large (a list of many objects); the gRPC default is 4 MiB.
    static let maxResponseBytes = 512 * 1024 * 1024

    private struct State {
        var connections: [EtcdConnection?]
        var preferred = 0
        var closed = false
    }

    let endpoints: [EtcdEndpoint]
    private let state: Mutex<State>
    private let logger: Logger

    init(_ endpoints: [EtcdEndpoint], logger: Logger) {
        precondition(!endpoints.isEmpty)
        self.endpoints = endpoints
        self.logger = logger
        self.state = Mutex(State(connections: Array(repeating: nil, count: endpoints.count)))
    }

    deinit {
        let connections = state.withLock { $0.connections }
        for connection in connections { connection?.shutdownNow() }
    }

    /// "http://a:2379, http://b:2379" for messages.
    var listDescription: String { endpoints.map(\.url).joined(separator: ", ") }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Call options for a unary call: deadline and response size.
    static var unaryOptions: CallOptions {
        var options = CallOptions.defaults
        options.timeout = requestTimeout
        options.waitForReady = false
        options.maxResponseMessageBytes = maxResponseBytes
        // grpc-swift-nio-transport 2.9 applies the *request* limit to the payloads it decodes on
        // the stream (responses included), so a large Range needs it raised too.
        options.maxRequestMessageBytes = maxResponseBytes
        return options
    }

    /// Call options for a watch stream: no deadline (it lives until cancelled).
    static var streamOptions: CallOptions {
        var options = CallOptions.defaults
        options.waitForReady = false
        options.maxResponseMessageBytes = maxResponseBytes
        options.maxRequestMessageBytes = maxResponseBytes
        return options
    }

    /// The connection to endpoint `index`, made on first use.
    func connection(at index: Int) throws(StorageError) -> EtcdConnection {
        let result: Result<EtcdConnection, StorageError> = state.withLock { state in
            if state.closed { return .failure(.closed) }
            if let connection = state.connections[index] { return .success(connection) }
            do {
                let connection = try EtcdConnection(endpoint: endpoints[index], logger: logger)
                state.connections[index] = connection
                return .success(connection)
            } catch {
                return .failure(.unavailable("cannot set up a client for etcd at \(endpoints[index]): \(error)"))
            }
        }
        return try result.get()
    }

    /// The index of the endpoint calls currently go to.
    var preferredIndex: Int { state.withLock { $0.preferred } }

    /// Records that endpoint `index` failed: if it is still preferred, the next one becomes preferred.
    func markUnreachable(_ index: Int) {
        state.withLock { state in
            if state.preferred == index { state.preferred = (index + 1) % endpoints.count }
        }
    }

    /// Runs `body` against the preferred endpoint, moving on to the next ones while they are unreachable.
    ///
    /// - Parameter idempotent: whether `body` may be repeated after an attempt that may have reached
    ///   etcd (timed out). Reads are; writes are not, and fail with `unavailable` instead.
    /// - Throws: ``StorageError`` (`unavailable`, `closed`, `backendFailure`, or whatever `body`
    ///   throws), ``EtcdRevisionError``, or `CancellationError`.
    func withFailover<T: Sendable>(
        _ operation: String,
        idempotent: Bool,
        _ body: (EtcdConnection) async throws -> T
    ) async throws -> T {
        let start = preferredIndex
        var failures: [String] = []
        for attempt in 0..<endpoints.count {
            let index = (start + attempt) % endpoints.count
            let connection = try connection(at: index)
            do {
                return try await body(connection)
            } catch let error as StorageError {
                throw error
            } catch {
                switch EtcdErrorMapping.classify(error) {
                case .unreachable(let reason, let maybeApplied):
                    logger.warning(
                        "etcd endpoint unreachable",
                        metadata: ["endpoint": "\(endpoints[index])", "operation": "\(operation)", "reason": "\(reason)"])
                    markUnreachable(index)
                    failures.append("\(endpoints[index]): \(reason)")
                    if maybeApplied && !idempotent {
                        throw StorageError.unavailable(
                            "etcd at \(endpoints[index]) did not answer \(operation) in time; the write may or may not have been applied: \(reason)")
                    }
                case .compacted: throw EtcdRevisionError.compacted
                case .futureRevision: throw EtcdRevisionError.futureRevision
                case .closed: throw StorageError.closed
                case .cancelled:
                    if isClosed { throw StorageError.closed }
                    throw CancellationError()
                case .failed(let message):
                    if isClosed { throw StorageError.closed }
                    throw StorageError.backendFailure("\(operation) on etcd at \(endpoints[index]): \(message)")
                }
            }
        }
        if isClosed { throw StorageError.closed }
        throw StorageError.unavailable("etcd at \(listDescription) unreachable: \(failures.joined(separator: "; "))")
    }

    /// Refuses new calls and shuts every connection down, letting in-flight calls finish briefly.
    func close() async {
        let connections = state.withLock { state -> [EtcdConnection] in
            state.closed = true
            return state.connections.compactMap { $0 }
        }
        await withTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask { await connection.shutdown() }
            }
        }
    }
}
