import Foundation
import SkiffStore
import SkiffTesting
import Testing

/// The backends the conformance suite runs against: each test gets a fresh, private store.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case etcd

    var testDescription: String { rawValue }

    /// The backends to test: all, or those named in SKIFF_TEST_BACKENDS (e.g. `sqlite`).
    static let selected: [Backend] = {
        guard let names = ProcessInfo.processInfo.environment["SKIFF_TEST_BACKENDS"] else { return allCases }
        return allCases.filter { names.split(separator: ",").contains(Substring($0.rawValue)) }
    }()

    /// Runs `body` against a fresh store of this backend and tears it down afterwards.
    func withStorage<T: Sendable>(
        sqliteOptions: SQLiteStorageOptions = SQLiteStorageOptions(),
        _ body: (any Storage) async throws -> T
    ) async throws -> T {
        let directory = try TemporaryDirectory(prefix: "skiff-store-\(rawValue)")
        defer { directory.remove() }
        switch self {
        case .sqlite:
            let storage = try SQLiteStorage(directory: directory.url, options: sqliteOptions)
            do {
                let result = try await body(storage)
                await storage.close()
                return result
            } catch {
                await storage.close()
                throw error
            }
        case .etcd:
            let etcd = try await EtcdProcess.start(dataDirectory: directory.url)
            defer { etcd.stop() }
            let storage = try EtcdStorage(endpoints: [etcd.endpoint])
            do {
                let result = try await body(storage)
                await storage.close()
                return result
            } catch {
                await storage.close()
                throw error
            }
        }
    }
}

/// Test helpers on any storage.
extension Storage {
    func value(_ key: String) async throws -> String? {
        try await get(key).map { String(decoding: $0.value, as: UTF8.self) }
    }

    @discardableResult
    func create(_ key: String, _ text: String) async throws -> Int64 {
        try await create(key, value: Data(text.utf8))
    }

    @discardableResult
    func update(_ key: String, _ text: String, expectedRevision: Int64) async throws -> Int64 {
        try await update(key, value: Data(text.utf8), expectedRevision: expectedRevision)
    }

    func listAll(_ prefix: String, revision: Int64? = nil) async throws -> ListResult {
        try await list(ListRequest(prefix: prefix, revision: revision))
    }
}

extension KeyValue {
    var text: String { String(decoding: value, as: UTF8.self) }
}

extension WatchStream {
    /// The next `count` events, failing the test if the watch ends or `timeout` passes first.
    func take(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [WatchEvent] {
        try await withThrowingTaskGroup(of: [WatchEvent]?.self) { group in
            group.addTask {
                var events: [WatchEvent] = []
                var iterator = self.makeAsyncIterator()
                while events.count < count, let event = try await iterator.next() {
                    events.append(event)
                }
                return events
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            guard let events = first else {
                Issue.record("timed out waiting for \(count) watch events")
                throw CancellationError()
            }
            return events
        }
    }
}

/// Expects `body` to throw exactly `expected`.
func expectStorageError<T>(
    _ expected: StorageError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(expected), but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as StorageError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}
