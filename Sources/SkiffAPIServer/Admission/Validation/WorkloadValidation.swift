import SkiffAPI
import SkiffModel

/// The spec checks of the workload kinds (on defaulted objects): selectors matching the pod
/// template, replica and limit counts non-negative, restart policies the controller can run,
/// strategy types, and the CronJob schedule.
enum WorkloadValidation {
    static func deployment(_ object: JSONValue) -> [FieldError] {
        let spec = object[member: "spec"] ?? .object([:])
        var errors = replicated(spec, kindWord: "deployment")
        let strategy = spec[member: "strategy"] ?? .object([:])
        let type = strategy.text("type")
        errors += ValidationFormats.oneOf(type, "spec.strategy.type", ["Recreate", "RollingUpdate"])
        if type == "Recreate", strategy[member: "rollingUpdate"] != nil, strategy[member: "rollingUpdate"] != .null {
            errors.append(.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"))
        }
        if type == "RollingUpdate", let rolling = strategy[member: "rollingUpdate"] {
            let unavailable = rolling[member: "maxUnavailable"]
            let surge = rolling[member: "maxSurge"]
            if isZero(unavailable) && isZero(surge) {
                errors.append(.invalid("spec.strategy.rollingUpdate.maxUnavailable", ValidationFormats.badValue(unavailable),
                                       "may not be 0 when `maxSurge` is 0"))
            }
        }
        errors += ValidationFormats.nonNegative(spec[member: "revisionHistoryLimit"], "spec.revisionHistoryLimit")
        errors += ValidationFormats.nonNegative(spec[member: "minReadySeconds"], "spec.minReadySeconds")
        return errors
    }

    static func replicaSet(_ object: JSONValue) -> [FieldError] {
        replicated(object[member: "spec"] ?? .object([:]), kindWord: "replicaset")
    }

    static func statefulSet(_ object: JSONValue) -> [FieldError] {
        let spec = object[member: "spec"] ?? .object([:])
        var errors = replicated(spec, kindWord: "statefulset")
        errors += ValidationFormats.oneOf(spec.text("podManagementPolicy"), "spec.podManagementPolicy", ["OrderedReady", "Parallel"])
        errors += ValidationFormats.oneOf(spec[member: "updateStrategy"]?.text("type") ?? "", "spec.updateStrategy.type",
                                          ["OnDelete", "RollingUpdate"])
        errors += ValidationFormats.nonNegative(spec[member: "updateStrategy"]?[member: "rollingUpdate"]?[member: "partition"],
                                                "spec.updateStrategy.rollingUpdate.partition")
        errors += ValidationFormats.nonNegative(spec[member: "revisionHistoryLimit"], "spec.revisionHistoryLimit")
        return errors
    }

    static func daemonSet(_ object: JSONValue) -> [FieldError] {
        let spec = object[member: "spec"] ?? .object([:])
        var errors = SelectorValidation.errors(spec: spec, kindWord: "daemonset", template: spec[member: "template"])
        errors += template(spec[member: "template"], path: "spec.template", restartPolicies: ["Always"])
        errors += ValidationFormats.oneOf(spec[member: "updateStrategy"]?.text("type") ?? "", "spec.updateStrategy.type",
                                          ["OnDelete", "RollingUpdate"])
        errors += ValidationFormats.nonNegative(spec[member: "revisionHistoryLimit"], "spec.revisionHistoryLimit")
        return errors
    }

    static func replicationController(_ object: JSONValue) -> [FieldError] {
        let spec = object[member: "spec"] ?? .object([:])
        var errors = ValidationFormats.nonNegative(spec[member: "replicas"], "spec.replicas")
        let selector = spec[member: "selector"]?.stringMap ?? [:]
        if selector.isEmpty {
            errors.append(.required("spec.selector"))
        } else {
            errors += LabelValidation.validateLabels(selector, field: "spec.selector")
            let labels = spec[member: "template"]?[member: "metadata"]?[member: "labels"]?.stringMap ?? [:]
            if !selector.allSatisfy({ labels[$0.key] == $0.value }) {
                errors.append(.invalid("spec.template.metadata.labels", .json(ValidationFormats.goStringMap(labels)),
                                       "`selector` does not match template `labels`"))
            }
        }
        if let template = spec[member: "template"], !template.isNull {
            errors += self.template(template, path: "spec.template", restartPolicies: ["Always"])
        } else {
            errors.append(.required("spec.template"))
        }
        return errors
    }

    static func podTemplate(_ object: JSONValue) -> [FieldError] {
        template(object[member: "template"], path: "template", restartPolicies: nil)
    }

    static func job(_ object: JSONValue) -> [FieldError] {
        let spec = object[member: "spec"] ?? .object([:])
        var errors = jobSpec(spec, path: "spec")
        errors += SelectorValidation.errors(spec: spec, kindWord: "job", template: spec[member: "template"])
        return errors
    }

    static func jobSpec(_ spec: JSONValue, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["parallelism", "completions", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished"] {
            errors += ValidationFormats.nonNegative(spec[member: field], "\(path).\(field)")
        }
        errors += ValidationFormats.oneOf(spec.text("completionMode"), "\(path).completionMode", ["NonIndexed", "Indexed"], required: false)
        if spec.text("completionMode") == "Indexed", spec[member: "completions"]?.integerValue == nil {
            errors.append(.required("\(path).completions", "when completion mode is Indexed"))
        }
        errors += template(spec[member: "template"], path: "\(path).template", restartPolicies: ["OnFailure", "Never"])
        return errors
    }

    static func cronJob(_ object: JSONValue) -> [FieldError] {
        let spec = object[member: "spec"] ?? .object([:])
        var errors: [FieldError] = []
        let schedule = spec.text("schedule")
        if schedule.isEmpty {
            errors.append(.required("spec.schedule"))
        } else if let message = CronSchedule.error(in: schedule) {
            errors.append(.invalid("spec.schedule", schedule, message))
        }
        errors += ValidationFormats.oneOf(spec.text("concurrencyPolicy"), "spec.concurrencyPolicy", ["Allow", "Forbid", "Replace"])
        for field in ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"] {
            errors += ValidationFormats.nonNegative(spec[member: field], "spec.\(field)")
        }
        errors += jobSpec(spec[member: "jobTemplate"]?[member: "spec"] ?? .object([:]), path: "spec.jobTemplate.spec")
        return errors
    }

    /// Selector, replicas and an Always-restarting template: Deployment, ReplicaSet, StatefulSet.
    static func replicated(_ spec: JSONValue, kindWord: String) -> [FieldError] {
        var errors = ValidationFormats.nonNegative(spec[member: "replicas"], "spec.replicas")
        errors += SelectorValidation.errors(spec: spec, kindWord: kindWord, template: spec[member: "template"])
        errors += template(spec[member: "template"], path: "spec.template", restartPolicies: ["Always"])
        return errors
    }

    /// A pod template: labels valid, pod spec valid, restart policy one of `restartPolicies`.
    static func template(_ template: JSONValue?, path: String, restartPolicies: [String]?) -> [FieldError] {
        let template = template ?? .object([:])
        var errors = LabelValidation.validateLabels(template[member: "metadata"]?[member: "labels"]?.stringMap ?? [:],
                                                    field: "\(path).metadata.labels")
        let spec = template[member: "spec"] ?? .object([:])
        errors += PodSpecValidation.errors(spec, path: "\(path).spec")
        if let restartPolicies {
            let policy = spec.text("restartPolicy")
            if !policy.isEmpty, PodSpecValidation.restartPolicies.contains(policy), !restartPolicies.contains(policy) {
                errors.append(.notSupported("\(path).spec.restartPolicy", .string(policy), supported: restartPolicies))
            }
        }
        return errors
    }

    static func isZero(_ value: JSONValue?) -> Bool {
        switch value {
        case .integer(0)?, .string("0")?, .string("0%")?: return true
        default: return false
        }
    }
}
