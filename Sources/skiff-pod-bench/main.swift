import Foundation
import SkiffTesting

// Pod startup benchmark (not a test), issue 4 item 7 — the native twin of scripts/bench/pod-bench.py, whose
// Python client (16 creating threads and a watcher) takes ~10 % of a two-core machine during the burst:
//   skiff-pod-bench [--binary .build/release/skiff] [--pods 100] [--runs 3] [--creators 16] [--command "sleep 3600"]
//                   [--singles 10]
// Each run starts a fresh `skiff server` in a temp dir on a free loopback port and measures start → node Ready,
// create → bound / Running / Ready for pods created at once (from just before each create request to a watch
// showing it), the server's CPU over the burst, and its idle RSS after start and after the pods were deleted;
// then create → Running of `singles` pods created one at a time on the idle node (the path without queueing).
// Figures and history: docs/benchmarks.md.

var values: [String: String] = [:]
do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    var index = 0
    while index + 1 < arguments.count, arguments[index].hasPrefix("--") {
        values[String(arguments[index].dropFirst(2))] = arguments[index + 1]
        index += 2
    }
    if index < arguments.count {
        FileHandle.standardError.write(Data("usage: skiff-pod-bench [--binary PATH] [--pods N] [--runs N] [--creators N] [--command CMD] [--singles N]\n".utf8))
        exit(2)
    }
}
let binary = values["binary"] ?? ".build/release/skiff"
let podCount = values["pods"].flatMap(Int.init) ?? 100
let runs = values["runs"].flatMap(Int.init) ?? 3
let creators = values["creators"].flatMap(Int.init) ?? 16
let command = (values["command"] ?? "sleep 3600").split(separator: " ").map(String.init)
let singles = values["singles"].flatMap(Int.init) ?? 10

func format(_ value: Double) -> String { String(format: "%.1f", value) }

var starts: [Double] = [], running: [Double] = [], ready: [Double] = [], idleAfterStart: [Double] = [], idleAfterPods: [Double] = []
var singleRunning: [Double] = []
for run in 1...runs {
    let server = try BenchServer(binary: binary, nodeName: "bench-node")
    do {
        let ready0 = try await server.waitForNodeReady()
        try await Task.sleep(for: .seconds(1))
        let rssStart = server.residentKilobytes
        let burst = try await PodBurst(pods: podCount, creators: creators, command: command).run(on: server)
        try await PodBurst.deleteAll(on: server)
        try await Task.sleep(for: .seconds(5))
        let rssAfter = server.residentKilobytes
        let toRunning = Percentiles(burst.toRunning), toReady = Percentiles(burst.toReady), toBound = Percentiles(burst.toBound)
        print("run \(run): start → node Ready \(format(ready0 * 1000)) ms; \(toRunning.count)/\(podCount) Running, "
              + "p50 \(format(toRunning.value(50))) ms, p99 \(format(toRunning.value(99))) ms; Ready p50 \(format(toReady.value(50))) ms, "
              + "p99 \(format(toReady.value(99))) ms; RSS idle \(rssStart) kB, after pods \(rssAfter) kB")
        print("  diagnostics: all creates answered after \(format(burst.createsAnswered)) ms; create → bound p50 "
              + "\(format(toBound.value(50))) ms; last Running \(format(burst.lastRunning)) ms after the first create; "
              + "server CPU \(format(burst.serverCPU)) ms, bench CPU \(format(burst.benchCPU)) ms; load \(loadAverage())")
        // Then pods one at a time on the idle node: the path of a single pod, without queueing.
        var alone: [Double] = []
        for index in 0..<singles {
            let single = try await PodBurst(pods: 1, creators: 1, command: command, namePrefix: "single-\(index)").run(on: server)
            alone += single.toRunning
        }
        try await PodBurst.deleteAll(on: server)
        if singles > 0 {
            let aloneRunning = Percentiles(alone)
            print("  one pod at a time (\(aloneRunning.count)): create → Running p50 \(format(aloneRunning.value(50))) ms, "
                  + "max \(format(alone.max() ?? 0)) ms")
        }
        singleRunning += alone
        starts.append(ready0 * 1000)
        running += burst.toRunning
        ready += burst.toReady
        idleAfterStart.append(Double(rssStart))
        idleAfterPods.append(Double(rssAfter))
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}
let pooledRunning = Percentiles(running), pooledReady = Percentiles(ready)
print("start → node Ready: median \(format(Percentiles(starts).value(50))) ms of \(starts.count)")
print("create → Running: p50 \(format(pooledRunning.value(50))) ms, p99 \(format(pooledRunning.value(99))) ms (n = \(pooledRunning.count))")
print("create → Ready:   p50 \(format(pooledReady.value(50))) ms, p99 \(format(pooledReady.value(99))) ms (n = \(pooledReady.count))")
if singles > 0 {
    let pooledSingles = Percentiles(singleRunning)
    print("one pod at a time: create → Running p50 \(format(pooledSingles.value(50))) ms, p99 \(format(pooledSingles.value(99))) ms (n = \(pooledSingles.count))")
}
print("idle RSS (server + scheduler + agent): \(format(Percentiles(idleAfterStart).value(50) / 1024)) MB after start, "
      + "\(format(Percentiles(idleAfterPods).value(50) / 1024)) MB after \(podCount) pods came and went (medians)")
