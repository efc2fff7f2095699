import SkiffAPI
import SkiffModel

/// Per-kind defaulting and validation of the built-in kinds, the step Kubernetes runs between
/// decoding a write and storing it (`SetDefaults_*`, the defaulting admission plugins, the
/// strategies' `Validate`/`ValidateUpdate`). Pure: the create and update strategies call it
/// with the object they prepared; it returns the defaulted object or the field errors.
///
/// Order per write: explicit nulls dropped, type check against the typed struct (400), defaults, then the kind's
/// checks (and on update the immutable fields against the stored object). Kinds not in the
/// table pass through untouched.
enum KindAdmission {
    /// The defaulting step of a kind: `(object, isCreate)`.
    typealias Defaulter = (inout JSONValue, Bool) -> Void
    /// The validation step of a kind.
    typealias Validator = (JSONValue) -> [FieldError]

    /// Defaults for a new object (create). Throws 400 for a body of the wrong shape.
    static func defaultForCreate(_ object: inout JSONValue, group: String, kind: String) throws(StatusError) {
        guard handles(group: group, kind: kind) else { return }
        object = object.removingNullMembers()
        try TypedShapeCheck.check(object, group: group, kind: kind)
        applyDefaults(&object, group: group, kind: kind, isCreate: true)
    }

    /// Defaults for a replacement (update of the main resource), keeping what the server
    /// assigned at create that a client may leave out. Throws 400 for a body of the wrong shape.
    static func defaultForUpdate(_ object: inout JSONValue, old: JSONValue, group: String, kind: String) throws(StatusError) {
        guard handles(group: group, kind: kind) else { return }
        object = object.removingNullMembers()
        try TypedShapeCheck.check(object, group: group, kind: kind)
        applyDefaults(&object, group: group, kind: kind, isCreate: false)
        if group.isEmpty && kind == "Service" {
            ServiceAllocatedFields.keep(&object, old: old)
        }
    }

    /// True for the kinds this table defaults or validates (their explicit nulls are dropped, as
    /// Kubernetes' typed decoding drops them).
    static func handles(group: String, kind: String) -> Bool {
        TypedShapeCheck.type(group: group, kind: kind) != nil || validator(group: group, kind: kind) != nil
    }

    /// The field errors of a defaulted object.
    static func errors(_ object: JSONValue, group: String, kind: String) -> [FieldError] {
        validator(group: group, kind: kind)?(object) ?? []
    }

    /// The field errors of a defaulted replacement: the kind's checks and the immutable fields.
    static func updateErrors(_ object: JSONValue, old: JSONValue, group: String, kind: String) -> [FieldError] {
        errors(object, group: group, kind: kind) + ImmutableFields.errors(object, old: old, group: group, kind: kind)
    }

    static func applyDefaults(_ object: inout JSONValue, group: String, kind: String, isCreate: Bool) {
        switch (group, kind) {
        case ("", "Pod"):
            object.editObject("spec") { spec in
                PodSpecDefaults.apply(&spec)
                PodSpecDefaults.applyPodOnly(&spec)
            }
            if isCreate { PodDefaults.applyOnCreate(&object) }
        case ("", "PodTemplate"): WorkloadDefaults.podTemplate(&object)
        case ("", "ReplicationController"): WorkloadDefaults.replicationController(&object)
        case ("apps", "Deployment"): WorkloadDefaults.deployment(&object)
        case ("apps", "ReplicaSet"): WorkloadDefaults.replicaSet(&object)
        case ("apps", "StatefulSet"): WorkloadDefaults.statefulSet(&object)
        case ("apps", "DaemonSet"): WorkloadDefaults.daemonSet(&object)
        case ("batch", "Job"):
            WorkloadDefaults.job(&object)
            if isCreate { JobSelectorGeneration.apply(&object) }
        case ("batch", "CronJob"): WorkloadDefaults.cronJob(&object)
        case ("", "Service"): ClusterDefaults.service(&object)
        case ("", "Secret"): ClusterDefaults.secret(&object)
        case ("", "PersistentVolumeClaim"):
            ClusterDefaults.persistentVolumeClaim(&object)
            if isCreate { object[member: "status"] = ["phase": "Pending"] }
        case ("", "PersistentVolume"):
            ClusterDefaults.persistentVolume(&object)
            if isCreate { object[member: "status"] = ["phase": "Pending"] }
        case ("", "Endpoints"): ClusterDefaults.endpoints(&object)
        case ("discovery.k8s.io", "EndpointSlice"): ClusterDefaults.endpointSlice(&object)
        case ("networking.k8s.io", "NetworkPolicy"): ClusterDefaults.networkPolicy(&object)
        default: break
        }
    }

    static func validator(group: String, kind: String) -> Validator? {
        switch (group, kind) {
        case ("", "Pod"): return { PodSpecValidation.errors($0[member: "spec"] ?? .object([:]), path: "spec") }
        case ("", "PodTemplate"): return WorkloadValidation.podTemplate
        case ("", "ReplicationController"): return WorkloadValidation.replicationController
        case ("apps", "Deployment"): return WorkloadValidation.deployment
        case ("apps", "ReplicaSet"): return WorkloadValidation.replicaSet
        case ("apps", "StatefulSet"): return WorkloadValidation.statefulSet
        case ("apps", "DaemonSet"): return WorkloadValidation.daemonSet
        case ("batch", "Job"): return WorkloadValidation.job
        case ("batch", "CronJob"): return WorkloadValidation.cronJob
        case ("", "Service"): return ServiceValidation.errors
        case ("", "ConfigMap"): return ConfigDataValidation.configMap
        case ("", "Secret"): return ConfigDataValidation.secret
        default: return nil
        }
    }
}
