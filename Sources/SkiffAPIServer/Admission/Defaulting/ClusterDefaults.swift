import Foundation
import SkiffModel

/// The defaults of the core, networking and discovery kinds that are not workloads.
enum ClusterDefaults {
    /// core/v1 Service (`SetDefaults_Service`). No cluster IP is allocated here.
    static func service(_ object: inout JSONValue) {
        object.setDefault("spec", .object([:]))
        object.editObject("spec") { spec in
            spec.setDefaultIfEmpty("sessionAffinity", "None")
            switch spec.text("sessionAffinity") {
            case "None":
                spec[member: "sessionAffinityConfig"] = nil
            case "ClientIP":
                if spec[member: "sessionAffinityConfig"]?[member: "clientIP"]?[member: "timeoutSeconds"]?.integerValue == nil {
                    spec[member: "sessionAffinityConfig"] = ["clientIP": ["timeoutSeconds": 10800]]
                }
            default:
                break
            }
            spec.setDefaultIfEmpty("type", "ClusterIP")
            let type = spec.text("type")
            spec.editElements("ports") { port in
                port.setDefaultIfEmpty("protocol", "TCP")
                if let number = port[member: "port"] { port.setDefaultIfEmpty("targetPort", number) }
            }
            let hasExternalIPs = !(spec[member: "externalIPs"]?.arrayElements ?? []).isEmpty
            if type == "NodePort" || type == "LoadBalancer" || (type == "ClusterIP" && hasExternalIPs) {
                spec.setDefaultIfEmpty("externalTrafficPolicy", "Cluster")
            }
            if type == "NodePort" || type == "LoadBalancer" || type == "ClusterIP" {
                spec.setDefault("internalTrafficPolicy", "Cluster")
            }
            if type == "LoadBalancer" {
                spec.setDefault("allocateLoadBalancerNodePorts", true)
            }
        }
    }

    /// core/v1 Secret: type Opaque; `stringData` is merged into `data` (base64-encoded,
    /// overriding) and dropped, as Kubernetes' conversion does.
    static func secret(_ object: inout JSONValue) {
        if object.text("type").isEmpty { object[member: "type"] = "Opaque" }
        guard let stringData = object[member: "stringData"]?.objectMembers else {
            if object[member: "stringData"] == .null { object[member: "stringData"] = nil }
            return
        }
        var data = object[member: "data"]?.objectMembers ?? [:]
        for (key, value) in stringData {
            data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
        }
        if !data.isEmpty { object[member: "data"] = .object(data) }
        object[member: "stringData"] = nil
    }

    /// core/v1 PersistentVolumeClaim: volumeMode Filesystem.
    static func persistentVolumeClaim(_ object: inout JSONValue) {
        object.setDefault("spec", .object([:]))
        object.editObject("spec") { $0.setDefault("volumeMode", "Filesystem") }
    }

    /// core/v1 PersistentVolume: reclaim policy Retain, volumeMode Filesystem.
    static func persistentVolume(_ object: inout JSONValue) {
        object.setDefault("spec", .object([:]))
        object.editObject("spec") { spec in
            spec.setDefaultIfEmpty("persistentVolumeReclaimPolicy", "Retain")
            spec.setDefault("volumeMode", "Filesystem")
        }
    }

    /// core/v1 Endpoints: ports default to TCP.
    static func endpoints(_ object: inout JSONValue) {
        object.editElements("subsets") { subset in
            subset.editElements("ports") { $0.setDefaultIfEmpty("protocol", "TCP") }
        }
    }

    /// discovery.k8s.io/v1 EndpointSlice: ports default to name "" and TCP.
    static func endpointSlice(_ object: inout JSONValue) {
        object.editElements("ports") { port in
            port.setDefault("name", "")
            port.setDefault("protocol", "TCP")
        }
    }

    /// networking.k8s.io/v1 NetworkPolicy: `policyTypes` [Ingress], plus Egress when egress
    /// rules are given; rule ports default to TCP.
    static func networkPolicy(_ object: inout JSONValue) {
        object.editObject("spec") { spec in
            for direction in ["ingress", "egress"] {
                spec.editElements(direction) { rule in rule.editElements("ports") { $0.setDefault("protocol", "TCP") } }
            }
            if spec.isEmptyMember("policyTypes") {
                var types: [JSONValue] = ["Ingress"]
                if !spec.isEmptyMember("egress") { types.append("Egress") }
                spec[member: "policyTypes"] = .array(types)
            }
        }
    }
}
