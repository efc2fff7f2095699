import SkiffAPI
import SkiffModel

/// Pods and the workload controllers (apps, batch), with the columns Kubernetes 1.32 prints.
extension TablePrinters {
    static let pods = TablePrinter(
        columns: [
            .name(),
            TableColumn("Ready", "How many of the pod's containers are ready, of all its (and its sidecar) containers."),
            TableColumn("Status", "The aggregate status of the pod's containers."),
            TableColumn("Restarts", "How often the pod's containers restarted, and how long ago the last restart was."),
            .age,
            TableColumn("IP", priority: 1, "The IP address assigned to the pod."),
            TableColumn("Node", priority: 1, "The node the pod is bound to."),
            TableColumn("Nominated Node", priority: 1, "The node the scheduler nominated for the pod while it preempts others."),
            TableColumn("Readiness Gates", priority: 1, "How many of the pod's readiness gates are true."),
        ],
        row: podRow)

    /// `printPod`: READY counts ready containers (and started restartable init containers),
    /// STATUS is the phase refined by the pod reason, init container and container states,
    /// RESTARTS adds `(<age> ago)` of the last termination when there were restarts.
    @Sendable static func podRow(_ pod: JSONValue, now: KubeTime) -> TableRowCells {
        typealias F = TableField
        let spec = pod[member: "spec"]
        let status = pod[member: "status"]
        var phase = F.string(status, "phase")
        // Skiff does not default status yet; Kubernetes stores every new pod as Pending.
        if phase.isEmpty { phase = "Pending" }
        var reason = F.nonEmpty(F.string(status, "reason"), or: phase)
        let conditions = F.array(status, "conditions")
        if conditions.contains(where: { F.string($0, "type") == "PodScheduled" && F.string($0, "reason") == "SchedulingGated" }) {
            reason = "SchedulingGated"
        }

        let initContainers = F.array(spec, "initContainers")
        let restartable = Set(initContainers.filter { F.string($0, "restartPolicy") == "Always" }.map { F.string($0, "name") })
        var total = Int64(F.array(spec, "containers").count + restartable.count)
        var ready: Int64 = 0
        var restarts: Int64 = 0
        var lastRestart: KubeTime?
        var sidecarRestarts: Int64 = 0
        var lastSidecarRestart: KubeTime?
        func later(_ a: KubeTime?, _ b: KubeTime?) -> KubeTime? {
            guard let b else { return a }
            guard let a else { return b }
            return max(a, b)
        }

        var initializing = false
        let initStatuses = F.array(status, "initContainerStatuses")
        for (index, container) in initStatuses.enumerated() {
            let name = F.string(container, "name")
            let count = F.int(container, "restartCount")
            let finished = F.time(container, "lastState.terminated.finishedAt")
            restarts += count
            lastRestart = later(lastRestart, finished)
            let isSidecar = restartable.contains(name)
            if isSidecar {
                sidecarRestarts += count
                lastSidecarRestart = later(lastSidecarRestart, finished)
            }
            let terminated = container.value(atPath: "state.terminated")
            let waitingReason = F.string(container, "state.waiting.reason")
            if let terminated, F.int(terminated, "exitCode") == 0 {
                continue
            } else if isSidecar && container[member: "started"] == .bool(true) {
                if container[member: "ready"] == .bool(true) { ready += 1 }
                continue
            } else if let terminated {
                let terminatedReason = F.string(terminated, "reason")
                if !terminatedReason.isEmpty {
                    reason = "Init:" + terminatedReason
                } else if F.int(terminated, "signal") != 0 {
                    reason = "Init:Signal:\(F.int(terminated, "signal"))"
                } else {
                    reason = "Init:ExitCode:\(F.int(terminated, "exitCode"))"
                }
            } else if !waitingReason.isEmpty && waitingReason != "PodInitializing" {
                reason = "Init:" + waitingReason
            } else {
                reason = "Init:\(index)/\(initContainers.count)"
            }
            initializing = true
            break
        }

        if !initializing || F.hasTrueCondition(conditions, "Initialized") {
            restarts = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            for container in F.array(status, "containerStatuses").reversed() {
                restarts += F.int(container, "restartCount")
                lastRestart = later(lastRestart, F.time(container, "lastState.terminated.finishedAt"))
                let waitingReason = F.string(container, "state.waiting.reason")
                let terminated = container.value(atPath: "state.terminated")
                if !waitingReason.isEmpty {
                    reason = waitingReason
                } else if let terminated, !F.string(terminated, "reason").isEmpty {
                    reason = F.string(terminated, "reason")
                } else if let terminated {
                    let signal = F.int(terminated, "signal")
                    reason = signal != 0 ? "Signal:\(signal)" : "ExitCode:\(F.int(terminated, "exitCode"))"
                } else if container[member: "ready"] == .bool(true) && container.value(atPath: "state.running") != nil {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed" && hasRunning {
                reason = F.hasTrueCondition(conditions, "Ready") ? "Running" : "NotReady"
            }
        }

        let deleting = pod.value(atPath: "metadata.deletionTimestamp") != nil
        if deleting && F.string(status, "reason") == "NodeLost" {
            reason = "Unknown"
        } else if deleting && phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating"
        }

        var restartsText = String(restarts)
        if restarts != 0, let lastRestart {
            restartsText = "\(restarts) (\(F.since(lastRestart, now: now)) ago)"
        }
        total = max(total, 0)

        var podIP = F.string(F.array(status, "podIPs").first, "ip")
        if podIP.isEmpty { podIP = "<none>" }
        var gates = "<none>"
        let readinessGates = F.array(spec, "readinessGates")
        if !readinessGates.isEmpty {
            let satisfied = readinessGates.filter { gate in
                let type = F.string(gate, "conditionType")
                return conditions.first { F.string($0, "type") == type }.map { F.string($0, "status") == "True" } ?? false
            }.count
            gates = "\(satisfied)/\(readinessGates.count)"
        }
        var row = TableRowCells(cells: [
            F.name(pod), .string("\(ready)/\(total)"), .string(reason), .string(restartsText), F.age(pod, now: now),
            .string(podIP), .string(F.nonEmpty(F.string(spec, "nodeName"), or: "<none>")),
            .string(F.nonEmpty(F.string(status, "nominatedNodeName"), or: "<none>")), .string(gates),
        ])
        if phase == "Succeeded" || phase == "Failed" {
            row.conditions = [["type": "Completed", "status": "True", "reason": .string(phase),
                               "message": .string(phase == "Succeeded" ? "The pod has completed successfully." : "The pod failed.")]]
        }
        return row
    }

    private static let containersColumn = TableColumn("Containers", priority: 1, "Names of each container in the template.")
    private static let imagesColumn = TableColumn("Images", priority: 1, "Images referenced by each container in the template.")
    private static let selectorColumn = TableColumn("Selector", priority: 1, "The label selector of the pods this object manages.")

    /// `spec.replicas`, which Kubernetes defaults to 1 (Skiff does not default yet).
    private static func desiredReplicas(_ object: JSONValue) -> Int64 {
        TableField.optionalInt(object, "spec.replicas") ?? 1
    }

    static let deployments = TablePrinter(
        columns: [
            .name(),
            TableColumn("Ready", "Ready replicas of the desired number."),
            TableColumn("Up-to-date", "integer", "Replicas updated to the desired pod template."),
            TableColumn("Available", "integer", "Replicas available to users (ready for at least minReadySeconds)."),
            .age, containersColumn, imagesColumn, selectorColumn,
        ],
        cells: { object, now in
            typealias F = TableField
            return [F.name(object), .string("\(F.int(object, "status.readyReplicas"))/\(desiredReplicas(object))"),
                    .integer(F.int(object, "status.updatedReplicas")), .integer(F.int(object, "status.availableReplicas")),
                    F.age(object, now: now)]
                + F.containerCells(object.value(atPath: "spec.template.spec"))
                + [.string(F.formatLabelSelector(object.value(atPath: "spec.selector")))]
        })

    static let replicaSets = TablePrinter(
        columns: [
            .name(),
            TableColumn("Desired", "integer", "The number of desired replicas."),
            TableColumn("Current", "integer", "The number of replicas that exist."),
            TableColumn("Ready", "integer", "The number of ready replicas."),
            .age, containersColumn, imagesColumn, selectorColumn,
        ],
        cells: { object, now in
            typealias F = TableField
            return [F.name(object), .integer(desiredReplicas(object)), .integer(F.int(object, "status.replicas")),
                    .integer(F.int(object, "status.readyReplicas")), F.age(object, now: now)]
                + F.containerCells(object.value(atPath: "spec.template.spec"))
                + [.string(F.formatLabelSelector(object.value(atPath: "spec.selector")))]
        })

    static let statefulSets = TablePrinter(
        columns: [.name(), TableColumn("Ready", "Ready replicas of the desired number."), .age, containersColumn, imagesColumn],
        cells: { object, now in
            typealias F = TableField
            return [F.name(object), .string("\(F.int(object, "status.readyReplicas"))/\(desiredReplicas(object))"),
                    F.age(object, now: now)]
                + F.containerCells(object.value(atPath: "spec.template.spec"))
        })

    static let daemonSets = TablePrinter(
        columns: [
            .name(),
            TableColumn("Desired", "integer", "The number of nodes that should run the daemon pod."),
            TableColumn("Current", "integer", "The number of nodes running at least one daemon pod that should."),
            TableColumn("Ready", "integer", "The number of nodes with a ready daemon pod."),
            TableColumn("Up-to-date", "integer", "The number of nodes running the updated daemon pod."),
            TableColumn("Available", "integer", "The number of nodes with an available daemon pod."),
            TableColumn("Node Selector", "The node selector of the pod template."),
            .age, containersColumn, imagesColumn, selectorColumn,
        ],
        cells: { object, now in
            typealias F = TableField
            return [F.name(object), .integer(F.int(object, "status.desiredNumberScheduled")),
                    .integer(F.int(object, "status.currentNumberScheduled")), .integer(F.int(object, "status.numberReady")),
                    .integer(F.int(object, "status.updatedNumberScheduled")), .integer(F.int(object, "status.numberAvailable")),
                    .string(F.formatLabels(object.value(atPath: "spec.template.spec.nodeSelector"))), F.age(object, now: now)]
                + F.containerCells(object.value(atPath: "spec.template.spec"))
                + [.string(F.formatLabelSelector(object.value(atPath: "spec.selector")))]
        })

    static let jobs = TablePrinter(
        columns: [
            .name(),
            TableColumn("Status", "The status of the job (Complete, Failed, Suspended, Running ...)."),
            TableColumn("Completions", "Succeeded pods of the desired completions."),
            TableColumn("Duration", "How long the job ran (or has been running)."),
            .age, containersColumn, imagesColumn, selectorColumn,
        ],
        cells: jobCells)

    @Sendable static func jobCells(_ job: JSONValue, now: KubeTime) -> [JSONValue] {
        typealias F = TableField
        let conditions = F.array(job, "status.conditions")
        let status: String
        if F.hasTrueCondition(conditions, "Complete") { status = "Complete" }
        else if F.hasTrueCondition(conditions, "Failed") { status = "Failed" }
        else if job.value(atPath: "metadata.deletionTimestamp") != nil { status = "Terminating" }
        else if F.hasTrueCondition(conditions, "Suspended") { status = "Suspended" }
        else if F.hasTrueCondition(conditions, "FailureTarget") { status = "FailureTarget" }
        else if F.hasTrueCondition(conditions, "SuccessCriteriaMet") { status = "SuccessCriteriaMet" }
        else { status = "Running" }

        let succeeded = F.int(job, "status.succeeded")
        let completions: String
        if let wanted = F.optionalInt(job, "spec.completions") {
            completions = "\(succeeded)/\(wanted)"
        } else if let parallelism = F.optionalInt(job, "spec.parallelism"), parallelism > 1 {
            completions = "\(succeeded)/1 of \(parallelism)"
        } else {
            completions = "\(succeeded)/1"
        }
        var duration = ""
        if let start = F.time(job, "status.startTime") {
            let end = F.time(job, "status.completionTime") ?? now
            duration = HumanDuration.format(seconds: end.secondsSinceEpoch - start.secondsSinceEpoch)
        }
        return [F.name(job), .string(status), .string(completions), .string(duration), F.age(job, now: now)]
            + F.containerCells(job.value(atPath: "spec.template.spec"))
            + [.string(F.formatLabelSelector(job.value(atPath: "spec.selector")))]
    }

    static let cronJobs = TablePrinter(
        columns: [
            .name(),
            TableColumn("Schedule", "The schedule in Cron format."),
            TableColumn("Timezone", "The time zone the schedule is read in."),
            TableColumn("Suspend", "boolean", "Whether later executions are suspended."),
            TableColumn("Active", "integer", "The number of running jobs."),
            TableColumn("Last Schedule", "When a job was last scheduled."),
            .age, containersColumn, imagesColumn, selectorColumn,
        ],
        cells: { object, now in
            typealias F = TableField
            let suspend: String
            switch object.value(atPath: "spec.suspend") {
            case .bool(true)?: suspend = "True"
            default: suspend = "False"  // Kubernetes defaults suspend to false.
            }
            let last = F.time(object, "status.lastScheduleTime").map { F.since($0, now: now) } ?? "<none>"
            return [F.name(object), .string(F.string(object, "spec.schedule")),
                    .string(F.nonEmpty(F.string(object, "spec.timeZone"), or: "<none>")), .string(suspend),
                    .integer(Int64(F.array(object, "status.active").count)), .string(last), F.age(object, now: now)]
                + F.containerCells(object.value(atPath: "spec.jobTemplate.spec.template.spec"))
                + [.string(F.formatLabelSelector(object.value(atPath: "spec.jobTemplate.spec.selector")))]
        })
}
