import Foundation
import SkiffStore
import Testing

/// Create, get, update (compare-and-swap) and delete, as the Storage contract states them.
@Suite("Storage conformance: writes")
struct CRUDConformanceTests {
    @Test(arguments: Backend.selected)
    func createThenGet(backend: Backend) async throws {
        try await backend.withStorage { store in
            let before = try await store.currentRevision()
            let revision = try await store.create("/registry/configmaps/default/a", "one")
            #expect(revision == before + 1)
            #expect(try await store.currentRevision() == revision)
            let kv = try #require(try await store.get("/registry/configmaps/default/a"))
            #expect(kv.text == "one")
            #expect(kv.createRevision == revision)
            #expect(kv.modRevision == revision)
            #expect(try await store.get("/registry/configmaps/default/b") == nil)
        }
    }

    @Test(arguments: Backend.selected)
    func createOfExistingKeyFailsAndChangesNothing(backend: Backend) async throws {
        try await backend.withStorage { store in
            let revision = try await store.create("/k", "one")
            await expectStorageError(.alreadyExists(key: "/k")) { try await store.create("/k", "two") }
            #expect(try await store.value("/k") == "one")
            #expect(try await store.currentRevision() == revision)
        }
    }

    @Test(arguments: Backend.selected)
    func updateIsCompareAndSwap(backend: Backend) async throws {
        try await backend.withStorage { store in
            let created = try await store.create("/k", "one")
            let updated = try await store.update("/k", "two", expectedRevision: created)
            #expect(updated == created + 1)
            let kv = try #require(try await store.get("/k"))
            #expect(kv.text == "two")
            #expect(kv.createRevision == created)
            #expect(kv.modRevision == updated)

            await expectStorageError(.conflict(key: "/k", expectedRevision: created, actualRevision: updated)) {
                try await store.update("/k", "stale", expectedRevision: created)
            }
            await expectStorageError(.notFound(key: "/missing")) {
                try await store.update("/missing", "x", expectedRevision: 1)
            }
            #expect(try await store.value("/k") == "two")
            #expect(try await store.currentRevision() == updated)
        }
    }

    @Test(arguments: Backend.selected)
    func deleteReturnsTheDeletedValue(backend: Backend) async throws {
        try await backend.withStorage { store in
            let created = try await store.create("/k", "one")
            let updated = try await store.update("/k", "two", expectedRevision: created)
            await expectStorageError(.conflict(key: "/k", expectedRevision: created, actualRevision: updated)) {
                try await store.delete("/k", expectedRevision: created)
            }
            #expect(try await store.value("/k") == "two")

            let deleted = try await store.delete("/k", expectedRevision: updated)
            #expect(deleted.revision == updated + 1)
            #expect(deleted.deleted.text == "two")
            #expect(deleted.deleted.modRevision == updated)
            #expect(deleted.deleted.createRevision == created)
            #expect(try await store.get("/k") == nil)
            await expectStorageError(.notFound(key: "/k")) { try await store.delete("/k", expectedRevision: nil) }

            let recreated = try await store.create("/k", "three")
            #expect(recreated == deleted.revision + 1)
            let kv = try #require(try await store.get("/k"))
            #expect(kv.createRevision == recreated)
        }
    }

    @Test(arguments: Backend.selected)
    func unconditionalDelete(backend: Backend) async throws {
        try await backend.withStorage { store in
            try await store.create("/k", "one")
            let deleted = try await store.delete("/k", expectedRevision: nil)
            #expect(deleted.deleted.text == "one")
            #expect(try await store.get("/k") == nil)
        }
    }

    @Test(arguments: Backend.selected)
    func everyWriteAdvancesTheRevisionByOne(backend: Backend) async throws {
        try await backend.withStorage { store in
            var expected = try await store.currentRevision()
            for i in 0..<10 {
                expected += 1
                #expect(try await store.create("/n/\(i)", "v") == expected)
            }
            for i in 0..<10 {
                let kv = try #require(try await store.get("/n/\(i)"))
                expected += 1
                #expect(try await store.update("/n/\(i)", "w", expectedRevision: kv.modRevision) == expected)
            }
            for i in 0..<10 {
                expected += 1
                #expect(try await store.delete("/n/\(i)", expectedRevision: nil).revision == expected)
            }
            #expect(try await store.currentRevision() == expected)
        }
    }

    @Test(arguments: Backend.selected)
    func invalidKeysAreRejected(backend: Backend) async throws {
        try await backend.withStorage { store in
            let before = try await store.currentRevision()
            await expectStorageError(.invalidKey("key is empty")) { try await store.create("", "x") }
            await expectStorageError(.invalidKey("key contains a NUL character")) { try await store.create("/a\u{0}b", "x") }
            #expect(try await store.currentRevision() == before)
        }
    }

    @Test(arguments: Backend.selected)
    func valuesAreStoredByteForByte(backend: Backend) async throws {
        try await backend.withStorage { store in
            let bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            try await store.create("/bin", value: bytes)
            try await store.create("/empty", value: Data())
            #expect(try await store.get("/bin")?.value == bytes)
            #expect(try await store.get("/empty")?.value == Data())
        }
    }
}
