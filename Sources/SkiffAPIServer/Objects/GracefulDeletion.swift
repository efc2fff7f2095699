import Foundation
import SkiffAPI
import SkiffModel

/// Graceful deletion of pods (pure), as Kubernetes' pod strategy decides it: a pod that is bound
/// to a node and not yet finished is not removed by a delete but marked with
/// `deletionTimestamp` = now + grace period and `deletionGracePeriodSeconds`; its node's agent
/// stops the containers and then deletes it with a grace period of 0. The grace period is the
/// delete's `gracePeriodSeconds`, else the pod's `spec.terminationGracePeriodSeconds`, else 30.
/// Unbound pods and pods that have Succeeded or Failed go at once. A second delete may shorten
/// the period, never lengthen it.
enum GracefulDeletion {
    /// Kubernetes' default `terminationGracePeriodSeconds`.
    static let defaultGracePeriod: Int64 = 30

    /// The grace period a delete of `object` gets; 0 means "remove now".
    static func gracePeriod(_ object: JSONValue, info: ResourceInfo, options: DeleteOptions) -> Int64 {
        guard info.group.isEmpty && info.resource == "pods" else { return 0 }
        let requested = options.gracePeriodSeconds
            ?? object.value(atPath: "spec.terminationGracePeriodSeconds")?.integerValue
            ?? defaultGracePeriod
        let nodeName = object.value(atPath: "spec.nodeName")?.stringValue ?? ""
        if nodeName.isEmpty { return 0 }
        let phase = object.value(atPath: "status.phase")?.stringValue ?? ""
        if phase == "Succeeded" || phase == "Failed" { return 0 }
        // Kubernetes turns a negative period into 1 s ("as soon as possible, but graceful").
        return max(requested, requested < 0 ? 1 : 0)
    }

    /// The object marked for deletion in `seconds`, or nil when it already is marked with a
    /// period no longer than that (nothing to change).
    static func mark(_ object: JSONValue, seconds: Int64, now: Date) -> JSONValue? {
        let metadata = object[member: "metadata"] ?? .object([:])
        if FinalizerRules.isBeingDeleted(object),
           let current = metadata[member: "deletionGracePeriodSeconds"]?.integerValue, current <= seconds {
            return nil
        }
        var updated = object
        var newMetadata = metadata
        newMetadata[member: "deletionTimestamp"] = .string(KubeTime(now.addingTimeInterval(TimeInterval(seconds))).description)
        newMetadata[member: "deletionGracePeriodSeconds"] = .integer(seconds)
        newMetadata[member: "resourceVersion"] = nil
        updated[member: "metadata"] = newMetadata
        return updated
    }
}
