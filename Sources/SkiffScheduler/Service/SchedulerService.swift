import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SkiffAPI
import SkiffClient
import SkiffModel

/// The scheduler as a running component (kube-scheduler's loop around ``Scheduler``): informers
/// on nodes and pods keep a ``SchedulerCache``; pending pods for its scheduler name go through a
/// work queue; each is decided in turn, assumed on its node at once, and bound with
/// `POST pods/{name}/binding` in the background (up to ``maximumBindingsInFlight`` at a time).
/// A pod that fits nowhere gets `PodScheduled=False` reason `Unschedulable` with the scheduler's
/// message and a `FailedScheduling` event, and is tried again when nodes change, a bound pod goes
/// away, or every ``unschedulableRetryInterval``. Preemption deletes the chosen victims and sets
/// `status.nominatedNodeName`. Informer handlers queue cache changes for the loop, which applies
/// them before each decision, so they never wait for a decision in progress.
public final class SchedulerService: Service, Sendable {
    /// Bindings written concurrently (decisions stay sequential). kube-scheduler binds each pod
    /// in its own goroutine; a wide window lets the store commit many bindings per transaction
    /// (at 32, the run of 10,000 pods waited on commits with one core idle).
    public static let maximumBindingsInFlight = 256
    /// How often pods that fit nowhere are tried again even when nothing was seen to change.
    public static let unschedulableRetryInterval: Duration = .seconds(30)

    /// Owned by the scheduling loop; held for a whole decision.
    private struct State {
        var cache = SchedulerCache()
        var scheduler: Scheduler
    }

    /// An informer event for the cache, waiting for the scheduling loop to apply it.
    private enum CacheChange: Sendable {
        case nodeAddedOrUpdated(CoreV1.Node)
        case nodeDeleted(String)
        case podAddedOrUpdated(CoreV1.Pod)
        case podDeleted(CoreV1.Pod)
    }

    /// Pending changes applied by a handler itself beyond this many (an idle loop applies none).
    static let pendingChangesLimit = 512

    private let client: KubernetesClient
    private let logger: Logger
    private let events: EventRecorder
    private let state: Mutex<State>
    /// Informer handlers append here (a short lock) instead of waiting for the state lock, which
    /// the loop holds for whole decisions; the loop applies them, in order, before each decision.
    private let pendingChanges = Mutex<[CacheChange]>([])
    /// Pods that fit nowhere, waiting for the cluster to change.
    private let unschedulable = Mutex<Set<ObjectKey>>([])
    private let queue = WorkQueue<ObjectKey>()
    /// The profile's scheduler name, read by informer handlers without taking the state lock.
    private let schedulerName: String

    public init(client: KubernetesClient, profile: SchedulerProfile = .standard(),
                seed: UInt64 = UInt64.random(in: 0...UInt64.max), logger: Logger = Logger(label: "skiff.scheduler")) {
        self.client = client
        self.logger = logger
        self.events = EventRecorder(client: client, component: profile.schedulerName, logger: logger)
        self.state = Mutex(State(scheduler: Scheduler(profile: profile, seed: seed)))
        self.schedulerName = profile.schedulerName
    }

    public func run() async throws {
        let nodes = Informer<CoreV1.Node>(client: client)
        let pods = Informer<CoreV1.Pod>(client: client)
        nodes.addHandler { [self] change in nodeChanged(change) }
        pods.addHandler { [self] change in podChanged(change) }
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await nodes.run() }
                group.addTask { await pods.run() }
                group.addTask { [self] in
                    while !Task.isCancelled {
                        try await Task.sleep(for: Self.unschedulableRetryInterval)
                        retryUnschedulable()
                    }
                }
                try await nodes.waitForSync()
                try await pods.waitForSync()
                logger.info("scheduler synced", metadata: ["nodes": "\(nodes.list().count)", "pods": "\(pods.list().count)"])
                await scheduleLoop(pods: pods)
                group.cancelAll()
                await events.shutdown()
            }
        } onGracefulShutdown: { [queue] in
            queue.shutDown()
        }
    }

    // MARK: Informer events

    private func nodeChanged(_ change: SkiffClient.Notification<CoreV1.Node>) {
        switch change {
        case .added(let node), .updated(_, let node): enqueue(.nodeAddedOrUpdated(node))
        case .deleted(let node): enqueue(.nodeDeleted(node.metadata?.name ?? ""))
        }
        if case .deleted = change { return }
        retryUnschedulable()
    }

    private func enqueue(_ change: CacheChange) {
        let count = pendingChanges.withLock { pending -> Int in
            pending.append(change)
            return pending.count
        }
        if count >= Self.pendingChangesLimit { state.withLock { applyPendingChanges(to: &$0.cache) } }
    }

    /// Applies the pending informer changes, in order (the caller holds the state lock).
    private func applyPendingChanges(to cache: inout SchedulerCache) {
        var changes: [CacheChange] = []
        pendingChanges.withLock { swap(&changes, &$0) }
        for change in changes {
            switch change {
            case .nodeAddedOrUpdated(let node): cache.addNode(node)
            case .nodeDeleted(let name): cache.removeNode(named: name)
            case .podAddedOrUpdated(let pod): cache.updatePod(pod)
            case .podDeleted(let pod): cache.removePod(pod)
            }
        }
    }

    private func podChanged(_ change: SkiffClient.Notification<CoreV1.Pod>) {
        switch change {
        case .added(let pod), .updated(_, let pod):
            if let nodeName = pod.spec?.nodeName, !nodeName.isEmpty {
                enqueue(.podAddedOrUpdated(pod))
            } else if pod.metadata?.deletionTimestamp == nil, isResponsible(for: pod) {
                queue.add(pod.objectKey)
            }
        case .deleted(let pod):
            events.forget(podUID: pod.metadata?.uid ?? "")
            let wasBound = !(pod.spec?.nodeName ?? "").isEmpty
            enqueue(.podDeleted(pod))
            _ = unschedulable.withLock { $0.remove(pod.objectKey) }
            if wasBound { retryUnschedulable() }
        }
    }

    /// Whether the pod names this scheduler (it has no node: the caller checked).
    private func isResponsible(for pod: CoreV1.Pod) -> Bool {
        let name = pod.spec?.schedulerName.flatMap { $0.isEmpty ? nil : $0 } ?? SchedulerProfile.defaultSchedulerName
        return name == schedulerName
    }

    /// Moves every pod that fit nowhere back to the queue.
    private func retryUnschedulable() {
        let keys = unschedulable.withLock { unschedulable -> Set<ObjectKey> in
            let keys = unschedulable
            unschedulable = []
            return keys
        }
        for key in keys { queue.add(key) }
    }

    // MARK: Scheduling

    private func scheduleLoop(pods: Informer<CoreV1.Pod>) async {
        await withTaskGroup(of: Void.self) { bindings in
            var inFlight = 0
            while let key = await queue.get() {
                guard let pod = pods.get(name: key.name, namespace: key.namespace),
                      (pod.spec?.nodeName ?? "").isEmpty, pod.metadata?.deletionTimestamp == nil else {
                    queue.done(key)
                    continue
                }
                // Compiled outside the lock: informer handlers wait for it only during the decision.
                let prepared = PreparedPod(pod)
                let decision = state.withLock { state -> SchedulingDecision? in
                    applyPendingChanges(to: &state.cache)
                    if state.cache.isAssumed(key: prepared.info.key) { return nil }
                    state.cache.prepareIndexes(for: prepared)
                    let decision = state.scheduler.schedule(prepared, in: state.cache)
                    if case .bind(let nodeName) = decision { state.cache.assume(prepared, on: nodeName) }
                    return decision
                }
                switch decision {
                case .bind(let nodeName)?:
                    if inFlight >= Self.maximumBindingsInFlight {
                        await bindings.next()
                        inFlight -= 1
                    }
                    inFlight += 1
                    bindings.addTask { [self] in
                        await bind(pod, key: key, to: nodeName)
                    }
                case .unschedulable(let diagnosis)?:
                    await markUnschedulable(pod, key: key, diagnosis: diagnosis)
                    queue.done(key)
                case .skipped?, nil:
                    queue.done(key)
                }
            }
        }
    }

    private func bind(_ pod: CoreV1.Pod, key: ObjectKey, to nodeName: String) async {
        defer { queue.done(key) }
        let binding = BindingBody.bytes(namespace: key.namespace, name: key.name, uid: pod.metadata?.uid, nodeName: nodeName)
        do {
            // The answer is a Status saying Success; errors arrive as thrown KubernetesClientErrors.
            _ = try await client.subresourceBytes(.POST, CoreV1.Pod.self, name: key.name, namespace: key.namespace,
                                                  subresource: "binding", body: binding)
            queue.forget(key)
            // Queued (written by the recorder's one writer, dropped under overload as client-go does).
            events.record(pod, reason: "Scheduled", message: "Successfully assigned \(key.namespace)/\(key.name) to \(nodeName)")
            events.forget(podUID: pod.metadata?.uid ?? "")
        } catch {
            state.withLock { $0.cache.forget(pod) }
            if let error = error as? KubernetesClientError, error.isNotFound || error.isConflict {
                // Gone, or bound by someone else meanwhile: the informer will tell.
                return
            }
            logger.warning("binding failed; will retry", metadata: ["pod": "\(key)", "node": "\(nodeName)", "error": "\(error)"])
            queue.addRateLimited(key)
        }
    }

    private func markUnschedulable(_ pod: CoreV1.Pod, key: ObjectKey, diagnosis: UnschedulableDiagnosis) async {
        _ = unschedulable.withLock { $0.insert(key) }
        let current = pod.status?.conditions?.first { $0.type == "PodScheduled" }
        if current?.status != "False" || current?.reason != "Unschedulable" || current?.message != diagnosis.message {
            let condition: JSONValue = [
                "type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                "message": .string(diagnosis.message), "lastProbeTime": .null,
                "lastTransitionTime": .string(KubeTime(Date()).description),
            ]
            var status: [String: JSONValue] = ["conditions": [condition]]
            if let plan = diagnosis.preemption { status["nominatedNodeName"] = .string(plan.nominatedNodeName) }
            do {
                _ = try await client.patch(CoreV1.Pod.self, name: key.name, namespace: key.namespace,
                                           patch: ["status": .object(status)], patchType: .strategic, subresource: "status")
            } catch {
                logger.debug("could not mark a pod unschedulable", metadata: ["pod": "\(key)", "error": "\(error)"])
            }
            events.record(pod, type: "Warning", reason: "FailedScheduling", message: diagnosis.message)
        }
        if let plan = diagnosis.preemption {
            for victim in plan.victims {
                events.record(CoreV1.ObjectReference(apiVersion: "v1", kind: "Pod", name: victim.name, namespace: victim.namespace, uid: victim.uid),
                              reason: "Preempted", message: "Preempted by pod \(pod.metadata?.uid ?? key.description) on node \(plan.nominatedNodeName)")
                _ = try? await client.delete(CoreV1.Pod.self, name: victim.name, namespace: victim.namespace,
                                             options: DeleteOptions(preconditionUID: victim.uid))
            }
        }
    }
}
