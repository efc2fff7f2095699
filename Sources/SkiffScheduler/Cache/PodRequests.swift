import SkiffAPI
import SkiffModel

/// What a pod asks of a node, computed the way kube-scheduler does (`resourcehelper.PodRequests`):
/// `max(sum(app containers) + sum(sidecars), each init container + the sidecars started before it)
/// + overhead`. Sidecars are init containers with `restartPolicy: Always`; they keep running, so
/// they count toward both the init phase and the steady state.
public enum PodRequests {
    /// CPU a container counts with, for scoring only, when it does not request CPU (100m).
    public static let defaultMilliCPU: Int64 = 100
    /// Memory a container counts with, for scoring only, when it does not request memory (200Mi).
    public static let defaultMemory: Int64 = 200 * 1024 * 1024

    /// The pod's effective requests (used by the NodeResourcesFit filter and node accounting).
    public static func requests(of spec: CoreV1.PodSpec?) -> ResourceAmounts {
        compute(spec, fillMissingCPUAndMemory: false)
    }

    /// The same, but each container missing a cpu/memory request counts with the defaults above
    /// (kube-scheduler's "non-zero" requests, used by the scoring plugins only).
    public static func nonZeroRequests(of spec: CoreV1.PodSpec?) -> ResourceAmounts {
        compute(spec, fillMissingCPUAndMemory: true)
    }

    static func compute(_ spec: CoreV1.PodSpec?, fillMissingCPUAndMemory: Bool) -> ResourceAmounts {
        guard let spec else { return ResourceAmounts() }
        func containerRequests(_ container: CoreV1.Container) -> ResourceAmounts {
            let list = container.resources?.requests
            var amounts = ResourceAmounts(list)
            if fillMissingCPUAndMemory {
                if list?[ResourceName.cpu] == nil { amounts.milliCPU = defaultMilliCPU }
                if list?[ResourceName.memory] == nil { amounts.memory = defaultMemory }
            }
            return amounts
        }
        var total = ResourceAmounts()
        for container in spec.containers ?? [] { total += containerRequests(container) }
        var sidecars = ResourceAmounts()
        var initPhase = ResourceAmounts()
        for container in spec.initContainers ?? [] {
            let own = containerRequests(container)
            let during: ResourceAmounts
            if container.restartPolicy == "Always" {
                sidecars += own
                during = sidecars
            } else {
                during = own + sidecars
            }
            initPhase = initPhase.maximum(during)
        }
        total += sidecars
        total = total.maximum(initPhase)
        if let overhead = spec.overhead { total += ResourceAmounts(overhead) }
        return total
    }
}
