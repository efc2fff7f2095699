import Foundation
import Logging
import SkiffAPI
import SkiffModel
import Synchronization

/// Writes core/v1 Events about objects, as client-go's event recorder does for the scheduler and
/// the kubelet: `kubectl describe` shows them under "Events". A repeat of the same (object, type,
/// reason, message) bumps `count` and `lastTimestamp` of the Event written before instead of
/// creating another. Failures are logged, never thrown: events are best-effort. Time injected.
public final class EventRecorder: Sendable {
    private struct Key: Hashable {
        var uid: String, type: String, reason: String, message: String
    }

    /// Who reports: `default-scheduler`, `kubelet` ...
    public let component: String
    /// The node the reporter runs on (the kubelet's `source.host`), if any.
    public let host: String?
    private let client: KubernetesClient
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let written = Mutex<[Key: CoreV1.Event]>([:])

    public init(client: KubernetesClient, component: String, host: String? = nil,
                logger: Logger = Logger(label: "skiff.events"), now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.component = component
        self.host = host
        self.logger = logger
        self.now = now
    }

    /// Records a `Normal` or `Warning` event about the referenced object.
    public func record(_ object: CoreV1.ObjectReference, type: String = "Normal", reason: String, message: String) async {
        let key = Key(uid: object.uid ?? "", type: type, reason: reason, message: message)
        let stamp = KubeTime(now())
        do {
            if var existing = written.withLock({ $0[key] }) {
                existing.count = (existing.count ?? 1) + 1
                existing.lastTimestamp = stamp
                existing.metadata?.resourceVersion = nil
                let stored = try await client.update(existing)
                written.withLock { $0[key] = stored }
                return
            }
            let namespace = object.namespace ?? "default"
            let event = CoreV1.Event(
                count: 1, firstTimestamp: stamp, involvedObject: object, lastTimestamp: stamp, message: message,
                metadata: MetaV1.ObjectMeta(
                    name: "\(object.name ?? "object").\(String(UInt64.random(in: 0...UInt64.max), radix: 16))",
                    namespace: namespace),
                reason: reason, reportingComponent: component, reportingInstance: host ?? "",
                source: CoreV1.EventSource(component: component, host: host), type: type)
            let stored = try await client.create(event)
            written.withLock { $0[key] = stored }
        } catch {
            logger.debug("cannot record event \(reason) for \(object.name ?? "?"): \(error)")
        }
    }

    /// Records an event about a pod (`fieldPath` names a container: `spec.containers{web}`).
    public func record(_ pod: CoreV1.Pod, type: String = "Normal", reason: String, message: String,
                       fieldPath: String? = nil) async {
        var reference = pod.eventReference
        reference.fieldPath = fieldPath
        await record(reference, type: type, reason: reason, message: message)
    }

    /// Forgets the aggregation state of an object that is gone.
    public func forget(podUID uid: String) {
        written.withLock { $0 = $0.filter { $0.key.uid != uid } }
    }
}

extension CoreV1.Pod {
    /// A reference to this pod for events.
    public var eventReference: CoreV1.ObjectReference {
        CoreV1.ObjectReference(apiVersion: "v1", kind: "Pod", name: metadata?.name, namespace: metadata?.namespace ?? "default",
                               resourceVersion: metadata?.resourceVersion, uid: metadata?.uid)
    }
}
