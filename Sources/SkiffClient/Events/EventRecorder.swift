import Foundation
import Logging
import SkiffAPI
import SkiffModel

/// Records core/v1 Events about objects, as client-go's event recorder does for the scheduler
/// and the kubelet: `kubectl describe` shows them under "Events". Writes are fire-and-forget
/// (an event that cannot be written is logged, never an error of the caller). Time injected.
public struct EventRecorder: Sendable {
    /// Who reports: `default-scheduler`, `kubelet` ...
    public var component: String
    /// The node the reporter runs on (the kubelet's `source.host`), if any.
    public var host: String?
    let client: KubernetesClient
    let now: @Sendable () -> Date
    let logger: Logger

    public init(client: KubernetesClient, component: String, host: String? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "skiff.events")) {
        self.client = client
        self.component = component
        self.host = host
        self.now = now
        self.logger = logger
    }

    /// The Event for `reason`/`message` about an object (pure: what `record` writes).
    public func event(about object: CoreV1.ObjectReference, type: String, reason: String, message: String) -> CoreV1.Event {
        let date = now()
        let stamp = KubeTime(date)
        let suffix = String(UInt64(date.timeIntervalSince1970 * 1_000_000_000), radix: 16)
        return CoreV1.Event(
            count: 1, eventTime: nil, firstTimestamp: stamp, involvedObject: object, lastTimestamp: stamp,
            message: message,
            metadata: MetaV1.ObjectMeta(name: (object.name ?? "object") + "." + suffix, namespace: object.namespace ?? "default"),
            reason: reason, reportingComponent: component, reportingInstance: host ?? "",
            source: CoreV1.EventSource(component: component, host: host), type: type)
    }

    /// Writes the event in the background.
    public func record(_ object: CoreV1.ObjectReference, type: String = "Normal", reason: String, message: String) {
        let event = event(about: object, type: type, reason: reason, message: message)
        let client = self.client
        let logger = self.logger
        Task {
            do {
                _ = try await client.create(event, namespace: event.metadata?.namespace)
            } catch {
                logger.debug("could not record an event", metadata: ["reason": "\(reason)", "error": "\(error)"])
            }
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
