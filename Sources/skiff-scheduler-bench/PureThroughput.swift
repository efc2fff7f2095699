import SkiffTesting
import Foundation
import SkiffModel
import SkiffScheduler

/// The scheduling core alone, in memory: the benchmark's own nodes and pods (the same objects the
/// end-to-end run writes through the API) scheduled and assumed one after another.
enum PureThroughput {
    struct Result {
        var scheduled: Int
        var unschedulable: Int
        var seconds: Double
        var cpuSeconds: Double
        var podsPerSecond: Double { seconds > 0 ? Double(scheduled + unschedulable) / seconds : 0 }
    }

    static func run(nodeCount: Int, podCount: Int, variant: BenchVariant, seed: UInt64 = 1) -> Result {
        var cache = SchedulerCache()
        for index in 0..<nodeCount { cache.addNode(BenchCluster.nodeWithStatus(index)) }
        let pods = (0..<podCount).map { index -> CoreV1.Pod in
            var pod = BenchCluster.pod(index, variant: variant)
            pod.metadata?.uid = "uid-\(index)"
            return pod
        }
        var scheduler = Scheduler(profile: .standard(), seed: seed)
        var scheduled = 0
        var unschedulable = 0
        let cpuBefore = processCPUSeconds()
        let started = monotonicNanoseconds()
        for pod in pods {
            let prepared = PreparedPod(pod)
            cache.prepareIndexes(for: prepared)
            switch scheduler.schedule(prepared, in: cache) {
            case .bind(let nodeName):
                cache.assume(prepared, on: nodeName)
                scheduled += 1
            case .unschedulable, .skipped:
                unschedulable += 1
            }
        }
        let seconds = Double(monotonicNanoseconds() - started) / 1e9
        return Result(scheduled: scheduled, unschedulable: unschedulable, seconds: seconds, cpuSeconds: processCPUSeconds() - cpuBefore)
    }
}
