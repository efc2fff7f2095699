import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffScheduler

@Test func assumedPodsCountImmediatelyAndForgetUndoesThem() {
    var cache = Fixture.cache(nodes: [Fixture.node("a", cpu: "2")])
    let pod = Fixture.pod("p", cpu: "1500m")
    cache.assume(pod, on: "a")
    #expect(cache.node(named: "a")?.requested.milliCPU == 1500)
    #expect(cache.isAssumed(key: "default/p"))
    var scheduler = Scheduler()
    if case .bind = scheduler.schedule(Fixture.pod("q", cpu: "1"), in: cache) { Issue.record("assumed pod not counted") }
    cache.forget(pod)
    #expect(cache.node(named: "a")?.requested.milliCPU == 0)
    #expect(cache.nodeName(ofPodKey: "default/p") == nil)
}

@Test func informerEventConfirmsAnAssumedPod() {
    var cache = Fixture.cache(nodes: [Fixture.node("a")])
    cache.assume(Fixture.pod("p", cpu: "1"), on: "a")
    cache.addPod(Fixture.pod("p", cpu: "1", nodeName: "a"))
    #expect(!cache.isAssumed(key: "default/p"))
    cache.forget(key: "default/p")   // no effect on a confirmed pod
    #expect(cache.node(named: "a")?.requested.milliCPU == 1000)
    #expect(cache.node(named: "a")?.pods.count == 1)
    var finished = Fixture.pod("p", cpu: "1", nodeName: "a")
    finished.status = CoreV1.PodStatus(phase: "Succeeded")
    cache.updatePod(finished)
    #expect(cache.node(named: "a")?.pods.isEmpty == true)
    cache.addPod(Fixture.pod("p", cpu: "1", nodeName: "a"))
    cache.removePod(Fixture.pod("p"))
    #expect(cache.node(named: "a")?.pods.isEmpty == true)
}

@Test func podsOfAnUnknownNodeJoinItWhenItArrives() {
    var cache = SchedulerCache()
    cache.addPod(Fixture.pod("early", cpu: "1", nodeName: "late"))
    #expect(cache.nodeCount == 0)
    cache.addNode(Fixture.node("late"))
    #expect(cache.node(named: "late")?.requested.milliCPU == 1000)
    cache.addNode(Fixture.node("other"))
    cache.removeNode(named: "late")
    #expect(cache.node(named: "other") != nil)
    #expect(cache.nodeName(ofPodKey: "default/early") == "late")
    cache.addNode(Fixture.node("late"))
    #expect(cache.node(named: "late")?.pods.count == 1)
}

@Test func nodeUpdateKeepsPodsAndSums() {
    var cache = Fixture.cache(nodes: [Fixture.node("a", cpu: "2")], pods: [Fixture.pod("p", cpu: "1", nodeName: "a")])
    cache.updateNode(Fixture.node("a", cpu: "8", unschedulable: true))
    let node = cache.node(named: "a")
    #expect(node?.allocatable.milliCPU == 8000)
    #expect(node?.unschedulable == true)
    #expect(node?.requested.milliCPU == 1000)
    #expect(node?.pods.count == 1)
}

@Test func cacheCopiesAreIndependent() {
    let original = Fixture.cache(nodes: [Fixture.node("a")], pods: [Fixture.pod("p", cpu: "1", nodeName: "a")])
    var copy = original
    copy.addPod(Fixture.pod("q", cpu: "2", nodeName: "a"))
    copy.updateNode(Fixture.node("a", cpu: "16"))
    #expect(original.node(named: "a")?.requested.milliCPU == 1000)
    #expect(original.node(named: "a")?.allocatable.milliCPU == 4000)
    #expect(copy.node(named: "a")?.requested.milliCPU == 3000)
    #expect(copy.node(named: "a")?.allocatable.milliCPU == 16000)
}
