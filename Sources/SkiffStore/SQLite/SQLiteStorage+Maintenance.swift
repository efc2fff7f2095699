import Foundation
import GRDB

extension SQLiteStorage {
    public func compact(through revision: Int64) async throws {
        try ensureOpen()
        try await writer.perform { try self.compactOnWriterThread(through: revision) }
    }

    /// Runs one maintenance pass now (what the writer does every `maintenanceInterval`):
    /// compaction by the history retention, then a WAL checkpoint.
    public func runMaintenance() async throws {
        try ensureOpen()
        try await writer.perform { self.maintainOnWriterThread() }
    }

    func compactOnWriterThread(through revision: Int64) throws {
        let published = broadcaster.publishedRevision
        if revision > published {
            throw StorageError.futureRevision(requested: revision, currentRevision: published)
        }
        let from = compactedRevision
        if revision <= from { return }
        do {
            try RevisionLogCompactor.compact(
                database, from: from, through: revision, chunkSize: options.compactionChunk
            ) { done in
                compacted.withLock { $0 = done }
                writer.commitQueuedWrites()
            }
        } catch {
            throw StorageError.backendFailure("compaction failed: \(RevisionLogWriter.describe(error))")
        }
    }

    func maintainOnWriterThread() {
        let now = options.now()
        let published = broadcaster.publishedRevision
        let target = retention.withLock { retention in
            retention.record(now: now, revision: published)
            return retention.compactionTarget(now: now, currentRevision: published, compacted: compactedRevision)
        }
        if let target {
            try? compactOnWriterThread(through: target)
        }
        // Keep the WAL from growing: copy it into the database and truncate it. Skipped when the
        // WAL is already empty: truncating an empty file still updates its modification time (an
        // inode write on every idle pass).
        var wal = stat()
        if stat(path + "-wal", &wal) != 0 || wal.st_size > 0 {
            _ = try? database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }
}
