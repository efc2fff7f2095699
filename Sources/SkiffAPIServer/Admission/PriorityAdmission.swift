import SkiffAPI
import SkiffModel

/// Kubernetes' `Priority` admission plugin for pod creates (pure; the handler passes the
/// PriorityClasses it read): a pod naming a `priorityClassName` gets that class's `value` as
/// `spec.priority` and its `preemptionPolicy`; a pod naming none gets the global default class
/// (`globalDefault: true`) when one exists, else priority 0. A class that does not exist is 403
/// `no PriorityClass with name x was found`; a priority or preemption policy in the body that
/// differs from the computed one is 403 too. The two system classes always exist
/// (``systemClasses``, created at start).
enum PriorityAdmission {
    /// What a PriorityClass says.
    struct PriorityClass: Sendable, Equatable {
        var name: String
        var value: Int64
        var globalDefault: Bool
        var preemptionPolicy: String

        init(name: String, value: Int64, globalDefault: Bool = false, preemptionPolicy: String = "PreemptLowerPriority") {
            self.name = name
            self.value = value
            self.globalDefault = globalDefault
            self.preemptionPolicy = preemptionPolicy
        }

        init?(_ object: JSONValue) {
            guard let name = object.value(atPath: "metadata.name")?.stringValue,
                  let value = object[member: "value"]?.integerValue else { return nil }
            self.init(name: name, value: value, globalDefault: object[member: "globalDefault"] == .bool(true),
                      preemptionPolicy: object[member: "preemptionPolicy"]?.stringValue ?? "PreemptLowerPriority")
        }
    }

    /// The classes every cluster has (created at start, like the system namespaces).
    static let systemClasses: [JSONValue] = [
        ["apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": ["name": "system-node-critical"],
         "value": 2_000_001_000, "description": "Used for system critical pods that must not be moved from their current node.",
         "preemptionPolicy": "PreemptLowerPriority"],
        ["apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": ["name": "system-cluster-critical"],
         "value": 2_000_000_000, "description": "Used for system critical pods that must run in the cluster, but are moved to another node if necessary.",
         "preemptionPolicy": "PreemptLowerPriority"],
    ]

    /// The pod with its priority resolved. `body` is the pod as the client sent it (to tell a
    /// priority the client set from one defaulting added).
    static func admit(_ pod: JSONValue, body: JSONValue, classes: [PriorityClass], podName: String) throws(StatusError) -> JSONValue {
        let className = pod.value(atPath: "spec.priorityClassName")?.stringValue ?? ""
        let chosen: PriorityClass?
        if className.isEmpty {
            chosen = classes.filter(\.globalDefault).min { $0.value < $1.value }
        } else {
            guard let found = classes.first(where: { $0.name == className }) else {
                throw .forbidden(resource: "pods", name: podName, because: "no PriorityClass with name \(className) was found")
            }
            chosen = found
        }
        let priority = chosen?.value ?? 0
        let policy = chosen?.preemptionPolicy ?? "PreemptLowerPriority"
        if let given = body.value(atPath: "spec.priority")?.integerValue, given != priority {
            throw .forbidden(resource: "pods", name: podName,
                             because: "the integer value of priority (\(given)) must not be provided in pod spec; priority admission controller computed \(priority) from the given PriorityClass name")
        }
        if let given = body.value(atPath: "spec.preemptionPolicy")?.stringValue, chosen != nil, given != policy {
            throw .forbidden(resource: "pods", name: podName,
                             because: "the string value of PreemptionPolicy (\(given)) must not be provided in pod spec; priority admission controller computed \(policy) from the given PriorityClass name")
        }
        var admitted = pod
        var spec = admitted[member: "spec"] ?? .object([:])
        spec[member: "priority"] = .integer(priority)
        spec[member: "preemptionPolicy"] = .string(policy)
        if let chosen, className.isEmpty { spec[member: "priorityClassName"] = .string(chosen.name) }
        admitted[member: "spec"] = spec
        return admitted
    }
}
