import Foundation
import SkiffStore
import SkiffTesting
import Testing

/// The store maintains itself: after 100,000 updates spread over 1,000 keys, database + WAL stay
/// within 2 × live data + 64 MiB.
@Suite("SQLite storage: bounded files")
struct FileSizeBoundTests {
    @Test func filesStayBoundedUnderSustainedUpdates() async throws {
        let directory = try TemporaryDirectory()
        var options = SQLiteStorageOptions()
        options.maintenanceInterval = nil  // driven explicitly below, as the timer would
        options.historyDuration = 0
        let store = try SQLiteStorage(directory: directory.url, options: options)
        let value = Data(repeating: 0x62, count: 1024)
        let keys = 1_000
        let updatesPerKey = 100
        let writers = 16
        for key in 0..<keys { try await store.create("/bound/\(key)", value: value) }
        for round in 0..<10 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var revisions: [Int: Int64] = [:]
                        for key in stride(from: writer, to: keys, by: writers) {
                            revisions[key] = try await store.get("/bound/\(key)")!.modRevision
                        }
                        for _ in 0..<(updatesPerKey / 10) {
                            for key in stride(from: writer, to: keys, by: writers) {
                                revisions[key] = try await store.update(
                                    "/bound/\(key)", value: value, expectedRevision: revisions[key]!)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await store.runMaintenance()
            _ = round
        }
        #expect(try await store.currentRevision() == Int64(keys + keys * updatesPerKey))
        let sizes = store.fileSizes()
        let live = Int64(keys * (value.count + 16))
        let bound = 2 * live + 64 << 20
        #expect(sizes.database + sizes.wal <= bound, "database \(sizes.database) + WAL \(sizes.wal) > \(bound)")
        #expect(store.compactedRevision >= Int64(keys + keys * updatesPerKey) - 10_000 - 1)
        await store.close()
    }
}
