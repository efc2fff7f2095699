import SkiffAPI
import SkiffModel

/// A pod as the scheduler keeps it on a node: identity plus everything the plugins read,
/// computed once when the pod enters the cache (never re-parsed per scheduling cycle).
public struct PodInfo: Sendable {
    /// `namespace/name`, the cache key.
    public var key: String
    public var namespace: String
    public var name: String
    public var uid: String
    public var labels: [String: String]
    public var priority: Int32
    /// Effective requests (NodeResourcesFit).
    public var requests: ResourceAmounts
    /// Requests with the 100m / 200Mi defaults for missing cpu/memory (scoring only).
    public var nonZeroRequests: ResourceAmounts
    public var hostPorts: [HostPort]
    /// uid of the controller owner reference (or the first owner), used by default spreading.
    public var ownerUID: String?
    /// `status.startTime` (else `creationTimestamp`), seconds; used to order preemption victims.
    public var startSeconds: Int64
    /// True when the pod has a `deletionTimestamp` (not counted by topology spreading).
    public var isTerminating: Bool
    /// The pod's required anti-affinity terms (InterPodAffinity checks them for incoming pods).
    public var requiredAntiAffinity: [PodAffinityTermMatcher]
    /// The node this pod is bound (or assumed) to; "" when none.
    public var nodeName: String

    public init(_ pod: CoreV1.Pod) {
        let metadata = pod.metadata
        namespace = metadata?.namespace ?? "default"
        name = metadata?.name ?? ""
        key = PodInfo.key(namespace: namespace, name: name)
        uid = metadata?.uid ?? ""
        labels = metadata?.labels ?? [:]
        priority = pod.spec?.priority ?? 0
        requests = PodRequests.requests(of: pod.spec)
        nonZeroRequests = PodRequests.nonZeroRequests(of: pod.spec)
        hostPorts = HostPort.ports(of: pod.spec)
        let owners = metadata?.ownerReferences ?? []
        ownerUID = (owners.first { $0.controller == true } ?? owners.first)?.uid
        startSeconds = (pod.status?.startTime ?? metadata?.creationTimestamp)?.secondsSinceEpoch ?? 0
        isTerminating = metadata?.deletionTimestamp != nil
        let namespace = namespace, labels = labels
        requiredAntiAffinity = (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map {
            PodAffinityTermMatcher($0, owner: namespace, ownerLabels: labels)
        }
        nodeName = pod.spec?.nodeName ?? ""
    }

    /// The cache key of a pod.
    public static func key(namespace: String, name: String) -> String { namespace + "/" + name }

    /// The cache key of a pod object.
    public static func key(of pod: CoreV1.Pod) -> String {
        key(namespace: pod.metadata?.namespace ?? "default", name: pod.metadata?.name ?? "")
    }
}
