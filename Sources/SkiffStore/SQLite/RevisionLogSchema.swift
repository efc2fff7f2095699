import GRDB

/// The on-disk layout of the SQLite revision log.
///
/// `kv` is insert-only: one row per write, `id` = the revision. A row records whether it created or
/// deleted its key, the key's create revision, the revision it supersedes (`prev_revision`, 0 for a
/// create) and the new value (empty for a delete). Previous values are found by joining
/// `prev_revision` to `id`, so every value is stored once. `meta` holds the compacted revision, which
/// also keeps the current revision from going backwards after compaction removed the newest row.
enum RevisionLogSchema {
    static let compactRevisionKey = "compact_revision"

    static func create(in db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS kv (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                created INTEGER NOT NULL,
                deleted INTEGER NOT NULL,
                create_revision INTEGER NOT NULL,
                prev_revision INTEGER NOT NULL,
                value BLOB NOT NULL
            );
            CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
            CREATE INDEX IF NOT EXISTS kv_prev_revision ON kv (prev_revision) WHERE prev_revision > 0;
            CREATE TABLE IF NOT EXISTS meta (
                key TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            ) WITHOUT ROWID;
            """)
    }

    static func compactRevision(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [compactRevisionKey]) ?? 0
    }

    static func setCompactRevision(_ revision: Int64, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [compactRevisionKey, revision])
    }

    /// The newest revision ever written: the highest row id, or the compacted revision if higher.
    static func currentRevision(in db: Database) throws -> Int64 {
        let newestRow = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM kv") ?? 0
        return max(newestRow, try compactRevision(in: db))
    }
}
