import Foundation
import SkiffAPI
import SkiffModel

/// A self-contained throughput run of the scheduling core: builds `nodeCount` simulated nodes
/// (some tainted, spread over zones and instance types), then schedules and assumes `podCount`
/// pods (resource requests, some tolerations, some node selectors / required node affinity, and,
/// when `ownerCount > 0`, controller owners so default spreading is scored). Used by the
/// `skiff-scheduler-bench` executable and, with small sizes, by the tests.
public enum SchedulerThroughput {
    /// What one run produced.
    public struct Result: Sendable {
        public var nodeCount: Int
        public var podCount: Int
        public var scheduled: Int
        public var unschedulable: Int
        public var seconds: Double
        /// The cache after the run, every scheduled pod assumed on its node.
        public var cache: SchedulerCache
        /// Pod key → node name, for every scheduled pod.
        public var placements: [String: String]
        /// The pods that were scheduled, in order.
        public var pods: [CoreV1.Pod]
        public var podsPerSecond: Double { seconds > 0 ? Double(scheduled + unschedulable) / seconds : 0 }
    }

    /// A simulated node: 32 cores, 128Gi, 110 pods; every 10th tainted `dedicated=gpu:NoSchedule` with 4 GPUs.
    public static func node(_ index: Int) -> CoreV1.Node {
        var allocatable: [String: Quantity] = ["cpu": Quantity(32), "memory": Quantity(128 << 30),
                                               "pods": Quantity(110), "ephemeral-storage": Quantity(500 << 30)]
        var taints: [CoreV1.Taint] = []
        if index % 10 == 0 {
            taints.append(CoreV1.Taint(effect: "NoSchedule", key: "dedicated", value: "gpu"))
            allocatable["nvidia.com/gpu"] = Quantity(4)
        }
        let name = "node-\(index)"
        return CoreV1.Node(
            metadata: MetaV1.ObjectMeta(labels: [TopologyKey.hostname: name, TopologyKey.zone: "zone-\(index % 3)",
                                                 "node.kubernetes.io/instance-type": index % 2 == 0 ? "large" : "xlarge"],
                                        name: name),
            spec: CoreV1.NodeSpec(taints: taints.isEmpty ? nil : taints),
            status: CoreV1.NodeStatus(allocatable: allocatable))
    }

    /// A simulated pending pod: 100m–800m cpu, 128Mi–1Gi memory; every 7th asks for zone-1 by
    /// nodeSelector, every 11th requires `instance-type In [xlarge]`, every 13th (not 11th) tolerates the gpu taint
    /// and asks for a GPU.
    public static func pod(_ index: Int, ownerCount: Int = 0) -> CoreV1.Pod {
        let cpu = Quantity(milliValue: Int64(100 * (1 + index % 8)))
        let memory = Quantity(Int64(128 << 20) * Int64(1 + index % 8))
        var requests: [String: Quantity] = ["cpu": cpu, "memory": memory]
        var spec = CoreV1.PodSpec()
        if index % 7 == 0 { spec.nodeSelector = [TopologyKey.zone: "zone-1"] }
        if index % 11 == 0 {
            spec.affinity = CoreV1.Affinity(nodeAffinity: CoreV1.NodeAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: CoreV1.NodeSelector(nodeSelectorTerms: [
                    CoreV1.NodeSelectorTerm(matchExpressions: [
                        CoreV1.NodeSelectorRequirement(key: "node.kubernetes.io/instance-type", operator: "In", values: ["xlarge"]),
                    ]),
                ])))
        }
        if index % 13 == 0 && index % 11 != 0 {
            spec.tolerations = [CoreV1.Toleration(effect: "NoSchedule", key: "dedicated", operator: "Equal", value: "gpu")]
            requests["nvidia.com/gpu"] = Quantity(1)
        }
        spec.containers = [CoreV1.Container(image: "app:1", name: "app", resources: CoreV1.ResourceRequirements(requests: requests))]
        var metadata = MetaV1.ObjectMeta(labels: ["app": "app-\(ownerCount > 0 ? index % ownerCount : 0)"],
                                         name: "pod-\(index)", namespace: "default", uid: "uid-pod-\(index)")
        if ownerCount > 0 {
            metadata.ownerReferences = [MetaV1.OwnerReference(apiVersion: "apps/v1", controller: true, kind: "ReplicaSet",
                                                              name: "rs-\(index % ownerCount)", uid: "uid-rs-\(index % ownerCount)")]
        }
        return CoreV1.Pod(metadata: metadata, spec: spec)
    }

    /// Builds the cluster and schedules every pod, assuming each on its chosen node; `now` measures.
    public static func run(nodeCount: Int, podCount: Int, ownerCount: Int = 0, seed: UInt64 = 1,
                           profile: SchedulerProfile = .standard(),
                           now: () -> Double = { Date().timeIntervalSinceReferenceDate }) -> Result {
        var cache = SchedulerCache()
        for index in 0..<nodeCount { cache.addNode(node(index)) }
        let pods = (0..<podCount).map { pod($0, ownerCount: ownerCount) }
        var scheduler = Scheduler(profile: profile, seed: seed)
        var placements: [String: String] = [:]
        var unschedulable = 0
        let started = now()
        for pod in pods {
            let prepared = PreparedPod(pod)
            cache.prepareIndexes(for: prepared)
            switch scheduler.schedule(prepared, in: cache) {
            case .bind(let nodeName):
                cache.assume(prepared, on: nodeName)
                placements[PodInfo.key(of: pod)] = nodeName
            case .unschedulable, .skipped:
                unschedulable += 1
            }
        }
        let seconds = now() - started
        return Result(nodeCount: nodeCount, podCount: podCount, scheduled: placements.count, unschedulable: unschedulable,
                      seconds: seconds, cache: cache, placements: placements, pods: pods)
    }
}
