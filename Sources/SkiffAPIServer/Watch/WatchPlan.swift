import SkiffAPI

/// A validated watch request (pure): what to watch, where to start, when to stop.
struct WatchPlan: Sendable {
    /// Where the event stream begins.
    enum Start: Equatable, Sendable {
        /// Synthetic ADDED events for the current objects, then live events
        /// (no resourceVersion, or "0").
        case currentState
        /// Live events only, from the current revision (`sendInitialEvents=false` without a
        /// resourceVersion).
        case now
        /// Events after this revision.
        case after(Int64)
    }

    var info: ResourceInfo
    var namespace: String?
    var selector: ObjectSelector
    var start: Start
    /// When the server ends the watch.
    var timeout: Duration
    /// Send a BOOKMARK (annotated `k8s.io/initial-events-end`) after the initial events.
    var initialEventsEndBookmark: Bool
    /// Set when the watch asked for `as=Table`: each event's object is a one-row Table.
    var table: TableRequest?
    /// `allowWatchBookmarks=true`: the server sends BOOKMARK events now and then with the
    /// resourceVersion the watch has reached.
    var bookmarks = false

    /// Kubernetes picks a random timeout in [min-request-timeout, 2×) when the client gives none.
    static let defaultTimeoutRange: ClosedRange<Int> = 1800...3600

    init(info: ResourceInfo, namespace: String?, selector: ObjectSelector, start: Start, timeout: Duration,
         initialEventsEndBookmark: Bool = false) {
        self.info = info
        self.namespace = namespace
        self.selector = selector
        self.start = start
        self.timeout = timeout
        self.initialEventsEndBookmark = initialEventsEndBookmark
    }

    /// Reads `resourceVersion`, `timeoutSeconds`, `allowWatchBookmarks`, `sendInitialEvents` and
    /// the selectors; a watch of one object (`/watch/.../{name}`) selects on `metadata.name`.
    init(info: ResourceInfo, namespace: String?, name: String?, query: QueryParameters) throws(StatusError) {
        var selector = try ObjectSelector(query: query, resource: info)
        if let name {
            selector.fields = FieldSelector(requirements: selector.fields.requirements
                + [FieldSelector.Requirement(field: "metadata.name", operator: .equals, value: name)])
        }
        let resourceVersion = query["resourceVersion"] ?? ""
        let sendInitialEvents = query["sendInitialEvents"]
        var start: Start
        if resourceVersion.isEmpty || resourceVersion == "0" {
            start = .currentState
        } else {
            start = .after(try ListOptions.revision(resourceVersion))
        }
        var bookmark = false
        if let sendInitialEvents {
            let wanted = ["1", "t", "T", "true", "TRUE", "True"].contains(sendInitialEvents)
            if wanted {
                if query["resourceVersionMatch"] != "NotOlderThan" {
                    throw .invalid(kind: "ListOptions", group: "meta.k8s.io", name: "", errors: [
                        .forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")])
                }
                start = .currentState
                bookmark = query.flag("allowWatchBookmarks")
            } else if case .currentState = start {
                start = .now
            }
        }
        var timeout = Duration.seconds(Int.random(in: Self.defaultTimeoutRange))
        if let text = query["timeoutSeconds"], !text.isEmpty {
            guard let seconds = Int(text), seconds >= 0 else { throw .badRequest("invalid timeoutSeconds: \(text)") }
            if seconds > 0 { timeout = .seconds(seconds) }
        }
        self.init(info: info, namespace: namespace, selector: selector, start: start, timeout: timeout,
                  initialEventsEndBookmark: bookmark)
        self.bookmarks = query.flag("allowWatchBookmarks")
    }
}
