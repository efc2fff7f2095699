import SkiffAPI
import SkiffModel

/// The pod being scheduled, with everything the plugins need compiled once per scheduling
/// cycle: requests, tolerations, node selector/affinity, spread constraints, pod affinity terms.
/// Filters and scores then only compare integers and look up labels per node.
public struct PreparedPod: Sendable {
    public let pod: CoreV1.Pod
    public let info: PodInfo
    public let schedulerName: String
    /// `spec.nodeName` requested up front (NodeName filter), nil when empty.
    public let requestedNodeName: String?
    public let tolerations: [PodToleration]
    public let nodeSelector: NodeSelectorMatcher
    let preferredNodeTerms: [WeightedNodeTerm]
    /// Extended-resource requests sorted by name, each with its `Insufficient <name>` reason ready.
    let scalarRequests: [ScalarRequest]
    public let preemptionPolicyNever: Bool
    public let nominatedNodeName: String?
    let spreadConstraints: [SpreadConstraint]
    let requiredAffinity: [PodAffinityTermMatcher]
    let requiredAntiAffinity: [PodAffinityTermMatcher]
    /// Compiled for a future InterPodAffinity score plugin (not yet written, see docs/scheduler.md).
    let preferredAffinity: [PodAffinityTermMatcher]
    let preferredAntiAffinity: [PodAffinityTermMatcher]

    public init(_ pod: CoreV1.Pod) {
        self.pod = pod
        let info = PodInfo(pod)
        self.info = info
        let spec = pod.spec
        schedulerName = (spec?.schedulerName).flatMap { $0.isEmpty ? nil : $0 } ?? SchedulerProfile.defaultSchedulerName
        requestedNodeName = (spec?.nodeName).flatMap { $0.isEmpty ? nil : $0 }
        tolerations = PodToleration.compiled(spec)
        nodeSelector = NodeSelectorMatcher(spec)
        preferredNodeTerms = WeightedNodeTerm.terms(of: spec)
        scalarRequests = info.requests.scalar.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map {
            ScalarRequest(name: $0.key, amount: $0.value, reason: NodeResourcesFitPlugin.insufficient($0.key))
        }
        preemptionPolicyNever = spec?.preemptionPolicy == "Never"
        nominatedNodeName = (pod.status?.nominatedNodeName).flatMap { $0.isEmpty ? nil : $0 }
        spreadConstraints = (spec?.topologySpreadConstraints ?? []).compactMap { SpreadConstraint($0, pod: info) }
        let affinity = spec?.affinity
        let namespace = info.namespace, labels = info.labels
        func compile(_ terms: [CoreV1.PodAffinityTerm]?) -> [PodAffinityTermMatcher] {
            (terms ?? []).map { PodAffinityTermMatcher($0, owner: namespace, ownerLabels: labels) }
        }
        func compileWeighted(_ terms: [CoreV1.WeightedPodAffinityTerm]?) -> [PodAffinityTermMatcher] {
            (terms ?? []).compactMap { weighted in
                weighted.podAffinityTerm.map {
                    PodAffinityTermMatcher($0, owner: namespace, ownerLabels: labels, weight: Int64(weighted.weight ?? 0))
                }
            }
        }
        requiredAffinity = compile(affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
        requiredAntiAffinity = info.requiredAntiAffinity
        preferredAffinity = compileWeighted(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
        preferredAntiAffinity = compileWeighted(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
    }

    public var priority: Int32 { info.priority }
}

/// One extended-resource request of the pod being scheduled.
struct ScalarRequest: Sendable {
    var name: String
    var amount: Int64
    var reason: String
}
