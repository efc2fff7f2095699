import SkiffAPI
import SkiffModel

/// Deletion with finalizers (pure): an object with finalizers is not removed by a delete but
/// marked with a `deletionTimestamp`; it goes once an update removes its last finalizer.
enum FinalizerRules {
    static func finalizers(_ object: JSONValue) -> [String] {
        (object[member: "metadata"]?[member: "finalizers"]?.arrayElements ?? []).compactMap(\.stringValue)
    }

    static func isBeingDeleted(_ object: JSONValue) -> Bool {
        guard let timestamp = object[member: "metadata"]?[member: "deletionTimestamp"] else { return false }
        return timestamp != .null
    }

    /// True when an update leaves a deleting object without finalizers.
    static func shouldDeleteAfterUpdate(_ object: JSONValue) -> Bool {
        isBeingDeleted(object) && finalizers(object).isEmpty
    }

    /// The object as a delete leaves it when finalizers hold it back.
    static func markDeleted(_ object: JSONValue, now: KubeTime) -> JSONValue {
        var object = object
        var metadata = object[member: "metadata"] ?? .object([:])
        metadata[member: "deletionTimestamp"] = .string(now.description)
        metadata[member: "deletionGracePeriodSeconds"] = .integer(0)
        object[member: "metadata"] = metadata
        return object
    }
}
