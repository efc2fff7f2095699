import Foundation
import GRDB
import Synchronization

/// The embedded default backend: an insert-only revision log in one SQLite file (WAL mode, every
/// commit fsynced), written by one group-commit writer thread, with watches fed from the commit
/// path in-process.
///
/// Files in its directory: `state.db` (+ `-wal`, `-shm`) and `state.lock`. See docs/store.md.
public final class SQLiteStorage: Storage {
    let database: DatabasePool
    let options: SQLiteStorageOptions
    let index: KeyIndex
    let broadcaster: WatchBroadcaster
    let writer: RevisionLogWriter
    /// The revision history has been compacted through (reads below it fail).
    let compacted: Mutex<Int64>
    /// Owned by the writer thread (maintenance).
    let retention: Mutex<HistoryRetention>
    let closed = Mutex(false)
    private let lock: DataDirectoryLock
    /// The database file's path.
    public let path: String

    /// Opens (creating if needed) the store in `directory`.
    ///
    /// Fails with ``StorageError/backendFailure(_:)`` and a message naming the problem when the
    /// directory is not a directory, cannot be created or written, is in use by another process,
    /// or holds a file that is not a Skiff database.
    public init(directory: URL, options: SQLiteStorageOptions = SQLiteStorageOptions()) throws {
        try Self.prepare(directory: directory)
        self.lock = try DataDirectoryLock(directory: directory)
        self.options = options
        self.path = directory.appendingPathComponent("state.db").path

        var configuration = Configuration()
        configuration.label = "skiff.store"
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA journal_size_limit = \(16 << 20)")
        }
        let database: DatabasePool
        let loaded: (revision: Int64, compacted: Int64, index: KeyIndex)
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            loaded = try database.write { db in
                try RevisionLogSchema.create(in: db)
                return (
                    try RevisionLogSchema.currentRevision(in: db),
                    try RevisionLogSchema.compactRevision(in: db),
                    try Self.loadIndex(db)
                )
            }
        } catch {
            throw StorageError.backendFailure("cannot open \(path): \(RevisionLogWriter.describe(error))")
        }
        self.database = database
        self.index = loaded.index
        self.compacted = Mutex(loaded.compacted)
        self.broadcaster = WatchBroadcaster(publishedRevision: loaded.revision)
        self.retention = Mutex(HistoryRetention(duration: options.historyDuration, revisions: options.historyRevisions))
        let maintenanceBox = MaintenanceHook()
        self.writer = RevisionLogWriter(
            database: database, index: index, broadcaster: broadcaster, currentRevision: loaded.revision,
            maximumBatchSize: options.maximumBatchSize,
            maintenanceInterval: options.maintenanceInterval ?? 365 * 24 * 3600,
            maintenance: { maintenanceBox.run() })
        maintenanceBox.storage = self
        writer.start()
    }

    private static func prepare(directory: URL) throws(StorageError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue {
                throw .backendFailure("data directory \(directory.path) exists and is not a directory")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw .backendFailure("cannot create data directory \(directory.path): \(error.localizedDescription)")
            }
        }
        if access(directory.path, W_OK) != 0 {
            throw .backendFailure("data directory \(directory.path) is not writable")
        }
    }

    private static func loadIndex(_ db: Database) throws -> KeyIndex {
        var live: [String: LiveKey] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT kv.name, kv.create_revision, kv.id FROM kv
            JOIN (SELECT MAX(id) AS id FROM kv GROUP BY name) latest ON kv.id = latest.id
            WHERE kv.deleted = 0
            """)
        while let row = try rows.next() {
            live[row[0]] = LiveKey(createRevision: row[1], modRevision: row[2])
        }
        return KeyIndex(live)
    }

    func ensureOpen() throws(StorageError) {
        if closed.withLock({ $0 }) { throw .closed }
    }

    // MARK: Writes

    public func create(_ key: String, value: Data) async throws -> Int64 {
        try KeyPrefix.validate(key)
        try ensureOpen()
        return try await writer.submit(.create(key: key, value: value)).row.revision
    }

    public func update(_ key: String, value: Data, expectedRevision: Int64) async throws -> Int64 {
        try KeyPrefix.validate(key)
        try ensureOpen()
        return try await writer.submit(.update(key: key, value: value, expectedRevision: expectedRevision)).row.revision
    }

    @discardableResult
    public func delete(_ key: String, expectedRevision: Int64?) async throws -> DeleteResult {
        try KeyPrefix.validate(key)
        try ensureOpen()
        let committed = try await writer.submit(.delete(key: key, expectedRevision: expectedRevision))
        guard let previous = committed.previous else {
            throw StorageError.backendFailure("deleted value of \(key) at revision \(committed.row.prevRevision) is missing")
        }
        return DeleteResult(revision: committed.row.revision, deleted: previous)
    }

    public func currentRevision() async throws -> Int64 {
        try ensureOpen()
        return broadcaster.publishedRevision
    }

    /// The revision through which history has been compacted (0 if never).
    public var compactedRevision: Int64 {
        compacted.withLock { $0 }
    }

    /// How the group commit has been batching writes since the store opened.
    public var writerStatistics: WriterStatistics {
        writer.statistics.withLock { $0 }
    }

    /// Sizes in bytes of the database file and its write-ahead log.
    public func fileSizes() -> (database: Int64, wal: Int64) {
        func size(_ path: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return (size(path), size(path + "-wal"))
    }

    public func close() async {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if wasClosed { return }
        broadcaster.close()
        writer.stop()
        try? database.close()
        lock.release()
    }
}

/// Lets the writer call back into the storage for maintenance without a reference cycle at init.
private final class MaintenanceHook: @unchecked Sendable {
    weak var storage: SQLiteStorage?
    func run() { storage?.maintainOnWriterThread() }
}
