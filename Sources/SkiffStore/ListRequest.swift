/// A paged, consistent read of the keys under a prefix.
public struct ListRequest: Sendable, Hashable {
    /// The directory to list (normalized by ``KeyPrefix``; `/a/b` lists `/a/b/...`).
    public var prefix: String
    /// The revision to read at; nil reads the current revision.
    /// A continued list must pass the revision its first page returned.
    public var revision: Int64?
    /// The most keys to return; nil for all.
    public var limit: Int?
    /// Return only keys strictly greater than this one (the last key of the previous page).
    public var continueAfter: String?

    public init(prefix: String, revision: Int64? = nil, limit: Int? = nil, continueAfter: String? = nil) {
        self.prefix = prefix
        self.revision = revision
        self.limit = limit
        self.continueAfter = continueAfter
    }
}

/// One page of a list.
public struct ListResult: Sendable, Hashable {
    /// The keys, in ascending byte order of their keys.
    public var items: [KeyValue]
    /// The revision the page was read at.
    public var revision: Int64
    /// True when more keys follow the last item (continue after `items.last!.key`).
    public var hasMore: Bool

    public init(items: [KeyValue], revision: Int64, hasMore: Bool) {
        self.items = items
        self.revision = revision
        self.hasMore = hasMore
    }
}
