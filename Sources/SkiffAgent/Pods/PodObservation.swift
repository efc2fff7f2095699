import Foundation
import SkiffRuntime

/// One started instance of a container (the runtime's view).
public struct ContainerInstance: Sendable, Hashable {
    public var restartCount: Int
    public var state: ContainerState

    public init(restartCount: Int, state: ContainerState) {
        self.restartCount = restartCount
        self.state = state
    }
}

/// What the agent knows about one container of a pod: its instances (ascending restart count),
/// the last start failure, and probe results for the current instance.
public struct ContainerObservation: Sendable, Hashable {
    public var instances: [ContainerInstance]
    /// Why the container could not be created (reason, message), e.g. `CreateContainerError`.
    public var startFailure: StartFailure?
    /// The startup probe succeeded (true when there is none).
    public var started: Bool
    /// The readiness probe's last result (true when there is none).
    public var ready: Bool
    /// The liveness (or startup) probe declared the current instance failed: it must be killed.
    public var mustKill: Bool

    public init(instances: [ContainerInstance] = [], startFailure: StartFailure? = nil, started: Bool = true,
                ready: Bool = true, mustKill: Bool = false) {
        self.instances = instances
        self.startFailure = startFailure
        self.started = started
        self.ready = ready
        self.mustKill = mustKill
    }

    public var latest: ContainerInstance? { instances.last }
    public var isRunning: Bool { latest?.state.isRunning ?? false }
}

/// A container that could not be created or started.
public struct StartFailure: Sendable, Hashable {
    public var reason: String
    public var message: String
    /// When to try again; nil: never (the spec itself is wrong and cannot change).
    public var retryAt: Date?
    public init(reason: String, message: String, retryAt: Date? = nil) {
        self.reason = reason
        self.message = message
        self.retryAt = retryAt
    }
}

/// Everything observed about a pod's containers, by container name.
public struct PodObservation: Sendable, Hashable {
    public var containers: [String: ContainerObservation]

    public init(containers: [String: ContainerObservation] = [:]) {
        self.containers = containers
    }

    public subscript(name: String) -> ContainerObservation {
        containers[name] ?? ContainerObservation()
    }

    /// Groups runtime container infos by name.
    public init(infos: [ContainerInfo]) {
        var containers: [String: ContainerObservation] = [:]
        for info in infos.sorted(by: { $0.id.restartCount < $1.id.restartCount }) {
            containers[info.id.name, default: ContainerObservation()].instances
                .append(ContainerInstance(restartCount: info.id.restartCount, state: info.state))
        }
        self.containers = containers
    }
}
