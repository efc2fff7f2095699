import SkiffModel

/// What a pod gets on create beyond its spec defaults: the `Priority` admission plugin's
/// `priority: 0` and `preemptionPolicy: PreemptLowerPriority` (no PriorityClass objects are
/// looked up: a named class keeps whatever priority the body gives), the
/// `DefaultTolerationSeconds` plugin's 300-second tolerations for not-ready and unreachable
/// nodes, and the status Kubernetes' pod strategy sets at create (`phase: Pending` and the QoS class).
enum PodDefaults {
    /// The taints `DefaultTolerationSeconds` tolerates for 300 seconds.
    static let defaultTolerationKeys = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]

    /// Applies the create-only pod defaults; `spec` is already defaulted.
    static func applyOnCreate(_ pod: inout JSONValue) {
        pod.editObject("spec") { spec in
            if spec[member: "priorityClassName"] == nil || spec.text("priorityClassName").isEmpty {
                spec.setDefault("priority", 0)
            }
            spec.setDefault("preemptionPolicy", "PreemptLowerPriority")
            addDefaultTolerations(&spec)
        }
        let qosClass = QOSClass.of(pod[member: "spec"] ?? .object([:]))
        pod[member: "status"] = .object(["phase": "Pending", "qosClass": .string(qosClass.rawValue)])
    }

    /// Adds a `NoExecute` toleration for each default key no existing toleration covers
    /// (a toleration covers it when its key matches, or it has no key and operator Exists,
    /// and its effect is NoExecute or empty).
    static func addDefaultTolerations(_ spec: inout JSONValue) {
        var tolerations = spec[member: "tolerations"]?.arrayElements ?? []
        var added = false
        for key in defaultTolerationKeys {
            let covered = tolerations.contains { toleration in
                let effect = toleration.text("effect")
                guard effect.isEmpty || effect == "NoExecute" else { return false }
                let tolerationKey = toleration.text("key")
                return tolerationKey == key || (tolerationKey.isEmpty && toleration.text("operator") == "Exists")
            }
            if !covered {
                tolerations.append(["key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300])
                added = true
            }
        }
        if added { spec[member: "tolerations"] = .array(tolerations) }
    }
}
