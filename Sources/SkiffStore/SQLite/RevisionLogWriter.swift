import Foundation
import GRDB
import Synchronization

/// The single writer of the revision log, on a thread of its own.
///
/// Group commit: callers enqueue operations and wait; the writer takes everything that queued up
/// while the previous transaction was being made durable, decides each operation in order
/// (``WriteBatchPlanner``), appends the rows in one transaction (one fsync for the batch), and only
/// then updates the ``KeyIndex``, publishes the events and answers the callers. A failed
/// transaction fails every operation of its batch and changes nothing.
///
/// Maintenance jobs (compaction) also run on this thread, between batches, so they never race a
/// write.
final class RevisionLogWriter: @unchecked Sendable {
    /// What a successful write reports back.
    struct Committed: Sendable {
        let row: RevisionRow
        let previous: KeyValue?
    }

    private struct Pending {
        let operation: WriteOperation
        let continuation: CheckedContinuation<Committed, any Error>
    }

    private let database: DatabasePool
    private let index: KeyIndex
    private let broadcaster: WatchBroadcaster
    /// Limits how many operations one transaction takes.
    private let maximumBatchSize: Int

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [Pending] = []
    private var jobs: [@Sendable () -> Void] = []
    private var stopping = false
    private var nextMaintenance: Date
    private let maintenanceInterval: TimeInterval
    private let maintenance: @Sendable () -> Void

    /// Owned by the writer thread.
    private var committedRevision: Int64

    /// Transactions committed and operations they carried, for metrics and benchmarks.
    let statistics = Mutex(WriterStatistics())

    private let finished = DispatchSemaphore(value: 0)

    init(
        database: DatabasePool, index: KeyIndex, broadcaster: WatchBroadcaster,
        currentRevision: Int64, maximumBatchSize: Int,
        maintenanceInterval: TimeInterval, maintenance: @escaping @Sendable () -> Void
    ) {
        self.database = database
        self.index = index
        self.broadcaster = broadcaster
        self.committedRevision = currentRevision
        self.maximumBatchSize = maximumBatchSize
        self.maintenanceInterval = maintenanceInterval
        self.maintenance = maintenance
        self.nextMaintenance = Date().addingTimeInterval(maintenanceInterval)
    }

    func start() {
        let thread = Thread { [self] in
            try? "skiff-store-log".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)  // ≤ 15 bytes: top, perf
            run()
        }
        thread.start()
    }

    /// Queues `operation` and waits until it is durable (or rejected).
    func submit(_ operation: WriteOperation) async throws -> Committed {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            if stopping {
                condition.unlock()
                continuation.resume(throwing: StorageError.closed)
                return
            }
            pending.append(Pending(operation: operation, continuation: continuation))
            condition.signal()
            condition.unlock()
        }
    }

    /// Runs `job` on the writer thread between batches and waits for it.
    func perform<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            if stopping {
                condition.unlock()
                continuation.resume(throwing: StorageError.closed)
                return
            }
            jobs.append { continuation.resume(with: Result { try job() }) }
            condition.signal()
            condition.unlock()
        }
    }

    /// Writes whatever is queued right now; for long jobs on the writer thread to call between steps.
    func commitQueuedWrites() {
        let batch = takeBatch()
        if !batch.isEmpty { commit(batch) }
    }

    /// Finishes queued work, then stops the thread. Later submissions fail with `closed`.
    func stop() {
        condition.lock()
        let alreadyStopping = stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if !alreadyStopping { finished.wait() }
    }

    private func takeBatch() -> [Pending] {
        condition.lock()
        defer { condition.unlock() }
        let count = min(pending.count, maximumBatchSize)
        let batch = Array(pending.prefix(count))
        pending.removeFirst(count)
        return batch
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && jobs.isEmpty && !stopping && Date() < nextMaintenance {
                _ = condition.wait(until: nextMaintenance)
            }
            let count = min(pending.count, maximumBatchSize)
            let batch = Array(pending.prefix(count))
            pending.removeFirst(count)
            let runJobs = jobs
            jobs.removeAll()
            let exit = stopping && batch.isEmpty && runJobs.isEmpty
            let maintenanceDue = !stopping && Date() >= nextMaintenance
            if maintenanceDue { nextMaintenance = Date().addingTimeInterval(maintenanceInterval) }
            condition.unlock()

            if exit { break }
            if !batch.isEmpty { commit(batch) }
            for job in runJobs { job() }
            if maintenanceDue { maintenance() }
        }
        finished.signal()
    }

    private func commit(_ batch: [Pending]) {
        var planner = WriteBatchPlanner(currentRevision: committedRevision) { key in self.index[key] }
        let decisions = batch.map { planner.plan($0.operation) }
        let rows = decisions.compactMap { decision -> RevisionRow? in
            if case .append(let row) = decision { return row }
            return nil
        }

        var previousValues: [Int64: Data] = [:]
        if !rows.isEmpty {
            do {
                previousValues = try database.write { db in try Self.append(rows, in: db) }
            } catch {
                let failure = StorageError.backendFailure("write failed: \(Self.describe(error))")
                for item in batch { item.continuation.resume(throwing: failure) }
                return
            }
            index.apply(planner.changes)
            committedRevision = rows[rows.count - 1].revision
            statistics.withLock { $0.record(batchOf: rows.count) }
        }

        var events: [WatchEvent] = []
        events.reserveCapacity(rows.count)
        var results: [Result<Committed, any Error>] = []
        results.reserveCapacity(batch.count)
        for decision in decisions {
            switch decision {
            case .reject(let error):
                results.append(.failure(error))
            case .append(let row):
                let previous = previousValues[row.prevRevision].map {
                    KeyValue(key: row.key, value: $0, createRevision: row.createRevision, modRevision: row.prevRevision)
                }
                events.append(Self.event(for: row, previous: previous))
                results.append(.success(Committed(row: row, previous: previous)))
            }
        }
        if !rows.isEmpty { broadcaster.publish(events, revision: committedRevision) }
        for (item, result) in zip(batch, results) { item.continuation.resume(with: result) }
    }

    /// Appends `rows` and returns the values of the rows they supersede, by revision.
    private static func append(_ rows: [RevisionRow], in db: Database) throws -> [Int64: Data] {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let previous = try db.cachedStatement(sql: "SELECT value FROM kv WHERE id = ?")
        var previousValues: [Int64: Data] = [:]
        for row in rows {
            if row.prevRevision > 0, let value = try Data.fetchOne(previous, arguments: [row.prevRevision]) {
                previousValues[row.prevRevision] = value
            }
            try insert.execute(arguments: [
                row.revision, row.key, row.created, row.deleted, row.createRevision, row.prevRevision, row.value,
            ])
        }
        return previousValues
    }

    static func event(for row: RevisionRow, previous: KeyValue?) -> WatchEvent {
        if row.deleted {
            return WatchEvent(kind: .delete, key: row.key, revision: row.revision, current: nil, previous: previous)
        }
        let current = KeyValue(
            key: row.key, value: row.value, createRevision: row.createRevision, modRevision: row.revision)
        return WatchEvent(kind: .put, key: row.key, revision: row.revision, current: current, previous: previous)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL: return "disk full (\(error.message ?? "database or disk is full"))"
            case .SQLITE_READONLY: return "database is read-only (\(error.message ?? ""))"
            case .SQLITE_NOTADB: return "file is not a database"
            case .SQLITE_CORRUPT: return "database is corrupt (\(error.message ?? ""))"
            default: return error.description
            }
        }
        return String(describing: error)
    }
}

/// Counters of the group-commit writer.
public struct WriterStatistics: Sendable, Hashable {
    /// Committed transactions.
    public var transactions = 0
    /// Writes those transactions carried.
    public var writes = 0
    /// The largest batch seen.
    public var largestBatch = 0

    mutating func record(batchOf count: Int) {
        transactions += 1
        writes += count
        largestBatch = max(largestBatch, count)
    }

    /// Writes per transaction on average.
    public var averageBatch: Double { transactions == 0 ? 0 : Double(writes) / Double(transactions) }
}
