import SkiffAPI
import SkiffModel

/// What an update may not change, per kind (`ValidateXUpdate`): a pod's spec beyond images,
/// activeDeadlineSeconds, added tolerations and terminationGracePeriodSeconds; workload
/// selectors; a Job's template (unless suspended, then only scheduling directives and labels)
/// and completion mode; a Service's cluster IP; an immutable ConfigMap's or Secret's data; a
/// Secret's type; a PVC's spec beyond its resources.
enum ImmutableFields {
    static let podUpdateMessage = "pod updates may not change fields other than `spec.containers[*].image`,"
        + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
        + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"

    static func errors(_ object: JSONValue, old: JSONValue, group: String, kind: String) -> [FieldError] {
        switch (group, kind) {
        case ("", "Pod"): return pod(object, old: old)
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "DaemonSet"):
            return unchanged(object, old: old, "spec.selector")
        case ("apps", "StatefulSet"):
            return unchanged(object, old: old, "spec.selector") + statefulSet(object, old: old)
        case ("batch", "Job"): return job(object, old: old)
        case ("", "Service"): return service(object, old: old)
        case ("", "ConfigMap"): return immutableData(object, old: old, sections: ["data", "binaryData"])
        case ("", "Secret"):
            return immutableData(object, old: old, sections: ["data"]) + unchanged(object, old: old, "type")
        case ("", "PersistentVolumeClaim"): return persistentVolumeClaim(object, old: old)
        default: return []
        }
    }

    /// `field is immutable` when the value at a dotted path changed.
    static func unchanged(_ object: JSONValue, old: JSONValue, _ path: String) -> [FieldError] {
        let value = object.value(atPath: path)
        guard value != old.value(atPath: path) else { return [] }
        let shown = path.hasSuffix("selector") ? ValidationFormats.goLabelSelector(value) : ValidationFormats.badValue(value)
        return [.invalid(path, shown, ValidationFormats.immutableMessage)]
    }

    static func pod(_ object: JSONValue, old: JSONValue) -> [FieldError] {
        let oldSpec = old[member: "spec"] ?? .object([:])
        var munged = object[member: "spec"] ?? .object([:])
        for key in ["containers", "initContainers"] {
            let oldContainers = oldSpec[member: key]?.arrayElements ?? []
            guard case .array(var containers)? = munged[member: key], containers.count == oldContainers.count else { continue }
            for index in containers.indices where containers[index].isObject {
                containers[index][member: "image"] = oldContainers[index][member: "image"]
            }
            munged[member: key] = .array(containers)
        }
        var errors: [FieldError] = []
        let oldTolerations = oldSpec[member: "tolerations"]?.arrayElements ?? []
        let newTolerations = munged[member: "tolerations"]?.arrayElements ?? []
        if !oldTolerations.allSatisfy({ newTolerations.contains($0) }) {
            errors.append(.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"))
        }
        for field in ["activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"] {
            munged[member: field] = oldSpec[member: field]
        }
        let oldGates = oldSpec[member: "schedulingGates"]?.arrayElements ?? []
        let newGates = munged[member: "schedulingGates"]?.arrayElements ?? []
        if newGates.allSatisfy({ oldGates.contains($0) }) {
            munged[member: "schedulingGates"] = oldSpec[member: "schedulingGates"]
        }
        if munged != oldSpec {
            errors.append(.forbidden("spec", podUpdateMessage))
        }
        return errors
    }

    /// StatefulSet updates may change only replicas, ordinals, template, updateStrategy,
    /// revisionHistoryLimit, persistentVolumeClaimRetentionPolicy and minReadySeconds.
    static func statefulSet(_ object: JSONValue, old: JSONValue) -> [FieldError] {
        var newSpec = object[member: "spec"] ?? .object([:])
        var oldSpec = old[member: "spec"] ?? .object([:])
        for field in ["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
                      "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "selector"] {
            newSpec[member: field] = nil
            oldSpec[member: field] = nil
        }
        guard newSpec != oldSpec else { return [] }
        return [.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")]
    }

    static func job(_ object: JSONValue, old: JSONValue) -> [FieldError] {
        var errors = unchanged(object, old: old, "spec.selector")
        errors += unchanged(object, old: old, "spec.completionMode")
        errors += unchanged(object, old: old, "spec.podFailurePolicy")
        let oldSuspended = old[member: "spec"]?[member: "suspend"] == .bool(true)
        if oldSuspended {
            var newTemplate = object.value(atPath: "spec.template") ?? .null
            var oldTemplate = old.value(atPath: "spec.template") ?? .null
            stripSchedulingDirectives(&newTemplate)
            stripSchedulingDirectives(&oldTemplate)
            if newTemplate != oldTemplate {
                errors.append(.invalid("spec.template", ValidationFormats.badValue(object.value(atPath: "spec.template")),
                                       ValidationFormats.immutableMessage))
            }
        } else {
            errors += unchanged(object, old: old, "spec.template")
        }
        return errors
    }

    /// Removes what a suspended Job's template may change: labels, annotations, node selector,
    /// affinity, tolerations and scheduling gates.
    static func stripSchedulingDirectives(_ template: inout JSONValue) {
        guard template.isObject else { return }
        template.editObject("metadata") { metadata in
            metadata[member: "labels"] = nil
            metadata[member: "annotations"] = nil
        }
        template.editObject("spec") { spec in
            for field in ["nodeSelector", "affinity", "tolerations", "schedulingGates"] { spec[member: field] = nil }
        }
    }

    static func service(_ object: JSONValue, old: JSONValue) -> [FieldError] {
        let oldType = old[member: "spec"]?.text("type") ?? ""
        let newType = object[member: "spec"]?.text("type") ?? ""
        if oldType == "ExternalName" || newType == "ExternalName" { return [] }
        let oldIP = old[member: "spec"]?.text("clusterIP") ?? ""
        let newIP = object[member: "spec"]?.text("clusterIP") ?? ""
        guard !oldIP.isEmpty, newIP != oldIP else { return [] }
        return [.invalid("spec.clusterIPs[0]", .strings([newIP]), "may not change once set")]
    }

    static func immutableData(_ object: JSONValue, old: JSONValue, sections: [String]) -> [FieldError] {
        guard old[member: "immutable"] == .bool(true) else { return [] }
        var errors: [FieldError] = []
        if object[member: "immutable"] != .bool(true) {
            errors.append(.forbidden("immutable", "field is immutable when `immutable` is set"))
        }
        for section in sections where object[member: section] != old[member: section] {
            errors.append(.forbidden(section, "field is immutable when `immutable` is set"))
        }
        return errors
    }

    /// A bound claim's spec may change only its resource requests (and volumeAttributesClassName).
    static func persistentVolumeClaim(_ object: JSONValue, old: JSONValue) -> [FieldError] {
        var newSpec = object[member: "spec"] ?? .object([:])
        var oldSpec = old[member: "spec"] ?? .object([:])
        for field in ["resources", "volumeAttributesClassName"] {
            newSpec[member: field] = nil
            oldSpec[member: field] = nil
        }
        if oldSpec.text("volumeName").isEmpty { newSpec[member: "volumeName"] = nil; oldSpec[member: "volumeName"] = nil }
        guard newSpec != oldSpec else { return [] }
        return [.forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims")]
    }
}
