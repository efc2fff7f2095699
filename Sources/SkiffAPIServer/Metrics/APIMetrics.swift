import Synchronization

/// The API server's Prometheus metrics, kept in memory behind one `Mutex` (each request takes it
/// once, for a few dictionary updates) and rendered by ``render(store:process:)`` for `/metrics`.
/// Label values are bounded: resources the registry does not serve are counted with empty
/// group, version and resource labels (see ``RequestLabels``).
final class APIMetrics: Sendable {
    struct RequestKey: Hashable, Sendable {
        var verb: String
        var group: String
        var version: String
        var resource: String
        var code: Int
    }

    struct SeriesKey: Hashable, Sendable {
        var verb: String
        var group: String
        var version: String
        var resource: String
    }

    struct ResourceKey: Hashable, Sendable {
        var group: String
        var version: String
        var resource: String
    }

    /// What the SQLite store reports about its group commit (nil for other backends).
    struct StoreCommitStatistics: Sendable {
        var transactions: Int
        var largestBatch: Int
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var durations: [SeriesKey: Histogram] = [:]
        var watchers: [ResourceKey: Int] = [:]
        var storeDurations: [String: Histogram] = [:]
        var storeWrites: UInt64 = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Counts a finished request; `duration` (seconds) goes into the latency histogram unless nil
    /// (watches: long-running, counted when they start).
    func recordRequest(_ labels: RequestLabels, code: Int, duration: Double?) {
        let key = RequestKey(verb: labels.verb, group: labels.group, version: labels.version, resource: labels.resource, code: code)
        state.withLock { state in
            state.requests[key, default: 0] += 1
            if let duration {
                let series = SeriesKey(verb: labels.verb, group: labels.group, version: labels.version, resource: labels.resource)
                state.durations[series, default: Histogram()].observe(duration)
            }
        }
    }

    func watchStarted(_ key: ResourceKey) {
        state.withLock { $0.watchers[key, default: 0] += 1 }
    }

    func watchEnded(_ key: ResourceKey) {
        state.withLock { $0.watchers[key, default: 0] -= 1 }
    }

    /// Times one store operation; a write that succeeded also counts in `skiff_store_write_total`.
    func recordStore(_ operation: String, duration: Double, isSuccessfulWrite: Bool) {
        state.withLock { state in
            state.storeDurations[operation, default: Histogram()].observe(duration)
            if isSuccessfulWrite { state.storeWrites += 1 }
        }
    }

    /// How many watches are open now, per resource (for tests).
    func watcherCount(_ key: ResourceKey) -> Int {
        state.withLock { $0.watchers[key] ?? 0 }
    }

    /// The exposition text: a snapshot of the counters (taken under the lock), formatted outside it.
    func render(store: StoreCommitStatistics?, process: ProcessMetrics?) -> String {
        let snapshot = state.withLock { $0 }
        var text = PrometheusText()

        text.family("apiserver_request_total", type: "counter",
                    help: "Counter of apiserver requests broken out for each verb, group, version, resource and HTTP response code.")
        for (key, value) in snapshot.requests.sorted(by: { Self.order($0.key, $1.key) }) {
            text.sample("apiserver_request_total", [("code", String(key.code)), ("group", key.group), ("resource", key.resource),
                                                   ("verb", key.verb), ("version", key.version)], Double(value))
        }

        text.family("apiserver_request_duration_seconds", type: "histogram",
                    help: "Response latency distribution in seconds for each verb, group, version and resource (watches excluded).")
        for (key, histogram) in snapshot.durations.sorted(by: { Self.order($0.key, $1.key) }) {
            text.histogram("apiserver_request_duration_seconds",
                           [("group", key.group), ("resource", key.resource), ("verb", key.verb), ("version", key.version)], histogram)
        }

        text.family("apiserver_registered_watchers", type: "gauge",
                    help: "Number of currently registered watchers for a given resource.")
        for (key, value) in snapshot.watchers.sorted(by: { ($0.key.group, $0.key.version, $0.key.resource) < ($1.key.group, $1.key.version, $1.key.resource) }) {
            text.sample("apiserver_registered_watchers", [("group", key.group), ("resource", key.resource), ("version", key.version)], Double(value))
        }

        text.family("skiff_store_request_duration_seconds", type: "histogram",
                    help: "Store operation latency in seconds, per operation, as the API server sees it.")
        for (operation, histogram) in snapshot.storeDurations.sorted(by: { $0.key < $1.key }) {
            text.histogram("skiff_store_request_duration_seconds", [("operation", operation)], histogram)
        }
        text.family("skiff_store_write_total", type: "counter", help: "Writes (create, update, delete) the store acknowledged.")
        text.sample("skiff_store_write_total", [], Double(snapshot.storeWrites))
        if let store {
            text.family("skiff_store_write_transactions_total", type: "counter",
                        help: "Transactions the SQLite store's group commit has committed since it opened.")
            text.sample("skiff_store_write_transactions_total", [], Double(store.transactions))
            text.family("skiff_store_write_largest_batch", type: "gauge",
                        help: "The largest number of writes one SQLite transaction has carried since the store opened.")
            text.sample("skiff_store_write_largest_batch", [], Double(store.largestBatch))
        }

        if let process {
            text.family("process_cpu_seconds_total", type: "counter", help: "Total user and system CPU time spent in seconds.")
            text.sample("process_cpu_seconds_total", [], process.cpuSeconds)
            text.family("process_resident_memory_bytes", type: "gauge", help: "Resident memory size in bytes.")
            text.sample("process_resident_memory_bytes", [], process.residentMemoryBytes)
            text.family("process_virtual_memory_bytes", type: "gauge", help: "Virtual memory size in bytes.")
            text.sample("process_virtual_memory_bytes", [], process.virtualMemoryBytes)
            if let start = process.startTimeSeconds {
                text.family("process_start_time_seconds", type: "gauge", help: "Start time of the process since unix epoch in seconds.")
                text.sample("process_start_time_seconds", [], start)
            }
            if let descriptors = process.openFileDescriptors {
                text.family("process_open_fds", type: "gauge", help: "Number of open file descriptors.")
                text.sample("process_open_fds", [], descriptors)
            }
        }
        return text.output
    }

    private static func order(_ a: RequestKey, _ b: RequestKey) -> Bool {
        (a.group, a.version, a.resource, a.verb, a.code) < (b.group, b.version, b.resource, b.verb, b.code)
    }

    private static func order(_ a: SeriesKey, _ b: SeriesKey) -> Bool {
        (a.group, a.version, a.resource, a.verb) < (b.group, b.version, b.resource, b.verb)
    }
}

/// The labels of one request, as Kubernetes' `CleanVerb` reports them: `LIST` for a collection
/// GET, `WATCH` for watches, `DELETECOLLECTION` for a collection DELETE, the method otherwise
/// (`other` for methods Kubernetes does not know). Group, version and resource only for resources
/// the registry serves (so that junk paths cannot create new series); empty for other paths.
struct RequestLabels: Equatable, Sendable {
    var verb: String
    var group = ""
    var version = ""
    var resource = ""

    static let knownMethods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    init(verb: String, group: String = "", version: String = "", resource: String = "") {
        self.verb = verb
        self.group = group
        self.version = version
        self.resource = resource
    }

    init(method: String, path: String, query: String?, registry: ResourceRegistry) {
        let method = Self.knownMethods.contains(method) ? method : "other"
        guard case .resource(let route) = RouteParser.parse(path),
              let info = registry.lookup(group: route.group, version: route.version, resource: route.resource) else {
            self.init(verb: method)
            return
        }
        var verb = method
        let isWatch = route.legacyWatch || (QueryParameters(parsing: query)?.flag("watch") ?? false)
        if method == "GET" && route.subresource == nil {
            verb = isWatch ? "WATCH" : (route.name == nil ? "LIST" : "GET")
        } else if method == "DELETE" && route.name == nil {
            verb = "DELETECOLLECTION"
        }
        self.init(verb: verb, group: info.group, version: info.version, resource: info.resource)
    }

    var resourceKey: APIMetrics.ResourceKey {
        APIMetrics.ResourceKey(group: group, version: version, resource: resource)
    }
}
