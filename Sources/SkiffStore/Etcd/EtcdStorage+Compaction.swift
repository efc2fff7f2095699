import EtcdAPI
import Foundation
import GRPCCore

/// Compaction, and the numbers behind etcd's revision errors.
///
/// etcd reports "required revision has been compacted" and "required revision is a future revision"
/// as bare strings. ``StorageError`` carries the compacted / current revision, so these are looked up
/// afterwards: the current revision with a Range, the compacted revision with a throwaway watch from
/// revision 1, which etcd cancels with `compact_revision` set whenever anything has been compacted.
extension EtcdStorage {
    /// The deadline of a Compact call: physical compaction of a large keyspace takes a while.
    static let compactTimeout: Duration = .seconds(60)
    /// How long the compacted-revision probe waits for etcd's cancel (its sync loop runs every 100 ms).
    static let compactedProbeTimeout: Duration = .seconds(3)

    public func compact(through revision: Int64) async throws {
        try checkOpen()
        guard revision > 0 else { return }
        var request = Etcdserverpb_CompactionRequest()
        request.revision = revision
        request.physical = true
        var options = EtcdEndpoints.unaryOptions
        options.timeout = Self.compactTimeout
        do {
            _ = try await connections.withFailover("compact", idempotent: true) { connection in
                try await connection.kv.compact(request, options: options)
            }
        } catch EtcdRevisionError.compacted {
            return  // already compacted through this revision or a later one
        } catch EtcdRevisionError.futureRevision {
            throw StorageError.futureRevision(requested: revision, currentRevision: try await currentRevision())
        }
    }

    /// The ``StorageError`` for a revision error etcd gave for a read at `requested`.
    func revisionError(_ error: EtcdRevisionError, requested: Int64) async -> StorageError {
        switch error {
        case .compacted:
            // Reads below the compacted revision fail, so it is at least requested + 1.
            let compacted = await compactedRevision() ?? requested + 1
            return .compacted(requested: requested, compactedRevision: max(compacted, requested + 1))
        case .futureRevision:
            let current = (try? await currentRevision()) ?? requested - 1
            return .futureRevision(requested: requested, currentRevision: current)
        }
    }

    /// The revision etcd has compacted through, or nil when it cannot be learned (nothing compacted,
    /// or no endpoint answers in time).
    func compactedRevision() async -> Int64? {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = Data([0])
        create.startRevision = 1
        var message = Etcdserverpb_WatchRequest()
        message.createRequest = create
        let request = message
        var options = EtcdEndpoints.streamOptions
        options.timeout = Self.compactedProbeTimeout
        do {
            let connection = try connections.connection(at: connections.preferredIndex)
            return try await connection.watch.watch(
                options: options,
                requestProducer: { writer in
                    try await writer.write(request)
                    // Keep the request side open until the answer has arrived (this task is then cancelled).
                    try await Task.sleep(for: .seconds(3600))
                },
                onResponse: { response in
                    for try await message in response.messages where message.canceled {
                        return message.compactRevision > 0 ? message.compactRevision : nil
                    }
                    return nil
                }
            )
        } catch {
            logger.debug("could not learn etcd's compacted revision", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
