import Foundation
import SkiffStore
import Testing

/// Watches: order, previous values, prefix isolation, resume from any retained revision.
@Suite("Storage conformance: watch")
struct WatchConformanceTests {
    @Test(arguments: Backend.selected)
    func watchDeliversChangesInOrderWithPreviousValues(backend: Backend) async throws {
        try await backend.withStorage { store in
            let start = try await store.currentRevision()
            let watch = try await store.watch(prefix: "/w", after: start)
            defer { watch.cancel() }
            let created = try await store.create("/w/a", "one")
            let updated = try await store.update("/w/a", "two", expectedRevision: created)
            try await store.create("/other/x", "not watched")
            let deleted = try await store.delete("/w/a", expectedRevision: nil)

            let events = try await watch.take(3)
            #expect(events.map(\.kind) == [.put, .put, .delete])
            #expect(events.map(\.revision) == [created, updated, deleted.revision])
            #expect(events[0].isCreate)
            #expect(events[0].current?.text == "one")
            #expect(events[0].current?.createRevision == created)
            #expect(events[1].previous?.text == "one")
            #expect(events[1].previous?.modRevision == created)
            #expect(events[1].current?.text == "two")
            #expect(events[1].current?.createRevision == created)
            #expect(events[2].current == nil)
            #expect(events[2].previous?.text == "two")
            #expect(events[2].previous?.modRevision == updated)
            #expect(events.allSatisfy { $0.key == "/w/a" })
        }
    }

    @Test(arguments: Backend.selected)
    func watchPrefixesAreDirectories(backend: Backend) async throws {
        try await backend.withStorage { store in
            let watch = try await store.watch(prefix: "/a/b", after: try await store.currentRevision())
            defer { watch.cancel() }
            try await store.create("/a/bc", "no")
            try await store.create("/a/b", "no")
            try await store.create("/a/b/x", "yes")
            try await store.create("/a/bb/x", "no")
            try await store.create("/a/b/y", "yes")
            let events = try await watch.take(2)
            #expect(events.map(\.key) == ["/a/b/x", "/a/b/y"])
        }
    }

    @Test(arguments: Backend.selected)
    func watchResumesFromEveryRetainedRevision(backend: Backend) async throws {
        try await backend.withStorage { store in
            let start = try await store.currentRevision()
            var revisions: [Int64] = []
            var modRevision: Int64 = 0
            for i in 0..<20 {
                if i % 5 == 0 {
                    if modRevision > 0 { revisions.append(try await store.delete("/r/k", expectedRevision: nil).revision) }
                    modRevision = try await store.create("/r/k", "v\(i)")
                } else {
                    modRevision = try await store.update("/r/k", "v\(i)", expectedRevision: modRevision)
                }
                revisions.append(modRevision)
            }
            let end = revisions.last!
            #expect(revisions == Array((start + 1)...end))
            for after in start..<end {
                let watch = try await store.watch(prefix: "/r", after: after)
                let expected = Int(end - after)
                let events = try await watch.take(expected)
                watch.cancel()
                #expect(events.map(\.revision) == Array((after + 1)...end), "resume after \(after)")
                for event in events where event.kind == .put && !event.isCreate {
                    #expect(event.previous?.modRevision == event.revision - 1)
                }
            }
        }
    }

    @Test(arguments: Backend.selected)
    func watchSeesEveryWriteOfConcurrentWritersWithoutGaps(backend: Backend) async throws {
        try await backend.withStorage { store in
            let start = try await store.currentRevision()
            let watch = try await store.watch(prefix: "/g", after: start)
            defer { watch.cancel() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for i in 0..<50 { try await store.create("/g/\(writer)/\(i)", "v") }
                    }
                }
                try await group.waitForAll()
            }
            let events = try await watch.take(400)
            #expect(events.map(\.revision) == Array((start + 1)...(start + 400)))
            #expect(Set(events.map(\.key)).count == 400)
        }
    }

    @Test(arguments: Backend.selected)
    func historyAndLiveEventsJoinWithoutGapOrDuplicate(backend: Backend) async throws {
        try await backend.withStorage { store in
            let start = try await store.currentRevision()
            for i in 0..<30 { try await store.create("/j/\(i)", "old") }
            // Writes go on while the watch catches up on history.
            let watch = try await store.watch(prefix: "/j", after: start)
            defer { watch.cancel() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { for i in 30..<130 { try await store.create("/j/\(i)", "new") } }
                let events = try await watch.take(130)
                #expect(events.map(\.revision) == Array((start + 1)...(start + 130)))
                try await group.waitForAll()
            }
        }
    }

    @Test(arguments: Backend.selected)
    func cancelledWatchEnds(backend: Backend) async throws {
        try await backend.withStorage { store in
            let watch = try await store.watch(prefix: "/x", after: try await store.currentRevision())
            watch.cancel()
            var iterator = watch.makeAsyncIterator()
            #expect(try await iterator.next() == nil)
            try await store.create("/x/a", "still writable")
        }
    }
}
