import Foundation
import SkiffModel
import SkiffStore
import SkiffTesting
import Testing
@testable import SkiffAPIServer

/// The watch cache on a real SQLite store: it follows every write, serves snapshots, replays its
/// history to watchers that resume, and sends them new events in order.
@Suite struct WatchCacheTests {
    func withCache(limits: WatchCacheLimits = WatchCacheLimits(),
                   _ body: (SQLiteStorage, WatchCache) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "skiff-watchcache-test")
        defer { directory.remove() }
        let storage = try SQLiteStorage(directory: directory.appending("db"))
        let cache = WatchCache(storage: storage, limits: limits)
        try await cache.load()
        let follower = Task { await cache.follow() }
        do {
            try await body(storage, cache)
        } catch {
            follower.cancel()
            await storage.close()
            throw error
        }
        follower.cancel()
        await storage.close()
    }

    func value(_ name: String, _ data: String) -> Data {
        Data(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","namespace":"default"},"data":{"k":"\#(data)"}}"#.utf8)
    }

    let prefix = "/registry/core/configmaps/"

    @Test func followsWritesAndServesSnapshots() async throws {
        try await withCache { storage, cache in
            let first = try await storage.create(prefix + "default/a", value: value("a", "1"))
            let second = try await storage.create("/registry/apps/deployments/default/d", value: Data(#"{"metadata":{"name":"d"}}"#.utf8))
            #expect(await cache.waitUntil(second, timeout: .seconds(5)))
            let (objects, revision) = cache.snapshot(resourcePrefix: prefix)
            #expect(revision == second)
            #expect(objects.count == 1)
            let object = try #require(objects[prefix + "default/a"])
            #expect(object.revision == first)
            let text = String(decoding: object.bytes, as: UTF8.self)
            #expect(text.contains(#""resourceVersion":"\#(first)""#))
            let deleted = try await storage.delete(prefix + "default/a", expectedRevision: nil)
            #expect(await cache.waitUntil(deleted.revision, timeout: .seconds(5)))
            #expect(cache.snapshot(resourcePrefix: prefix).objects.isEmpty)
        }
    }

    @Test func waitingForAFutureRevisionTimesOut() async throws {
        try await withCache { storage, cache in
            let current = try await storage.currentRevision()
            #expect(await cache.waitUntil(current + 5, timeout: .milliseconds(100)) == false)
        }
    }

    @Test func watchersGetHistoryThenLiveEventsInOrder() async throws {
        try await withCache { storage, cache in
            let created = try await storage.create(prefix + "default/a", value: value("a", "1"))
            let updated = try await storage.update(prefix + "default/a", value: value("a", "2"), expectedRevision: created)
            _ = try await storage.create(prefix + "other/b", value: value("b", "1"))
            #expect(await cache.waitUntil(updated + 1, timeout: .seconds(5)))
            let registration = try #require(cache.register(
                resourcePrefix: prefix, prefix: prefix + "default/", start: .after(created), wantsProgress: false))
            // History after `created`, only in the watched namespace.
            #expect(registration.initialEvents.map(\.revision) == [updated])
            var iterator = registration.stream.makeAsyncIterator()
            let live = try await storage.create(prefix + "default/c", value: value("c", "1"))
            _ = try await storage.create(prefix + "other/d", value: value("d", "1"))
            let deleted = try await storage.delete(prefix + "default/c", expectedRevision: nil)
            var received: [(Int64, Bool)] = []
            while received.count < 2, let item = await iterator.next() {
                if case .event(let event) = item { received.append((event.revision, event.current == nil)) }
            }
            #expect(received.map(\.0) == [live, deleted.revision])
            #expect(received.map(\.1) == [false, true])
            cache.unregister(id: registration.id, resourcePrefix: prefix)
            #expect(cache.watcherCount == 0)
        }
    }

    @Test func resumingBeforeTheKeptHistoryIsRefused() async throws {
        try await withCache(limits: WatchCacheLimits(historyEvents: 3, historyBytes: 1 << 20)) { storage, cache in
            var revision = try await storage.create(prefix + "default/a", value: value("a", "0"))
            let first = revision
            for round in 1...6 {
                revision = try await storage.update(prefix + "default/a", value: value("a", String(round)), expectedRevision: revision)
            }
            #expect(await cache.waitUntil(revision, timeout: .seconds(5)))
            #expect(cache.register(resourcePrefix: prefix, prefix: prefix, start: .after(first), wantsProgress: false) == nil)
            let recent = try #require(cache.register(resourcePrefix: prefix, prefix: prefix, start: .after(revision - 2), wantsProgress: false))
            #expect(recent.initialEvents.map(\.revision) == [revision - 1, revision])
        }
    }

    @Test func progressReachesWatchersThatAskForIt() async throws {
        try await withCache { storage, cache in
            let revision = try await storage.create(prefix + "default/a", value: value("a", "1"))
            #expect(await cache.waitUntil(revision, timeout: .seconds(5)))
            let quiet = try #require(cache.register(resourcePrefix: prefix, prefix: prefix, start: .currentState, wantsProgress: false))
            let asking = try #require(cache.register(resourcePrefix: prefix, prefix: prefix, start: .currentState, wantsProgress: true))
            #expect(asking.initialObjects.count == 1)
            cache.sendProgress()
            var iterator = asking.stream.makeAsyncIterator()
            guard case .progress(let reached)? = await iterator.next() else {
                Issue.record("no progress item")
                return
            }
            #expect(reached == revision)
            cache.unregister(id: quiet.id, resourcePrefix: prefix)
            var quietIterator = quiet.stream.makeAsyncIterator()
            #expect(await quietIterator.next() == nil)
        }
    }

    @Test func resourcePrefixOfKeys() {
        #expect(WatchCache.resourcePrefix(ofKey: "/registry/core/pods/default/web") == "/registry/core/pods/")
        #expect(WatchCache.resourcePrefix(ofKey: "/registry/core/namespaces/default") == "/registry/core/namespaces/")
        #expect(WatchCache.resourcePrefix(ofKey: "/registry/core") == nil)
        #expect(WatchCache.resourcePrefix(ofKey: "/other/x/y/z") == nil)
    }
}
