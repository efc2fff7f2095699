import Foundation
import SkiffStore
import SkiffTesting

// Store benchmark (not a test). Prints median figures over several runs for each backend:
//   swift run -c release skiff-store-bench [sqlite|etcd|all] [--runs N]
// Figures and their targets are recorded in docs/benchmarks.md.

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 3
if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count {
    runs = Int(arguments[index + 1]) ?? 3
    arguments.removeSubrange(index...(index + 1))
}
let selected = arguments.first ?? "all"
let backends = selected == "all" ? ["sqlite", "etcd"] : [selected]

func makeStoreFactory(_ backend: String) -> @Sendable () async throws -> (store: any Storage, cleanup: @Sendable () async -> Void) {
    {
        let directory = try TemporaryDirectory(prefix: "skiff-bench")
        switch backend {
        case "sqlite":
            var options = SQLiteStorageOptions()
            options.maintenanceInterval = nil
            let store = try SQLiteStorage(directory: directory.url, options: options)
            return (store, { await store.close(); directory.remove() })
        case "etcd":
            let etcd = try await EtcdProcess.start(dataDirectory: directory.url)
            let store = try EtcdStorage(endpoints: [etcd.endpoint])
            return (store, { await store.close(); etcd.stop(); directory.remove() })
        default:
            fatalError("unknown backend \(backend): use sqlite, etcd or all")
        }
    }
}

func format(_ value: Double, _ digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
}

print("runs per figure: \(runs) (median of runs; latency percentiles pooled over all runs)")
for backend in backends {
    let workloads = StoreWorkloads(makeStore: makeStoreFactory(backend))
    print("\n== \(backend)")
    for writers in [1, 16, 64] {
        var rates: [Double] = []
        for _ in 0..<runs {
            rates.append(try await workloads.createsPerSecond(writers: writers, total: writers == 1 ? 5_000 : 40_000))
        }
        print("creates/s, \(writers) writers, 1 KiB: median \(format(Statistics.median(rates), 0))  runs \(rates.map { format($0, 0) })")
        if backend == "etcd" {
            var baseline: [Double] = []
            for _ in 0..<runs {
                baseline.append(try await workloads.baselinePutsPerSecond(writers: writers, total: writers == 1 ? 5_000 : 40_000))
            }
            let median = Statistics.median(baseline)
            print("  baseline: bare etcd puts/s, \(writers) writers: median \(format(median, 0)) → Skiff create keeps \(format(100 * Statistics.median(rates) / median, 0)) % of it")
        }
    }
    var steady: [Double] = []
    for _ in 0..<runs { steady += try await workloads.steadyWriteLatencies(rate: 200, seconds: 10, stored: 5_000) }
    print("update latency at 200/s, 5,000 keys stored: p50 \(format(Statistics.percentile(steady, 50))) ms  p99 \(format(Statistics.percentile(steady, 99))) ms  (n=\(steady.count))")
    var lists: [Double] = []
    for _ in 0..<runs { lists += try await workloads.listLatencies(count: 10_000, repeats: 10) }
    print("list 10,000 keys: p50 \(format(Statistics.percentile(lists, 50))) ms  p99 \(format(Statistics.percentile(lists, 99))) ms  (n=\(lists.count))")
    var watch: [Double] = []
    for _ in 0..<runs { watch += try await workloads.watchDeliveryLatencies(watchers: 100, rate: 200, seconds: 5) }
    print("watch delivery, 100 watchers, 200 writes/s (write start → event): p50 \(format(Statistics.percentile(watch, 50))) ms  p99 \(format(Statistics.percentile(watch, 99))) ms  (n=\(watch.count))")
}

if backends.contains("sqlite") {
    let (files, live) = try await StoreWorkloads.sqliteFileSizes(keys: 1_000, updatesPerKey: 100)
    let bound = 2 * live + 64 << 20
    print("\n== sqlite files after 100,000 updates over 1,000 keys: database + WAL \(files / 1024) KiB; bound 2 × live (\(live / 1024) KiB) + 64 MiB = \(bound / 1024) KiB")
}
