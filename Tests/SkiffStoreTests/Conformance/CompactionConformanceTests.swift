import Foundation
import SkiffStore
import Testing

/// Compaction: reads and watches before the compacted revision fail with `compacted`; the state
/// at and after it stays whole.
@Suite("Storage conformance: compaction")
struct CompactionConformanceTests {
    @Test(arguments: Backend.selected)
    func compactedHistoryIsGoneAndTheRestStays(backend: Backend) async throws {
        try await backend.withStorage { store in
            let start = try await store.currentRevision()
            var revision = try await store.create("/h/a", "a0")
            for i in 1...5 { revision = try await store.update("/h/a", "a\(i)", expectedRevision: revision) }
            try await store.create("/h/b", "b0")
            try await store.create("/h/gone", "x")
            try await store.delete("/h/gone", expectedRevision: nil)
            let compactAt = try await store.currentRevision()
            let afterA = try await store.update("/h/a", "a6", expectedRevision: revision)
            try await store.create("/h/c", "c0")

            try await store.compact(through: compactAt)

            await expectStorageError(.compacted(requested: start + 1, compactedRevision: compactAt)) {
                try await store.listAll("/h", revision: start + 1)
            }
            await expectStorageError(.compacted(requested: compactAt - 1, compactedRevision: compactAt)) {
                let watch = try await store.watch(prefix: "/h", after: compactAt - 1)
                defer { watch.cancel() }
                return try await watch.take(1)
            }

            let atCompaction = try await store.listAll("/h", revision: compactAt)
            #expect(atCompaction.items.map(\.key) == ["/h/a", "/h/b"])
            #expect(atCompaction.items.map(\.text) == ["a5", "b0"])

            let watch = try await store.watch(prefix: "/h", after: compactAt)
            defer { watch.cancel() }
            let events = try await watch.take(2)
            #expect(events.map(\.revision) == [afterA, afterA + 1])
            #expect(events[0].previous?.text == "a5")

            #expect(try await store.value("/h/a") == "a6")
            #expect(try await store.listAll("/h").items.map(\.key) == ["/h/a", "/h/b", "/h/c"])
        }
    }

    @Test(arguments: Backend.selected)
    func compactingTheFutureFails(backend: Backend) async throws {
        try await backend.withStorage { store in
            try await store.create("/k", "v")
            let current = try await store.currentRevision()
            await expectStorageError(.futureRevision(requested: current + 10, currentRevision: current)) {
                try await store.compact(through: current + 10)
            }
        }
    }

    @Test(arguments: Backend.selected)
    func compactingTwiceIsHarmless(backend: Backend) async throws {
        try await backend.withStorage { store in
            var revision = try await store.create("/k", "0")
            for i in 1...4 { revision = try await store.update("/k", "\(i)", expectedRevision: revision) }
            try await store.compact(through: revision - 1)
            try await store.compact(through: revision - 2)
            try await store.compact(through: revision - 1)
            #expect(try await store.value("/k") == "4")
        }
    }
}
