/// Options of a list or watch: selectors, paging and the resourceVersion to read at.
public struct ListOptions: Sendable, Hashable {
    /// Label selector in string form (`app=web,tier!=db`).
    public var labelSelector: String?
    /// Field selector (`spec.nodeName=node-1`).
    public var fieldSelector: String?
    /// Page size; the answer's `continueToken` fetches the next page.
    public var limit: Int?
    public var continueToken: String?
    /// Read at (or, for watches, after) this resourceVersion; "0" means "any".
    public var resourceVersion: String?
    /// `NotOlderThan` or `Exact`.
    public var resourceVersionMatch: String?
    /// Server-side timeout of a watch.
    public var timeoutSeconds: Int?
    /// Ask the server for BOOKMARK events on watches.
    public var allowWatchBookmarks: Bool

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil,
                continueToken: String? = nil, resourceVersion: String? = nil,
                resourceVersionMatch: String? = nil, timeoutSeconds: Int? = nil,
                allowWatchBookmarks: Bool = false) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.timeoutSeconds = timeoutSeconds
        self.allowWatchBookmarks = allowWatchBookmarks
    }

    /// Query items in a fixed order; `watch` adds `watch=true` and the watch-only options.
    func queryItems(watch: Bool) -> [(String, String)] {
        var items = [(String, String)]()
        if let labelSelector, !labelSelector.isEmpty { items.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(("fieldSelector", fieldSelector)) }
        if !watch, let limit { items.append(("limit", String(limit))) }
        if !watch, let continueToken, !continueToken.isEmpty { items.append(("continue", continueToken)) }
        if let resourceVersion { items.append(("resourceVersion", resourceVersion)) }
        if !watch, let resourceVersionMatch { items.append(("resourceVersionMatch", resourceVersionMatch)) }
        if let timeoutSeconds { items.append(("timeoutSeconds", String(timeoutSeconds))) }
        if watch {
            items.append(("watch", "true"))
            if allowWatchBookmarks { items.append(("allowWatchBookmarks", "true")) }
        }
        return items
    }
}
