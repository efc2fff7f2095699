import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffScheduler

/// The cache's incremental topology spread counts must always equal a recount over the nodes.

private func spreadPod(_ name: String, namespace: String = "default", key: String = "zone", labels: [String: String] = ["app": "web"],
                       nodeName: String? = nil, configure: (inout CoreV1.PodSpec) -> Void = { _ in }) -> CoreV1.Pod {
    Fixture.pod(name, namespace: namespace, labels: labels, nodeName: nodeName) {
        $0.topologySpreadConstraints = [CoreV1.TopologySpreadConstraint(
            labelSelector: MetaV1.LabelSelector(matchLabels: ["app": "web"]), maxSkew: 1, topologyKey: key,
            whenUnsatisfiable: "DoNotSchedule")]
        configure(&$0)
    }
}

/// Indexed counts (zero domains dropped) and domain count, against the recount.
private func expectIndexMatchesRecount(_ cache: SchedulerCache, for pod: CoreV1.Pod, sourceLocation: SourceLocation = #_sourceLocation) {
    let prepared = PreparedPod(pod)
    let constraints = prepared.spreadConstraints.filter(\.doNotSchedule)
    guard let indexed = PodTopologySpreadPlugin.indexedCounts(constraints, pod: prepared, cache: cache) else {
        Issue.record("no indexed counts", sourceLocation: sourceLocation)
        return
    }
    let recounted = PodTopologySpreadPlugin.recount(constraints, pod: prepared, cache: cache)
    for index in constraints.indices {
        #expect(indexed[index].counts == recounted[index].counts.filter { $0.value > 0 }, sourceLocation: sourceLocation)
        #expect(indexed[index].domains == recounted[index].domains, sourceLocation: sourceLocation)
    }
}

@Test func spreadCountsFollowPodsAddedAssumedForgottenAndRemoved() {
    var cache = Fixture.cache(nodes: [Fixture.node("a", labels: ["zone": "z1"]), Fixture.node("b", labels: ["zone": "z1"]),
                                      Fixture.node("c", labels: ["zone": "z2"]), Fixture.node("d")])
    let incoming = spreadPod("new")
    cache.prepareIndexes(for: PreparedPod(incoming))
    expectIndexMatchesRecount(cache, for: incoming)

    cache.addPod(Fixture.pod("w1", labels: ["app": "web"], nodeName: "a"))
    cache.addPod(Fixture.pod("w2", labels: ["app": "web"], nodeName: "b"))
    cache.addPod(Fixture.pod("db", labels: ["app": "db"], nodeName: "c"))
    cache.addPod(Fixture.pod("elsewhere", namespace: "other", labels: ["app": "web"], nodeName: "c"))
    cache.addPod(Fixture.pod("unzoned", labels: ["app": "web"], nodeName: "d"))
    expectIndexMatchesRecount(cache, for: incoming)
    let counts = PodTopologySpreadPlugin.indexedCounts([PreparedPod(incoming).spreadConstraints[0]], pod: PreparedPod(incoming), cache: cache)
    #expect(counts?[0].counts == ["z1": 2])
    #expect(counts?[0].domains == 2)

    let assumed = Fixture.pod("w3", labels: ["app": "web"])
    cache.assume(assumed, on: "c")
    expectIndexMatchesRecount(cache, for: incoming)
    #expect(PodTopologySpreadPlugin.indexedCounts(PreparedPod(incoming).spreadConstraints, pod: PreparedPod(incoming),
                                                  cache: cache)?[0].counts == ["z1": 2, "z2": 1])
    cache.forget(assumed)
    expectIndexMatchesRecount(cache, for: incoming)
    cache.assume(assumed, on: "c")
    var bound = assumed
    bound.spec?.nodeName = "c"
    cache.addPod(bound)  // the informer confirms the binding
    expectIndexMatchesRecount(cache, for: incoming)

    // Relabelled pod, terminating pod, deleted pod.
    cache.updatePod(Fixture.pod("w1", labels: ["app": "other"], nodeName: "a"))
    expectIndexMatchesRecount(cache, for: incoming)
    var terminating = Fixture.pod("w2", labels: ["app": "web"], nodeName: "b")
    terminating.metadata?.deletionTimestamp = KubeTime(secondsSinceEpoch: 1)
    cache.updatePod(terminating)
    expectIndexMatchesRecount(cache, for: incoming)
    cache.removePod(bound)
    expectIndexMatchesRecount(cache, for: incoming)
    #expect(PodTopologySpreadPlugin.indexedCounts(PreparedPod(incoming).spreadConstraints, pod: PreparedPod(incoming),
                                                  cache: cache)?[0].counts == [:])
}

@Test func spreadCountsFollowNodesAddedRelabelledAndRemoved() {
    var cache = Fixture.cache(nodes: [Fixture.node("a", labels: ["zone": "z1"])],
                              pods: [Fixture.pod("w1", labels: ["app": "web"], nodeName: "a"),
                                     Fixture.pod("w2", labels: ["app": "web"], nodeName: "late")])
    let incoming = spreadPod("new")
    cache.prepareIndexes(for: PreparedPod(incoming))
    expectIndexMatchesRecount(cache, for: incoming)
    // A pod waiting for an unknown node counts once the node arrives.
    cache.addNode(Fixture.node("late", labels: ["zone": "z2"]))
    expectIndexMatchesRecount(cache, for: incoming)
    #expect(PodTopologySpreadPlugin.indexedCounts(PreparedPod(incoming).spreadConstraints, pod: PreparedPod(incoming),
                                                  cache: cache)?[0].counts == ["z1": 1, "z2": 1])
    // A node moving to another zone takes its pods along; an unchanged update changes nothing.
    cache.updateNode(Fixture.node("late", labels: ["zone": "z1"]))
    expectIndexMatchesRecount(cache, for: incoming)
    cache.updateNode(Fixture.node("late", labels: ["zone": "z1"]))
    expectIndexMatchesRecount(cache, for: incoming)
    #expect(PodTopologySpreadPlugin.indexedCounts(PreparedPod(incoming).spreadConstraints, pod: PreparedPod(incoming),
                                                  cache: cache)?[0].domains == 1)
    cache.updateNode(Fixture.node("late"))  // loses the zone label
    expectIndexMatchesRecount(cache, for: incoming)
    cache.removeNode(named: "a")
    expectIndexMatchesRecount(cache, for: incoming)
    #expect(PodTopologySpreadPlugin.indexedCounts(PreparedPod(incoming).spreadConstraints, pod: PreparedPod(incoming),
                                                  cache: cache)?[0].domains == 0)
    cache.addNode(Fixture.node("a", labels: ["zone": "z3"]))
    expectIndexMatchesRecount(cache, for: incoming)
    #expect(PodTopologySpreadPlugin.indexedCounts(PreparedPod(incoming).spreadConstraints, pod: PreparedPod(incoming),
                                                  cache: cache)?[0].counts == ["z3": 1])
}

@Test func spreadFilterDecidesTheSameWithAndWithoutTheIndex() {
    let nodes = [Fixture.node("a", labels: ["zone": "z1"]), Fixture.node("b", labels: ["zone": "z2"]),
                 Fixture.node("c", labels: ["zone": "z3"]), Fixture.node("d")]
    var pods: [CoreV1.Pod] = []
    for index in 0..<7 { pods.append(Fixture.pod("w\(index)", labels: ["app": "web"], nodeName: ["a", "a", "a", "b", "b", "d", "d"][index])) }
    let plain = Fixture.cache(nodes: nodes, pods: pods)
    var indexed = plain
    let incoming = spreadPod("new")
    for maxSkew: Int32 in [1, 2, 3] {
        let pod = Fixture.pod("new", labels: ["app": "web"]) {
            $0.topologySpreadConstraints = [CoreV1.TopologySpreadConstraint(
                labelSelector: MetaV1.LabelSelector(matchLabels: ["app": "web"]), maxSkew: maxSkew, topologyKey: "zone",
                whenUnsatisfiable: "DoNotSchedule")]
        }
        indexed.prepareIndexes(for: PreparedPod(pod))
        for node in ["a", "b", "c", "d"] {
            let expected = Fixture.filter(PodTopologySpreadPlugin(), pod: pod, node: node, cache: plain)
            #expect(Fixture.filter(PodTopologySpreadPlugin(), pod: pod, node: node, cache: indexed) == expected)
        }
    }
    // maxSkew 1: z1 has 3, z2 2, z3 0 → only z3 is allowed.
    indexed.prepareIndexes(for: PreparedPod(incoming))
    #expect(Fixture.filter(PodTopologySpreadPlugin(), pod: incoming, node: "c", cache: indexed) == nil)
    #expect(Fixture.filter(PodTopologySpreadPlugin(), pod: incoming, node: "b", cache: indexed)?.reason == PodTopologySpreadPlugin.skewReason)
    // A pod with a node selector restricts the counting nodes: the index is not used, the answer stays right.
    let selective = spreadPod("picky") { $0.nodeSelector = ["zone": "z1"] }
    indexed.prepareIndexes(for: PreparedPod(selective))
    #expect(PodTopologySpreadPlugin.indexedCounts(PreparedPod(selective).spreadConstraints, pod: PreparedPod(selective),
                                                  cache: indexed) == nil)
    #expect(Fixture.filter(PodTopologySpreadPlugin(), pod: selective, node: "a", cache: indexed) == nil)
}

@Test func spreadIndexKeepsOnlyTheMostRecentlyUsedCounters() {
    var cache = Fixture.cache(nodes: [Fixture.node("a", labels: ["zone": "z1"])],
                              pods: [Fixture.pod("w", labels: ["app": "web"], nodeName: "a")])
    let first = spreadPod("first")
    cache.prepareIndexes(for: PreparedPod(first))
    for index in 0..<SpreadCountIndex.maximumCounters {
        let other = Fixture.pod("p\(index)", labels: ["app": "web"]) {
            $0.topologySpreadConstraints = [CoreV1.TopologySpreadConstraint(
                labelSelector: MetaV1.LabelSelector(matchLabels: ["app": "web", "n": "\(index)"]), maxSkew: 1,
                topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule")]
        }
        cache.prepareIndexes(for: PreparedPod(other))
    }
    #expect(cache.spreadIndex.counterCount == SpreadCountIndex.maximumCounters)
    // The first counter was the least recently used: gone, so the plugin recounts (same answer).
    #expect(PodTopologySpreadPlugin.indexedCounts(PreparedPod(first).spreadConstraints, pod: PreparedPod(first), cache: cache) == nil)
    cache.prepareIndexes(for: PreparedPod(first))
    expectIndexMatchesRecount(cache, for: first)
    cache.addPod(Fixture.pod("w2", labels: ["app": "web"], nodeName: "a"))
    expectIndexMatchesRecount(cache, for: first)
}

@Test func interPodAntiAffinityGroupsDomainsByTopologyKey() {
    let nodes = [Fixture.node("a", labels: ["zone": "z1"]), Fixture.node("b", labels: ["zone": "z1"]),
                 Fixture.node("c", labels: ["zone": "z2"]), Fixture.node("d", labels: ["zone": "z3"])]
    func antiAffinity(_ app: String, key: String) -> CoreV1.PodAffinityTerm {
        CoreV1.PodAffinityTerm(labelSelector: MetaV1.LabelSelector(matchLabels: ["app": app]), topologyKey: key)
    }
    // Existing pods: one keeps "x" pods off its host (a), one keeps them out of its zone (z2).
    let existing = [
        Fixture.pod("host-guard", labels: ["app": "g"], nodeName: "a") {
            $0.affinity = CoreV1.Affinity(podAntiAffinity: CoreV1.PodAntiAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: [antiAffinity("x", key: TopologyKey.hostname)]))
        },
        Fixture.pod("zone-guard", labels: ["app": "g"], nodeName: "c") {
            $0.affinity = CoreV1.Affinity(podAntiAffinity: CoreV1.PodAntiAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: [antiAffinity("x", key: "zone")]))
        },
        Fixture.pod("y1", labels: ["app": "y"], nodeName: "d"),
    ]
    let cache = Fixture.cache(nodes: nodes, pods: existing)
    let plugin = InterPodAffinityPlugin()
    let x = Fixture.pod("x", labels: ["app": "x"])
    #expect(Fixture.filter(plugin, pod: x, node: "a", cache: cache)?.reason == InterPodAffinityPlugin.existingAntiAffinityReason)
    #expect(Fixture.filter(plugin, pod: x, node: "b", cache: cache) == nil)
    #expect(Fixture.filter(plugin, pod: x, node: "c", cache: cache)?.reason == InterPodAffinityPlugin.existingAntiAffinityReason)
    #expect(Fixture.filter(plugin, pod: x, node: "d", cache: cache) == nil)
    // The incoming pod's own terms: away from "y" by zone and from "g" by host.
    let own = Fixture.pod("own", labels: ["app": "o"]) {
        $0.affinity = CoreV1.Affinity(podAntiAffinity: CoreV1.PodAntiAffinity(
            requiredDuringSchedulingIgnoredDuringExecution: [antiAffinity("y", key: "zone"), antiAffinity("g", key: TopologyKey.hostname)]))
    }
    #expect(Fixture.filter(plugin, pod: own, node: "a", cache: cache)?.reason == InterPodAffinityPlugin.antiAffinityReason)
    #expect(Fixture.filter(plugin, pod: own, node: "b", cache: cache) == nil)
    #expect(Fixture.filter(plugin, pod: own, node: "c", cache: cache)?.reason == InterPodAffinityPlugin.antiAffinityReason)
    #expect(Fixture.filter(plugin, pod: own, node: "d", cache: cache)?.reason == InterPodAffinityPlugin.antiAffinityReason)
}

@Test func topologyValuesAreFoundWhateverStringStorageTheKeysUse() {
    // Keys built at run time (as decoded from JSON) and the interned literals must agree.
    let zoneKey = ["topology", "kubernetes", "io/zone"].joined(separator: ".")
    let hostKey = String("kubernetes.io/hostname".reversed().reversed())
    let node = NodeInfo(Fixture.node("n1", labels: [zoneKey: "z9", "rack": "r1"]))
    #expect(node.topologyValue(TopologyKey.zone) == "z9")
    #expect(node.topologyValue(zoneKey) == "z9")
    #expect(node.topologyValue(hostKey) == "n1")
    #expect(node.topologyValue(["ra", "ck"].joined()) == "r1")
    #expect(node.topologyValue(TopologyKey.region) == nil)
    let unlabelled = NodeInfo(CoreV1.Node(metadata: MetaV1.ObjectMeta(name: "bare")))
    #expect(unlabelled.topologyValue(hostKey) == "bare")
    #expect(unlabelled.topologyValue(zoneKey) == nil)
}
