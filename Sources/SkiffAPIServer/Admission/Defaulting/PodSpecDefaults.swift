import SkiffModel

/// The defaults Kubernetes 1.32 applies to every pod spec, in pods and in pod templates
/// (`SetDefaults_PodSpec`, `_Container`, `_ContainerPort`, `_Probe`, `_HTTPGetAction`,
/// `_ObjectFieldSelector`, `_Volume` and the volume sources), and `SetDefaults_Pod`'s extras
/// that only pods get (`applyPodOnly`: enableServiceLinks, requests from limits, host-network ports).
enum PodSpecDefaults {
    /// Defaults a `PodSpec` object in place.
    static func apply(_ spec: inout JSONValue) {
        spec.setDefaultIfEmpty("dnsPolicy", "ClusterFirst")
        spec.setDefaultIfEmpty("restartPolicy", "Always")
        spec.setDefault("terminationGracePeriodSeconds", 30)
        spec.setDefault("securityContext", .object([:]))
        spec.setDefaultIfEmpty("schedulerName", "default-scheduler")
        for key in ["initContainers", "containers", "ephemeralContainers"] {
            spec.editElements(key) { container in
                applyContainer(&container, ephemeral: key == "ephemeralContainers")
            }
        }
        spec.editElements("volumes", applyVolume)
    }

    /// What `SetDefaults_Pod` adds for pods only (not templates): enableServiceLinks true,
    /// requests copied from limits (app and init containers), and with hostNetwork each
    /// container port's hostPort set to its containerPort.
    static func applyPodOnly(_ spec: inout JSONValue) {
        spec.setDefault("enableServiceLinks", true)
        let hostNetwork = spec[member: "hostNetwork"] == .bool(true)
        for key in ["initContainers", "containers"] {
            spec.editElements(key) { container in
                container.editObject("resources", defaultRequestsFromLimits)
                if hostNetwork {
                    container.editElements("ports") { port in
                        if let containerPort = port[member: "containerPort"] { port.setDefaultIfEmpty("hostPort", containerPort) }
                    }
                }
            }
        }
    }

    /// Defaults one container (`SetDefaults_Container` and what `SetDefaults_Pod` does per container).
    static func applyContainer(_ container: inout JSONValue, ephemeral: Bool = false) {
        container.setDefaultIfEmpty("imagePullPolicy", .string(defaultPullPolicy(image: container.text("image"))))
        container.setDefaultIfEmpty("terminationMessagePath", "/dev/termination-log")
        container.setDefaultIfEmpty("terminationMessagePolicy", "File")
        container.setDefault("resources", .object([:]))
        container.editElements("ports") { $0.setDefaultIfEmpty("protocol", "TCP") }
        container.editElements("env") { variable in
            variable.editObject("valueFrom") { source in
                source.editObject("fieldRef") { $0.setDefaultIfEmpty("apiVersion", "v1") }
            }
        }
        if !ephemeral {
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                container.editObject(probe, applyProbe)
            }
        }
        for hook in ["postStart", "preStop"] {
            container.editObject("lifecycle") { lifecycle in
                lifecycle.editObject(hook) { handler in handler.editObject("httpGet", applyHTTPGet) }
            }
        }
    }

    /// `Always` when the image's tag is `latest` (also implied: no tag and no digest), else
    /// `IfNotPresent`.
    static func defaultPullPolicy(image: String) -> String {
        let digestSplit = image.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let name = digestSplit.first ?? Substring(image)
        let hasDigest = digestSplit.count == 2
        let lastComponent = name.split(separator: "/", omittingEmptySubsequences: false).last ?? name
        guard let colon = lastComponent.lastIndex(of: ":") else { return hasDigest ? "IfNotPresent" : "Always" }
        let tag = lastComponent[lastComponent.index(after: colon)...]
        return tag == "latest" ? "Always" : "IfNotPresent"
    }

    /// Requests missing for a resource that has a limit take the limit.
    static func defaultRequestsFromLimits(_ resources: inout JSONValue) {
        guard let limits = resources[member: "limits"]?.objectMembers, !limits.isEmpty else { return }
        var requests = resources[member: "requests"]?.objectMembers ?? [:]
        for (name, value) in limits where requests[name] == nil {
            requests[name] = value
        }
        resources[member: "requests"] = .object(requests)
    }

    /// `SetDefaults_Probe` and the HTTP handler's defaults.
    static func applyProbe(_ probe: inout JSONValue) {
        probe.setDefaultIfEmpty("timeoutSeconds", 1)
        probe.setDefaultIfEmpty("periodSeconds", 10)
        probe.setDefaultIfEmpty("successThreshold", 1)
        probe.setDefaultIfEmpty("failureThreshold", 3)
        probe.editObject("httpGet", applyHTTPGet)
    }

    /// `SetDefaults_HTTPGetAction`: path `/`, scheme `HTTP`.
    static func applyHTTPGet(_ action: inout JSONValue) {
        if action.text("path").isEmpty { action[member: "path"] = "/" }
        if action.text("scheme").isEmpty { action[member: "scheme"] = "HTTP" }
    }

    /// The volume source members a `Volume` may have (one of them), in the order Kubernetes
    /// checks them (the second one found is the one reported).
    static let volumeSources = [
        "emptyDir", "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi",
        "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI",
        "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected",
        "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image",
    ]

    /// `SetDefaults_Volume` (no source: an emptyDir) and the sources' defaults.
    static func applyVolume(_ volume: inout JSONValue) {
        if !volumeSources.contains(where: { volume[member: $0] != nil && volume[member: $0] != .null }) {
            volume[member: "emptyDir"] = .object([:])
        }
        volume.editObject("hostPath") { $0.setDefault("type", "") }
        for source in ["secret", "configMap", "downwardAPI", "projected"] {
            volume.editObject(source) { $0.setDefault("defaultMode", 420) }
        }
        volume.editObject("downwardAPI") { api in
            api.editElements("items") { item in item.editObject("fieldRef") { $0.setDefault("apiVersion", "v1") } }
        }
        volume.editObject("projected") { projected in
            projected.editElements("sources") { source in
                source.editObject("serviceAccountToken") { $0.setDefault("expirationSeconds", 3600) }
                source.editObject("downwardAPI") { api in
                    api.editElements("items") { item in item.editObject("fieldRef") { $0.setDefault("apiVersion", "v1") } }
                }
            }
        }
        volume.editObject("iscsi") { $0.setDefaultIfEmpty("iscsiInterface", "default") }
        volume.editObject("scaleIO") { scaleIO in
            scaleIO.setDefaultIfEmpty("storageMode", "ThinProvisioned")
            scaleIO.setDefaultIfEmpty("fsType", "xfs")
        }
        volume.editObject("rbd") { rbd in
            rbd.setDefaultIfEmpty("pool", "rbd")
            rbd.setDefaultIfEmpty("user", "admin")
            rbd.setDefaultIfEmpty("keyring", "/etc/ceph/keyring")
        }
        volume.editObject("azureDisk") { disk in
            disk.setDefault("cachingMode", "ReadWrite")
            disk.setDefault("fsType", "ext4")
            disk.setDefault("readOnly", false)
            disk.setDefault("kind", "Shared")
        }
        volume.editObject("ephemeral") { ephemeral in
            ephemeral.editObject("volumeClaimTemplate") { template in
                template.editObject("spec") { $0.setDefault("volumeMode", "Filesystem") }
            }
        }
    }

    /// Defaults the pod template (`template.spec`) of a workload spec.
    static func applyTemplate(_ template: inout JSONValue) {
        template.editObject("spec", apply)
    }
}
