import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle
import SkiffAPIServer
import SkiffClient
import SkiffModel
import SkiffScheduler
import SkiffStore
import SkiffTesting
import Synchronization

/// The end-to-end run: an in-process API server on SQLite in a temp dir; `nodeCount` Nodes
/// (create, then PUT /status) and `podCount` pending pods written by `writers` concurrent clients
/// while no scheduler runs; then a `SchedulerService` starts (its own client, configured as
/// `skiff server` configures it) and the clock runs until every pod has `spec.nodeName`.
struct EndToEndRun {
    var nodeCount: Int
    var podCount: Int
    var variant: BenchVariant
    var writers = 16
    /// When set, `perf record -g` samples this process from the scheduler's start until every pod
    /// is bound (the populate phase is left out) and writes to this file.
    var perfOutput: String? = nil

    struct Result {
        var nodeWriteSeconds: Double
        var podWriteSeconds: Double
        var syncSeconds: Double
        var firstBindSeconds: Double
        var allBoundSeconds: Double
        var bound: Int
        var unboundAtEnd: Int
        var cpuSeconds: Double
        var load: String
        var metrics: [String]

        var podsPerSecond: Double { Double(bound) / allBoundSeconds }
        var podsPerSecondAfterSync: Double { Double(bound) / max(allBoundSeconds - syncSeconds, 1e-9) }
    }

    func run(timeout: Duration = .seconds(600)) async throws -> Result {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await InProcessAPIServer.with(prefix: "skiff-scheduler-bench") { server in
                let client = KubernetesClient(configuration: ClientConfiguration(serverURL: server.url, bearerToken: "bench",
                                                                                 maximumConnectionsPerHost: writers),
                                              logger: logger)
                do {
                    let result = try await measure(client: client, http: http, serverURL: server.url, local: server.localTransport,
                                                   logger: logger, timeout: timeout)
                    try await client.shutdown()
                    return result
                } catch {
                    try? await client.shutdown()
                    throw error
                }
            }
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private func measure(client: KubernetesClient, http: HTTPClient, serverURL: String, local: LocalTransport,
                         logger: Logger, timeout: Duration) async throws -> Result {
        var started = monotonicNanoseconds()
        try await concurrently(count: nodeCount) { index in
            var node = try await client.create(BenchCluster.node(index))
            node.status = BenchCluster.nodeStatus
            _ = try await client.updateStatus(node)
        }
        let nodeWriteSeconds = seconds(from: started, to: monotonicNanoseconds())
        started = monotonicNanoseconds()
        let variant = variant
        try await concurrently(count: podCount) { index in
            _ = try await client.create(BenchCluster.pod(index, variant: variant))
        }
        let podWriteSeconds = seconds(from: started, to: monotonicNanoseconds())

        let version = try await client.list(CoreV1.Pod.self, namespace: nil, options: ListOptions(limit: 1)).resourceVersion ?? "0"
        let counter = BoundPodCounter()
        let counting = Task { try await counter.run(client: http, serverURL: serverURL, resourceVersion: version) }
        defer { counting.cancel() }

        let synced = SyncInstant()
        let schedulerLogger = Logger(label: "skiff.scheduler") { _ in SyncWatchingLogHandler(syncedAt: synced) }
        // As `skiff server` runs it: through the server's in-process transport.
        let schedulerClient = KubernetesClient(configuration: ClientConfiguration(serverURL: serverURL, bearerToken: "bench"),
                                               transport: local, logger: logger)
        let scheduler = SchedulerService(client: schedulerClient, profile: .standard(), seed: 1, logger: schedulerLogger)
        let schedulerGroup = ServiceGroup(configuration: ServiceGroupConfiguration(services: [scheduler], logger: logger))
        let profiler = try perfOutput.map { try PerfRecording(output: $0) }
        let load = loadAverage()
        let cpuBefore = processCPUSeconds()
        let schedulerStarted = monotonicNanoseconds()
        let running = Task { try await schedulerGroup.run() }
        let deadline = schedulerStarted + UInt64(timeout.components.seconds) * 1_000_000_000
        while counter.bound < podCount, monotonicNanoseconds() < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        let finished = counter.last
        let cpuSeconds = processCPUSeconds() - cpuBefore
        profiler?.stop()
        await schedulerGroup.triggerGracefulShutdown()
        _ = try? await running.value
        try? await schedulerClient.shutdown()

        let unbound = try await client.list(CoreV1.Pod.self, namespace: nil, options: ListOptions(fieldSelector: "spec.nodeName=")).items.count
        let metrics = try await interestingMetrics(http: http, serverURL: serverURL)
        let syncedAt = synced.instant.load(ordering: .acquiring)
        return Result(nodeWriteSeconds: nodeWriteSeconds, podWriteSeconds: podWriteSeconds,
                      syncSeconds: syncedAt == 0 ? .nan : seconds(from: schedulerStarted, to: syncedAt),
                      firstBindSeconds: seconds(from: schedulerStarted, to: counter.first),
                      allBoundSeconds: seconds(from: schedulerStarted, to: finished),
                      bound: counter.bound, unboundAtEnd: unbound, cpuSeconds: cpuSeconds, load: load, metrics: metrics)
    }

    /// Runs `body(0..<count)` on `writers` concurrent tasks.
    private func concurrently(count: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let next = IndexDispenser()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<writers {
                group.addTask {
                    while true {
                        let index = next.take()
                        guard index < count else { return }
                        try await body(index)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Mean server-side latency per verb/resource (and per store operation) from /metrics.
    private func interestingMetrics(http: HTTPClient, serverURL: String) async throws -> [String] {
        let response = try await http.execute(HTTPClientRequest(url: serverURL + "/metrics"), timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 64 << 20))
        var sums: [String: Double] = [:]
        var counts: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]) else { continue }
            let name = String(parts[0])
            for (suffix, isSum) in [("_sum", true), ("_count", false)] {
                guard let range = name.range(of: suffix + "{") ?? (name.hasSuffix(suffix) ? name.range(of: suffix, options: .backwards) : nil) else { continue }
                let key = String(name[..<range.lowerBound]) + String(name[range.upperBound...])
                if isSum { sums[key] = value } else { counts[key] = value }
            }
        }
        return counts.keys.sorted().compactMap { key in
            guard let count = counts[key], count > 0, let sum = sums[key] else { return nil }
            return "\(key): " + String(format: "n = %.0f, mean %.2f ms", count, sum / count * 1000)
        }
    }
}

/// Hands out 0, 1, 2, ... to concurrent workers.
final class IndexDispenser: Sendable {
    private let next = Atomic<Int>(0)
    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}
