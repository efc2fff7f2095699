import Foundation
import Testing

@testable import SkiffStore

/// The writer's pure decisions, one batch at a time.
@Suite("Write batch planner")
struct WriteBatchPlannerTests {
    let committed: [String: LiveKey] = ["/live": LiveKey(createRevision: 3, modRevision: 7)]

    func planner(current: Int64 = 10) -> WriteBatchPlanner {
        let committed = committed
        return WriteBatchPlanner(currentRevision: current) { committed[$0] }
    }

    @Test func revisionsAreConsecutiveFromTheCurrentOne() {
        var planner = planner()
        let first = planner.plan(.create(key: "/a", value: Data()))
        let second = planner.plan(.create(key: "/b", value: Data()))
        guard case .append(let a) = first, case .append(let b) = second else {
            Issue.record("expected appends")
            return
        }
        #expect(a.revision == 11 && a.createRevision == 11 && a.prevRevision == 0 && a.created)
        #expect(b.revision == 12)
        #expect(planner.nextRevision == 13)
    }

    @Test func rejectionsTakeNoRevision() {
        var planner = planner()
        #expect(planner.plan(.create(key: "/live", value: Data())) == .reject(.alreadyExists(key: "/live")))
        #expect(planner.plan(.update(key: "/none", value: Data(), expectedRevision: 1)) == .reject(.notFound(key: "/none")))
        #expect(
            planner.plan(.update(key: "/live", value: Data(), expectedRevision: 6))
                == .reject(.conflict(key: "/live", expectedRevision: 6, actualRevision: 7)))
        #expect(planner.plan(.delete(key: "/none", expectedRevision: nil)) == .reject(.notFound(key: "/none")))
        #expect(planner.nextRevision == 11)
    }

    @Test func laterOperationsSeeEarlierOnesOfTheSameBatch() {
        var planner = planner()
        guard case .append(let update) = planner.plan(.update(key: "/live", value: Data([1]), expectedRevision: 7))
        else { Issue.record("update should append"); return }
        #expect(update.createRevision == 3 && update.prevRevision == 7 && update.revision == 11)
        // The second writer raced on the old revision and loses.
        #expect(
            planner.plan(.update(key: "/live", value: Data(), expectedRevision: 7))
                == .reject(.conflict(key: "/live", expectedRevision: 7, actualRevision: 11)))
        guard case .append(let delete) = planner.plan(.delete(key: "/live", expectedRevision: 11))
        else { Issue.record("delete should append"); return }
        #expect(delete.deleted && delete.prevRevision == 11 && delete.revision == 12)
        guard case .append(let recreate) = planner.plan(.create(key: "/live", value: Data()))
        else { Issue.record("create after delete should append"); return }
        #expect(recreate.createRevision == 13 && recreate.prevRevision == 0)
        #expect(planner.changes["/live"] == .some(LiveKey(createRevision: 13, modRevision: 13)))
    }
}

/// History retention: time and count, whichever keeps more.
@Suite("History retention")
struct HistoryRetentionTests {
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    @Test func nothingIsCompactedBeforeTheDurationPasses() {
        var retention = HistoryRetention(duration: 300, revisions: 100)
        retention.record(now: t0, revision: 5_000)
        #expect(retention.compactionTarget(now: t0.addingTimeInterval(299), currentRevision: 9_000, compacted: 0) == nil)
    }

    @Test func theCountKeepsMoreWhenWritesAreFew() {
        var retention = HistoryRetention(duration: 300, revisions: 100)
        retention.record(now: t0, revision: 150)
        #expect(retention.compactionTarget(now: t0.addingTimeInterval(301), currentRevision: 160, compacted: 0) == 60)
    }

    @Test func theDurationKeepsMoreWhenWritesAreMany() {
        var retention = HistoryRetention(duration: 300, revisions: 100)
        retention.record(now: t0, revision: 1_000)
        retention.record(now: t0.addingTimeInterval(200), revision: 50_000)
        #expect(retention.compactionTarget(now: t0.addingTimeInterval(301), currentRevision: 90_000, compacted: 0) == 1_000)
        // The older sample is no longer needed; the newer one becomes due later.
        #expect(retention.samples.count == 2)
        #expect(retention.compactionTarget(now: t0.addingTimeInterval(501), currentRevision: 90_000, compacted: 1_000) == 50_000)
        #expect(retention.samples.count == 1)
    }

    @Test func alreadyCompactedMeansNothingToDo() {
        var retention = HistoryRetention(duration: 0, revisions: 10)
        retention.record(now: t0, revision: 100)
        #expect(retention.compactionTarget(now: t0, currentRevision: 100, compacted: 90) == nil)
    }
}
