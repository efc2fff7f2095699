import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffScheduler

/// One node, 4 cpu / 8Gi, running 1 cpu / 2Gi; the incoming pod asks 1 cpu / 1Gi.
private let resourceCache = Fixture.cache(nodes: [Fixture.node("a", cpu: "4", memory: "8Gi")],
                                          pods: [Fixture.pod("r", cpu: "1", memory: "2Gi", nodeName: "a")])
private let incoming = Fixture.pod("p", cpu: "1", memory: "1Gi")

@Test func leastAllocatedMatchesTheFormula() {
    // cpu: (4000-2000)*100/4000 = 50; memory: (8Gi-3Gi)*100/8Gi = 62; mean (50+62)/2 = 56.
    #expect(Fixture.scores(NodeResourcesFitPlugin(strategy: .leastAllocated), pod: incoming, cache: resourceCache).raw == [56])
}

@Test func mostAllocatedMatchesTheFormula() {
    // cpu: 2000*100/4000 = 50; memory: 3Gi*100/8Gi = 37; mean (50+37)/2 = 43.
    #expect(Fixture.scores(NodeResourcesFitPlugin(strategy: .mostAllocated), pod: incoming, cache: resourceCache).raw == [43])
}

@Test func balancedAllocationMatchesTheFormula() {
    // fractions 0.5 and 0.375: std = 0.0625, (1 - 0.0625) * 100 = 93.75 -> 93.
    #expect(Fixture.scores(BalancedAllocationPlugin(), pod: incoming, cache: resourceCache).raw == [93])
    #expect(BalancedAllocationPlugin.score(fractions: [0.2, 0.4, 0.6]) == 83)   // std = 0.1633 -> 83
    // A pod requesting neither cpu nor memory is not scored by it.
    #expect(Fixture.scores(BalancedAllocationPlugin(), pod: Fixture.pod("empty"), cache: resourceCache).raw.isEmpty)
}

@Test func resourceScoresUseNonZeroDefaultsForMissingRequests() {
    let cache = Fixture.cache(nodes: [Fixture.node("a", cpu: "1", memory: "1Gi")])
    // cpu (1000-100)*100/1000 = 90; memory (1024Mi-200Mi)*100/1024Mi = 80; mean 85.
    #expect(Fixture.scores(NodeResourcesFitPlugin(), pod: Fixture.pod("best-effort"), cache: cache).raw == [85])
}

@Test func nodeAffinityPreferredTermsSumWeightsAndNormalize() {
    let cache = Fixture.cache(nodes: [Fixture.node("a", labels: ["disk": "ssd", "zone": "z1"]),
                                      Fixture.node("b", labels: ["disk": "ssd"]), Fixture.node("c")])
    let pod = Fixture.pod("p") {
        $0.affinity = CoreV1.Affinity(nodeAffinity: CoreV1.NodeAffinity(preferredDuringSchedulingIgnoredDuringExecution: [
            CoreV1.PreferredSchedulingTerm(preference: CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("disk", "In", ["ssd"])]),
                                           weight: 30),
            CoreV1.PreferredSchedulingTerm(preference: CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("zone", "Exists")]),
                                           weight: 10),
        ]))
    }
    let result = Fixture.scores(NodeAffinityPlugin(), pod: pod, cache: cache)
    #expect(result.raw == [40, 30, 0])
    #expect(result.normalized == [100, 75, 0])
}

@Test func taintTolerationScoresFewerPreferNoScheduleTaintsHigher() {
    let cache = Fixture.cache(nodes: [
        Fixture.node("clean"),
        Fixture.node("one", taints: [Fixture.taint("a", "", "PreferNoSchedule")]),
        Fixture.node("two", taints: [Fixture.taint("a", "", "PreferNoSchedule"), Fixture.taint("b", "", "PreferNoSchedule")]),
    ])
    let result = Fixture.scores(TaintTolerationPlugin(), pod: Fixture.pod("p"), cache: cache)
    #expect(result.raw == [0, 1, 2])
    #expect(result.normalized == [100, 50, 0])
    let tolerant = Fixture.pod("t") { $0.tolerations = [Fixture.toleration("a", "Exists", nil, "PreferNoSchedule")] }
    #expect(Fixture.scores(TaintTolerationPlugin(), pod: tolerant, cache: cache).raw == [0, 0, 1])
}

@Test func defaultNormalizationScalesToTheBest() {
    var scores: [Int64] = [0, 5, 10]
    defaultNormalizeScores(&scores, reverse: false)
    #expect(scores == [0, 50, 100])
    var zeros: [Int64] = [0, 0]
    defaultNormalizeScores(&zeros, reverse: true)
    #expect(zeros == [100, 100])
}

@Test func topologySpreadScorePrefersEmptierDomains() {
    let cache = Fixture.cache(nodes: [Fixture.node("a", labels: ["zone": "z1"]), Fixture.node("b", labels: ["zone": "z2"])],
                              pods: [Fixture.pod("w1", labels: ["app": "web"], nodeName: "a")])
    let pod = Fixture.pod("new", labels: ["app": "web"]) {
        $0.topologySpreadConstraints = [CoreV1.TopologySpreadConstraint(
            labelSelector: MetaV1.LabelSelector(matchLabels: ["app": "web"]), maxSkew: 1, topologyKey: "zone",
            whenUnsatisfiable: "ScheduleAnyway")]
    }
    let result = Fixture.scores(PodTopologySpreadPlugin(), pod: pod, cache: cache)
    // weight log(2 + 2) = 1.386: raw a = round(1 * 1.386 + 0) = 1, b = 0; normalized 100 * (1 + 0 - s) / 1.
    #expect(result.raw == [1, 0])
    #expect(result.normalized == [0, 100])
}
