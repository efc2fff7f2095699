import Foundation
import Logging
import SkiffClient
import SkiffModel
import SkiffRuntime
import Synchronization

/// Runs one pod (by UID): wakes on a change of the pod object, a container exit, a probe result
/// or a back-off deadline, then observes the runtime, applies ``PodSyncDecision`` and writes the
/// status ``PodStatusBuilder`` computes. All I/O of a pod happens here, one sync at a time.
final class PodWorker: Sendable {
    let uid: String
    private let context: AgentContext

    private struct ProbeState: Sendable {
        var restartCount: Int
        var started: Bool
        var ready: Bool
        var mustKill: Bool
    }

    private struct State: Sendable {
        var pod: CoreV1.Pod
        var removed = false
        var deleted = false
        var startFailures: [String: StartFailure] = [:]
        var probes: [String: ProbeState] = [:]
        var probeTasks: [String: [Task<Void, Never>]] = [:]
        var lastWrittenStatus: CoreV1.PodStatus?
        var recheckTask: Task<Void, Never>?
        var recheckAt: Date?
    }

    private let state: Mutex<State>
    private let wakeStream: AsyncStream<Void>
    private let wakeContinuation: AsyncStream<Void>.Continuation

    init(pod: CoreV1.Pod, context: AgentContext) {
        self.uid = pod.metadata?.uid ?? ""
        self.context = context
        self.state = Mutex(State(pod: pod))
        (wakeStream, wakeContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    var pod: CoreV1.Pod { state.withLock { $0.pod } }

    /// A newer version of the pod object.
    func update(_ pod: CoreV1.Pod) {
        state.withLock { $0.pod = pod }
        wake()
    }

    /// The pod object is gone from the API: everything it started is killed, the worker ends.
    func podRemoved() {
        state.withLock { $0.removed = true }
        wake()
    }

    func wake() { wakeContinuation.yield() }

    /// The worker loop; returns once the pod is removed and cleaned up.
    func run() async {
        wake()
        for await _ in wakeStream {
            if Task.isCancelled { break }
            if await sync() == .finished { break }
        }
        let tasks = state.withLock { state in
            defer { state.probeTasks = [:]; state.recheckTask = nil }
            return state.probeTasks.values.flatMap { $0 } + [state.recheckTask].compactMap { $0 }
        }
        for task in tasks { task.cancel() }
    }

    private enum SyncResult { case running, finished }

    private func sync() async -> SyncResult {
        let (pod, removed) = state.withLock { ($0.pod, $0.removed) }
        if removed {
            await cleanUp()
            return .finished
        }
        do {
            let podIP = context.podIP(for: uid, preferred: pod.status?.podIP)
            let observation = try await observe()
            let actions = PodSyncDecision.decide(pod: pod, observation: observation, now: context.now(), backOff: context.backOff)
            let starts = actions.contains { if case .start = $0 { true } else { false } }
            let kills = actions.contains { if case .kill = $0 { true } else { false } }
            guard starts, !kills else { return try await perform(actions, pod: pod, podIP: podIP, observation: observation) }
            // Starting containers up to the status write is urgent: in `skiff server` user writes wait for it
            // (not a sync that also kills: a grace period can last minutes).
            return try await context.client.transport.urgentComponentWork {
                try await perform(actions, pod: pod, podIP: podIP, observation: observation)
            }
        } catch is CancellationError {
            return .finished
        } catch {
            context.logger.warning("sync of pod \(pod.metadata?.namespace ?? "")/\(pod.metadata?.name ?? ""): \(error)")
            scheduleRecheck(at: context.now().addingTimeInterval(1))
        }
        return .running
    }

    /// Carries out the decided actions, then writes the status (for a pod still live).
    private func perform(_ actions: [PodAction], pod: CoreV1.Pod, podIP: String?, observation: PodObservation)
        async throws -> SyncResult {
        var observation = observation
        var changed = false
        var kills: [(String, Int, Int64, KillReason)] = []
        for action in actions {
            switch action {
            case .start(let name, let restartCount):
                await start(name, restartCount: restartCount, pod: pod, podIP: podIP ?? "")
                changed = true
            case .kill(let name, let restartCount, let grace, let reason):
                kills.append((name, restartCount, grace, reason))
            case .recheck(let at):
                scheduleRecheck(at: at)
                for (name, observed) in observation.containers
                where PodSyncDecision.isBackingOff(observed, now: context.now(), backOff: context.backOff) {
                    let podRef = "\(pod.metadata?.name ?? "")_\(pod.metadata?.namespace ?? "")(\(uid))"
                    context.events.record(pod, type: "Warning", reason: "BackOff",
                                                message: "Back-off restarting failed container \(name) in pod \(podRef)",
                                                fieldPath: "spec.containers{\(name)}")
                }
            case .deletePodObject:
                await deletePodObject(pod)
                return .running
            }
        }
        if !kills.isEmpty {
            await kill(kills, pod: pod)
            changed = true
        }
        if changed { observation = try await observe() }
        if pod.metadata?.deletionTimestamp == nil && !PodSyncDecision.isTerminal(pod) {
            try await writeStatus(pod: pod, observation: observation, podIP: podIP)
        } else if changed {
            wake()
        }
        return .running
    }

    /// The runtime's instances plus the worker's start failures and probe results.
    private func observe() async throws -> PodObservation {
        var observation = PodObservation(infos: try await context.runtime.listContainers(podUID: uid))
        let (failures, probes) = state.withLock { ($0.startFailures, $0.probes) }
        for (name, failure) in failures { observation.containers[name, default: ContainerObservation()].startFailure = failure }
        for (name, probe) in probes {
            guard var observed = observation.containers[name], observed.latest?.restartCount == probe.restartCount else { continue }
            observed.started = probe.started
            observed.ready = probe.ready
            observed.mustKill = probe.mustKill
            observation.containers[name] = observed
        }
        return observation
    }

    private func container(named name: String, in pod: CoreV1.Pod) -> CoreV1.Container? {
        ((pod.spec?.initContainers ?? []) + (pod.spec?.containers ?? [])).first { $0.name == name }
    }

    private func fieldPath(_ name: String, _ pod: CoreV1.Pod) -> String {
        (pod.spec?.initContainers ?? []).contains { $0.name == name } ? "spec.initContainers{\(name)}" : "spec.containers{\(name)}"
    }

    // MARK: - Actions

    private func start(_ name: String, restartCount: Int, pod: CoreV1.Pod, podIP: String) async {
        guard let container = container(named: name, in: pod) else { return }
        let environmentBuilder = ContainerEnvironment(podIP: podIP, nodeCPUCores: context.facts.cpuCores,
                                                      nodeMemoryBytes: context.facts.memoryBytes)
        let environment: [EnvironmentVariable]
        let command: [String]
        do {
            environment = try environmentBuilder.environment(for: container, in: pod)
            command = try environmentBuilder.commandLine(for: container, environment: environment)
        } catch {
            state.withLock { $0.startFailures[name] = StartFailure(reason: error.reason, message: error.message) }
            context.events.record(pod, type: "Warning", reason: "Failed", message: "Error: \(error.message)",
                                        fieldPath: fieldPath(name, pod))
            return
        }
        do {
            let sandboxRequest = SandboxRequest(
                podUID: uid, name: pod.metadata?.name ?? "", namespace: pod.metadata?.namespace ?? "default", podIP: podIP)
            let limits = container.resources?.limits ?? [:]
            let requests = container.resources?.requests ?? [:]
            let spec = ContainerSpec(
                name: name, command: command, environment: environment,
                workingDirectory: container.workingDir.flatMap { $0.isEmpty ? nil : $0 },
                memoryLimitBytes: limits["memory"]?.value, cpuLimitMillis: limits["cpu"]?.milliValue,
                cpuRequestMillis: (requests["cpu"] ?? limits["cpu"])?.milliValue, restartCount: restartCount)
            let (sandbox, id) = try await context.runtime.prepareSandboxAndStart(sandboxRequest, spec: spec)
            state.withLock { $0.startFailures[name] = nil }
            // Queued for the recorder's writer: the status write does not wait for them.
            let path = fieldPath(name, pod)
            context.events.record(pod, reason: "Created", message: "Created container: \(name)", fieldPath: path)
            context.events.record(pod, reason: "Started", message: "Started container \(name)", fieldPath: path)
            startProbes(for: container, id: id, pod: pod, podIP: podIP, environment: environment,
                        workingDirectory: spec.workingDirectory ?? sandbox.directory)
            scheduleWildcardCheck(id, pod: pod)
        } catch {
            let message = "\(error)"
            let retryAt = context.now().addingTimeInterval(context.backOff.initial)
            state.withLock { $0.startFailures[name] = StartFailure(reason: "RunContainerError", message: message, retryAt: retryAt) }
            scheduleRecheck(at: retryAt)
            context.events.record(pod, type: "Warning", reason: "Failed", message: "Error: \(message)",
                                        fieldPath: fieldPath(name, pod))
        }
    }

    private func kill(_ kills: [(String, Int, Int64, KillReason)], pod: CoreV1.Pod) async {
        await withTaskGroup(of: Void.self) { group in
            for (name, restartCount, grace, reason) in kills {
                let message = switch reason {
                case .livenessFailed: "Container \(name) failed liveness probe, will be restarted"
                default: "Stopping container \(name)"
                }
                context.events.record(pod, reason: "Killing", message: message, fieldPath: fieldPath(name, pod))
                let id = ContainerID(podUID: uid, name: name, restartCount: restartCount)
                let runtime = context.runtime
                group.addTask {
                    _ = try? await runtime.stopContainer(id, gracePeriod: .seconds(max(0, grace)))
                }
            }
        }
    }

    private func deletePodObject(_ pod: CoreV1.Pod) async {
        guard !state.withLock({ $0.deleted }) else { return }
        do {
            try await context.client.delete(CoreV1.Pod.self, name: pod.metadata?.name ?? "", namespace: pod.metadata?.namespace,
                                            options: DeleteOptions(gracePeriodSeconds: 0, preconditionUID: uid))
            state.withLock { $0.deleted = true }
        } catch let error as KubernetesClientError where error.isNotFound || error.isConflict {
            state.withLock { $0.deleted = true }
        } catch {
            context.logger.warning("cannot delete pod \(pod.metadata?.name ?? ""): \(error)")
            scheduleRecheck(at: context.now().addingTimeInterval(1))
        }
    }

    /// Stops the pod's running containers with its grace period (as the kubelet does for a pod
    /// removed from the API), then kills whatever is left, removes its sandbox, releases its IP.
    private func cleanUp() async {
        let pod = self.pod
        let grace = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30
        if let infos = try? await context.runtime.listContainers(podUID: uid) {
            let running = infos.filter { $0.state.isRunning }
            await withTaskGroup(of: Void.self) { group in
                for info in running {
                    let runtime = context.runtime
                    group.addTask { _ = try? await runtime.stopContainer(info.id, gracePeriod: .seconds(max(0, grace))) }
                }
            }
        }
        do {
            try await context.runtime.removeSandbox(podUID: uid)
        } catch {
            context.logger.warning("cannot remove sandbox of pod \(uid): \(error)")
        }
        context.releasePodIP(uid)
        context.events.forget(podUID: uid)
    }

    private func writeStatus(pod: CoreV1.Pod, observation: PodObservation, podIP: String?) async throws {
        let builder = PodStatusBuilder(podIP: podIP, backOff: context.backOff)
        var basis = pod
        if let written = state.withLock({ $0.lastWrittenStatus }) { basis.status = written }
        let status = builder.build(pod: basis, observation: observation, now: context.now())
        if status == basis.status && status == pod.status { return }
        if status == state.withLock({ $0.lastWrittenStatus }) && pod.status == status { return }
        var updated = pod
        updated.status = status
        updated.metadata?.resourceVersion = nil
        do {
            let stored = try await context.client.updateStatus(updated)
            state.withLock {
                $0.lastWrittenStatus = stored.status
                if ($0.pod.metadata?.resourceVersion).flatMap(Int.init) ?? 0 <= (stored.metadata?.resourceVersion).flatMap(Int.init) ?? 0 {
                    $0.pod = stored
                }
            }
        } catch let error as KubernetesClientError where error.isNotFound {
            return
        }
    }

    private func scheduleRecheck(at date: Date) {
        let delay = max(0, date.timeIntervalSince(context.now()))
        state.withLock { state in
            if let existing = state.recheckAt, existing <= date, existing > context.now() { return }
            state.recheckTask?.cancel()
            state.recheckAt = date
            state.recheckTask = Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000) + 5))
                guard !Task.isCancelled else { return }
                self?.state.withLock { $0.recheckAt = nil }
                self?.wake()
            }
        }
    }

    // MARK: - Probes and wildcard check

    private func startProbes(for container: CoreV1.Container, id: ContainerID, pod: CoreV1.Pod, podIP: String,
                             environment: [EnvironmentVariable], workingDirectory: String) {
        let name = id.name
        let probeState = ProbeState(restartCount: id.restartCount, started: container.startupProbe == nil,
                                    ready: container.readinessProbe == nil, mustKill: false)
        state.withLock { $0.probes[name] = probeState }   // before the probe tasks read it
        var tasks: [Task<Void, Never>] = []
        let kinds: [(ProbeKind, CoreV1.Probe?)] = [(.startup, container.startupProbe), (.liveness, container.livenessProbe),
                                                    (.readiness, container.readinessProbe)]
        for (kind, probe) in kinds {
            guard let probe else { continue }
            tasks.append(Task { [weak self] in
                await self?.probeLoop(kind, probe: probe, container: container, id: id, pod: pod, podIP: podIP,
                                      environment: environment, workingDirectory: workingDirectory)
            })
        }
        let old = state.withLock { state -> [Task<Void, Never>] in
            defer { state.probeTasks[name] = tasks }
            return state.probeTasks[name] ?? []
        }
        for task in old { task.cancel() }
    }

    private enum ProbeKind: String { case startup = "Startup", liveness = "Liveness", readiness = "Readiness" }

    private func probeLoop(_ kind: ProbeKind, probe: CoreV1.Probe, container: CoreV1.Container, id: ContainerID,
                           pod: CoreV1.Pod, podIP: String, environment: [EnvironmentVariable], workingDirectory: String) async {
        let timing = ProbeTiming(probe)
        var tracker = ProbeTracker(probe, initial: kind == .liveness)
        var consecutiveFailures = 0
        do {
            try await Task.sleep(for: timing.initialDelay)
            while !Task.isCancelled {
                let current = state.withLock { $0.probes[id.name] }
                guard let current, current.restartCount == id.restartCount, !current.mustKill else { return }
                if kind == .startup && current.started { return }
                if kind != .startup && !current.started {
                    try await Task.sleep(for: timing.period)
                    continue
                }
                let outcome = await context.probes.run(probe, container: container, podIP: podIP, environment: environment,
                                                        workingDirectory: workingDirectory, timeout: timing.timeout)
                guard !Task.isCancelled else { return }
                consecutiveFailures = outcome.success ? 0 : consecutiveFailures + 1
                let changed = tracker.record(success: outcome.success)
                if !outcome.success {
                    context.events.record(pod, type: "Warning", reason: "Unhealthy",
                                                message: "\(kind.rawValue) probe failed: \(outcome.message)",
                                                fieldPath: fieldPath(id.name, pod))
                }
                let result = tracker.result
                var change: (@Sendable (inout ProbeState) -> Void)?
                switch kind {
                case .startup:
                    if result { change = { $0.started = true } }
                    else if consecutiveFailures >= tracker.failureThreshold { change = { $0.mustKill = true } }
                case .liveness:
                    if changed && !result { change = { $0.mustKill = true } }
                case .readiness:
                    if changed { change = { $0.ready = result } }
                }
                if let change {
                    let applied = state.withLock { state -> Bool in
                        guard var probeState = state.probes[id.name], probeState.restartCount == id.restartCount else { return false }
                        change(&probeState)
                        state.probes[id.name] = probeState
                        return true
                    }
                    if applied { wake() }
                }
                try await Task.sleep(for: timing.period)
            }
        } catch {
            return
        }
    }

    private func scheduleWildcardCheck(_ id: ContainerID, pod: CoreV1.Pod) {
        let delay = context.configuration.wildcardCheckDelay
        Task { [weak self, context] in
            // A slow starter may listen late: look at the delay, then at 3×, 9× and 27× it, until a
            // wildcard listener is found (one warning per container instance).
            var wait = delay
            for _ in 0..<4 {
                try? await Task.sleep(for: wait)
                wait = wait * 3
                guard let self, !Task.isCancelled, (try? await context.runtime.containerStatus(id))?.isRunning == true,
                      let sockets = try? context.runtime.listeningSockets(of: id) else { return }
                let wildcards = sockets.filter(\.isWildcard)
                for socket in wildcards {
                    context.events.record(
                        pod, type: "Warning", reason: "WildcardListen",
                        message: "container \(id.name) listens on \(socket.address):\(socket.port), which shadows the port on every pod IP of this node; bind to $(POD_IP) instead",
                        fieldPath: self.fieldPath(id.name, pod))
                }
                if !wildcards.isEmpty { return }
            }
        }
    }
}
