/// One change as the watch cache records and fans it out: the object after the change (nil for a
/// delete) and before it (nil for a create). The objects are shared with the cache's map, so an
/// event costs no copy of the bytes.
struct CachedEvent: Sendable {
    let key: String
    let revision: Int64
    let current: CachedObject?
    let previous: CachedObject?

    /// The bytes this event holds (both sides), for the history's byte budget.
    var byteCount: Int { (current?.bytes.count ?? 0) + (previous?.bytes.count ?? 0) }
}

/// What a cache watcher receives, in revision order.
enum CacheWatchItem: Sendable {
    /// A change under the watcher's prefix.
    case event(CachedEvent)
    /// Everything up to this revision has been delivered (a bookmark may be sent).
    case progress(Int64)
}
