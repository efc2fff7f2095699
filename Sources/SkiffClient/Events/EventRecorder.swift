import Foundation
import Logging
import SkiffAPI
import SkiffModel
import Synchronization

/// Writes core/v1 Events about objects, as client-go's event recorder does for the scheduler and
/// the kubelet: `kubectl describe` shows them under "Events".
///
/// `record` never waits for the API: it queues the event and one writer task writes the queue in
/// order, one request at a time (client-go's broadcaster), so events never hold up the work they
/// describe nor compete with it by the hundreds. At most ``maximumQueuedEvents`` wait; more are
/// dropped and logged, as client-go drops them: events are best-effort. A repeat of the same
/// (object, type, reason, message) bumps `count` and `lastTimestamp` of the Event written before
/// instead of creating another. Write failures are logged, never thrown. Time injected.
public final class EventRecorder: Sendable {
    /// client-go's `maxQueuedEvents`.
    public static let defaultMaximumQueuedEvents = 1000

    /// Who reports: `default-scheduler`, `kubelet` ...
    public let component: String
    /// The node the reporter runs on (the kubelet's `source.host`), if any.
    public let host: String?
    /// Events waiting beyond this many are dropped.
    public let maximumQueuedEvents: Int

    private let writer: EventWriter
    private let queue: AsyncStream<EventWriter.Item>.Continuation
    private let writerTask: Task<Void, Never>
    private let now: @Sendable () -> Date
    private let logger: Logger

    public init(client: KubernetesClient, component: String, host: String? = nil,
                maximumQueuedEvents: Int = EventRecorder.defaultMaximumQueuedEvents,
                logger: Logger = Logger(label: "skiff.events"), now: @escaping @Sendable () -> Date = { Date() }) {
        self.component = component
        self.host = host
        self.maximumQueuedEvents = maximumQueuedEvents
        self.now = now
        self.logger = logger
        let writer = EventWriter(client: client, component: component, host: host, logger: logger)
        let (stream, queue) = AsyncStream<EventWriter.Item>.makeStream()
        self.writer = writer
        self.queue = queue
        self.writerTask = Task { await writer.drain(stream) }
    }

    deinit {
        queue.finish()
    }

    /// Queues a `Normal` or `Warning` event about the referenced object.
    public func record(_ object: CoreV1.ObjectReference, type: String = "Normal", reason: String, message: String) {
        guard writer.admit(limit: maximumQueuedEvents) else {
            let dropped = writer.droppedCount
            if dropped == 1 || dropped % 1000 == 0 {
                logger.warning("event queue full (\(maximumQueuedEvents)): dropped \(dropped) event(s) so far, latest \(reason) for \(object.name ?? "?")")
            }
            return
        }
        queue.yield(.event(EventWriter.Pending(object: object, type: type, reason: reason, message: message, at: now())))
    }

    /// Queues an event about a pod (`fieldPath` names a container: `spec.containers{web}`).
    public func record(_ pod: CoreV1.Pod, type: String = "Normal", reason: String, message: String,
                       fieldPath: String? = nil) {
        var reference = pod.eventReference
        reference.fieldPath = fieldPath
        record(reference, type: type, reason: reason, message: message)
    }

    /// Forgets the aggregation state of an object that is gone (after the events queued before).
    public func forget(podUID uid: String) {
        queue.yield(.forget(uid: uid))
    }

    /// Returns once every event queued before the call is written (or failed).
    public func flush() async {
        await withCheckedContinuation { continuation in
            if case .terminated = queue.yield(.flush(continuation)) { continuation.resume() }
        }
    }

    /// Writes what is queued, then stops the writer; later events are not written.
    public func shutdown() async {
        queue.finish()
        await writerTask.value
    }

    /// Events dropped because the queue was full.
    public var droppedCount: Int { writer.droppedCount }
}

/// The writer side of an ``EventRecorder``: the queue's accounting and the aggregation state,
/// used by the one task that writes.
private final class EventWriter: Sendable {
    struct Pending: Sendable {
        var object: CoreV1.ObjectReference
        var type: String
        var reason: String
        var message: String
        var at: Date
    }

    enum Item: Sendable {
        case event(Pending)
        case forget(uid: String)
        case flush(CheckedContinuation<Void, Never>)
    }

    private struct Key: Hashable {
        var uid: String, type: String, reason: String, message: String
    }

    private struct Counters {
        var queued = 0
        var dropped = 0
    }

    private let client: KubernetesClient
    private let component: String
    private let host: String?
    private let logger: Logger
    private let counters = Mutex(Counters())
    /// The Event last written per key (only the writer task touches it; the lock is for Sendable).
    private let written = Mutex<[Key: CoreV1.Event]>([:])

    init(client: KubernetesClient, component: String, host: String?, logger: Logger) {
        self.client = client
        self.component = component
        self.host = host
        self.logger = logger
    }

    var droppedCount: Int { counters.withLock { $0.dropped } }

    /// Takes a place in the queue, or counts a drop when `limit` events already wait.
    func admit(limit: Int) -> Bool {
        counters.withLock { counters in
            if counters.queued >= limit {
                counters.dropped += 1
                return false
            }
            counters.queued += 1
            return true
        }
    }

    func drain(_ stream: AsyncStream<Item>) async {
        for await item in stream {
            switch item {
            case .event(let pending):
                await write(pending)
                counters.withLock { $0.queued -= 1 }
            case .forget(let uid):
                written.withLock { $0 = $0.filter { $0.key.uid != uid } }
            case .flush(let continuation):
                continuation.resume()
            }
        }
    }

    private func write(_ pending: Pending) async {
        let object = pending.object
        let key = Key(uid: object.uid ?? "", type: pending.type, reason: pending.reason, message: pending.message)
        let stamp = KubeTime(pending.at)
        do {
            if var existing = written.withLock({ $0[key] }) {
                existing.count = (existing.count ?? 1) + 1
                existing.lastTimestamp = stamp
                existing.metadata?.resourceVersion = nil
                try await client.send(event: existing, replacing: true)
                written.withLock { $0[key] = existing }
                return
            }
            let event = CoreV1.Event(
                count: 1, firstTimestamp: stamp, involvedObject: object, lastTimestamp: stamp, message: pending.message,
                metadata: MetaV1.ObjectMeta(
                    name: "\(object.name ?? "object").\(String(UInt64.random(in: 0...UInt64.max), radix: 16))",
                    namespace: object.namespace ?? "default"),
                reason: pending.reason, reportingComponent: component, reportingInstance: host ?? "",
                source: CoreV1.EventSource(component: component, host: host), type: pending.type)
            try await client.send(event: event, replacing: false)
            written.withLock { $0[key] = event }
        } catch {
            logger.debug("cannot record event \(pending.reason) for \(object.name ?? "?"): \(error)")
        }
    }
}

extension KubernetesClient {
    /// POSTs (or PUTs, unconditionally) an Event without decoding the answer: the recorder keeps
    /// the Event it sent, which is all it needs to aggregate repeats.
    fileprivate func send(event: CoreV1.Event, replacing: Bool) async throws {
        let resource = try CoreV1.Event.apiResource()
        let namespace = Self.scope(resource, event.metadata?.namespace)
        let body = try Self.encode(event.withTypeMeta())
        if replacing {
            _ = try await send(.PUT, resource.objectPath(namespace: namespace, name: event.metadata?.name ?? ""), body: body)
        } else {
            _ = try await send(.POST, resource.collectionPath(namespace: namespace), body: body)
        }
    }
}

extension CoreV1.Pod {
    /// A reference to this pod for events.
    public var eventReference: CoreV1.ObjectReference {
        CoreV1.ObjectReference(apiVersion: "v1", kind: "Pod", name: metadata?.name, namespace: metadata?.namespace ?? "default",
                               resourceVersion: metadata?.resourceVersion, uid: metadata?.uid)
    }
}
