import EtcdAPI
import Foundation
import GRPCCore
import Logging

/// ``Storage`` on a real etcd v3 cluster, spoken to over gRPC (plaintext HTTP/2).
///
/// etcd already has the model the contract describes — one global revision, per-key create and mod
/// revisions, history until compaction — so every call is one etcd request (see docs/store-etcd.md):
/// writes are transactions whose compares make them compare-and-swap, reads are `Range`, watches are
/// `Watch` streams, compaction is `Compact`.
///
/// Endpoints: calls go to one endpoint and fail over to the next when it is unreachable; every unary
/// attempt has a 5 s deadline, so an unreachable cluster gives ``StorageError/unavailable(_:)`` promptly.
///
/// Lifecycle: each endpoint's gRPC client runs its connections in a task owned by this object.
/// ``close()`` ends the open watches with ``StorageError/closed`` and shuts those clients down
/// gracefully; dropping the storage without closing it stops them abruptly.
public final class EtcdStorage: Storage {
    /// The endpoints, as given (one per entry after splitting on commas).
    public let endpoints: [String]

    let connections: EtcdEndpoints
    let watches = EtcdWatchRegistry()
    let logger: Logger

    /// - Parameter endpoints: etcd client URLs such as `http://127.0.0.1:2379`; an entry may itself be a
    ///   comma-separated list (the `--datastore-endpoint` flag). Nothing is contacted until the first call.
    /// - Throws: ``EtcdConfigurationError`` when the list is empty or an entry is not a usable URL.
    public init(endpoints: [String], logger: Logger = Logger(label: "skiff.store.etcd")) throws {
        let parsed = try EtcdEndpoint.parseList(endpoints)
        self.endpoints = parsed.map(\.url)
        self.logger = logger
        self.connections = EtcdEndpoints(parsed, logger: logger)
    }

    deinit {
        watches.closeAll()
    }

    // MARK: - Reads

    public func currentRevision() async throws -> Int64 {
        var request = Etcdserverpb_RangeRequest()
        request.key = Data([0])
        request.countOnly = true
        let response = try await range(request, operation: "currentRevision")
        return response.header.revision
    }

    public func get(_ key: String) async throws -> KeyValue? {
        try KeyPrefix.validate(key)
        var request = Etcdserverpb_RangeRequest()
        request.key = Data(key.utf8)
        let response = try await range(request, operation: "get")
        return response.kvs.first.map(KeyValue.init(etcd:))
    }

    public func list(_ request: ListRequest) async throws -> ListResult {
        let prefix = KeyPrefix.normalize(request.prefix)
        var range = Etcdserverpb_RangeRequest()
        range.key = Data(prefix.utf8)
        range.rangeEnd = Data(KeyPrefix.rangeEnd(of: prefix).utf8)
        if let after = request.continueAfter {
            // The smallest key greater than `after`, unless that lies before the prefix anyway.
            let start = Data(after.utf8) + [0]
            if !start.lexicographicallyPrecedes(range.key) { range.key = start }
        }
        let revision = max(request.revision ?? 0, 0)
        range.revision = revision
        if let limit = request.limit, limit > 0 { range.limit = Int64(limit) }
        let response = try await self.range(range, operation: "list")
        return ListResult(
            items: response.kvs.map(KeyValue.init(etcd:)),
            revision: revision > 0 ? revision : response.header.revision,
            hasMore: response.more
        )
    }

    /// A Range with failover, with revision errors turned into ``StorageError``.
    func range(_ request: Etcdserverpb_RangeRequest, operation: String) async throws -> Etcdserverpb_RangeResponse {
        try checkOpen()
        do {
            return try await connections.withFailover(operation, idempotent: true) { connection in
                try await connection.kv.range(request, options: EtcdEndpoints.unaryOptions)
            }
        } catch let error as EtcdRevisionError {
            throw await revisionError(error, requested: request.revision)
        }
    }

    // MARK: - Writes

    public func create(_ key: String, value: Data) async throws -> Int64 {
        try KeyPrefix.validate(key)
        let keyBytes = Data(key.utf8)
        var txn = Etcdserverpb_TxnRequest()
        txn.compare = [.createRevision(of: keyBytes, .equal, 0)]
        txn.success = [.put(keyBytes, value)]
        let response = try await self.txn(txn, operation: "create")
        guard response.succeeded else { throw StorageError.alreadyExists(key: key) }
        return response.header.revision
    }

    public func update(_ key: String, value: Data, expectedRevision: Int64) async throws -> Int64 {
        try KeyPrefix.validate(key)
        let keyBytes = Data(key.utf8)
        var txn = Etcdserverpb_TxnRequest()
        // "exists" as well: an absent key has mod revision 0, which must not match an expected 0.
        txn.compare = [.createRevision(of: keyBytes, .greater, 0), .modRevision(of: keyBytes, .equal, expectedRevision)]
        txn.success = [.put(keyBytes, value)]
        txn.failure = [.range(keyBytes)]
        let response = try await self.txn(txn, operation: "update")
        if response.succeeded { return response.header.revision }
        throw Self.compareFailure(key: key, expectedRevision: expectedRevision, response: response)
    }

    public func delete(_ key: String, expectedRevision: Int64?) async throws -> DeleteResult {
        try KeyPrefix.validate(key)
        let keyBytes = Data(key.utf8)
        var txn = Etcdserverpb_TxnRequest()
        txn.compare = [.createRevision(of: keyBytes, .greater, 0)]
        if let expectedRevision { txn.compare.append(.modRevision(of: keyBytes, .equal, expectedRevision)) }
        txn.success = [.deleteWithPrevious(keyBytes)]
        txn.failure = [.range(keyBytes)]
        let response = try await self.txn(txn, operation: "delete")
        guard response.succeeded else {
            throw Self.compareFailure(key: key, expectedRevision: expectedRevision ?? 0, response: response)
        }
        guard let previous = response.responses.first?.responseDeleteRange.prevKvs.first else {
            throw StorageError.backendFailure("etcd deleted \(key) without returning its previous value")
        }
        return DeleteResult(revision: response.header.revision, deleted: KeyValue(etcd: previous))
    }

    /// The error for a failed update/delete transaction whose failure branch read the key.
    private static func compareFailure(
        key: String, expectedRevision: Int64, response: Etcdserverpb_TxnResponse
    ) -> StorageError {
        guard let current = response.responses.first?.responseRange.kvs.first else {
            return .notFound(key: key)
        }
        return .conflict(key: key, expectedRevision: expectedRevision, actualRevision: current.modRevision)
    }

    private func txn(_ request: Etcdserverpb_TxnRequest, operation: String) async throws -> Etcdserverpb_TxnResponse {
        try checkOpen()
        do {
            return try await connections.withFailover(operation, idempotent: false) { connection in
                try await connection.kv.txn(request, options: EtcdEndpoints.unaryOptions)
            }
        } catch let error as EtcdRevisionError {
            throw StorageError.backendFailure("\(operation): unexpected etcd revision error \(error)")
        }
    }

    // MARK: - Lifecycle

    public func close() async {
        watches.closeAll()
        await connections.close()
    }

    func checkOpen() throws(StorageError) {
        if connections.isClosed { throw .closed }
    }
}

// MARK: - Protobuf helpers

extension KeyValue {
    init(etcd kv: Mvccpb_KeyValue) {
        self.init(
            key: String(decoding: kv.key, as: UTF8.self),
            value: kv.value,
            createRevision: kv.createRevision,
            modRevision: kv.modRevision
        )
    }
}

extension Etcdserverpb_Compare {
    static func createRevision(of key: Data, _ result: CompareResult, _ revision: Int64) -> Self {
        var compare = Self()
        compare.key = key
        compare.target = .create
        compare.result = result
        compare.createRevision = revision
        return compare
    }

    static func modRevision(of key: Data, _ result: CompareResult, _ revision: Int64) -> Self {
        var compare = Self()
        compare.key = key
        compare.target = .mod
        compare.result = result
        compare.modRevision = revision
        return compare
    }
}

extension Etcdserverpb_RequestOp {
    static func put(_ key: Data, _ value: Data) -> Self {
        var put = Etcdserverpb_PutRequest()
        put.key = key
        put.value = value
        var op = Self()
        op.requestPut = put
        return op
    }

    static func range(_ key: Data) -> Self {
        var range = Etcdserverpb_RangeRequest()
        range.key = key
        var op = Self()
        op.requestRange = range
        return op
    }

    static func deleteWithPrevious(_ key: Data) -> Self {
        var delete = Etcdserverpb_DeleteRangeRequest()
        delete.key = key
        delete.prevKv = true
        var op = Self()
        op.requestDeleteRange = delete
        return op
    }
}
