import Foundation
import SkiffTesting
@_spi(Benchmark) import SkiffStore

/// The measured workloads, each against a fresh store from `makeStore`.
struct StoreWorkloads: Sendable {
    let makeStore: @Sendable () async throws -> (store: any Storage, cleanup: @Sendable () async -> Void)
    let value = Data(repeating: 0x78, count: 1024)

    /// Creates per second with `writers` concurrent writers creating `total` keys.
    func createsPerSecond(writers: Int, total: Int) async throws -> Double {
        let (store, cleanup) = try await makeStore()
        let value = value
        let rate = try await Self.writesPerSecond(writers: writers, total: total) { key in
            _ = try await store.create(key, value: value)
        }
        if let sqlite = store as? SQLiteStorage {
            let statistics = sqlite.writerStatistics
            print("  (group commit: \(statistics.transactions) transactions, \(String(format: "%.1f", statistics.averageBatch)) writes each on average)")
        }
        await cleanup()
        return rate
    }

    /// Bare etcd puts per second (no Skiff layer) with `writers` concurrent writers: the baseline
    /// for ``createsPerSecond(writers:total:)`` on etcd.
    func baselinePutsPerSecond(writers: Int, total: Int) async throws -> Double {
        let (store, cleanup) = try await makeStore()
        guard let etcd = store as? EtcdStorage else { fatalError("baseline puts need the etcd backend") }
        let value = value
        let rate = try await Self.writesPerSecond(writers: writers, total: total) { key in
            _ = try await etcd.baselinePut(key, value: value)
        }
        await cleanup()
        return rate
    }

    /// Runs `write` for `total` distinct keys split over `writers` concurrent writers; writes/s.
    private static func writesPerSecond(
        writers: Int, total: Int, _ write: @escaping @Sendable (String) async throws -> Void
    ) async throws -> Double {
        let perWriter = total / writers
        let start = monotonicNanoseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for i in 0..<perWriter { try await write("/bench/w\(writer)/\(i)") }
                }
            }
            try await group.waitForAll()
        }
        return Double(perWriter * writers) / (Double(monotonicNanoseconds() - start) / 1e9)
    }

    /// Write latencies (ms) of updates issued at a steady `rate` per second for `seconds`, with
    /// `stored` keys in the store.
    func steadyWriteLatencies(rate: Int, seconds: Int, stored: Int) async throws -> [Double] {
        let (store, cleanup) = try await makeStore()
        try await preload(store, count: stored)
        let latencies = try await paced(rate: rate, count: rate * seconds) { i in
            let key = "/bench/k/\(i % stored)"
            while true {
                let current = try await store.get(key)!
                do {
                    let started = monotonicNanoseconds()
                    _ = try await store.update(key, value: value, expectedRevision: current.modRevision)
                    return Double(monotonicNanoseconds() - started) / 1e6
                } catch StorageError.conflict {
                    continue
                }
            }
        }
        await cleanup()
        return latencies
    }

    /// Milliseconds to list `count` keys, `repeats` times.
    func listLatencies(count: Int, repeats: Int) async throws -> [Double] {
        let (store, cleanup) = try await makeStore()
        try await preload(store, count: count)
        var latencies: [Double] = []
        for _ in 0..<repeats {
            let started = monotonicNanoseconds()
            let result = try await store.list(ListRequest(prefix: "/bench/k"))
            latencies.append(Double(monotonicNanoseconds() - started) / 1e6)
            precondition(result.items.count == count, "list returned \(result.items.count) of \(count)")
        }
        await cleanup()
        return latencies
    }

    /// Milliseconds from the start of a write to its event arriving at each of `watchers`
    /// watches, for writes at `rate` per second during `seconds`.
    func watchDeliveryLatencies(watchers: Int, rate: Int, seconds: Int) async throws -> [Double] {
        let (store, cleanup) = try await makeStore()
        let writes = rate * seconds
        let start = try await store.currentRevision()
        let streams = try await (0..<watchers).asyncMap { _ in try await store.watch(prefix: "/bench/watch", after: start) }
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for stream in streams {
                group.addTask {
                    var latencies: [Double] = []
                    latencies.reserveCapacity(writes)
                    for try await event in stream {
                        let sent = event.current!.value.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                        latencies.append(Double(monotonicNanoseconds() - sent) / 1e6)
                        if latencies.count == writes { break }
                    }
                    return latencies
                }
            }
            group.addTask {
                _ = try await paced(rate: rate, count: writes) { i in
                    var stamp = monotonicNanoseconds()
                    let payload = withUnsafeBytes(of: &stamp) { Data($0) } + Data(count: 1016)
                    _ = try await store.create("/bench/watch/\(i)", value: payload)
                    return 0
                }
                return []
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        for stream in streams { stream.cancel() }
        await cleanup()
        return latencies
    }

    /// Database + WAL bytes after `updatesPerKey` updates of each of `keys` 1 KiB keys by 16
    /// writers, with maintenance (compaction, checkpoint) run every tenth of the way as its timer
    /// would, and the history window at its default 10,000 revisions.
    static func sqliteFileSizes(keys: Int, updatesPerKey: Int) async throws -> (files: Int64, live: Int64) {
        let directory = try TemporaryDirectory(prefix: "skiff-bench-files")
        defer { directory.remove() }
        var options = SQLiteStorageOptions()
        options.maintenanceInterval = nil
        options.historyDuration = 0
        let store = try SQLiteStorage(directory: directory.url, options: options)
        let value = Data(repeating: 0x62, count: 1024)
        for key in 0..<keys { _ = try await store.create("/files/\(key)", value: value) }
        for _ in 0..<10 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<16 {
                    group.addTask {
                        for _ in 0..<(updatesPerKey / 10) {
                            for key in stride(from: writer, to: keys, by: 16) {
                                let current = try await store.get("/files/\(key)")!
                                _ = try await store.update("/files/\(key)", value: value, expectedRevision: current.modRevision)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await store.runMaintenance()
        }
        let sizes = store.fileSizes()
        await store.close()
        return (sizes.database + sizes.wal, Int64(keys * (value.count + 16)))
    }

    private func preload(_ store: any Storage, count: Int) async throws {
        let value = value
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    for i in stride(from: writer, to: count, by: 16) {
                        _ = try await store.create("/bench/k/\(i)", value: value)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Starts `operation(i)` for i in 0..<count at a steady rate (open loop: a slow operation
    /// does not delay the next start) and returns what each returned.
    private func paced(rate: Int, count: Int, _ operation: @escaping @Sendable (Int) async throws -> Double)
        async throws -> [Double]
    {
        let interval = 1_000_000_000 / UInt64(rate)
        let begin = monotonicNanoseconds()
        return try await withThrowingTaskGroup(of: Double.self) { group in
            for i in 0..<count {
                let due = begin + UInt64(i) * interval
                let now = monotonicNanoseconds()
                if due > now { try await Task.sleep(nanoseconds: due - now) }
                group.addTask { try await operation(i) }
            }
            return try await group.reduce(into: [Double]()) { $0.append($1) }
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
