import Foundation

/// Decides how far the revision log may be compacted: history is kept for at least `duration` and
/// at least `revisions` revisions, whichever keeps more.
///
/// Pure: it learns which revision was current when by `record(now:revision:)` samples and is told
/// the time; it never reads a clock.
struct HistoryRetention: Sendable {
    var duration: TimeInterval
    var revisions: Int64
    /// (time, revision current at that time), oldest first.
    private(set) var samples: [(time: Date, revision: Int64)] = []

    init(duration: TimeInterval, revisions: Int64) {
        self.duration = duration
        self.revisions = revisions
    }

    mutating func record(now: Date, revision: Int64) {
        if let last = samples.last, last.revision == revision { return }
        samples.append((now, revision))
    }

    /// The revision to compact through, or nil when nothing beyond `compacted` may go yet.
    /// Drops the samples it no longer needs.
    mutating func compactionTarget(now: Date, currentRevision: Int64, compacted: Int64) -> Int64? {
        let cutoff = now.addingTimeInterval(-duration)
        // Every revision up to a sample taken at or before the cutoff is older than `duration`.
        guard let oldEnough = samples.lastIndex(where: { $0.time <= cutoff }) else { return nil }
        let byTime = samples[oldEnough].revision
        samples.removeFirst(oldEnough)
        let byCount = currentRevision - revisions
        let target = min(byTime, byCount)
        return target > compacted ? target : nil
    }
}
