import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// The fixed clock of these tests: 2026-01-01T00:00:00Z.
private let now = try! KubeTime(parsing: "2026-01-01T00:00:00Z")

/// An RFC 3339 time `seconds` before `now`.
private func ago(_ seconds: Int64) -> JSONValue {
    .string(KubeTime(secondsSinceEpoch: now.secondsSinceEpoch - seconds).description)
}

private func cells(_ printer: TablePrinter, _ object: JSONValue) -> [JSONValue] {
    printer.row(object, now).cells
}

private func meta(_ name: String, age: Int64 = 300) -> JSONValue {
    ["name": .string(name), "namespace": "default", "creationTimestamp": ago(age)]
}

@Suite struct TableHumanDurationTests {
    static let cases: [(Int64, String)] = [
        (Int64(-5), "<invalid>"), (-1, "0s"), (0, "0s"), (5, "5s"), (119, "119s"), (120, "2m"), (182, "3m2s"),
        (599, "9m59s"), (600, "10m"), (179 * 60 + 59, "179m"), (3 * 3600, "3h"), (5 * 3600 + 180, "5h3m"),
        (8 * 3600, "8h"), (47 * 3600 + 3599, "47h"), (48 * 3600, "2d"), (2 * 86400 + 3 * 3600, "2d3h"),
        (8 * 86400, "8d"), (729 * 86400, "729d"), (730 * 86400, "2y"), (2 * 365 * 86400 + 15 * 86400, "2y15d"),
        (8 * 365 * 86400, "8y"), (20 * 365 * 86400, "20y"),
    ]

    @Test(arguments: cases)
    func humanDuration(seconds: Int64, expected: String) {
        #expect(HumanDuration.format(seconds: seconds) == expected)
    }
}

@Suite struct TableCellTests {
    // MARK: Pods

    struct PodCase: Sendable, CustomTestStringConvertible {
        var label: String
        var status: JSONValue
        var spec: JSONValue = ["containers": [["name": "main", "image": "nginx"]]]
        var deleting = false
        var expected: [String]
        var testDescription: String { label }
    }

    static let podCases: [PodCase] = [
        PodCase(label: "new pod without status", status: .null, expected: ["0/1", "Pending", "0"]),
        PodCase(label: "running and ready", status: [
            "phase": "Running",
            "containerStatuses": [["name": "main", "ready": true, "restartCount": 0, "state": ["running": ["startedAt": ago(60)]]]],
        ], expected: ["1/1", "Running", "0"]),
        PodCase(label: "restarted 5 minutes ago", status: [
            "phase": "Running",
            "containerStatuses": [["name": "main", "ready": true, "restartCount": 3, "state": ["running": [:]],
                                   "lastState": ["terminated": ["exitCode": 1, "finishedAt": ago(300)]]]],
        ], expected: ["1/1", "Running", "3 (5m ago)"]),
        PodCase(label: "waiting reason wins", status: [
            "phase": "Pending",
            "containerStatuses": [["name": "main", "ready": false, "restartCount": 0, "state": ["waiting": ["reason": "ImagePullBackOff"]]]],
        ], expected: ["0/1", "ImagePullBackOff", "0"]),
        PodCase(label: "terminated without reason: exit code", status: [
            "phase": "Failed",
            "containerStatuses": [["name": "main", "restartCount": 0, "state": ["terminated": ["exitCode": 2]]]],
        ], expected: ["0/1", "ExitCode:2", "0"]),
        PodCase(label: "completed", status: [
            "phase": "Succeeded",
            "containerStatuses": [["name": "main", "restartCount": 0, "state": ["terminated": ["exitCode": 0, "reason": "Completed"]]]],
        ], expected: ["0/1", "Completed", "0"]),
        PodCase(label: "init container running", status: [
            "phase": "Pending",
            "initContainerStatuses": [["name": "setup", "restartCount": 0, "state": ["running": [:]]]],
        ], spec: ["initContainers": [["name": "setup"]], "containers": [["name": "main"]]],
          expected: ["0/1", "Init:0/1", "0"]),
        PodCase(label: "init container crashing", status: [
            "phase": "Pending",
            "initContainerStatuses": [["name": "setup", "restartCount": 4, "state": ["waiting": ["reason": "CrashLoopBackOff"]]]],
        ], spec: ["initContainers": [["name": "setup"]], "containers": [["name": "main"]]],
          expected: ["0/1", "Init:CrashLoopBackOff", "4"]),
        PodCase(label: "sidecar counts in READY", status: [
            "phase": "Running",
            "conditions": [["type": "Initialized", "status": "True"]],
            "initContainerStatuses": [["name": "proxy", "started": true, "ready": true, "restartCount": 0, "state": ["running": [:]]]],
            "containerStatuses": [["name": "main", "ready": true, "restartCount": 0, "state": ["running": [:]]]],
        ], spec: ["initContainers": [["name": "proxy", "restartPolicy": "Always"]], "containers": [["name": "main"]]],
          expected: ["2/2", "Running", "0"]),
        PodCase(label: "scheduling gated", status: [
            "phase": "Pending", "conditions": [["type": "PodScheduled", "status": "False", "reason": "SchedulingGated"]],
        ], expected: ["0/1", "SchedulingGated", "0"]),
        PodCase(label: "terminating", status: ["phase": "Running"], deleting: true, expected: ["0/1", "Terminating", "0"]),
    ]

    @Test(arguments: podCases)
    func pod(_ test: PodCase) {
        var metadata = meta("box", age: 42)
        if test.deleting { metadata[member: "deletionTimestamp"] = ago(1) }
        var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": test.spec]
        if test.status != .null { pod[member: "status"] = test.status }
        let row = cells(TablePrinters.pods, pod)
        #expect(row.count == TablePrinters.pods.columns.count)
        #expect(row[0] == "box")
        #expect(Array(row[1...3]) == test.expected.map { .string($0) })
        #expect(row[4] == "42s")
    }

    @Test func podColumnsAndWideCells() {
        #expect(TablePrinters.pods.columns.map(\.name) == ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"])
        #expect(TablePrinters.pods.columns.map(\.priority) == [0, 0, 0, 0, 0, 1, 1, 1, 1])
        #expect(TablePrinters.pods.columns[0].format == "name")
        let pod: JSONValue = [
            "metadata": meta("box"),
            "spec": ["nodeName": "n1", "containers": [["name": "a"]], "readinessGates": [["conditionType": "x/ok"], ["conditionType": "x/other"]]],
            "status": ["phase": "Running", "podIPs": [["ip": "10.0.0.5"]], "conditions": [["type": "x/ok", "status": "True"]]],
        ]
        #expect(Array(cells(TablePrinters.pods, pod)[5...]) == ["10.0.0.5", "n1", "<none>", "1/2"])
        let bare: JSONValue = ["metadata": meta("b"), "spec": ["containers": []]]
        #expect(Array(cells(TablePrinters.pods, bare)[5...]) == ["<none>", "<none>", "<none>", "<none>"])
        let done: JSONValue = ["metadata": meta("b"), "status": ["phase": "Succeeded"]]
        #expect(TablePrinters.pods.row(done, now).conditions.first?[member: "type"] == "Completed")
    }

    // MARK: Workloads

    static let template: JSONValue = ["spec": ["containers": [["name": "app", "image": "x:1"], ["name": "side", "image": "y:1"]]]]

    @Test func deployment() {
        #expect(TablePrinters.deployments.columns.map(\.name) == ["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"])
        #expect(TablePrinters.deployments.columns.map(\.priority) == [0, 0, 0, 0, 0, 1, 1, 1])
        let fresh: JSONValue = ["metadata": meta("web"), "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "web"]], "template": Self.template]]
        #expect(cells(TablePrinters.deployments, fresh) == ["web", "0/2", 0, 0, "5m", "app,side", "x:1,y:1", "app=web"])
        var running = fresh
        running[member: "status"] = ["readyReplicas": 2, "updatedReplicas": 2, "availableReplicas": 1]
        #expect(Array(cells(TablePrinters.deployments, running)[1...3]) == ["2/2", 2, 1])
        let noReplicas: JSONValue = ["metadata": meta("one"), "spec": ["template": Self.template]]
        #expect(cells(TablePrinters.deployments, noReplicas)[1] == "0/1")
        #expect(cells(TablePrinters.deployments, noReplicas)[7] == "<none>")
    }

    static let selectorCases: [(JSONValue, String)] = [
        (JSONValue.null, "<none>"),
        (["matchLabels": ["b": "2", "a": "1"]], "a=1,b=2"),
        (["matchExpressions": [["key": "env", "operator": "In", "values": ["prod", "dev"]], ["key": "gpu", "operator": "Exists"],
                               ["key": "arch", "operator": "NotIn", "values": ["arm"]], ["key": "zz", "operator": "DoesNotExist"]]],
         "arch notin (arm),env in (dev,prod),gpu,!zz"),
        ([:], "<none>"),
    ]

    @Test(arguments: selectorCases)
    func labelSelector(selector: JSONValue, expected: String) {
        #expect(TableField.formatLabelSelector(selector == .null ? nil : selector) == expected)
    }

    @Test func replicaSetStatefulSetDaemonSet() {
        let rs: JSONValue = ["metadata": meta("web-1"), "spec": ["replicas": 3, "selector": ["matchLabels": ["app": "web"]], "template": Self.template],
                             "status": ["replicas": 3, "readyReplicas": 2]]
        #expect(TablePrinters.replicaSets.columns.map(\.name) == ["Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"])
        #expect(cells(TablePrinters.replicaSets, rs) == ["web-1", 3, 3, 2, "5m", "app,side", "x:1,y:1", "app=web"])
        let sts: JSONValue = ["metadata": meta("db"), "spec": ["replicas": 3, "template": Self.template], "status": ["readyReplicas": 1]]
        #expect(TablePrinters.statefulSets.columns.map(\.name) == ["Name", "Ready", "Age", "Containers", "Images"])
        #expect(cells(TablePrinters.statefulSets, sts) == ["db", "1/3", "5m", "app,side", "x:1,y:1"])
        var dsTemplate = Self.template
        dsTemplate[member: "spec"]?[member: "nodeSelector"] = ["kubernetes.io/os": "linux"]
        let ds: JSONValue = ["metadata": meta("agent"), "spec": ["selector": ["matchLabels": ["app": "agent"]], "template": dsTemplate],
                             "status": ["desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2, "updatedNumberScheduled": 3, "numberAvailable": 2]]
        #expect(TablePrinters.daemonSets.columns.map(\.name) == ["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers", "Images", "Selector"])
        #expect(cells(TablePrinters.daemonSets, ds) == ["agent", 3, 3, 2, 3, 2, "kubernetes.io/os=linux", "5m", "app,side", "x:1,y:1", "app=agent"])
    }

    @Test func jobs() {
        #expect(TablePrinters.jobs.columns.map(\.name) == ["Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"])
        let running: JSONValue = ["metadata": meta("pi"), "spec": ["template": Self.template], "status": ["startTime": ago(65)]]
        #expect(Array(cells(TablePrinters.jobs, running)[0...4]) == ["pi", "Running", "0/1", "65s", "5m"])
        let done: JSONValue = ["metadata": meta("pi"), "spec": ["completions": 3, "template": Self.template],
                               "status": ["succeeded": 3, "startTime": ago(600), "completionTime": ago(400),
                                          "conditions": [["type": "Complete", "status": "True"]]]]
        #expect(Array(cells(TablePrinters.jobs, done)[1...3]) == ["Complete", "3/3", "3m20s"])
        let parallel: JSONValue = ["metadata": meta("p"), "spec": ["parallelism": 4], "status": ["succeeded": 1,
                                   "conditions": [["type": "Failed", "status": "True"]]]]
        #expect(Array(cells(TablePrinters.jobs, parallel)[1...3]) == ["Failed", "1/1 of 4", ""])
        let suspended: JSONValue = ["metadata": meta("s"), "status": ["conditions": [["type": "Suspended", "status": "True"]]]]
        #expect(cells(TablePrinters.jobs, suspended)[1] == "Suspended")
    }

    @Test func cronJobs() {
        #expect(TablePrinters.cronJobs.columns.map(\.name) == ["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers", "Images", "Selector"])
        let cron: JSONValue = ["metadata": meta("nightly"), "spec": ["schedule": "0 3 * * *", "jobTemplate": ["spec": ["template": Self.template]]]]
        #expect(cells(TablePrinters.cronJobs, cron) == ["nightly", "0 3 * * *", "<none>", "False", 0, "<none>", "5m", "app,side", "x:1,y:1", "<none>"])
        let active: JSONValue = ["metadata": meta("n"), "spec": ["schedule": "@hourly", "timeZone": "Etc/UTC", "suspend": true],
                                 "status": ["active": [["name": "n-1"]], "lastScheduleTime": ago(3 * 3600)]]
        #expect(Array(cells(TablePrinters.cronJobs, active)[1...5]) == ["@hourly", "Etc/UTC", "True", 1, "3h"])
    }

    // MARK: Cluster and config

    @Test func nodes() {
        #expect(TablePrinters.nodes.columns.map(\.name) == ["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"])
        var metadata = meta("n1", age: 3 * 86400 + 4 * 3600)
        metadata[member: "labels"] = ["node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/": "x", "kubernetes.io/role": "edge"]
        let node: JSONValue = ["metadata": metadata, "spec": ["unschedulable": true],
                               "status": ["conditions": [["type": "Ready", "status": "True"]], "addresses": [["type": "InternalIP", "address": "10.0.0.1"]],
                                          "nodeInfo": ["kubeletVersion": "v1.32.0", "osImage": "Debian", "kernelVersion": "6.1", "containerRuntimeVersion": "containerd://2.0"]]]
        #expect(cells(TablePrinters.nodes, node) == ["n1", "Ready,SchedulingDisabled", "control-plane,edge", "3d4h", "v1.32.0", "10.0.0.1", "<none>", "Debian", "6.1", "containerd://2.0"])
        let unknown: JSONValue = ["metadata": meta("n2")]
        #expect(cells(TablePrinters.nodes, unknown) == ["n2", "Unknown", "<none>", "5m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"])
        let notReady: JSONValue = ["metadata": meta("n3"), "status": ["conditions": [["type": "Ready", "status": "Unknown"]]]]
        #expect(cells(TablePrinters.nodes, notReady)[1] == "NotReady")
    }

    @Test func namespacesConfigMapsSecretsLeases() {
        #expect(TablePrinters.namespaces.columns.map(\.name) == ["Name", "Status", "Age"])
        #expect(cells(TablePrinters.namespaces, ["metadata": meta("default", age: 7200), "status": ["phase": "Active"]]) == ["default", "Active", "120m"])
        #expect(TablePrinters.configMaps.columns.map(\.name) == ["Name", "Data", "Age"])
        #expect(TablePrinters.configMaps.columns[1].type == "integer")
        #expect(cells(TablePrinters.configMaps, ["metadata": meta("c"), "data": ["a": "1", "b": "2"], "binaryData": ["c": "AA=="]]) == ["c", 3, "5m"])
        #expect(cells(TablePrinters.configMaps, ["metadata": meta("empty")]) == ["empty", 0, "5m"])
        #expect(TablePrinters.secrets.columns.map(\.name) == ["Name", "Type", "Data", "Age"])
        #expect(cells(TablePrinters.secrets, ["metadata": meta("s"), "type": "kubernetes.io/tls", "data": ["tls.crt": "", "tls.key": ""]]) == ["s", "kubernetes.io/tls", 2, "5m"])
        #expect(cells(TablePrinters.secrets, ["metadata": meta("o")]) == ["o", "Opaque", 0, "5m"])
        #expect(TablePrinters.leases.columns.map(\.name) == ["Name", "Holder", "Age"])
        #expect(cells(TablePrinters.leases, ["metadata": meta("l"), "spec": ["holderIdentity": "node-a"]]) == ["l", "node-a", "5m"])
    }

    @Test func services() {
        #expect(TablePrinters.services.columns.map(\.name) == ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"])
        #expect(TablePrinters.services.columns.map(\.priority) == [0, 0, 0, 0, 0, 0, 1])
        let plain: JSONValue = ["metadata": meta("front"), "spec": ["selector": ["app": "web"], "ports": [["port": 80, "targetPort": 8080]]]]
        #expect(cells(TablePrinters.services, plain) == ["front", "ClusterIP", "<none>", "<none>", "80/TCP", "5m", "app=web"])
        let nodePort: JSONValue = ["metadata": meta("np"), "spec": ["type": "NodePort", "clusterIPs": ["10.96.0.10"], "externalIPs": ["1.2.3.4"],
                                   "ports": [["port": 53, "protocol": "UDP", "nodePort": 30053], ["port": 53, "protocol": "TCP"]]]]
        #expect(cells(TablePrinters.services, nodePort) == ["np", "NodePort", "10.96.0.10", "1.2.3.4", "53:30053/UDP,53/TCP", "5m", "<none>"])
        let pending: JSONValue = ["metadata": meta("lb"), "spec": ["type": "LoadBalancer"]]
        #expect(Array(cells(TablePrinters.services, pending)[3...4]) == ["<pending>", "<none>"])
        let balanced: JSONValue = ["metadata": meta("lb"), "spec": ["type": "LoadBalancer"],
                                   "status": ["loadBalancer": ["ingress": [["ip": "5.6.7.8"], ["hostname": "lb.example"]]]]]
        #expect(cells(TablePrinters.services, balanced)[3] == "5.6.7.8,lb.example")
        let external: JSONValue = ["metadata": meta("ext"), "spec": ["type": "ExternalName", "externalName": "db.example.com"]]
        #expect(cells(TablePrinters.services, external)[3] == "db.example.com")
    }

    @Test func endpoints() {
        #expect(TablePrinters.endpoints.columns.map(\.name) == ["Name", "Endpoints", "Age"])
        let none: JSONValue = ["metadata": meta("e")]
        #expect(cells(TablePrinters.endpoints, none)[1] == "<none>")
        let many: JSONValue = ["metadata": meta("dns"), "subsets": [
            ["addresses": [["ip": "10.1.0.20"], ["ip": "10.1.0.21"]], "ports": [["port": 53], ["port": 9153]]],
        ]]
        #expect(cells(TablePrinters.endpoints, many)[1] == "10.1.0.20:53,10.1.0.21:53,10.1.0.20:9153 + 1 more...")
        let headless: JSONValue = ["metadata": meta("h"), "subsets": [["addresses": [["ip": "fd00::1"]]]]]
        #expect(cells(TablePrinters.endpoints, headless)[1] == "fd00::1")
        let v6: JSONValue = ["metadata": meta("h"), "subsets": [["addresses": [["ip": "fd00::1"]], "ports": [["port": 80]]]]]
        #expect(cells(TablePrinters.endpoints, v6)[1] == "[fd00::1]:80")
    }

    @Test func events() {
        #expect(TablePrinters.events.columns.map(\.name) == ["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"])
        #expect(TablePrinters.events.columns.map(\.priority) == [0, 0, 0, 0, 1, 1, 0, 1, 1, 1])
        let event: JSONValue = ["metadata": meta("box.1"), "type": "Normal", "reason": "Scheduled",
                                "involvedObject": ["kind": "Pod", "name": "box", "fieldPath": "spec.containers{main}"],
                                "source": ["component": "kubelet", "host": "n1"], "message": " Pulled \n",
                                "firstTimestamp": ago(600), "lastTimestamp": ago(30), "count": 4]
        #expect(cells(TablePrinters.events, event) == ["30s", "Normal", "Scheduled", "pod/box", "spec.containers{main}", "kubelet, n1", "Pulled", "10m", 4, "box.1"])
        let newStyle: JSONValue = ["metadata": meta("e2"), "eventTime": "2025-12-31T23:59:00.000000Z", "reportingComponent": "sched",
                                   "involvedObject": ["kind": "Node"]]
        #expect(cells(TablePrinters.events, newStyle) == ["60s", "", "", "node", "", "sched", "", "60s", 1, "e2"])
    }

    @Test func defaultConvertor() throws {
        let roles = try #require(ResourceRegistry.builtIn.lookup(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles"))
        let printer = TablePrinters.printer(for: roles)
        #expect(printer.columns.map(\.name) == ["Name", "Created At"])
        #expect(printer.columns.map(\.type) == ["string", "date"])
        #expect(cells(printer, ["metadata": ["name": "reader", "creationTimestamp": "2025-12-31T23:00:00Z"]]) == ["reader", "2025-12-31T23:00:00Z"])
        let crds = try #require(ResourceRegistry.builtIn.lookup(group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions"))
        #expect(TablePrinters.printer(for: crds).columns.map(\.name) == ["Name", "Created At"])
        let pods = try #require(ResourceRegistry.builtIn.lookup(group: "", version: "v1", resource: "pods"))
        #expect(TablePrinters.printer(for: pods).columns.count == 9)
        #expect(TableField.since(nil, now: now) == "<unknown>")
    }
}

@Suite struct TableDocumentTests {
    let configMaps = ResourceRegistry.builtIn.lookup(group: "", version: "v1", resource: "configmaps")!
    let object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap",
                             "metadata": ["name": "hello", "namespace": "default", "resourceVersion": "7", "creationTimestamp": ago(5)],
                             "data": ["a": "1"]]

    @Test func listTable() throws {
        let bytes = TableDocument.encodeList([JSONWriter.encode(object)], info: configMaps,
                                             request: TableRequest(version: "v1", includeObject: .metadata), now: now,
                                             resourceVersion: 9, continueToken: "abc")
        let table = try JSONParser.parse(bytes)
        #expect(table[member: "kind"] == "Table")
        #expect(table[member: "apiVersion"] == "meta.k8s.io/v1")
        #expect(table[member: "metadata"] == ["resourceVersion": "9", "continue": "abc"])
        let columns = try #require(table[member: "columnDefinitions"]?.arrayElements)
        #expect(columns.map { $0[member: "name"] } == ["Name", "Data", "Age"])
        #expect(columns[0][member: "format"] == "name")
        #expect(columns[0][member: "priority"] == 0)
        #expect(columns[0][member: "description"]?.stringValue?.isEmpty == false)
        let row = try #require(table[member: "rows"]?.arrayElements?.first)
        #expect(row[member: "cells"] == ["hello", 1, "5s"])
        #expect(row[member: "object"]?[member: "kind"] == "PartialObjectMetadata")
        #expect(row[member: "object"]?[member: "apiVersion"] == "meta.k8s.io/v1")
        #expect(row[member: "object"]?[member: "metadata"]?[member: "name"] == "hello")
    }

    @Test func objectTableAndIncludeObject() throws {
        let full = try JSONParser.parse(TableDocument.encodeObject(JSONWriter.encode(object), info: configMaps,
                                                                   request: TableRequest(version: "v1beta1", includeObject: .object), now: now))
        #expect(full[member: "apiVersion"] == "meta.k8s.io/v1beta1")
        #expect(full[member: "metadata"] == ["resourceVersion": "7"])
        #expect(full[member: "rows"]?.arrayElements?.first?[member: "object"] == object)
        let bare = try JSONParser.parse(TableDocument.encodeObject(JSONWriter.encode(object), info: configMaps,
                                                                   request: TableRequest(version: "v1", includeObject: .none), now: now))
        #expect(bare[member: "rows"]?.arrayElements?.first?[member: "object"] == nil)
    }

    @Test func emptyList() throws {
        let table = try JSONParser.parse(TableDocument.encodeList([], info: configMaps, request: TableRequest(version: "v1", includeObject: .metadata),
                                                                  now: now, resourceVersion: 3, continueToken: nil))
        #expect(table[member: "rows"] == [])
        #expect(table[member: "metadata"] == ["resourceVersion": "3"])
    }
}
