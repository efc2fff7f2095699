/// An open watch as the cache sees it: which keys it wants and where its items go. The cache
/// yields in revision order under its lock; a watcher whose buffer is full is ended (its client
/// re-watches from the last resourceVersion it saw), so one slow reader never holds up the others.
struct CacheWatcherRegistration: Sendable {
    /// Keys must start with this (the resource's prefix, or one namespace of it).
    let prefix: String
    /// Whether this watcher gets `.progress` items (it asked for bookmarks).
    let wantsProgress: Bool
    let continuation: AsyncStream<CacheWatchItem>.Continuation

    /// Hands `item` over; false when the watcher's buffer is full or it has gone.
    func offer(_ item: CacheWatchItem) -> Bool {
        switch continuation.yield(item) {
        case .enqueued: return true
        case .dropped, .terminated: return false
        @unknown default: return false
        }
    }
}
