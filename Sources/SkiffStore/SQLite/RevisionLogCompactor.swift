import GRDB

/// Removes history from the revision log, in small transactions so that writers wait at most one
/// chunk.
///
/// Compacting through revision C deletes every row superseded by a row at or below C, and every
/// deletion row at or below C. What remains is exactly enough to read any revision ≥ C and to
/// replay every event after C with its previous value.
enum RevisionLogCompactor {
    /// Compacts the revisions in (`from`, `through`] in chunks of `chunkSize` revisions, calling
    /// `afterChunk` with the new compacted revision after each durable chunk.
    static func compact(
        _ database: DatabasePool, from: Int64, through: Int64, chunkSize: Int64,
        afterChunk: (Int64) -> Void
    ) throws {
        var low = from
        while low < through {
            let high = min(low + chunkSize, through)
            try database.write { db in
                try db.execute(
                    sql: """
                        DELETE FROM kv WHERE id IN (
                            SELECT prev_revision FROM kv WHERE id > ? AND id <= ? AND prev_revision > 0)
                        """,
                    arguments: [low, high])
                try db.execute(sql: "DELETE FROM kv WHERE id > ? AND id <= ? AND deleted = 1", arguments: [low, high])
                try RevisionLogSchema.setCompactRevision(high, in: db)
            }
            afterChunk(high)
            low = high
        }
    }
}
