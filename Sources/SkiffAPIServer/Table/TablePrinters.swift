import SkiffAPI
import SkiffModel

/// The table printer of each resource: the kinds kubectl users look at most have Kubernetes'
/// columns; every other resource (custom resource definitions included) gets the default table
/// convertor's `Name` and `Created At` (an RFC 3339 date).
enum TablePrinters {
    static func printer(for info: ResourceInfo) -> TablePrinter {
        switch (info.group, info.resource) {
        case ("", "pods"): pods
        case ("", "nodes"): nodes
        case ("", "namespaces"): namespaces
        case ("", "services"): services
        case ("", "endpoints"): endpoints
        case ("", "configmaps"): configMaps
        case ("", "secrets"): secrets
        case ("", "events"): events
        case ("apps", "deployments"): deployments
        case ("apps", "replicasets"): replicaSets
        case ("apps", "statefulsets"): statefulSets
        case ("apps", "daemonsets"): daemonSets
        case ("batch", "jobs"): jobs
        case ("batch", "cronjobs"): cronJobs
        case ("coordination.k8s.io", "leases"): leases
        case ("scheduling.k8s.io", "priorityclasses"): priorityClasses
        default: standard
        }
    }

    /// apiserver's `DefaultTableConvertor`.
    static let standard = TablePrinter(
        columns: [.name(), TableColumn("Created At", "date", "CreationTimestamp is when the server created this object.")],
        cells: { object, _ in
            let created = TableField.time(object, "metadata.creationTimestamp")
            return [TableField.name(object), created.map { .string($0.description) } ?? .null]
        })
}
