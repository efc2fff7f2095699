import SkiffAPI
import SkiffModel

/// Nodes, namespaces, services, endpoints, config, events, leases and priority classes, with the columns
/// Kubernetes 1.32 prints.
extension TablePrinters {
    static let nodes = TablePrinter(
        columns: [
            .name(),
            TableColumn("Status", "The status of the node (Ready, NotReady, SchedulingDisabled ...)."),
            TableColumn("Roles", "The roles of the node (from node-role.kubernetes.io/ labels)."),
            .age,
            TableColumn("Version", "The kubelet version the node reports."),
            TableColumn("Internal-IP", priority: 1, "The node's internal IP address."),
            TableColumn("External-IP", priority: 1, "The node's external IP address."),
            TableColumn("OS-Image", priority: 1, "The OS image the node reports."),
            TableColumn("Kernel-Version", priority: 1, "The kernel version the node reports."),
            TableColumn("Container-Runtime", priority: 1, "The container runtime and version the node reports."),
        ],
        cells: { node, now in
            typealias F = TableField
            var status: [String] = []
            if let ready = F.array(node, "status.conditions").first(where: { F.string($0, "type") == "Ready" }) {
                status.append(F.string(ready, "status") == "True" ? "Ready" : "NotReady")
            }
            if status.isEmpty { status.append("Unknown") }
            if node.value(atPath: "spec.unschedulable") == .bool(true) { status.append("SchedulingDisabled") }
            var roles = Set<String>()
            for (key, value) in node.value(atPath: "metadata.labels")?.stringMap ?? [:] {
                if key.hasPrefix("node-role.kubernetes.io/") {
                    let role = key.dropFirst("node-role.kubernetes.io/".count)
                    if !role.isEmpty { roles.insert(String(role)) }
                } else if key == "kubernetes.io/role" && !value.isEmpty {
                    roles.insert(value)
                }
            }
            func address(_ type: String) -> String {
                let found = F.array(node, "status.addresses").first { F.string($0, "type") == type }
                return F.nonEmpty(F.string(found, "address"), or: "<none>")
            }
            return [F.name(node), .string(status.joined(separator: ",")),
                    .string(roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")), F.age(node, now: now),
                    .string(F.string(node, "status.nodeInfo.kubeletVersion")),
                    .string(address("InternalIP")), .string(address("ExternalIP")),
                    .string(F.nonEmpty(F.string(node, "status.nodeInfo.osImage"), or: "<unknown>")),
                    .string(F.nonEmpty(F.string(node, "status.nodeInfo.kernelVersion"), or: "<unknown>")),
                    .string(F.nonEmpty(F.string(node, "status.nodeInfo.containerRuntimeVersion"), or: "<unknown>"))]
        })

    static let namespaces = TablePrinter(
        columns: [.name(), TableColumn("Status", "The lifecycle phase of the namespace (Active, Terminating)."), .age],
        cells: { object, now in
            [TableField.name(object), .string(TableField.string(object, "status.phase")), TableField.age(object, now: now)]
        })

    static let services = TablePrinter(
        columns: [
            .name(),
            TableColumn("Type", "How the service is exposed (ClusterIP, NodePort, LoadBalancer, ExternalName)."),
            TableColumn("Cluster-IP", "The IP address of the service inside the cluster."),
            TableColumn("External-IP", "External IPs, load balancer ingress or external name."),
            TableColumn("Port(s)", "The ports the service exposes (port[:nodePort]/protocol)."),
            .age,
            TableColumn("Selector", priority: 1, "The label selector of the service's pods."),
        ],
        cells: serviceCells)

    @Sendable static func serviceCells(_ service: JSONValue, now: KubeTime) -> [JSONValue] {
        typealias F = TableField
        // Kubernetes defaults the type to ClusterIP and port protocols to TCP.
        let type = F.nonEmpty(F.string(service, "spec.type"), or: "ClusterIP")
        var clusterIP = F.array(service, "spec.clusterIPs").first?.stringValue ?? F.string(service, "spec.clusterIP")
        if clusterIP.isEmpty { clusterIP = "<none>" }
        let externalIPs = F.array(service, "spec.externalIPs").compactMap(\.stringValue)
        let external: String
        switch type {
        case "ClusterIP", "NodePort":
            external = externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
        case "LoadBalancer":
            let ingress = F.array(service, "status.loadBalancer.ingress").compactMap { entry -> String? in
                let ip = F.string(entry, "ip")
                if !ip.isEmpty { return ip }
                let host = F.string(entry, "hostname")
                return host.isEmpty ? nil : host
            }
            let all = ingress + externalIPs
            external = all.isEmpty ? "<pending>" : all.joined(separator: ",")
        case "ExternalName":
            external = F.string(service, "spec.externalName")
        default:
            external = "<unknown>"
        }
        let ports = F.array(service, "spec.ports").map { port -> String in
            let number = F.int(port, "port")
            let proto = F.nonEmpty(F.string(port, "protocol"), or: "TCP")
            let nodePort = F.int(port, "nodePort")
            return nodePort > 0 ? "\(number):\(nodePort)/\(proto)" : "\(number)/\(proto)"
        }
        return [F.name(service), .string(type), .string(clusterIP), .string(external),
                .string(ports.isEmpty ? "<none>" : ports.joined(separator: ",")), F.age(service, now: now),
                .string(F.formatLabels(service.value(atPath: "spec.selector")))]
    }

    static let endpoints = TablePrinter(
        columns: [.name(), TableColumn("Endpoints", "The endpoints' addresses and ports (the first three)."), .age],
        cells: { object, now in
            [TableField.name(object), .string(formatEndpoints(object)), TableField.age(object, now: now)]
        })

    /// `formatEndpoints`: up to three `ip:port` (or bare IPs for port-less subsets), then
    /// ` + N more...`; `<none>` when there are none.
    static func formatEndpoints(_ object: JSONValue) -> String {
        typealias F = TableField
        let subsets = F.array(object, "subsets")
        if subsets.isEmpty { return "<none>" }
        let maximum = 3
        var list: [String] = []
        var more = false
        var count = 0
        for subset in subsets {
            let addresses = F.array(subset, "addresses").map { F.string($0, "ip") }
            let ports = F.array(subset, "ports")
            if ports.isEmpty {
                count += addresses.count
                for ip in addresses {
                    if list.count == maximum { more = true; break }
                    list.append(ip)
                }
                continue
            }
            for port in ports {
                count += addresses.count
                for ip in addresses {
                    if list.count == maximum { more = true; break }
                    let host = ip.contains(":") ? "[\(ip)]" : ip
                    list.append("\(host):\(F.int(port, "port"))")
                }
            }
        }
        let joined = list.joined(separator: ",")
        if more { return "\(joined) + \(count - maximum) more..." }
        return joined.isEmpty ? "<none>" : joined
    }

    static let configMaps = TablePrinter(
        columns: [.name(), TableColumn("Data", "integer", "The number of entries in data and binaryData."), .age],
        cells: { object, now in
            [TableField.name(object), .integer(TableField.count(object, "data") + TableField.count(object, "binaryData")),
             TableField.age(object, now: now)]
        })

    static let secrets = TablePrinter(
        columns: [
            .name(), TableColumn("Type", "The type of the secret."),
            TableColumn("Data", "integer", "The number of entries in data."), .age,
        ],
        cells: { object, now in
            typealias F = TableField
            let keys = Set((object[member: "data"]?.objectMembers ?? [:]).keys)
                .union((object[member: "stringData"]?.objectMembers ?? [:]).keys)
            return [F.name(object), .string(F.nonEmpty(F.string(object, "type"), or: "Opaque")),
                    .integer(Int64(keys.count)), F.age(object, now: now)]
        })

    static let events = TablePrinter(
        columns: [
            TableColumn("Last Seen", "When the event was last observed."),
            TableColumn("Type", "The type of the event (Normal, Warning)."),
            TableColumn("Reason", "Why the event happened, in CamelCase."),
            TableColumn("Object", "The object the event is about (kind/name)."),
            TableColumn("Subobject", priority: 1, "The part of the object the event is about (fieldPath)."),
            TableColumn("Source", priority: 1, "The component (and host) that reported the event."),
            TableColumn("Message", "A human-readable description of the event."),
            TableColumn("First Seen", priority: 1, "When the event was first observed."),
            TableColumn("Count", priority: 1, "How often the event happened."),
            TableColumn("Name", format: "name", priority: 1, "The name of the event."),
        ],
        cells: eventCells)

    @Sendable static func eventCells(_ event: JSONValue, now: KubeTime) -> [JSONValue] {
        typealias F = TableField
        var first = F.since(F.time(event, "firstTimestamp"), now: now)
        if F.time(event, "firstTimestamp") == nil { first = F.since(F.time(event, "eventTime"), now: now) }
        var last = F.time(event, "lastTimestamp").map { F.since($0, now: now) } ?? first
        var count = F.int(event, "count")
        if event[member: "series"]?.isObject == true {
            last = F.since(F.time(event, "series.lastObservedTime"), now: now)
            count = F.int(event, "series.count")
        } else if count == 0 {
            count = 1
        }
        let kind = F.string(event, "involvedObject.kind").lowercased()
        let name = F.string(event, "involvedObject.name")
        let component = F.nonEmpty(F.string(event, "source.component"), or: F.string(event, "reportingComponent"))
        let host = F.nonEmpty(F.string(event, "source.host"), or: F.string(event, "reportingInstance"))
        return [.string(last), .string(F.string(event, "type")), .string(F.string(event, "reason")),
                .string(name.isEmpty ? kind : "\(kind)/\(name)"), .string(F.string(event, "involvedObject.fieldPath")),
                .string(host.isEmpty ? component : "\(component), \(host)"),
                .string(F.string(event, "message").trimmingCharacters(in: " \t\n\r")), .string(first),
                .integer(count), F.name(event)]
    }

    static let leases = TablePrinter(
        columns: [.name(), TableColumn("Holder", "The identity of the lease's holder."), .age],
        cells: { object, now in
            [TableField.name(object), .string(TableField.string(object, "spec.holderIdentity")), TableField.age(object, now: now)]
        })

    static let priorityClasses = TablePrinter(
        columns: [
            .name(),
            TableColumn("Value", "integer", "The integer value of this priority class."),
            TableColumn("Global-Default", "boolean", "Whether this class is the default for pods without a priority class."),
            .age,
            TableColumn("PreemptionPolicy", "The policy for preempting pods with lower priority."),
        ],
        cells: { object, now in
            [TableField.name(object), .integer(object[member: "value"]?.integerValue ?? 0),
             .bool(object[member: "globalDefault"] == .bool(true)), TableField.age(object, now: now),
             .string(TableField.nonEmpty(TableField.string(object, "preemptionPolicy"), or: "PreemptLowerPriority"))]
        })
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
