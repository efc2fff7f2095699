import EtcdAPI
import Foundation
import Logging
import Synchronization

/// Runs the etcd Watch stream behind one watch and pushes its events into the watch's queue.
///
/// The stream asks for every change in the prefix's key range from `after + 1` on, with previous
/// values. etcd delivers in revision order without gaps; the runner only converts and forwards.
///
/// Failover: if the stream cannot be opened, or breaks, on one endpoint, the runner reopens it on the
/// next one from the revision after the last event it forwarded, so the reader sees no gap and no
/// repeat. After one failed attempt per endpoint in a row it gives up: before the watch was confirmed
/// `watch(prefix:after:)` throws `unavailable`; afterwards the stream ends with `unavailable` and the
/// reader relists.
///
/// A watch whose start etcd has compacted away is cancelled by etcd with `compact_revision`; that
/// ends the stream with ``StorageError/compacted(requested:compactedRevision:)``.
struct EtcdWatchRunner: Sendable {
    let connections: EtcdEndpoints
    let prefix: String
    let after: Int64
    let queue: WatchQueue
    let started: EtcdWatchStart
    let logger: Logger

    private enum Outcome: Sendable {
        /// The watch is over; nil when its queue already ended (cancelled or overflowed).
        case ended(StorageError?)
        /// The stream could not be opened or broke; try another endpoint.
        case lost(String)
    }

    /// What one attempt has achieved so far.
    private final class Progress: Sendable {
        private struct State {
            var created = false
            var lastRevision: Int64
        }

        private let state: Mutex<State>

        init(lastRevision: Int64) { state = Mutex(State(lastRevision: lastRevision)) }

        var created: Bool { state.withLock { $0.created } }
        var lastRevision: Int64 { state.withLock { $0.lastRevision } }
        func markCreated() { state.withLock { $0.created = true } }
        func delivered(_ revision: Int64) { state.withLock { $0.lastRevision = revision } }
    }

    func run() async {
        var lastRevision = after
        var failures: [String] = []
        var everCreated = false
        let ending: StorageError?
        attempts: while true {
            if Task.isCancelled || queue.isEnded {
                ending = nil
                break
            }
            let index = connections.preferredIndex
            let connection: EtcdConnection
            do {
                connection = try connections.connection(at: index)
            } catch {
                ending = error
                break
            }
            let progress = Progress(lastRevision: lastRevision)
            let outcome = await attempt(on: connection, after: lastRevision, progress: progress)
            lastRevision = progress.lastRevision
            if progress.created {
                everCreated = true
                failures.removeAll()
            }
            switch outcome {
            case .ended(let error):
                ending = error
                break attempts
            case .lost(let reason):
                if Task.isCancelled || queue.isEnded {
                    ending = nil
                    break attempts
                }
                logger.warning(
                    "etcd watch stream lost",
                    metadata: ["endpoint": "\(connection.endpoint)", "prefix": "\(prefix)", "reason": "\(reason)"])
                connections.markUnreachable(index)
                failures.append("\(connection.endpoint): \(reason)")
                if failures.count >= connections.endpoints.count {
                    let what = everCreated ? "watch on \(prefix) lost after revision \(lastRevision): " : ""
                    ending = .unavailable(
                        "\(what)etcd at \(connections.listDescription) unreachable: \(failures.joined(separator: "; "))")
                    break attempts
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let error = ending ?? (connections.isClosed ? .closed : nil)
        started.resolve(.failure(error ?? CancellationError()))
        queue.finish(throwing: error)
    }

    /// One Watch stream on one endpoint, from `after + 1`, until it ends, breaks or is cancelled.
    private func attempt(on connection: EtcdConnection, after: Int64, progress: Progress) async -> Outcome {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = Data(prefix.utf8)
        create.rangeEnd = Data(KeyPrefix.rangeEnd(of: prefix).utf8)
        create.startRevision = after + 1
        create.prevKv = true
        var message = Etcdserverpb_WatchRequest()
        message.createRequest = create
        let request = message

        let queue = self.queue
        let started = self.started
        let prefix = self.prefix
        do {
            return try await withThrowingTaskGroup(of: Outcome?.self) { group in
                group.addTask {
                    try await connection.watch.watch(
                        options: EtcdEndpoints.streamOptions,
                        requestProducer: { writer in
                            try await writer.write(request)
                            // Keep the request side open for the life of the stream; the RPC cancels
                            // this when the response handler returns.
                            while true { try await Task.sleep(for: .seconds(3600)) }
                        },
                        onResponse: { response in
                            for try await message in response.messages {
                                if message.canceled {
                                    if message.compactRevision > 0 {
                                        return .ended(.compacted(requested: after, compactedRevision: message.compactRevision))
                                    }
                                    return .ended(.backendFailure("etcd cancelled the watch on \(prefix): \(message.cancelReason)"))
                                }
                                if message.created {
                                    progress.markCreated()
                                    started.resolve(.success(()))
                                }
                                for event in message.events {
                                    let converted = WatchEvent(etcd: event)
                                    guard queue.push(converted) else { return .ended(nil) }
                                    progress.delivered(converted.revision)
                                }
                            }
                            return .lost("etcd ended the watch stream")
                        }
                    )
                }
                group.addTask {
                    // Give up on an endpoint that does not confirm the watch in time (black-holed).
                    try await Task.sleep(for: EtcdEndpoints.requestTimeout)
                    return progress.created ? nil : .lost("no answer to the watch request in time")
                }
                while let result = try await group.next() {
                    if let result {
                        group.cancelAll()
                        return result
                    }
                }
                return .lost("etcd ended the watch stream")
            }
        } catch {
            switch EtcdErrorMapping.classify(error) {
            case .unreachable(let reason, _): return .lost(reason)
            case .compacted:
                return .ended(.compacted(requested: after, compactedRevision: after + 1))
            case .futureRevision:
                return .ended(.backendFailure("etcd refused the watch on \(prefix): future revision"))
            case .closed: return .ended(.closed)
            case .cancelled: return .ended(connections.isClosed ? .closed : nil)
            case .failed(let message): return .ended(.backendFailure("watch on \(prefix): \(message)"))
            }
        }
    }
}

extension WatchEvent {
    init(etcd event: Mvccpb_Event) {
        let previous = event.hasPrevKv ? KeyValue(etcd: event.prevKv) : nil
        let key = String(decoding: event.kv.key, as: UTF8.self)
        switch event.type {
        case .delete:
            self.init(kind: .delete, key: key, revision: event.kv.modRevision, current: nil, previous: previous)
        default:
            self.init(kind: .put, key: key, revision: event.kv.modRevision, current: KeyValue(etcd: event.kv), previous: previous)
        }
    }
}
