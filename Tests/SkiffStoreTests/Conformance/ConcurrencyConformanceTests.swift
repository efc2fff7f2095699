import Foundation
import SkiffStore
import Testing

/// Races between writers and reads during writes.
@Suite("Storage conformance: concurrency")
struct ConcurrencyConformanceTests {
    @Test(arguments: Backend.selected)
    func concurrentCompareAndSwapHasExactlyOneWinner(backend: Backend) async throws {
        try await backend.withStorage { store in
            for round in 0..<5 {
                let key = "/race/\(round)"
                let created = try await store.create(key, "start")
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for writer in 0..<32 {
                        group.addTask {
                            do {
                                try await store.update(key, "writer-\(writer)", expectedRevision: created)
                                return true
                            } catch StorageError.conflict {
                                return false
                            }
                        }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 }.count == 1)
                let kv = try #require(try await store.get(key))
                #expect(kv.modRevision == created + 1)
                #expect(kv.text.hasPrefix("writer-"))
            }
        }
    }

    @Test(arguments: Backend.selected)
    func concurrentCreatesOfOneKeyHaveExactlyOneWinner(backend: Backend) async throws {
        try await backend.withStorage { store in
            let winners = try await withThrowingTaskGroup(of: Int.self) { group in
                for writer in 0..<16 {
                    group.addTask {
                        do {
                            try await store.create("/once", "writer-\(writer)")
                            return 1
                        } catch StorageError.alreadyExists {
                            return 0
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(winners == 1)
        }
    }

    @Test(arguments: Backend.selected)
    func concurrentWritersGetDistinctConsecutiveRevisions(backend: Backend) async throws {
        try await backend.withStorage { store in
            let start = try await store.currentRevision()
            let revisions = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for writer in 0..<16 {
                    group.addTask {
                        var mine: [Int64] = []
                        for i in 0..<25 { mine.append(try await store.create("/w/\(writer)/\(i)", "v")) }
                        return mine
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(revisions.sorted() == Array((start + 1)...(start + 400)))
            #expect(try await store.listAll("/w").items.count == 400)
        }
    }

    /// Each write creates one key, so a list at revision R must hold exactly the keys created up
    /// to R — never a torn view, whatever the writers do meanwhile.
    @Test(arguments: Backend.selected)
    func listsAreConsistentWhileWritesHappen(backend: Backend) async throws {
        try await backend.withStorage { store in
            let base = try await store.currentRevision()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for i in 0..<150 { try await store.create("/c/\(writer)-\(i)", "v") }
                    }
                }
                group.addTask {
                    for _ in 0..<40 {
                        let page = try await store.listAll("/c")
                        #expect(Int64(page.items.count) == page.revision - base)
                        #expect(page.items.allSatisfy { $0.modRevision <= page.revision })
                        // Paging at the first page's revision sees the same set.
                        var paged: [KeyValue] = []
                        var after: String? = nil
                        repeat {
                            let next = try await store.list(
                                ListRequest(prefix: "/c", revision: page.revision, limit: 37, continueAfter: after))
                            paged += next.items
                            after = next.hasMore ? next.items.last?.key : nil
                        } while after != nil
                        #expect(paged == page.items)
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
