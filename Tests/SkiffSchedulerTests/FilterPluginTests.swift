import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffScheduler

struct FilterCase: Sendable, CustomTestStringConvertible {
    var name: String
    var node: CoreV1.Node
    var pod: CoreV1.Pod
    /// nil: the node passes.
    var reason: String?
    var testDescription: String { name }
}

private func check(_ plugin: any FilterPlugin, _ row: FilterCase, others: [CoreV1.Pod] = []) {
    let cache = Fixture.cache(nodes: [row.node], pods: others)
    let failure = Fixture.filter(plugin, pod: row.pod, node: row.node.metadata!.name!, cache: cache)
    #expect(failure?.reason == row.reason, "\(row.name)")
}

@Test(arguments: [
    FilterCase(name: "no nodeName", node: Fixture.node("a"), pod: Fixture.pod("p"), reason: nil),
    FilterCase(name: "same nodeName", node: Fixture.node("a"), pod: Fixture.pod("p", nodeName: "a"), reason: nil),
    FilterCase(name: "other nodeName", node: Fixture.node("a"), pod: Fixture.pod("p", nodeName: "b"),
               reason: NodeNamePlugin.reason),
])
func nodeNameFilter(_ row: FilterCase) { check(NodeNamePlugin(), row) }

@Test(arguments: [
    FilterCase(name: "schedulable", node: Fixture.node("a"), pod: Fixture.pod("p"), reason: nil),
    FilterCase(name: "cordoned", node: Fixture.node("a", unschedulable: true), pod: Fixture.pod("p"),
               reason: "node(s) were unschedulable"),
    FilterCase(name: "cordoned, tolerated", node: Fixture.node("a", unschedulable: true),
               pod: Fixture.pod("p") { $0.tolerations = [Fixture.toleration("node.kubernetes.io/unschedulable", "Exists", nil, "NoSchedule")] },
               reason: nil),
])
func nodeUnschedulableFilter(_ row: FilterCase) { check(NodeUnschedulablePlugin(), row) }

private let zoneNode = Fixture.node("n1", labels: ["zone": "a", "gen": "5", "disk": "ssd"])

@Test(arguments: [
    FilterCase(name: "nodeSelector match", node: zoneNode, pod: Fixture.pod("p") { $0.nodeSelector = ["zone": "a"] }, reason: nil),
    FilterCase(name: "nodeSelector mismatch", node: zoneNode, pod: Fixture.pod("p") { $0.nodeSelector = ["zone": "b"] },
               reason: NodeAffinityPlugin.reason),
    FilterCase(name: "In", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("zone", "In", ["a", "b"])])])
    }, reason: nil),
    FilterCase(name: "NotIn", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("zone", "NotIn", ["a"])])])
    }, reason: NodeAffinityPlugin.reason),
    FilterCase(name: "NotIn on a missing label", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("gpu", "NotIn", ["x"])])])
    }, reason: nil),
    FilterCase(name: "Exists", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("disk", "Exists")])])
    }, reason: nil),
    FilterCase(name: "DoesNotExist", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("disk", "DoesNotExist")])])
    }, reason: NodeAffinityPlugin.reason),
    FilterCase(name: "Gt", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("gen", "Gt", ["4"])])])
    }, reason: nil),
    FilterCase(name: "Lt fails", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("gen", "Lt", ["5"])])])
    }, reason: NodeAffinityPlugin.reason),
    FilterCase(name: "terms are ORed", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([
            CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("zone", "In", ["z"])]),
            CoreV1.NodeSelectorTerm(matchExpressions: [Fixture.requirement("disk", "In", ["ssd"])]),
        ])
    }, reason: nil),
    FilterCase(name: "expressions in a term are ANDed", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchExpressions: [
            Fixture.requirement("zone", "In", ["a"]), Fixture.requirement("disk", "In", ["hdd"]),
        ])])
    }, reason: NodeAffinityPlugin.reason),
    FilterCase(name: "matchFields metadata.name", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchFields: [Fixture.requirement("metadata.name", "In", ["n1"])])])
    }, reason: nil),
    FilterCase(name: "matchFields other name", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm(matchFields: [Fixture.requirement("metadata.name", "In", ["n2"])])])
    }, reason: NodeAffinityPlugin.reason),
    FilterCase(name: "empty term matches nothing", node: zoneNode, pod: Fixture.pod("p") {
        $0.affinity = Fixture.requiredAffinity([CoreV1.NodeSelectorTerm()])
    }, reason: NodeAffinityPlugin.reason),
])
func nodeAffinityFilter(_ row: FilterCase) { check(NodeAffinityPlugin(), row) }

private let taintedNode = Fixture.node("t", taints: [Fixture.taint("dedicated", "gpu", "NoSchedule"),
                                                     Fixture.taint("soft", "x", "PreferNoSchedule")])

@Test(arguments: [
    FilterCase(name: "untolerated", node: taintedNode, pod: Fixture.pod("p"),
               reason: "node(s) had untolerated taint {dedicated: gpu}"),
    FilterCase(name: "Equal with value", node: taintedNode,
               pod: Fixture.pod("p") { $0.tolerations = [Fixture.toleration("dedicated", "Equal", "gpu", "NoSchedule")] }, reason: nil),
    FilterCase(name: "Equal, other value", node: taintedNode,
               pod: Fixture.pod("p") { $0.tolerations = [Fixture.toleration("dedicated", "Equal", "cpu")] },
               reason: "node(s) had untolerated taint {dedicated: gpu}"),
    FilterCase(name: "Exists on the key", node: taintedNode,
               pod: Fixture.pod("p") { $0.tolerations = [Fixture.toleration("dedicated", "Exists")] }, reason: nil),
    FilterCase(name: "empty key with Exists tolerates everything", node: taintedNode,
               pod: Fixture.pod("p") { $0.tolerations = [Fixture.toleration(nil, "Exists")] }, reason: nil),
    FilterCase(name: "effect must match", node: taintedNode,
               pod: Fixture.pod("p") { $0.tolerations = [Fixture.toleration("dedicated", "Exists", nil, "NoExecute")] },
               reason: "node(s) had untolerated taint {dedicated: gpu}"),
    FilterCase(name: "NoExecute blocks too", node: Fixture.node("e", taints: [Fixture.taint("gone", "", "NoExecute")]),
               pod: Fixture.pod("p"), reason: "node(s) had untolerated taint {gone: }"),
    FilterCase(name: "PreferNoSchedule alone never blocks",
               node: Fixture.node("s", taints: [Fixture.taint("soft", "x", "PreferNoSchedule")]), pod: Fixture.pod("p"), reason: nil),
])
func taintTolerationFilter(_ row: FilterCase) { check(TaintTolerationPlugin(), row) }

@Test func nodeResourcesFitReportsEveryShortfall() {
    let node = Fixture.node("a", cpu: "2", memory: "4Gi", pods: 2, extra: ["nvidia.com/gpu": "1"])
    let running = Fixture.pod("r", cpu: "1500m", memory: "3Gi", nodeName: "a")
    let cache = Fixture.cache(nodes: [node], pods: [running])
    let plugin = NodeResourcesFitPlugin()
    #expect(Fixture.filter(plugin, pod: Fixture.pod("fits", cpu: "500m", memory: "1Gi"), node: "a", cache: cache) == nil)
    let both = Fixture.filter(plugin, pod: Fixture.pod("big", cpu: "1", memory: "2Gi"), node: "a", cache: cache)
    #expect(both?.reasons == ["Insufficient cpu", "Insufficient memory"])
    #expect(both?.isUnresolvable == false)
    let gpu = Fixture.filter(plugin, pod: Fixture.pod("gpu", extra: ["nvidia.com/gpu": "2"]), node: "a", cache: cache)
    #expect(gpu?.reasons == ["Insufficient nvidia.com/gpu"])
    #expect(gpu?.isUnresolvable == true)   // more than the node has at all
    let unknown = Fixture.filter(plugin, pod: Fixture.pod("fpga", extra: ["example.com/fpga": "1"]), node: "a", cache: cache)
    #expect(unknown?.reasons == ["Insufficient example.com/fpga"])
    let full = Fixture.cache(nodes: [node], pods: [running, Fixture.pod("r2", nodeName: "a")])
    #expect(Fixture.filter(plugin, pod: Fixture.pod("tiny"), node: "a", cache: full)?.reasons == ["Too many pods"])
}

private func portPod(_ name: String, _ port: Int32, ip: String? = nil, proto: String? = nil, node: String? = nil) -> CoreV1.Pod {
    Fixture.pod(name, nodeName: node) {
        $0.containers?[0].ports = [CoreV1.ContainerPort(containerPort: 80, hostIP: ip, hostPort: port, protocol: proto)]
    }
}

@Test func nodePortsConflictByPortProtocolAndAddress() {
    let node = Fixture.node("a")
    let cache = Fixture.cache(nodes: [node], pods: [portPod("used", 8080, ip: "10.0.0.1", node: "a"),
                                                   portPod("udp", 53, proto: "UDP", node: "a")])
    let plugin = NodePortsPlugin()
    let rows: [(CoreV1.Pod, Bool)] = [
        (portPod("same", 8080, ip: "10.0.0.1"), false),
        (portPod("wildcard", 8080), false),
        (portPod("other-ip", 8080, ip: "10.0.0.2"), true),
        (portPod("other-port", 8081), true),
        (portPod("tcp-53", 53), true),
        (portPod("udp-53", 53, proto: "UDP"), false),
        (Fixture.pod("no-ports"), true),
    ]
    for (pod, fits) in rows {
        let failure = Fixture.filter(plugin, pod: pod, node: "a", cache: cache)
        #expect((failure == nil) == fits, "\(pod.metadata!.name!)")
        if let failure { #expect(failure.reason == "node(s) didn't have free ports for the requested pod ports") }
    }
}

@Test func topologySpreadDoNotScheduleKeepsSkew() {
    let nodes = [Fixture.node("a", labels: ["zone": "z1"]), Fixture.node("b", labels: ["zone": "z2"]), Fixture.node("c")]
    let existing = [Fixture.pod("w1", labels: ["app": "web"], nodeName: "a"), Fixture.pod("w2", labels: ["app": "web"], nodeName: "a"),
                    Fixture.pod("other", labels: ["app": "db"], nodeName: "b")]
    let cache = Fixture.cache(nodes: nodes, pods: existing)
    let pod = Fixture.pod("new", labels: ["app": "web"]) {
        $0.topologySpreadConstraints = [CoreV1.TopologySpreadConstraint(
            labelSelector: MetaV1.LabelSelector(matchLabels: ["app": "web"]), maxSkew: 1, topologyKey: "zone",
            whenUnsatisfiable: "DoNotSchedule")]
    }
    let plugin = PodTopologySpreadPlugin()
    // z1 has 2, z2 has 0: placing in z1 makes skew 3, in z2 skew 1.
    #expect(Fixture.filter(plugin, pod: pod, node: "a", cache: cache)?.reason == PodTopologySpreadPlugin.skewReason)
    #expect(Fixture.filter(plugin, pod: pod, node: "b", cache: cache) == nil)
    let missing = Fixture.filter(plugin, pod: pod, node: "c", cache: cache)
    #expect(missing?.reason == PodTopologySpreadPlugin.missingLabelReason)
    #expect(missing?.isUnresolvable == true)
    // Pods of another namespace are not counted.
    let elsewhere = Fixture.cache(nodes: nodes, pods: existing.map { pod in
        var moved = pod
        moved.metadata?.namespace = "other"
        return moved
    })
    #expect(Fixture.filter(plugin, pod: pod, node: "a", cache: elsewhere) == nil)
}

@Test func topologySpreadMinDomainsTreatsMissingDomainsAsEmpty() {
    let nodes = [Fixture.node("a", labels: ["zone": "z1"]), Fixture.node("b", labels: ["zone": "z2"])]
    let cache = Fixture.cache(nodes: nodes, pods: [Fixture.pod("w1", labels: ["app": "web"], nodeName: "a"),
                                                  Fixture.pod("w2", labels: ["app": "web"], nodeName: "b")])
    func pod(minDomains: Int32?) -> CoreV1.Pod {
        Fixture.pod("new", labels: ["app": "web"]) {
            $0.topologySpreadConstraints = [CoreV1.TopologySpreadConstraint(
                labelSelector: MetaV1.LabelSelector(matchLabels: ["app": "web"]), maxSkew: 1, minDomains: minDomains,
                topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule")]
        }
    }
    #expect(Fixture.filter(PodTopologySpreadPlugin(), pod: pod(minDomains: nil), node: "a", cache: cache) == nil)
    // With 3 domains required but only 2 present the global minimum is 0: 1 + 1 - 0 > 1.
    #expect(Fixture.filter(PodTopologySpreadPlugin(), pod: pod(minDomains: 3), node: "a", cache: cache) != nil)
}

@Test func interPodAntiAffinityBothDirections() {
    let nodes = [Fixture.node("a", labels: ["zone": "z1"]), Fixture.node("b", labels: ["zone": "z1"]),
                 Fixture.node("c", labels: ["zone": "z2"])]
    let term = CoreV1.PodAffinityTerm(labelSelector: MetaV1.LabelSelector(matchLabels: ["app": "db"]), topologyKey: "zone")
    let db = Fixture.pod("db1", labels: ["app": "db"], nodeName: "a")
    let cache = Fixture.cache(nodes: nodes, pods: [db])
    let plugin = InterPodAffinityPlugin()
    let lonely = Fixture.pod("db2", labels: ["app": "db"]) {
        $0.affinity = CoreV1.Affinity(podAntiAffinity: CoreV1.PodAntiAffinity(requiredDuringSchedulingIgnoredDuringExecution: [term]))
    }
    #expect(Fixture.filter(plugin, pod: lonely, node: "b", cache: cache)?.reason == InterPodAffinityPlugin.antiAffinityReason)
    #expect(Fixture.filter(plugin, pod: lonely, node: "c", cache: cache) == nil)
    // An existing pod's anti-affinity keeps matching pods out of its zone.
    let guarded = Fixture.cache(nodes: nodes, pods: [Fixture.pod("g", labels: ["app": "x"], nodeName: "c") {
        $0.affinity = CoreV1.Affinity(podAntiAffinity: CoreV1.PodAntiAffinity(requiredDuringSchedulingIgnoredDuringExecution: [term]))
    }])
    #expect(Fixture.filter(plugin, pod: Fixture.pod("d", labels: ["app": "db"]), node: "c", cache: guarded)?.reason
            == InterPodAffinityPlugin.existingAntiAffinityReason)
    #expect(Fixture.filter(plugin, pod: Fixture.pod("d", labels: ["app": "db"]), node: "a", cache: guarded) == nil)
    // Affinity: must share a zone with a db pod.
    let follower = Fixture.pod("web", labels: ["app": "web"]) {
        $0.affinity = CoreV1.Affinity(podAffinity: CoreV1.PodAffinity(requiredDuringSchedulingIgnoredDuringExecution: [term]))
    }
    #expect(Fixture.filter(plugin, pod: follower, node: "b", cache: cache) == nil)
    #expect(Fixture.filter(plugin, pod: follower, node: "c", cache: cache)?.reason == InterPodAffinityPlugin.affinityReason)
}
