import SkiffTesting
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Watch delivery latency through HTTP: `watchers` watches on the configmaps of `default`
/// (newline-delimited JSON, read as raw lines — only `type` and the object's name are picked out,
/// so the client's own work stays in microseconds per line), then `rate` creates per second for
/// `seconds` seconds, each started at its scheduled time whether or not earlier ones finished
/// (open loop). For every (event, watcher): time from just before the create request was sent
/// to the chunk holding the event line arriving at the watcher.
struct WatchDeliveryBench: Sendable {
    var serverURL: String
    var token: String?
    var watchers: Int
    var rate: Int
    var seconds: Int

    /// One run's outcome.
    struct RunResult {
        var latenciesMs: [Double]
        var missing: Int
        var failedCreates: Int
        var worstSendLagMs: Double
        var clientCPUSeconds: Double
        var wallSeconds: Double
        var loadBefore: String
        var loadAfter: String
    }

    func run(runs: Int) async throws {
        let watchClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.configuration(connections: watchers + 8))
        let createClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.configuration(connections: 32))
        print("watch delivery: \(watchers) watchers, creates at \(rate)/s for \(seconds) s (open loop), \(runs) run(s), server \(serverURL)")
        var pooled: [Double] = []
        do {
            for run in 1...runs {
                let result = try await measure(run: run, watchClient: watchClient, createClient: createClient)
                pooled += result.latenciesMs
                let figures = Percentiles(result.latenciesMs)
                print("run \(run): \(figures.summary); missing deliveries \(result.missing), failed creates \(result.failedCreates), "
                      + String(format: "worst send lag %.2f ms, client CPU %.2f s over %.1f s; ",
                               result.worstSendLagMs, result.clientCPUSeconds, result.wallSeconds)
                      + "load \(result.loadBefore) → \(result.loadAfter)")
            }
            print("pooled: \(Percentiles(pooled).summary)")
        } catch {
            try? await watchClient.shutdown()
            try? await createClient.shutdown()
            throw error
        }
        try await watchClient.shutdown()
        try await createClient.shutdown()
    }

    private static func configuration(connections: Int) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.httpVersion = .http1Only
        return configuration
    }

    private func request(_ method: HTTPMethod, _ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: serverURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return request
    }

    private func currentResourceVersion(_ client: HTTPClient) async throws -> String {
        let response = try await client.execute(request(.GET, "/api/v1/namespaces/default/configmaps?limit=1"), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok,
              let list = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let metadata = list["metadata"] as? [String: Any], let version = metadata["resourceVersion"] as? String else {
            throw BenchError("cannot read the list's resourceVersion (HTTP \(response.status.code))")
        }
        return version
    }

    private func measure(run: Int, watchClient: HTTPClient, createClient: HTTPClient) async throws -> RunResult {
        let total = rate * seconds
        let prefix = "watch-r\(run)-\(UInt32.random(in: 0...UInt32.max))-"
        let version = try await currentResourceVersion(createClient)
        let sendTimes = LockedValue<[UInt64]>(Array(repeating: 0, count: total))
        let connected = SharedCounter()
        let watchRequest = request(.GET, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(version)")

        WatchCompletion.finished.store(0, ordering: .relaxed)
        let receipts = LockedValue<[[(index: Int, at: UInt64)]]>([])
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<watchers {
                group.addTask {
                    let mine = try await Self.watch(watchClient, watchRequest, prefix: prefix, expected: total, connected: connected)
                    receipts.withLock { $0.append(mine) }
                }
            }
            let connectDeadline = monotonicNanoseconds() + 30_000_000_000
            while connected.value < watchers {
                guard monotonicNanoseconds() < connectDeadline else { throw BenchError("watches did not connect in 30 s") }
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .seconds(1))

            let loadBefore = loadAverage()
            let cpuBefore = processCPUSeconds()
            let wallBefore = monotonicNanoseconds()
            let (failed, worstLag) = await createPaced(createClient, prefix: prefix, total: total, sendTimes: sendTimes)

            // Wait for every watcher to see every event (or give up after 15 s).
            let waitDeadline = monotonicNanoseconds() + 15_000_000_000
            while monotonicNanoseconds() < waitDeadline, WatchCompletion.finished.load(ordering: .relaxed) < watchers {
                try await Task.sleep(for: .milliseconds(20))
            }
            let wall = Double(monotonicNanoseconds() - wallBefore) / 1e9
            let cpu = processCPUSeconds() - cpuBefore
            let loadAfter = loadAverage()
            group.cancelAll()
            try? await group.waitForAll()

            let sent = sendTimes.withLock { $0 }
            var latencies: [Double] = []
            latencies.reserveCapacity(total * watchers)
            for watcher in receipts.withLock({ $0 }) {
                for receipt in watcher where sent[receipt.index] != 0 && receipt.at >= sent[receipt.index] {
                    latencies.append(Double(receipt.at - sent[receipt.index]) / 1e6)
                }
            }
            return RunResult(latenciesMs: latencies, missing: (total - failed) * watchers - latencies.count, failedCreates: failed,
                             worstSendLagMs: worstLag, clientCPUSeconds: cpu, wallSeconds: wall,
                             loadBefore: loadBefore, loadAfter: loadAfter)
        }
    }

    /// Creates `total` ConfigMaps named prefix + index, each started at its slot of the schedule.
    private func createPaced(_ client: HTTPClient, prefix: String, total: Int, sendTimes: LockedValue<[UInt64]>) async -> (failed: Int, worstLagMs: Double) {
        let interval = UInt64(1_000_000_000 / rate)
        let start = monotonicNanoseconds() + 5_000_000
        let payload = String(repeating: "x", count: 900)
        let failures = SharedCounter()
        var worstLag: UInt64 = 0
        await withTaskGroup(of: Void.self) { creates in
            for index in 0..<total {
                let target = start + UInt64(index) * interval
                let now = monotonicNanoseconds()
                if target > now {
                    try? await Task.sleep(for: .nanoseconds(Int64(target - now)))
                }
                worstLag = max(worstLag, monotonicNanoseconds() &- target)
                var request = self.request(.POST, "/api/v1/namespaces/default/configmaps")
                request.headers.add(name: "Content-Type", value: "application/json")
                let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(prefix)\#(index)","namespace":"default"},"data":{"payload":"\#(payload)"}}"#
                request.body = .bytes(ByteBuffer(string: body))
                creates.addTask { [request] in
                    sendTimes.withLock { $0[index] = monotonicNanoseconds() }
                    do {
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        if response.status != .created { failures.increment() }
                    } catch {
                        failures.increment()
                    }
                }
            }
        }
        return (failures.value, Double(worstLag) / 1e6)
    }

    /// One watch: reads lines until `expected` ADDED events named with `prefix` arrived, noting
    /// when the chunk holding each arrived.
    private static func watch(_ client: HTTPClient, _ request: HTTPClientRequest, prefix: String, expected: Int,
                              connected: SharedCounter) async throws -> [(index: Int, at: UInt64)] {
        let response = try await client.execute(request, timeout: .seconds(30))
        guard response.status == .ok else { throw BenchError("watch answered HTTP \(response.status.code)") }
        connected.increment()
        var receipts: [(index: Int, at: UInt64)] = []
        receipts.reserveCapacity(expected)
        var pending: [UInt8] = []
        do {
            for try await chunk in response.body {
                let arrived = monotonicNanoseconds()
                pending.append(contentsOf: chunk.readableBytesView)
                var consumed = 0
                pending.withUnsafeBufferPointer { bytes in
                    var lineStart = 0
                    for index in 0..<bytes.count where bytes[index] == 0x0A {
                        let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<index])
                        lineStart = index + 1
                        guard let summary = WatchLineSummary.parse(line), summary.type == "ADDED",
                              summary.name.hasPrefix(prefix), let number = Int(summary.name.dropFirst(prefix.count)) else { continue }
                        receipts.append((number, arrived))
                    }
                    consumed = lineStart
                }
                pending.removeFirst(consumed)
                if receipts.count >= expected { break }
            }
        } catch is CancellationError {
        } catch _ where Task.isCancelled {
        }
        WatchCompletion.finished.add(1, ordering: .relaxed)
        return receipts
    }
}

/// How many watchers of the current run have finished reading.
enum WatchCompletion {
    static let finished = Atomic<Int>(0)
}

/// A benchmark failure with a message.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A value behind a lock, shareable across tasks.
final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

/// A counter shareable across tasks.
final class SharedCounter: Sendable {
    private let atomic = Atomic<Int>(0)
    var value: Int { atomic.load(ordering: .acquiring) }
    func increment() { atomic.add(1, ordering: .acquiringAndReleasing) }
}
