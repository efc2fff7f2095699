import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffModel
import Synchronization

/// Writes core/v1 Events about pods as the kubelet does (source component `kubelet`, host the
/// node); a repeat of the same (object, type, reason, message) bumps `count` and
/// `lastTimestamp` of the Event written before instead of creating another. Failures are logged,
/// never thrown: events are best-effort.
public final class EventRecorder: Sendable {
    private struct Key: Hashable {
        var uid: String, type: String, reason: String, message: String
    }

    private let client: KubernetesClient
    private let nodeName: String
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let written = Mutex<[Key: CoreV1.Event]>([:])

    public init(client: KubernetesClient, nodeName: String, logger: Logger, now: @escaping @Sendable () -> Date) {
        self.client = client
        self.nodeName = nodeName
        self.logger = logger
        self.now = now
    }

    /// Records a `Normal` or `Warning` event about `pod`.
    public func record(_ pod: CoreV1.Pod, type: String = "Normal", reason: String, message: String,
                       fieldPath: String? = nil) async {
        let metadata = pod.metadata ?? MetaV1.ObjectMeta()
        let key = Key(uid: metadata.uid ?? "", type: type, reason: reason, message: message)
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
            let namespace = metadata.namespace ?? "default"
            let event = CoreV1.Event(
                count: 1, firstTimestamp: stamp,
                involvedObject: CoreV1.ObjectReference(
                    apiVersion: "v1", fieldPath: fieldPath, kind: "Pod", name: metadata.name, namespace: namespace,
                    resourceVersion: metadata.resourceVersion, uid: metadata.uid),
                lastTimestamp: stamp, message: message,
                metadata: MetaV1.ObjectMeta(
                    name: "\(metadata.name ?? "pod").\(String(UInt64.random(in: 0...UInt64.max), radix: 16))",
                    namespace: namespace),
                reason: reason, reportingComponent: "kubelet", reportingInstance: nodeName,
                source: CoreV1.EventSource(component: "kubelet", host: nodeName), type: type)
            let stored = try await client.create(event)
            written.withLock { $0[key] = stored }
        } catch {
            logger.debug("cannot record event \(reason) for \(metadata.name ?? "?"): \(error)")
        }
    }

    /// Forgets the aggregation state of a pod that is gone.
    public func forget(podUID: String) {
        written.withLock { $0 = $0.filter { $0.key.uid != podUID } }
    }
}
