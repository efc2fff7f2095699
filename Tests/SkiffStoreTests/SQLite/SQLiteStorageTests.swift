import Foundation
import SkiffStore
import SkiffTesting
import Testing

/// What only the SQLite revision log promises: durability across reopen, revisions that never go
/// back, the slow-watcher cut-off, maintenance.
@Suite("SQLite storage")
struct SQLiteStorageTests {
    @Test func everythingSurvivesAReopen() async throws {
        let directory = try TemporaryDirectory()
        var revisions: [String: Int64] = [:]
        do {
            let store = try SQLiteStorage(directory: directory.url)
            for i in 0..<50 { revisions["/k/\(i)"] = try await store.create("/k/\(i)", "v\(i)") }
            revisions["/k/0"] = try await store.update("/k/0", "changed", expectedRevision: revisions["/k/0"]!)
            try await store.delete("/k/1", expectedRevision: nil)
            revisions["/k/1"] = nil
            await store.close()
        }
        let store = try SQLiteStorage(directory: directory.url)
        defer { Task { await store.close() } }
        #expect(try await store.currentRevision() == 52)
        let items = try await store.listAll("/k").items
        #expect(items.count == 49)
        for item in items { #expect(item.modRevision == revisions[item.key]) }
        #expect(try await store.value("/k/0") == "changed")
        // The index was rebuilt: CAS against the stored revisions works.
        #expect(try await store.update("/k/2", "x", expectedRevision: revisions["/k/2"]!) == 53)
        await expectStorageError(.alreadyExists(key: "/k/3")) { try await store.create("/k/3", "again") }
    }

    @Test func revisionNeverGoesBackAfterCompactionRemovedTheNewestRow() async throws {
        let directory = try TemporaryDirectory()
        let last: Int64
        do {
            let store = try SQLiteStorage(directory: directory.url)
            try await store.create("/a", "1")
            last = try await store.delete("/a", expectedRevision: nil).revision
            try await store.compact(through: last)
            await store.close()
        }
        let store = try SQLiteStorage(directory: directory.url)
        #expect(try await store.currentRevision() == last)
        #expect(store.compactedRevision == last)
        #expect(try await store.create("/b", "2") == last + 1)
        await store.close()
    }

    @Test func aWatcherThatFallsBehindIsEndedSoItRelists() async throws {
        var options = SQLiteStorageOptions()
        options.watchCapacity = 10
        try await Backend.sqlite.withStorage(sqliteOptions: options) { store in
            let watch = try await store.watch(prefix: "/s", after: try await store.currentRevision())
            var iterator = watch.makeAsyncIterator()
            for i in 0..<30 { try await store.create("/s/\(i)", "v") }
            await expectStorageError(.watchTooSlow(lastRevision: 0)) {
                while try await iterator.next() != nil {}
            }
            // Writers were never held up and the store goes on.
            #expect(try await store.listAll("/s").items.count == 30)
        }
    }

    @Test func closingEndsWatchesAndRefusesCalls() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStorage(directory: directory.url)
        let watch = try await store.watch(prefix: "/", after: 0)
        await store.close()
        await expectStorageError(.closed) { try await watch.take(1) }
        await expectStorageError(.closed) { try await store.create("/a", "x") }
        await expectStorageError(.closed) { try await store.get("/a") }
    }

    @Test func aSecondProcessCannotOpenTheSameDirectory() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStorage(directory: directory.url)
        defer { Task { await store.close() } }
        #expect(throws: StorageError.self) { try SQLiteStorage(directory: directory.url) }
    }

    @Test func maintenanceCompactsByRetentionWithInjectedTime() async throws {
        let clock = ManualClock()
        var options = SQLiteStorageOptions()
        options.historyDuration = 60
        options.historyRevisions = 10
        options.maintenanceInterval = nil
        options.now = { clock.now }
        try await Backend.sqlite.withStorage(sqliteOptions: options) { store in
            let sqlite = try #require(store as? SQLiteStorage)
            var revision = try await store.create("/m", "0")
            for i in 1..<50 { revision = try await store.update("/m", "\(i)", expectedRevision: revision) }
            try await sqlite.runMaintenance()  // first sample: revision 50 at t0
            #expect(sqlite.compactedRevision == 0)
            clock.advance(by: 30)
            try await sqlite.runMaintenance()
            #expect(sqlite.compactedRevision == 0, "history younger than 60 s stays")
            clock.advance(by: 31)
            for i in 50..<55 { revision = try await store.update("/m", "\(i)", expectedRevision: revision) }
            try await sqlite.runMaintenance()
            // Revisions up to 50 are older than 60 s, and 55 - 10 = 45 keeps at least 10: 45 wins.
            #expect(sqlite.compactedRevision == 45)
            #expect(try await store.value("/m") == "54")
            await expectStorageError(.compacted(requested: 44, compactedRevision: 45)) {
                try await store.listAll("/m", revision: 44)
            }
        }
    }

    @Test func anIdleStoreWritesNothing() async throws {
        var options = SQLiteStorageOptions()
        options.maintenanceInterval = nil
        options.historyDuration = 0
        options.historyRevisions = 5
        try await Backend.sqlite.withStorage(sqliteOptions: options) { store in
            let sqlite = try #require(store as? SQLiteStorage)
            var revision = try await store.create("/i", "0")
            for i in 1..<20 { revision = try await store.update("/i", "\(i)", expectedRevision: revision) }
            // Reach the steady state first: compaction done and the WAL checkpointed (a checkpoint
            // can need another pass when a reader still held a snapshot, which a loaded machine
            // makes likely) — then five more maintenance passes and reads must write nothing.
            var before = try FileSnapshot(sqlite.path)
            for _ in 0..<10 {
                try await sqlite.runMaintenance()
                let after = try FileSnapshot(sqlite.path)
                if after == before { break }
                before = after
            }
            for _ in 0..<5 { try await sqlite.runMaintenance() }
            _ = try await store.listAll("/")
            _ = try await store.get("/i")
            let after = try FileSnapshot(sqlite.path)
            #expect(after == before, "before \(before), after \(after)")
        }
    }
}

/// Size and modification time of the database and its WAL.
struct FileSnapshot: Equatable {
    let database: [FileAttributeKey: String]
    let wal: [FileAttributeKey: String]

    init(_ path: String) throws {
        func attributes(_ path: String) -> [FileAttributeKey: String] {
            let all = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
            return [.size: "\(all[.size] ?? "")", .modificationDate: "\(all[.modificationDate] ?? "")"]
        }
        database = attributes(path)
        wal = attributes(path + "-wal")
    }
}
