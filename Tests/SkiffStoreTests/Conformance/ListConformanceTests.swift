import Foundation
import SkiffStore
import Testing

/// Lists: prefixes, order, paging, reads at older revisions.
@Suite("Storage conformance: list")
struct ListConformanceTests {
    @Test(arguments: Backend.selected)
    func prefixesAreDirectories(backend: Backend) async throws {
        try await backend.withStorage { store in
            try await store.create("/a/b/x", "in")
            try await store.create("/a/b/y/z", "in too")
            try await store.create("/a/bc", "sibling")
            try await store.create("/a/bc/x", "sibling's child")
            try await store.create("/a/b", "the directory's own key")
            for prefix in ["/a/b", "/a/b/"] {
                let keys = try await store.listAll(prefix).items.map(\.key)
                #expect(keys == ["/a/b/x", "/a/b/y/z"])
            }
            #expect(try await store.listAll("/a").items.count == 5)
            #expect(try await store.listAll("/nothing").items.isEmpty)
        }
    }

    @Test(arguments: Backend.selected)
    func listsAreSortedAndPaged(backend: Backend) async throws {
        try await backend.withStorage { store in
            let names = (0..<25).map { String(format: "item-%02d", $0) }
            for name in names.shuffled() { try await store.create("/p/\(name)", name) }
            try await store.delete("/p/item-07", expectedRevision: nil)
            let expected = names.filter { $0 != "item-07" }.map { "/p/\($0)" }

            let all = try await store.listAll("/p")
            #expect(all.items.map(\.key) == expected)
            #expect(all.hasMore == false)
            #expect(all.revision == (try await store.currentRevision()))

            var keys: [String] = []
            var request = ListRequest(prefix: "/p", limit: 10)
            var pages = 0
            while true {
                let page = try await store.list(request)
                pages += 1
                keys += page.items.map(\.key)
                #expect(page.revision == all.revision)
                guard page.hasMore else { break }
                #expect(page.items.count == 10)
                request = ListRequest(prefix: "/p", revision: page.revision, limit: 10, continueAfter: page.items.last!.key)
            }
            #expect(keys == expected)
            #expect(pages == 3)

            let exact = try await store.list(ListRequest(prefix: "/p", limit: 24))
            #expect(exact.items.count == 24)
            #expect(exact.hasMore == false)
        }
    }

    @Test(arguments: Backend.selected)
    func listAtAnOlderRevisionShowsThatState(backend: Backend) async throws {
        try await backend.withStorage { store in
            let a = try await store.create("/s/a", "a1")
            try await store.create("/s/b", "b1")
            let snapshot = try await store.currentRevision()
            try await store.update("/s/a", "a2", expectedRevision: a)
            try await store.delete("/s/b", expectedRevision: nil)
            try await store.create("/s/c", "c1")

            let old = try await store.listAll("/s", revision: snapshot)
            #expect(old.items.map(\.key) == ["/s/a", "/s/b"])
            #expect(old.items.map(\.text) == ["a1", "b1"])
            #expect(old.revision == snapshot)
            let now = try await store.listAll("/s")
            #expect(now.items.map(\.text) == ["a2", "c1"])
        }
    }

    @Test(arguments: Backend.selected)
    func listAtAFutureRevisionFails(backend: Backend) async throws {
        try await backend.withStorage { store in
            try await store.create("/f/a", "a")
            let current = try await store.currentRevision()
            await expectStorageError(.futureRevision(requested: current + 5, currentRevision: current)) {
                try await store.listAll("/f", revision: current + 5)
            }
        }
    }

    @Test(arguments: Backend.selected)
    func listsLargerThanAGRPCMessageLimitComeWhole(backend: Backend) async throws {
        try await backend.withStorage { store in
            let value = Data(repeating: 0x6C, count: 1024)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for i in stride(from: writer, to: 6_000, by: 8) {
                            try await store.create("/big/\(String(format: "%05d", i))", value: value)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let all = try await store.listAll("/big")
            #expect(all.items.count == 6_000)
            #expect(all.items.first?.key == "/big/00000")
            #expect(all.items.allSatisfy { $0.value == value })
        }
    }
}
