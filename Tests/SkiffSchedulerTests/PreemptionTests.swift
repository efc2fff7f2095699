import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffScheduler

@Test func preemptionPicksTheNodeWithTheLeastImportantVictims() {
    // Both nodes are full (2 cpu). Node a runs priority 10 and 20 pods; node b runs priority 5 and 30.
    let cache = Fixture.cache(nodes: [Fixture.node("a", cpu: "2"), Fixture.node("b", cpu: "2")], pods: [
        Fixture.pod("a-10", cpu: "1", nodeName: "a", priority: 10), Fixture.pod("a-20", cpu: "1", nodeName: "a", priority: 20),
        Fixture.pod("b-5", cpu: "1", nodeName: "b", priority: 5), Fixture.pod("b-30", cpu: "1", nodeName: "b", priority: 30),
    ])
    var scheduler = Scheduler()
    let pod = Fixture.pod("important", cpu: "1", priority: 100)
    guard case .unschedulable(let diagnosis) = scheduler.schedule(pod, in: cache), let plan = diagnosis.preemption else {
        Issue.record("expected a preemption plan")
        return
    }
    // One victim is enough on either node; b's victim (5) is less important than a's (10).
    #expect(plan.nominatedNodeName == "b")
    #expect(plan.victims.map(\.name) == ["b-5"])
    #expect(diagnosis.message == "0/2 nodes are available: 2 Insufficient cpu.")
}

@Test func preemptionEvictsOnlyWhatIsNeededKeepingTheMoreImportant() {
    // 4 cpu, four 1-cpu pods of priorities 1...4; the pod needs 2 cpu: evict priorities 1 and 2.
    let pods = (1...4).map { Fixture.pod("p\($0)", cpu: "1", nodeName: "a", priority: Int32($0)) }
    let cache = Fixture.cache(nodes: [Fixture.node("a", cpu: "4")], pods: pods)
    var scheduler = Scheduler()
    guard case .unschedulable(let diagnosis) = scheduler.schedule(Fixture.pod("big", cpu: "2", priority: 10), in: cache),
          let plan = diagnosis.preemption else {
        Issue.record("expected a preemption plan")
        return
    }
    #expect(plan.victims.map(\.name).sorted() == ["p1", "p2"])
}

@Test func preemptionPrefersFewerVictimsAtEqualPriority() {
    let cache = Fixture.cache(nodes: [Fixture.node("a", cpu: "2"), Fixture.node("b", cpu: "2")], pods: [
        Fixture.pod("a1", cpu: "1", nodeName: "a", priority: 1), Fixture.pod("a2", cpu: "1", nodeName: "a", priority: 1),
        Fixture.pod("b1", cpu: "2", nodeName: "b", priority: 1),
    ])
    var scheduler = Scheduler()
    guard case .unschedulable(let diagnosis) = scheduler.schedule(Fixture.pod("p", cpu: "2", priority: 5), in: cache),
          let plan = diagnosis.preemption else {
        Issue.record("expected a preemption plan")
        return
    }
    // Sum of priorities is smaller with one victim: node b.
    #expect(plan.nominatedNodeName == "b")
    #expect(plan.victims.map(\.name) == ["b1"])
}

@Test func preemptionPolicyNeverAndHigherPriorityPodsAreRespected() {
    let cache = Fixture.cache(nodes: [Fixture.node("a", cpu: "1")], pods: [Fixture.pod("low", cpu: "1", nodeName: "a", priority: 1)])
    var scheduler = Scheduler()
    let never = Fixture.pod("never", cpu: "1", priority: 100) { $0.preemptionPolicy = "Never" }
    guard case .unschedulable(let diagnosis) = scheduler.schedule(never, in: cache) else {
        Issue.record("expected unschedulable")
        return
    }
    #expect(diagnosis.preemption == nil)
    #expect(diagnosis.message == "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.")
    // A pod of lower priority than the running one finds no victims.
    guard case .unschedulable(let lower) = scheduler.schedule(Fixture.pod("lower", cpu: "1", priority: 0), in: cache) else {
        Issue.record("expected unschedulable")
        return
    }
    #expect(lower.preemption == nil)
    #expect(lower.message.hasSuffix("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."))
}

@Test func aNominatedPodGoesToItsNominatedNodeOnceItFits() {
    // After the victim is gone, node b fits; a is emptier and would win on score, but b is nominated.
    let cache = Fixture.cache(nodes: [Fixture.node("a", cpu: "8"), Fixture.node("b", cpu: "2")])
    var scheduler = Scheduler()
    var pod = Fixture.pod("important", cpu: "1", priority: 100)
    #expect(scheduler.schedule(pod, in: cache) == .bind(nodeName: "a"))
    pod.status = CoreV1.PodStatus(nominatedNodeName: "b")
    #expect(scheduler.schedule(pod, in: cache) == .bind(nodeName: "b"))
}
