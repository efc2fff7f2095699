import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffScheduler

@Test func unschedulableMessageCountsReasonsSortedLikeKubeScheduler() {
    let cache = Fixture.cache(nodes: [Fixture.node("a", cpu: "1", labels: ["zone": "z2"]),
                                      Fixture.node("b", cpu: "1", labels: ["zone": "z1"]),
                                      Fixture.node("c", cpu: "1", labels: ["zone": "z1"])])
    var scheduler = Scheduler()
    let pod = Fixture.pod("p", cpu: "2") { $0.nodeSelector = ["zone": "z1"] }
    guard case .unschedulable(let diagnosis) = scheduler.schedule(pod, in: cache) else {
        Issue.record("expected unschedulable")
        return
    }
    #expect(diagnosis.message == "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu. "
        + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")
    #expect(diagnosis.reasonCounts == ["node(s) didn't match Pod's node affinity/selector": 1, "Insufficient cpu": 2])
    #expect(diagnosis.preemption == nil)
}

@Test func messageSortsWholeEntriesAsStrings() {
    let text = UnschedulableMessage.text(nodeCount: 12, reasonCounts: ["Too many pods": 2, "Insufficient cpu": 10],
                                         postFilterMessage: "preemption: not eligible due to preemptionPolicy=Never")
    #expect(text == "0/12 nodes are available: 10 Insufficient cpu, 2 Too many pods. preemption: not eligible due to preemptionPolicy=Never.")
}

@Test func preemptionMessageListsNodesWithoutVictims() {
    let cache = Fixture.cache(nodes: [Fixture.node("a", pods: 1), Fixture.node("b", unschedulable: true)],
                              pods: [Fixture.pod("same-priority", nodeName: "a")])
    var scheduler = Scheduler()
    guard case .unschedulable(let diagnosis) = scheduler.schedule(Fixture.pod("p"), in: cache) else {
        Issue.record("expected unschedulable")
        return
    }
    #expect(diagnosis.message == "0/2 nodes are available: 1 Too many pods, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: "
        + "1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.")
}

@Test func schedulerNameAndGatesDecideResponsibility() {
    let cache = Fixture.cache(nodes: [Fixture.node("a")])
    var scheduler = Scheduler()
    let other = Fixture.pod("x") { $0.schedulerName = "my-scheduler" }
    #expect(!scheduler.isResponsible(for: other))
    if case .skipped = scheduler.schedule(other, in: cache) {} else { Issue.record("expected skipped") }
    #expect(scheduler.isResponsible(for: Fixture.pod("y")))
    #expect(scheduler.schedule(Fixture.pod("y"), in: cache) == .bind(nodeName: "a"))
    let gated = Fixture.pod("g") { $0.schedulingGates = [CoreV1.PodSchedulingGate(name: "wait")] }
    if case .skipped = scheduler.schedule(gated, in: cache) {} else { Issue.record("expected skipped") }
}

@Test func leastAllocatedSpreadsAndMostAllocatedPacks() {
    let nodes = [Fixture.node("a"), Fixture.node("b")]
    var least = Scheduler(profile: .standard(scoringStrategy: .leastAllocated), seed: 7)
    var most = Scheduler(profile: .standard(scoringStrategy: .mostAllocated), seed: 7)
    let busy = Fixture.cache(nodes: nodes, pods: [Fixture.pod("r", cpu: "2", memory: "4Gi", nodeName: "a")])
    let pod = Fixture.pod("p", cpu: "1", memory: "2Gi")
    #expect(least.schedule(pod, in: busy) == .bind(nodeName: "b"))
    #expect(most.schedule(pod, in: busy) == .bind(nodeName: "a"))
}

@Test func replicasOfOneOwnerSpreadOverNodes() {
    var cache = Fixture.cache(nodes: [Fixture.node("a"), Fixture.node("b"), Fixture.node("c")])
    var scheduler = Scheduler(seed: 42)
    var perNode: [String: Int] = [:]
    for index in 0..<6 {
        let pod = Fixture.pod("web-\(index)", cpu: "10m", memory: "10Mi", ownerUID: "rs-1")
        guard let node = scheduler.schedule(pod, in: cache).nodeName else {
            Issue.record("not scheduled")
            return
        }
        cache.assume(pod, on: node)
        perNode[node, default: 0] += 1
    }
    #expect(perNode == ["a": 2, "b": 2, "c": 2])
}

@Test func tiesAreBrokenByTheSeededGenerator() {
    let cache = Fixture.cache(nodes: (0..<10).map { Fixture.node("n\($0)") })
    func choices(seed: UInt64) -> [String] {
        var scheduler = Scheduler(seed: seed)
        return (0..<20).compactMap { scheduler.schedule(Fixture.pod("p\($0)"), in: cache).nodeName }
    }
    #expect(choices(seed: 1) == choices(seed: 1))
    #expect(Set(choices(seed: 1)).count > 1)
}

@Test func nodeSamplingFollowsTheAdaptiveDefault() {
    let profile = SchedulerProfile.standard()
    #expect(profile.feasibleNodesToFind(nodeCount: 50) == 50)
    #expect(profile.feasibleNodesToFind(nodeCount: 150) == 100)      // 48 % of 150 = 72 -> at least 100
    #expect(profile.feasibleNodesToFind(nodeCount: 1_000) == 420)    // 50 - 8 = 42 %
    #expect(profile.feasibleNodesToFind(nodeCount: 5_000) == 500)    // 50 - 40 = 10 %
    #expect(profile.feasibleNodesToFind(nodeCount: 10_000) == 500)   // min 5 %
    #expect(SchedulerProfile.standard(percentageOfNodesToScore: 100).feasibleNodesToFind(nodeCount: 5_000) == 5_000)
}

@Test func everyPodOfALargeRunLandsOnANodePassingAllFilters() {
    let result = SchedulerThroughput.run(nodeCount: 500, podCount: 1_000, ownerCount: 50)
    #expect(result.scheduled == 1_000)
    #expect(result.unschedulable == 0)
    // Re-check each placement against the final state: the node's sums must still fit and every
    // filter except the resource one (which now counts the pod itself) must pass.
    let filters = SchedulerProfile.standard().filters.filter { !($0 is NodeResourcesFitPlugin) && !($0 is PodTopologySpreadPlugin) }
    for pod in result.pods {
        let key = PodInfo.key(of: pod)
        guard let nodeName = result.placements[key], let node = result.cache.node(named: nodeName) else {
            Issue.record("\(key) not placed")
            continue
        }
        let cycle = SchedulingCycle(pod: PreparedPod(pod))
        for plugin in filters {
            #expect(plugin.filter(cycle, node: node) == nil, "\(key) on \(nodeName): \(plugin.name)")
        }
        #expect(node.requested.milliCPU <= node.allocatable.milliCPU)
        #expect(node.requested.memory <= node.allocatable.memory)
        #expect((node.requested.scalar["nvidia.com/gpu"] ?? 0) <= (node.allocatable.scalar["nvidia.com/gpu"] ?? 0))
        #expect(node.pods.count <= node.allowedPodCount)
        #expect(node.pods.contains { $0.key == key })
    }
    #expect(result.cache.podCount == 1_000)
}
