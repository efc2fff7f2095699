import SkiffModel

/// The selector a Job gets at create unless `manualSelector` is true (Kubernetes' job strategy
/// `generateSelector`): the template is labelled with the job's uid and name under both the
/// `batch.kubernetes.io/` keys and the legacy ones, and `spec.selector` matches the uid label.
enum JobSelectorGeneration {
    static let controllerUIDLabel = "batch.kubernetes.io/controller-uid"
    static let jobNameLabel = "batch.kubernetes.io/job-name"
    static let legacyControllerUIDLabel = "controller-uid"
    static let legacyJobNameLabel = "job-name"

    /// Labels the template and sets the selector of a Job being created (uid and name already set).
    static func apply(_ job: inout JSONValue) {
        guard job[member: "spec"]?[member: "manualSelector"] != .bool(true) else { return }
        let uid = job[member: "metadata"]?.text("uid") ?? ""
        let name = job[member: "metadata"]?.text("name") ?? ""
        guard !uid.isEmpty else { return }
        job.editObject("spec") { spec in
            spec.setDefault("template", .object([:]))
            spec.editObject("template") { template in
                template.setDefault("metadata", .object([:]))
                template.editObject("metadata") { metadata in
                    var labels = metadata[member: "labels"]?.objectMembers ?? [:]
                    for (key, value) in [(legacyControllerUIDLabel, uid), (controllerUIDLabel, uid),
                                         (legacyJobNameLabel, name), (jobNameLabel, name)] where labels[key] == nil {
                        labels[key] = .string(value)
                    }
                    metadata[member: "labels"] = .object(labels)
                }
            }
            var selector = spec[member: "selector"] ?? .object([:])
            if !selector.isObject { selector = .object([:]) }
            var matchLabels = selector[member: "matchLabels"]?.objectMembers ?? [:]
            if matchLabels[controllerUIDLabel] == nil { matchLabels[controllerUIDLabel] = .string(uid) }
            selector[member: "matchLabels"] = .object(matchLabels)
            spec[member: "selector"] = selector
        }
    }
}
