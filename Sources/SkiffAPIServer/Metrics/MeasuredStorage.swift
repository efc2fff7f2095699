import Foundation
import SkiffStore

/// A ``SkiffStore/Storage`` that forwards to another one and times each operation into
/// ``APIMetrics`` (`skiff_store_request_duration_seconds`, `skiff_store_write_total`).
struct MeasuredStorage: Storage {
    let base: any Storage
    let metrics: APIMetrics

    private func measure<T: Sendable>(_ operation: String, write: Bool = false, _ body: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        var succeeded = false
        defer {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            metrics.recordStore(operation, duration: seconds, isSuccessfulWrite: write && succeeded)
        }
        let result = try await body()
        succeeded = true
        return result
    }

    func currentRevision() async throws -> Int64 { try await base.currentRevision() }

    func get(_ key: String) async throws -> KeyValue? {
        try await measure("get") { try await base.get(key) }
    }

    func list(_ request: ListRequest) async throws -> ListResult {
        try await measure("list") { try await base.list(request) }
    }

    func create(_ key: String, value: Data) async throws -> Int64 {
        try await measure("create", write: true) { try await base.create(key, value: value) }
    }

    func update(_ key: String, value: Data, expectedRevision: Int64) async throws -> Int64 {
        try await measure("update", write: true) { try await base.update(key, value: value, expectedRevision: expectedRevision) }
    }

    @discardableResult
    func delete(_ key: String, expectedRevision: Int64?) async throws -> DeleteResult {
        try await measure("delete", write: true) { try await base.delete(key, expectedRevision: expectedRevision) }
    }

    func watch(prefix: String, after revision: Int64) async throws -> WatchStream {
        try await base.watch(prefix: prefix, after: revision)
    }

    func compact(through revision: Int64) async throws { try await base.compact(through: revision) }

    func close() async { await base.close() }
}
