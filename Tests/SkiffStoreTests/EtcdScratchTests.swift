import Foundation
import SkiffStore
import SkiffTesting
import Testing

@Suite struct EtcdScratchTests {
    @Test func stress() async throws {
        let directory = try TemporaryDirectory(prefix: "skiff-etcd-scratch")
        let etcd = try await EtcdProcess.start(dataDirectory: directory.url)
        let store = try EtcdStorage(endpoints: [etcd.endpoint])
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask { for i in 0..<150 { _ = try await store.create("/c/\(writer)-\(i)", value: Data("v".utf8)) } }
                }
                group.addTask { for _ in 0..<40 { _ = try await store.list(ListRequest(prefix: "/c")) } }
                try await group.waitForAll()
            }
        } catch {
            print("ERROR: \(error)")
            print(etcd.logTail(lines: 40))
            Issue.record("\(error)")
        }
        await store.close()
        etcd.stop()
    }
}
