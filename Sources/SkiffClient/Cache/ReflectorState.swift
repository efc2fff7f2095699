import SkiffAPI

/// A change an informer reports: an object appeared, changed (old and new value) or went away.
public enum Notification<Object: Sendable>: Sendable {
    case added(Object)
    case updated(old: Object, new: Object)
    case deleted(Object)
}

/// The pure core of an informer (client-go's Reflector + DeltaFIFO folded into the cache): feed
/// it list results and watch events; it updates the cache, tracks the resourceVersion to resume
/// from, and answers the notifications to deliver and what the loop must do next.
public struct ReflectorState<Object: APIObject>: Sendable {
    /// What the list/watch loop does after an event.
    public enum NextStep: Sendable, Equatable {
        /// Keep reading the watch.
        case continueWatching
        /// The resourceVersion is compacted (410): list again.
        case relist
        /// The watch failed otherwise: watch again from `resourceVersion` after a pause.
        case rewatch
    }

    public private(set) var store: ObjectStore<Object>
    /// The resourceVersion of the last list or event applied: where a new watch starts.
    public private(set) var resourceVersion: String?
    /// True once a full list has been applied.
    public private(set) var hasSynced = false

    public init(indexers: [String: ObjectStore<Object>.IndexFunction] = [:]) {
        self.store = ObjectStore(indexers: indexers)
    }

    /// Replaces the cache with a complete list: new keys are added, changed ones updated
    /// (always reported, as client-go does on relist), missing ones deleted.
    public mutating func applyList(_ items: [Object], resourceVersion: String?) -> [Notification<Object>] {
        var notifications = [Notification<Object>]()
        var seen = Set<ObjectKey>()
        for object in items {
            seen.insert(object.objectKey)
            if let old = store.upsert(object) {
                notifications.append(.updated(old: old, new: object))
            } else {
                notifications.append(.added(object))
            }
        }
        for key in store.keys where !seen.contains(key) {
            if let old = store.remove(key) { notifications.append(.deleted(old)) }
        }
        self.resourceVersion = resourceVersion
        hasSynced = true
        return notifications
    }

    /// Applies one watch event.
    public mutating func apply(_ event: WatchEvent<Object>) -> (notifications: [Notification<Object>], next: NextStep) {
        switch event {
        case .added(let object), .modified(let object):
            advance(to: object)
            if let old = store.upsert(object) {
                return ([.updated(old: old, new: object)], .continueWatching)
            }
            return ([.added(object)], .continueWatching)
        case .deleted(let object):
            advance(to: object)
            let old = store.remove(object.objectKey)
            return (old == nil ? [] : [.deleted(object)], .continueWatching)
        case .bookmark(let object):
            advance(to: object)
            return ([], .continueWatching)
        case .error(let status):
            return ([], status.isResourceExpired ? .relist : .rewatch)
        }
    }

    /// The watch could not start because the resourceVersion is gone: forget it so the next
    /// step lists.
    public mutating func expire() { resourceVersion = nil }

    /// An `updated(old: x, new: x)` for every cached object (a periodic resync).
    public func resync() -> [Notification<Object>] {
        store.list().map { .updated(old: $0, new: $0) }
    }

    private mutating func advance(to object: Object) {
        if let version = object.resourceVersion, !version.isEmpty { resourceVersion = version }
    }
}
