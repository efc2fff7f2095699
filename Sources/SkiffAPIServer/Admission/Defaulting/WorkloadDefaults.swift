import SkiffModel

/// The defaults of the workload kinds (apps/v1, batch/v1, the core ReplicationController and
/// PodTemplate), as Kubernetes 1.32's `SetDefaults_*` set them; each also defaults its pod template.
enum WorkloadDefaults {
    /// apps/v1 Deployment.
    static func deployment(_ object: inout JSONValue) {
        object.editObject("spec") { spec in
            spec.setDefault("replicas", 1)
            spec.setDefault("strategy", .object([:]))
            spec.editObject("strategy") { strategy in
                strategy.setDefaultIfEmpty("type", "RollingUpdate")
                if strategy.text("type") == "RollingUpdate" {
                    strategy.setDefault("rollingUpdate", .object([:]))
                    strategy.editObject("rollingUpdate") { rolling in
                        rolling.setDefault("maxUnavailable", "25%")
                        rolling.setDefault("maxSurge", "25%")
                    }
                }
            }
            spec.setDefault("revisionHistoryLimit", 10)
            spec.setDefault("progressDeadlineSeconds", 600)
            spec.editObject("template", PodSpecDefaults.applyTemplate)
        }
    }

    /// apps/v1 ReplicaSet.
    static func replicaSet(_ object: inout JSONValue) {
        object.editObject("spec") { spec in
            spec.setDefault("replicas", 1)
            spec.editObject("template", PodSpecDefaults.applyTemplate)
        }
    }

    /// apps/v1 StatefulSet.
    static func statefulSet(_ object: inout JSONValue) {
        object.editObject("spec") { spec in
            spec.setDefaultIfEmpty("podManagementPolicy", "OrderedReady")
            spec.setDefault("updateStrategy", .object([:]))
            spec.editObject("updateStrategy") { strategy in
                if strategy.text("type").isEmpty {
                    strategy[member: "type"] = "RollingUpdate"
                    strategy.setDefault("rollingUpdate", .object([:]))
                }
                if strategy.text("type") == "RollingUpdate" {
                    strategy.editObject("rollingUpdate") { $0.setDefault("partition", 0) }
                }
            }
            spec.setDefault("persistentVolumeClaimRetentionPolicy", .object([:]))
            spec.editObject("persistentVolumeClaimRetentionPolicy") { policy in
                policy.setDefaultIfEmpty("whenDeleted", "Retain")
                policy.setDefaultIfEmpty("whenScaled", "Retain")
            }
            spec.setDefault("replicas", 1)
            spec.setDefault("revisionHistoryLimit", 10)
            spec.editElements("volumeClaimTemplates") { claim in
                claim.setDefault("apiVersion", "v1")
                claim.setDefault("kind", "PersistentVolumeClaim")
                ClusterDefaults.persistentVolumeClaim(&claim)
            }
            spec.editObject("template", PodSpecDefaults.applyTemplate)
        }
    }

    /// apps/v1 DaemonSet.
    static func daemonSet(_ object: inout JSONValue) {
        object.editObject("spec") { spec in
            spec.setDefault("updateStrategy", .object([:]))
            spec.editObject("updateStrategy") { strategy in
                strategy.setDefaultIfEmpty("type", "RollingUpdate")
                if strategy.text("type") == "RollingUpdate" {
                    strategy.setDefault("rollingUpdate", .object([:]))
                    strategy.editObject("rollingUpdate") { rolling in
                        rolling.setDefault("maxUnavailable", 1)
                        rolling.setDefault("maxSurge", 0)
                    }
                }
            }
            spec.setDefault("revisionHistoryLimit", 10)
            spec.editObject("template", PodSpecDefaults.applyTemplate)
        }
    }

    /// batch/v1 Job (`SetDefaults_Job`): completions and parallelism 1 when both are unset,
    /// parallelism 1 when unset, backoffLimit 6 (max int32 with a per-index limit),
    /// completionMode NonIndexed, suspend false, podReplacementPolicy TerminatingOrFailed
    /// (Failed with a pod failure policy).
    static func job(_ object: inout JSONValue) {
        object.editObject("spec") { spec in
            if spec.isEmptyMember("completions") && spec.isEmptyMember("parallelism") {
                spec[member: "completions"] = 1
                spec[member: "parallelism"] = 1
            }
            spec.setDefault("parallelism", 1)
            if spec.isEmptyMember("backoffLimit") {
                spec[member: "backoffLimit"] = spec.isEmptyMember("backoffLimitPerIndex") ? 6 : .integer(Int64(Int32.max))
            }
            spec.setDefault("completionMode", "NonIndexed")
            spec.setDefault("suspend", false)
            spec.setDefault("podReplacementPolicy", spec.isEmptyMember("podFailurePolicy") ? "TerminatingOrFailed" : "Failed")
            spec.editObject("template", PodSpecDefaults.applyTemplate)
        }
    }

    /// batch/v1 CronJob; the job template's pod template gets pod defaults (its job spec does not).
    static func cronJob(_ object: inout JSONValue) {
        object.editObject("spec") { spec in
            spec.setDefaultIfEmpty("concurrencyPolicy", "Allow")
            spec.setDefault("suspend", false)
            spec.setDefault("successfulJobsHistoryLimit", 3)
            spec.setDefault("failedJobsHistoryLimit", 1)
            spec.editObject("jobTemplate") { jobTemplate in
                jobTemplate.editObject("spec") { $0.editObject("template", PodSpecDefaults.applyTemplate) }
            }
        }
    }

    /// core/v1 ReplicationController: replicas 1; an empty selector and empty object labels
    /// are taken from the template's labels.
    static func replicationController(_ object: inout JSONValue) {
        let templateLabels = object[member: "spec"]?[member: "template"]?[member: "metadata"]?[member: "labels"]
        object.editObject("spec") { spec in
            if spec.isEmptyMember("selector"), let templateLabels, !templateLabels.isNull {
                spec[member: "selector"] = templateLabels
            }
            spec.setDefault("replicas", 1)
            spec.editObject("template", PodSpecDefaults.applyTemplate)
        }
        if let templateLabels, templateLabels.objectMembers?.isEmpty == false,
           object[member: "metadata"]?.isEmptyMember("labels") ?? true {
            object.editObject("metadata") { $0[member: "labels"] = templateLabels }
        }
    }

    /// core/v1 PodTemplate.
    static func podTemplate(_ object: inout JSONValue) {
        object.editObject("template", PodSpecDefaults.applyTemplate)
    }
}
