import Foundation
import Logging
import SkiffClient
import SkiffModel
import SkiffRuntime
import Synchronization

/// What every pod worker shares: the API client, the runtime, the event recorder, the node's
/// facts and pod IPs, the clock.
final class AgentContext: Sendable {
    let client: KubernetesClient
    let runtime: any ContainerRuntime
    let events: EventRecorder
    let probes: ProbeRunner
    let configuration: AgentConfiguration
    let logger: Logger
    let now: @Sendable () -> Date
    let backOff: RestartBackOff
    let facts: HostFacts
    private let addresses: Mutex<PodIPAllocator>

    init(client: KubernetesClient, runtime: any ContainerRuntime, events: EventRecorder, probes: ProbeRunner,
         configuration: AgentConfiguration, logger: Logger, now: @escaping @Sendable () -> Date, backOff: RestartBackOff,
         facts: HostFacts, nodeCIDR: String) {
        self.client = client
        self.runtime = runtime
        self.events = events
        self.probes = probes
        self.configuration = configuration
        self.logger = logger
        self.now = now
        self.backOff = backOff
        self.facts = facts
        self.addresses = Mutex(PodIPAllocator(nodeCIDR: nodeCIDR))
    }

    func podIP(for uid: String, preferred: String?) -> String? {
        addresses.withLock { $0.allocate(podUID: uid, preferred: preferred) }
    }

    func releasePodIP(_ uid: String) {
        addresses.withLock { $0.release(podUID: uid) }
    }
}
