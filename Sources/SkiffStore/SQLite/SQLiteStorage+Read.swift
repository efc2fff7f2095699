import Foundation
import GRDB

extension SQLiteStorage {
    public func get(_ key: String) async throws -> KeyValue? {
        try KeyPrefix.validate(key)
        try ensureOpen()
        guard let live = index[key] else { return nil }
        let value = try await read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM kv WHERE id = ?", arguments: [live.modRevision])
        }
        if let value {
            return KeyValue(key: key, value: value, createRevision: live.createRevision, modRevision: live.modRevision)
        }
        // The key changed and its old row was compacted between the two reads: read it anew.
        return try await get(key)
    }

    public func list(_ request: ListRequest) async throws -> ListResult {
        try ensureOpen()
        let prefix = KeyPrefix.normalize(request.prefix)
        let published = broadcaster.publishedRevision
        let revision = request.revision ?? published
        if revision > published {
            throw StorageError.futureRevision(requested: revision, currentRevision: published)
        }
        // Every key is greater than "", so without a continue key the second bound is no bound.
        let continueAfter = request.continueAfter ?? ""
        let upperBound = KeyPrefix.rangeEnd(of: prefix)
        let limit = request.limit.map { $0 + 1 } ?? -1
        var items = try await read { db -> [KeyValue] in
            let compacted = try RevisionLogSchema.compactRevision(in: db)
            if revision < compacted {
                throw StorageError.compacted(requested: revision, compactedRevision: compacted)
            }
            // Walk the (name, id) index in key order; for each key keep the newest row at or
            // below the revision, if it is not a deletion. No sort, no materialized subquery.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT kv.name, kv.value, kv.create_revision, kv.id FROM kv
                    WHERE kv.name >= ?1 AND kv.name < ?2 AND kv.name > ?3 AND kv.id <= ?4 AND kv.deleted = 0
                      AND kv.id = (SELECT MAX(newer.id) FROM kv newer WHERE newer.name = kv.name AND newer.id <= ?4)
                    ORDER BY kv.name
                    LIMIT ?5
                    """,
                arguments: [prefix, upperBound, continueAfter, revision, limit])
            var items: [KeyValue] = []
            while let row = try rows.next() {
                items.append(KeyValue(key: row[0], value: row[1], createRevision: row[2], modRevision: row[3]))
            }
            return items
        }
        var hasMore = false
        if let requested = request.limit, items.count > requested {
            items.removeLast(items.count - requested)
            hasMore = true
        }
        return ListResult(items: items, revision: revision, hasMore: hasMore)
    }

    /// One page of history for a watch catching up: the events under `prefix` in
    /// (`after`, `through`], oldest first, at most `limit`; `scannedThrough` is how far it got.
    func history(prefix: String, after: Int64, through: Int64, limit: Int) async throws
        -> (events: [WatchEvent], scannedThrough: Int64)
    {
        try ensureOpen()
        return try await read { db in
            let compacted = try RevisionLogSchema.compactRevision(in: db)
            if after < compacted {
                throw StorageError.compacted(requested: after, compactedRevision: compacted)
            }
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.id, e.name, e.deleted, e.create_revision, e.prev_revision, e.value, p.value
                    FROM kv e LEFT JOIN kv p ON p.id = e.prev_revision AND e.prev_revision > 0
                    WHERE e.id > ? AND e.id <= ? AND e.name >= ? AND e.name < ?
                    ORDER BY e.id
                    LIMIT ?
                    """,
                arguments: [after, through, prefix, KeyPrefix.rangeEnd(of: prefix), limit])
            var events: [WatchEvent] = []
            while let row = try rows.next() {
                let record = RevisionRow(
                    revision: row[0], key: row[1], created: false, deleted: row[2],
                    createRevision: row[3], prevRevision: row[4], value: row[5])
                let previousValue: Data? = row[6]
                let previous = previousValue.map {
                    KeyValue(key: record.key, value: $0, createRevision: record.createRevision, modRevision: record.prevRevision)
                }
                events.append(RevisionLogWriter.event(for: record, previous: previous))
            }
            let scannedThrough = events.count < limit ? through : events[events.count - 1].revision
            return (events, scannedThrough)
        }
    }

    /// Runs a read transaction, mapping SQLite failures to ``StorageError``.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.read(body)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.backendFailure("read failed: \(RevisionLogWriter.describe(error))")
        }
    }
}
