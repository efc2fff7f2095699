import Foundation

/// Tuning and injected time for ``SQLiteStorage``. The defaults are what `skiff server` uses.
public struct SQLiteStorageOptions: Sendable {
    /// History is kept at least this long…
    public var historyDuration: TimeInterval = 300
    /// …and at least this many revisions, whichever keeps more.
    public var historyRevisions: Int64 = 10_000
    /// How often the writer considers compaction and WAL checkpoints (nil: only when asked).
    public var maintenanceInterval: TimeInterval? = 30
    /// How many revisions one compaction transaction removes at most.
    public var compactionChunk: Int64 = 1_000
    /// How many undelivered events a watch may fall behind before it is ended as too slow.
    public var watchCapacity: Int = 10_000
    /// The most operations one group-commit transaction takes.
    public var maximumBatchSize: Int = 512
    /// The clock that history retention reads.
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}
