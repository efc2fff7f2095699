import SkiffAPI
import SkiffModel

/// One column of a `meta.k8s.io/v1` Table (`TableColumnDefinition`). Priority 0 columns are
/// always shown by kubectl, priority 1 only with `-o wide`.
struct TableColumn: Equatable, Sendable {
    var name: String
    var type: String
    var format: String
    var description: String
    var priority: Int

    init(_ name: String, format: String = "", priority: Int = 0, _ description: String) {
        self.init(name, "string", format: format, priority: priority, description)
    }

    init(_ name: String, _ type: String, format: String = "", priority: Int = 0, _ description: String) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
    }

    var json: JSONValue {
        ["name": .string(name), "type": .string(type), "format": .string(format),
         "description": .string(description), "priority": .integer(Int64(priority))]
    }

    static func name(_ description: String = "Name must be unique within a namespace (or the cluster for cluster-scoped objects).") -> TableColumn {
        TableColumn("Name", format: "name", description)
    }

    static let age = TableColumn("Age", "CreationTimestamp is when the server created this object; shown as the time since then.")
}

/// One row: its cells (strings, integers, booleans) and optional row conditions.
struct TableRowCells: Equatable, Sendable {
    var cells: [JSONValue]
    var conditions: [JSONValue] = []
}

/// How one kind is printed: its columns and the (pure) function from an object and the current
/// time to the row's cells, in the columns' order (wide columns included: the server always
/// sends them, kubectl hides priority 1 columns unless `-o wide`).
struct TablePrinter: Sendable {
    var columns: [TableColumn]
    var row: @Sendable (JSONValue, KubeTime) -> TableRowCells

    init(columns: [TableColumn], cells: @escaping @Sendable (JSONValue, KubeTime) -> [JSONValue]) {
        self.columns = columns
        self.row = { TableRowCells(cells: cells($0, $1)) }
    }

    init(columns: [TableColumn], row: @escaping @Sendable (JSONValue, KubeTime) -> TableRowCells) {
        self.columns = columns
        self.row = row
    }
}

/// Small readers shared by the printers; missing or mistyped fields read as empty / zero.
enum TableField {
    static func string(_ object: JSONValue?, _ path: String) -> String {
        object?.value(atPath: path)?.stringValue ?? ""
    }

    static func int(_ object: JSONValue?, _ path: String) -> Int64 {
        object?.value(atPath: path)?.integerValue ?? 0
    }

    static func optionalInt(_ object: JSONValue?, _ path: String) -> Int64? {
        object?.value(atPath: path)?.integerValue
    }

    static func array(_ object: JSONValue?, _ path: String) -> [JSONValue] {
        object?.value(atPath: path)?.arrayElements ?? []
    }

    static func count(_ object: JSONValue?, _ path: String) -> Int64 {
        Int64(object?.value(atPath: path)?.objectMembers?.count ?? 0)
    }

    static func nonEmpty(_ text: String, or fallback: String) -> String { text.isEmpty ? fallback : text }

    static func time(_ object: JSONValue?, _ path: String) -> KubeTime? {
        let text = string(object, path)
        if text.isEmpty { return nil }
        return try? KubeTime(parsing: text)
    }

    /// `translateTimestampSince`: the time since `time` in HumanDuration form, `<unknown>` when
    /// there is none.
    static func since(_ time: KubeTime?, now: KubeTime) -> String {
        guard let time else { return "<unknown>" }
        return HumanDuration.format(seconds: now.secondsSinceEpoch - time.secondsSinceEpoch)
    }

    /// The AGE cell of any object.
    static func age(_ object: JSONValue, now: KubeTime) -> JSONValue {
        .string(since(time(object, "metadata.creationTimestamp"), now: now))
    }

    static func name(_ object: JSONValue) -> JSONValue { .string(string(object, "metadata.name")) }

    /// The CONTAINERS and IMAGES cells of a pod spec: names and images joined with ",".
    static func containerCells(_ podSpec: JSONValue?) -> [JSONValue] {
        let containers = array(podSpec, "containers")
        return [.string(containers.map { string($0, "name") }.joined(separator: ",")),
                .string(containers.map { string($0, "image") }.joined(separator: ","))]
    }

    /// `labels.FormatLabels`: `k=v` sorted by key, joined with ","; `<none>` when empty.
    static func formatLabels(_ labels: JSONValue?) -> String {
        let map = labels?.stringMap ?? [:]
        if map.isEmpty { return "<none>" }
        return map.keys.sorted().map { "\($0)=\(map[$0]!)" }.joined(separator: ",")
    }

    /// `metav1.FormatLabelSelector`: requirements sorted by key (`k=v`, `k in (a,b)`,
    /// `k notin (a,b)`, `k`, `!k`) joined with ","; `<none>` for a missing or empty selector.
    static func formatLabelSelector(_ selector: JSONValue?) -> String {
        guard let selector, selector.isObject else { return "<none>" }
        var requirements: [(key: String, text: String)] = []
        for (key, value) in selector[member: "matchLabels"]?.stringMap ?? [:] {
            requirements.append((key, "\(key)=\(value)"))
        }
        for expression in array(selector, "matchExpressions") {
            let key = string(expression, "key")
            let values = Array(Set(array(expression, "values").compactMap(\.stringValue))).sorted().joined(separator: ",")
            switch string(expression, "operator") {
            case "In": requirements.append((key, "\(key) in (\(values))"))
            case "NotIn": requirements.append((key, "\(key) notin (\(values))"))
            case "Exists": requirements.append((key, key))
            case "DoesNotExist": requirements.append((key, "!" + key))
            default: return "<error>"
            }
        }
        if requirements.isEmpty { return "<none>" }
        return requirements.sorted { $0.key < $1.key }.map(\.text).joined(separator: ",")
    }

    /// Whether `conditions` has one of `type` with status True.
    static func hasTrueCondition(_ conditions: [JSONValue], _ type: String) -> Bool {
        conditions.contains { string($0, "type") == type && string($0, "status") == "True" }
    }
}
