import Foundation
import SkiffStore
import SkiffTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// etcd-specific behaviour of ``EtcdStorage``: endpoints, failover, timeouts, error mapping.
/// The Storage contract itself is covered by the shared conformance suite.
@Suite("EtcdStorage", .serialized)
struct EtcdStorageTests {
    /// A running etcd and a storage on it; both stopped when the test ends.
    final class Fixture {
        let directory: TemporaryDirectory
        let etcd: EtcdProcess
        let storage: EtcdStorage

        init(endpoints: (String) -> [String] = { [$0] }) async throws {
            directory = try TemporaryDirectory(prefix: "skiff-etcd")
            etcd = try await EtcdProcess.start(dataDirectory: directory.url)
            storage = try EtcdStorage(endpoints: endpoints(etcd.endpoint))
        }

        func shutdown() async {
            await storage.close()
            etcd.stop()
        }
    }

    static func expectUnavailable(
        within limit: Duration, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await body()
            Issue.record("expected StorageError.unavailable, the call succeeded", sourceLocation: sourceLocation)
        } catch StorageError.unavailable(let message) {
            #expect(message.contains("unreachable") || message.contains("did not answer"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected StorageError.unavailable, got \(error)", sourceLocation: sourceLocation)
        }
        let elapsed = clock.now - start
        #expect(elapsed < limit, "took \(elapsed)", sourceLocation: sourceLocation)
    }

    // MARK: - Endpoints

    @Test func rejectsBadEndpoints() {
        #expect(throws: EtcdConfigurationError.self) { try EtcdStorage(endpoints: []) }
        #expect(throws: EtcdConfigurationError.self) { try EtcdStorage(endpoints: [" , "]) }
        #expect(throws: EtcdConfigurationError.self) { try EtcdStorage(endpoints: ["https://127.0.0.1:2379"]) }
        #expect(throws: EtcdConfigurationError.self) { try EtcdStorage(endpoints: ["http://127.0.0.1:2379/v3"]) }
    }

    @Test func acceptsCommaSeparatedEndpoints() throws {
        let storage = try EtcdStorage(endpoints: ["http://127.0.0.1:1, 127.0.0.1:2", "http://localhost:3"])
        #expect(storage.endpoints == ["http://127.0.0.1:1", "127.0.0.1:2", "http://localhost:3"])
    }

    @Test func unreachableEndpointIsUnavailablePromptly() async throws {
        let dead = "http://127.0.0.1:\(FreePort.find())"
        let storage = try EtcdStorage(endpoints: [dead])
        await Self.expectUnavailable(within: .seconds(3)) { _ = try await storage.currentRevision() }
        await Self.expectUnavailable(within: .seconds(3)) { _ = try await storage.create("/a/b", value: Data("x".utf8)) }
        await Self.expectUnavailable(within: .seconds(3)) { _ = try await storage.watch(prefix: "/a", after: 0) }
        do {
            _ = try await storage.get("/a/b")
            Issue.record("expected unavailable")
        } catch StorageError.unavailable(let message) {
            #expect(message.contains(dead), "the message names the endpoint: \(message)")
        }
        await storage.close()
    }

    @Test func silentEndpointTimesOut() async throws {
        // Accepts TCP connections (kernel backlog) but never speaks HTTP/2.
        let silent = try SilentListener()
        let storage = try EtcdStorage(endpoints: ["http://127.0.0.1:\(silent.port)"])
        await Self.expectUnavailable(within: .seconds(8)) { _ = try await storage.currentRevision() }
        await storage.close()
    }

    @Test func failsOverFromDeadEndpoint() async throws {
        let dead = "http://127.0.0.1:\(FreePort.find())"
        let fixture = try await Fixture(endpoints: { [dead, $0] })
        let storage = fixture.storage

        let created = try await storage.create("/failover/a", value: Data("1".utf8))
        #expect(try await storage.get("/failover/a")?.modRevision == created)
        let updated = try await storage.update("/failover/a", value: Data("2".utf8), expectedRevision: created)
        #expect(updated == created + 1)
        let list = try await storage.list(ListRequest(prefix: "/failover"))
        #expect(list.items.map(\.key) == ["/failover/a"])

        let watch = try await storage.watch(prefix: "/failover", after: created)
        var iterator = watch.makeAsyncIterator()
        let event = try await iterator.next()
        #expect(event?.revision == updated)
        #expect(event?.previous?.value == Data("1".utf8))
        watch.cancel()
        await fixture.shutdown()
    }

    @Test func failsOverFromSilentEndpoint() async throws {
        let silent = try SilentListener()
        let fixture = try await Fixture(endpoints: { ["http://127.0.0.1:\(silent.port)", $0] })
        // Reads move on after the deadline; later calls go straight to the live endpoint.
        _ = try await fixture.storage.currentRevision()
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await fixture.storage.create("/silent/a", value: Data())
        #expect(clock.now - start < .seconds(2))
        await fixture.shutdown()
    }

    @Test func etcdGoingAwayGivesUnavailableAndEndsWatches() async throws {
        let fixture = try await Fixture()
        let storage = fixture.storage
        _ = try await storage.create("/gone/a", value: Data())
        let watch = try await storage.watch(prefix: "/gone", after: try await storage.currentRevision())
        fixture.etcd.stop()

        await Self.expectUnavailable(within: .seconds(6)) { _ = try await storage.get("/gone/a") }
        do {
            for try await event in watch { Issue.record("unexpected event \(event)") }
            Issue.record("the watch ended without an error")
        } catch StorageError.unavailable {
        } catch {
            Issue.record("expected unavailable, got \(error)")
        }
        await storage.close()
    }

    @Test func sustainedTrafficKeepsTheConnection() async throws {
        // etcd sends an HTTP/2 PING for about every request; unanswered below NIO's DoS limit
        // (200 PINGs / 30 s) the client used to drop the connection mid-call.
        let fixture = try await Fixture()
        let storage = fixture.storage
        var revision = try await storage.create("/busy/k", value: Data())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for _ in 0..<300 { _ = try await storage.list(ListRequest(prefix: "/busy")) }
            }
            for _ in 0..<400 {
                revision = try await storage.update("/busy/k", value: Data(), expectedRevision: revision)
            }
            try await group.waitForAll()
        }
        #expect(try await storage.get("/busy/k")?.modRevision == revision)
        await fixture.shutdown()
    }

    // MARK: - Error mapping

    @Test func writesMapToCompareAndSwapErrors() async throws {
        let fixture = try await Fixture()
        let storage = fixture.storage
        let first = try await storage.create("/m/a", value: Data("1".utf8))
        await #expect(throws: StorageError.alreadyExists(key: "/m/a")) {
            _ = try await storage.create("/m/a", value: Data())
        }
        let second = try await storage.update("/m/a", value: Data("2".utf8), expectedRevision: first)
        await #expect(throws: StorageError.conflict(key: "/m/a", expectedRevision: first, actualRevision: second)) {
            _ = try await storage.update("/m/a", value: Data(), expectedRevision: first)
        }
        await #expect(throws: StorageError.notFound(key: "/m/missing")) {
            _ = try await storage.update("/m/missing", value: Data(), expectedRevision: 0)
        }
        await #expect(throws: StorageError.conflict(key: "/m/a", expectedRevision: first, actualRevision: second)) {
            _ = try await storage.delete("/m/a", expectedRevision: first)
        }
        let deleted = try await storage.delete("/m/a", expectedRevision: second)
        #expect(deleted.revision == second + 1)
        #expect(deleted.deleted == KeyValue(key: "/m/a", value: Data("2".utf8), createRevision: first, modRevision: second))
        await #expect(throws: StorageError.notFound(key: "/m/a")) {
            _ = try await storage.delete("/m/a", expectedRevision: nil)
        }
        #expect(try await storage.currentRevision() == deleted.revision, "failed writes do not advance the revision")
        await #expect(throws: StorageError.invalidKey("key is empty")) { _ = try await storage.get("") }
        await fixture.shutdown()
    }

    @Test func listPagesAtOneRevision() async throws {
        let fixture = try await Fixture()
        let storage = fixture.storage
        for name in ["c", "a", "b", "d"] { _ = try await storage.create("/p/\(name)", value: Data(name.utf8)) }
        _ = try await storage.create("/pp/x", value: Data())
        _ = try await storage.create("/p", value: Data())

        let page1 = try await storage.list(ListRequest(prefix: "/p", limit: 2))
        #expect(page1.items.map(\.key) == ["/p/a", "/p/b"])
        #expect(page1.hasMore)
        _ = try await storage.create("/p/bb", value: Data())  // after the first page's revision
        let page2 = try await storage.list(
            ListRequest(prefix: "/p/", revision: page1.revision, limit: 2, continueAfter: "/p/b"))
        #expect(page2.items.map(\.key) == ["/p/c", "/p/d"])
        #expect(page2.revision == page1.revision)
        #expect(!page2.hasMore)
        let all = try await storage.list(ListRequest(prefix: "/"))
        #expect(all.items.map(\.key) == ["/p", "/p/a", "/p/b", "/p/bb", "/p/c", "/p/d", "/pp/x"])
        #expect(all.revision == (try await storage.currentRevision()))
        await fixture.shutdown()
    }

    @Test func revisionErrorsCarryTheirNumbers() async throws {
        let fixture = try await Fixture()
        let storage = fixture.storage
        var last: Int64 = 0
        for index in 0..<5 { last = try await storage.create("/r/\(index)", value: Data()) }
        await #expect(throws: StorageError.futureRevision(requested: last + 10, currentRevision: last)) {
            _ = try await storage.list(ListRequest(prefix: "/r", revision: last + 10))
        }
        try await storage.compact(through: last - 1)
        try await storage.compact(through: last - 2)  // already compacted: no error
        await #expect(throws: StorageError.compacted(requested: last - 3, compactedRevision: last - 1)) {
            _ = try await storage.list(ListRequest(prefix: "/r", revision: last - 3))
        }
        #expect(try await storage.list(ListRequest(prefix: "/r", revision: last - 1)).items.count == 4)
        await #expect(throws: StorageError.compacted(requested: last - 2, compactedRevision: last - 1)) {
            _ = try await storage.watch(prefix: "/r", after: last - 2)
        }
        await #expect(throws: StorageError.compacted(requested: 0, compactedRevision: last - 1)) {
            _ = try await storage.watch(prefix: "/r", after: 0)
        }
        await #expect(throws: StorageError.futureRevision(requested: last + 5, currentRevision: last)) {
            try await storage.compact(through: last + 5)
        }
        // A watch from the compacted revision replays what is retained.
        let watch = try await storage.watch(prefix: "/r", after: last - 1)
        var iterator = watch.makeAsyncIterator()
        #expect(try await iterator.next()?.revision == last)
        watch.cancel()
        await fixture.shutdown()
    }

    // MARK: - Watch

    @Test func watchDeliversPutsAndDeletesWithPreviousValues() async throws {
        let fixture = try await Fixture()
        let storage = fixture.storage
        let start = try await storage.currentRevision()
        let watch = try await storage.watch(prefix: "/w/", after: start)
        let created = try await storage.create("/w/a", value: Data("1".utf8))
        _ = try await storage.create("/wx", value: Data())  // outside the prefix
        let updated = try await storage.update("/w/a", value: Data("2".utf8), expectedRevision: created)
        let deleted = try await storage.delete("/w/a", expectedRevision: nil)

        var events: [WatchEvent] = []
        for try await event in watch {
            events.append(event)
            if events.count == 3 { break }
        }
        watch.cancel()
        let v1 = KeyValue(key: "/w/a", value: Data("1".utf8), createRevision: created, modRevision: created)
        let v2 = KeyValue(key: "/w/a", value: Data("2".utf8), createRevision: created, modRevision: updated)
        #expect(events == [
            WatchEvent(kind: .put, key: "/w/a", revision: created, current: v1, previous: nil),
            WatchEvent(kind: .put, key: "/w/a", revision: updated, current: v2, previous: v1),
            WatchEvent(kind: .delete, key: "/w/a", revision: deleted.revision, current: nil, previous: v2),
        ])
        #expect(events[0].isCreate)
        await fixture.shutdown()
    }

    @Test func closeEndsWatchesAndRefusesCalls() async throws {
        let fixture = try await Fixture()
        let storage = fixture.storage
        let watch = try await storage.watch(prefix: "/c", after: try await storage.currentRevision())
        let reader = Task {
            do {
                for try await _ in watch {}
                return "ended"
            } catch {
                return "\(error)"
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        await storage.close()
        #expect(await reader.value == "\(StorageError.closed)")
        await #expect(throws: StorageError.closed) { _ = try await storage.get("/c/a") }
        await #expect(throws: StorageError.closed) { _ = try await storage.watch(prefix: "/c", after: 0) }
        fixture.etcd.stop()
    }
}

/// A TCP socket on 127.0.0.1 that listens but never accepts: connections complete in the kernel
/// and then hear nothing, like a hung server.
final class SilentListener {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw StorageError.backendFailure("cannot listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(fd)
    }
}
