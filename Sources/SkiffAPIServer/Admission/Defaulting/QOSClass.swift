import SkiffAPI
import SkiffModel

/// A pod's quality-of-service class, computed as Kubernetes' `GetPodQOS` does: BestEffort when
/// no container (init or app) requests or limits cpu or memory, Guaranteed when every
/// container has cpu and memory limits and its requests equal them, Burstable otherwise.
enum QOSClass: String, Sendable {
    case guaranteed = "Guaranteed"
    case burstable = "Burstable"
    case bestEffort = "BestEffort"

    static let computeResources: Set<String> = ["cpu", "memory"]

    /// The class of a (defaulted) pod spec.
    static func of(_ spec: JSONValue) -> QOSClass {
        var requests: [String: Quantity] = [:]
        var limits: [String: Quantity] = [:]
        var everyContainerLimited = true
        let containers = spec.objectElements("initContainers") + spec.objectElements("containers")
        for (_, container) in containers {
            let resources = container[member: "resources"] ?? .object([:])
            let containerRequests = quantities(resources[member: "requests"])
            let containerLimits = quantities(resources[member: "limits"])
            for (name, value) in containerRequests where value.signum > 0 {
                requests[name, default: Quantity.zero] += value
            }
            var limitedResources = Set<String>()
            for (name, value) in containerLimits where value.signum > 0 {
                limits[name, default: Quantity.zero] += value
                limitedResources.insert(name)
            }
            if !limitedResources.isSuperset(of: computeResources) { everyContainerLimited = false }
        }
        if requests.isEmpty && limits.isEmpty { return .bestEffort }
        if !everyContainerLimited { return .burstable }
        for (name, request) in requests where limits[name] != request {
            return .burstable
        }
        return requests.count == limits.count ? .guaranteed : .burstable
    }

    /// The cpu and memory quantities of a resource list (unparseable ones skipped).
    static func quantities(_ list: JSONValue?) -> [String: Quantity] {
        var result: [String: Quantity] = [:]
        for (name, value) in list?.objectMembers ?? [:] where computeResources.contains(name) {
            guard let quantity = ResourceQuantities.parse(value) else { continue }
            result[name] = quantity
        }
        return result
    }
}
