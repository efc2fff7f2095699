import SkiffTesting
import Foundation
import SkiffScheduler

// Scheduler throughput benchmark (not a test):
//   skiff-scheduler-bench [--nodes 5000] [--pods 10000] [--anti-affinity-pods 5000]
//                         [--variants basic,spread,anti-affinity] [--runs 1] [--pure-only] [--pure-runs 3]
//                         [--perf-record FILE]   (perf record -g of each end-to-end scheduling window: FILE.<variant>.<run>)
// Prints, per variant: the in-memory figure (the scheduling core on the same nodes and pods,
// SkiffScheduler's own SchedulerThroughput workload too) and the end-to-end figure (in-process
// API server on SQLite, SchedulerService binding through pods/binding).


var values: [String: String] = [:]
var flags: Set<String> = []
do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    var index = 0
    while index < arguments.count {
        let name = String(arguments[index].dropFirst(2))
        if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
            values[name] = arguments[index + 1]
            index += 2
        } else {
            flags.insert(name)
            index += 1
        }
    }
}
let nodeCount = values["nodes"].flatMap(Int.init) ?? 5000
let podCount = values["pods"].flatMap(Int.init) ?? 10000
let antiAffinityPods = values["anti-affinity-pods"].flatMap(Int.init) ?? 5000
let runs = values["runs"].flatMap(Int.init) ?? 1
let pureRuns = values["pure-runs"].flatMap(Int.init) ?? 3
let variants = (values["variants"] ?? "basic,spread,anti-affinity").split(separator: ",").compactMap { BenchVariant(rawValue: String($0)) }

func list(_ figures: [Double]) -> String { figures.map { String(format: "%.0f", $0) }.joined(separator: " / ") }

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[(sorted.count - 1) / 2]
}

print("scheduler throughput: \(nodeCount) nodes (32 cpu, 256Gi, 110 pods, \(BenchCluster.zoneCount) zones); load \(loadAverage())")

if variants.contains(.basic) {
    var figures: [Double] = []
    for _ in 0..<pureRuns {
        let result = SchedulerThroughput.run(nodeCount: nodeCount, podCount: podCount)
        figures.append(result.podsPerSecond)
    }
    print(String(format: "in-memory SchedulerThroughput.run(nodeCount: %d, podCount: %d) (its own mixed workload): median %.0f pods/s of %d ",
                 nodeCount, podCount, median(figures), pureRuns) + "[\(list(figures))]; load \(loadAverage())")
}

for variant in variants {
    let pods = variant == .antiAffinity ? min(antiAffinityPods, podCount) : podCount
    var figures: [Double] = []
    var cpuPerPod: [Double] = []
    var unschedulable = 0
    for _ in 0..<pureRuns {
        let result = PureThroughput.run(nodeCount: nodeCount, podCount: pods, variant: variant)
        figures.append(result.podsPerSecond)
        cpuPerPod.append(result.cpuSeconds / Double(pods) * 1e6)
        unschedulable = result.unschedulable
    }
    print("[\(variant.rawValue)] " + String(format: "in-memory, %d pods: median %.0f pods/s of %d ", pods, median(figures), pureRuns)
          + "[\(list(figures))]" + String(format: ", CPU %.0f µs/pod, unschedulable %d", median(cpuPerPod), unschedulable) + "; load \(loadAverage())")
    if flags.contains("pure-only") { continue }
    for run in 1...runs {
        let result = try await EndToEndRun(nodeCount: nodeCount, podCount: pods, variant: variant,
                                           perfOutput: values["perf-record"].map { "\($0).\(variant.rawValue).\(run)" }).run()
        print("[\(variant.rawValue)] " + String(format: "end to end run %d, %d pods: %.0f pods/s from scheduler start (all bound after %.2f s; informers synced at %.2f s, first binding at %.2f s; %.0f pods/s after sync); bound %d, unbound at end %d; process CPU %.2f s (%.0f µs/pod) during scheduling",
                     run, pods, result.podsPerSecond, result.allBoundSeconds, result.syncSeconds, result.firstBindSeconds,
                     result.podsPerSecondAfterSync, result.bound, result.unboundAtEnd, result.cpuSeconds, result.cpuSeconds / Double(pods) * 1e6) + "; load \(result.load)")
        print(String(format: "    populate: %d nodes (create + PUT status) in %.1f s, %d pods in %.1f s (16 writers)",
                     nodeCount, result.nodeWriteSeconds, pods, result.podWriteSeconds))
        for line in result.metrics { print("    server \(line)") }
    }
}
