import SkiffModel

/// What a Service keeps from its stored version when a replacement leaves it out (Kubernetes'
/// `patchAllocatedValues`): the cluster IPs, unless the service is or becomes ExternalName, and
/// node ports of ports that still match by port and protocol.
enum ServiceAllocatedFields {
    static func keep(_ object: inout JSONValue, old: JSONValue) {
        guard let oldSpec = old[member: "spec"], oldSpec.isObject else { return }
        object.editObject("spec") { spec in
            let newType = spec.text("type")
            guard newType != "ExternalName", oldSpec.text("type") != "ExternalName" else { return }
            if spec.text("clusterIP").isEmpty && !oldSpec.text("clusterIP").isEmpty {
                spec[member: "clusterIP"] = oldSpec[member: "clusterIP"]
                if spec.isEmptyMember("clusterIPs") { spec[member: "clusterIPs"] = oldSpec[member: "clusterIPs"] }
            }
            guard newType == "NodePort" || newType == "LoadBalancer" else { return }
            let oldPorts = oldSpec.objectElements("ports").map(\.value)
            spec.editElements("ports") { port in
                guard port[member: "nodePort"] == nil || port[member: "nodePort"] == .integer(0) else { return }
                if let match = oldPorts.first(where: { $0[member: "port"] == port[member: "port"] && $0.text("protocol") == port.text("protocol") }),
                   let nodePort = match[member: "nodePort"] {
                    port[member: "nodePort"] = nodePort
                }
            }
        }
    }
}
