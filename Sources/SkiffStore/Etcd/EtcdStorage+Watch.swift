import EtcdAPI
import Foundation

/// `watch(prefix:after:)`: one etcd Watch stream per watch (see ``EtcdWatchRunner``), its events
/// handed to the reader through a bounded ``WatchQueue``.
extension EtcdStorage {
    /// How many undelivered events a watch reader may fall behind before it is ended with `watchTooSlow`.
    static let watchQueueCapacity = 10_000

    public func watch(prefix: String, after revision: Int64) async throws -> WatchStream {
        try checkOpen()
        let normalized = KeyPrefix.normalize(prefix)
        let after = max(revision, 0)
        try await checkWatchable(after: after)

        let queue = WatchQueue(capacity: Self.watchQueueCapacity, startRevision: after)
        let started = EtcdWatchStart()
        let runner = EtcdWatchRunner(
            connections: connections, prefix: normalized, after: after, queue: queue, started: started, logger: logger)
        let task = Task { await runner.run() }
        let id: Int
        do {
            id = try watches.register(queue: queue, task: task)
        } catch {
            task.cancel()
            queue.cancel()
            throw error
        }
        let source = EtcdWatchSource(queue: queue, task: task, registry: watches, id: id)
        do {
            try await started.wait()
        } catch {
            source.cancel()
            throw error
        }
        return WatchStream(source)
    }

    /// Fails with `compacted` when history after `after` is no longer complete.
    ///
    /// etcd itself accepts a watch from the compacted revision (after = compacted − 1) and reports
    /// older starts only later, on the stream. The contract wants a watch after any revision below
    /// the compacted one to fail, so this reads at `after` first (a Range there fails exactly when
    /// `after` < compacted revision). A start in the future is allowed: the watch waits for it.
    private func checkWatchable(after: Int64) async throws {
        var request = Etcdserverpb_RangeRequest()
        request.key = Data([0])
        request.countOnly = true
        request.revision = max(after, 1)
        do {
            _ = try await connections.withFailover("watch", idempotent: true) { connection in
                try await connection.kv.range(request, options: EtcdEndpoints.unaryOptions)
            }
        } catch EtcdRevisionError.compacted {
            throw await revisionError(.compacted, requested: after)
        } catch EtcdRevisionError.futureRevision {
            return
        }
    }
}
