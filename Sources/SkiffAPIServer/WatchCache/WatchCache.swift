import Foundation
import HashTreeCollections
import Logging
import Synchronization
import SkiffStore

/// The API server's watch cache: every object of every resource in memory, kept current by ONE
/// store watch on `/registry/`, serving lists, gets and watches so that reads do not hit the store
/// (Kubernetes' cacher, for all resources at once).
///
/// Invariants:
/// - `revision` is the newest store revision the cache has applied; every change with a revision
///   up to it is in the maps (the watch covers every key the API server writes).
/// - Objects are encoded once, when their change arrives (``CachedObject``); lists and watch events
///   are served from those bytes.
/// - Watchers receive events in revision order, without gaps; the cache yields to them under its
///   lock. A watcher that does not keep up (buffer full) is ended, never skipped over.
/// - If the store watch itself ends (fell behind, store unavailable), the cache reloads everything
///   and ends every watcher; clients re-watch from their last resourceVersion.
final class WatchCache: Sendable {
    /// Where the cache stands.
    struct State {
        var revision: Int64 = 0
        /// Events after this revision are known to every resource's state created since.
        var loadRevision: Int64 = 0
        var resources: [String: ResourceCacheState] = [:]
        var nextID = 0
        var waiters: [Int: (revision: Int64, continuation: CheckedContinuation<Bool, Never>)] = [:]
    }

    /// The root every API object's key is under.
    static let root = "/registry/"

    let storage: any Storage
    let limits: WatchCacheLimits
    /// Live events a watcher may have queued before it is ended as too slow.
    let watcherBuffer: Int
    private let logger: Logger
    private let state = Mutex(State())

    init(storage: any Storage, limits: WatchCacheLimits = WatchCacheLimits(), watcherBuffer: Int = 10_000,
         logger: Logger = Logger(label: "skiff.watchcache")) {
        self.storage = storage
        self.limits = limits
        self.watcherBuffer = watcherBuffer
        self.logger = logger
    }

    /// The newest revision applied.
    var revision: Int64 { state.withLock { $0.revision } }

    // MARK: Loading and following the store

    /// Reads every object at one revision and replaces the cache's contents with them, ending
    /// all watchers. Returns the revision read at.
    @discardableResult
    func load() async throws -> Int64 {
        var loaded: [String: TreeDictionary<String, CachedObject>] = [:]
        var revision: Int64?
        var after: String?
        while true {
            let page = try await storage.list(ListRequest(prefix: Self.root, revision: revision, limit: 1000, continueAfter: after))
            revision = page.revision
            for value in page.items {
                guard let prefix = Self.resourcePrefix(ofKey: value.key) else { continue }
                loaded[prefix, default: [:]][value.key] = CachedObject(key: value.key, revision: value.modRevision, storedBytes: Array(value.value))
            }
            guard page.hasMore, let last = page.items.last else { break }
            after = last.key
        }
        let loadedRevision = revision ?? 0
        let ended = state.withLock { state -> [CacheWatcherRegistration] in
            let watchers = state.resources.values.flatMap { $0.watchers.values }
            state.resources = [:]
            for (prefix, objects) in loaded {
                var resource = ResourceCacheState(completeAfter: loadedRevision)
                resource.objects = objects
                state.resources[prefix] = resource
            }
            state.revision = loadedRevision
            state.loadRevision = loadedRevision
            Self.resumeWaiters(&state)
            return watchers
        }
        for watcher in ended { watcher.continuation.finish() }
        return loadedRevision
    }

    /// Follows the store from the loaded revision until cancelled, reloading when the store
    /// watch ends. Call after ``load()``.
    func follow() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let stream = try await storage.watch(prefix: Self.root, after: revision)
                try await withTaskCancellationHandler {
                    for try await event in stream {
                        apply(event)
                        failures = 0
                    }
                } onCancel: {
                    stream.cancel()
                }
                if Task.isCancelled { return }
            } catch StorageError.closed {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("the watch cache lost its store watch; reloading", metadata: ["error": "\(error)"])
            }
            failures += 1
            if failures > 1 {
                try? await Task.sleep(for: .milliseconds(min(1000, 50 * failures)))
            }
            do {
                try await load()
            } catch {
                logger.warning("the watch cache could not reload", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Applies one store change and fans it out.
    func apply(_ event: WatchEvent) {
        guard let prefix = Self.resourcePrefix(ofKey: event.key) else {
            state.withLock { state in
                state.revision = max(state.revision, event.revision)
                Self.resumeWaiters(&state)
            }
            return
        }
        let stored = event.kind == .put ? event.current.map { Array($0.value) } : nil
        let tooSlow = state.withLock { state -> [CacheWatcherRegistration] in
            let loadRevision = state.loadRevision
            let cached = state.resources[prefix, default: ResourceCacheState(completeAfter: loadRevision)]
                .apply(key: event.key, revision: event.revision, storedBytes: stored, limits: limits)
            var tooSlow: [CacheWatcherRegistration] = []
            if let watchers = state.resources[prefix]?.watchers, !watchers.isEmpty {
                for (id, watcher) in watchers where event.key.hasPrefix(watcher.prefix) {
                    if !watcher.offer(.event(cached)) {
                        tooSlow.append(watcher)
                        state.resources[prefix]?.watchers[id] = nil
                    }
                }
            }
            state.revision = event.revision
            Self.resumeWaiters(&state)
            return tooSlow
        }
        // Outside the lock: finishing runs the stream's termination handler, which takes it.
        for watcher in tooSlow { watcher.continuation.finish() }
    }

    // MARK: Reading

    /// The objects of one resource at the cache's revision (an O(1) snapshot).
    func snapshot(resourcePrefix: String) -> (objects: TreeDictionary<String, CachedObject>, revision: Int64) {
        state.withLock { ($0.resources[resourcePrefix]?.objects ?? [:], $0.revision) }
    }

    /// One object, or nil; with the cache's revision.
    func object(key: String) -> (object: CachedObject?, revision: Int64) {
        guard let prefix = Self.resourcePrefix(ofKey: key) else { return (nil, revision) }
        return state.withLock { ($0.resources[prefix]?.objects[key], $0.revision) }
    }

    /// Waits until the cache has applied `revision`; false when `timeout` passed first.
    func waitUntil(_ revision: Int64, timeout: Duration) async -> Bool {
        if self.revision >= revision { return true }
        return await withTaskGroup(of: Bool.self) { group in
            let id = state.withLock { state -> Int in
                state.nextID += 1
                return state.nextID
            }
            group.addTask {
                await withCheckedContinuation { continuation in
                    let reached = self.state.withLock { state -> Bool in
                        if state.revision >= revision { return true }
                        state.waiters[id] = (revision, continuation)
                        return false
                    }
                    if reached { continuation.resume(returning: true) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.continuation.resume(returning: false)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if first {
                return true
            }
            // The timer fired; the waiter was resumed with false (or is about to be).
            _ = await group.next()
            return self.revision >= revision
        }
    }

    private static func resumeWaiters(_ state: inout State) {
        guard !state.waiters.isEmpty else { return }
        for (id, waiter) in state.waiters where waiter.revision <= state.revision {
            state.waiters[id] = nil
            waiter.continuation.resume(returning: true)
        }
    }

    // MARK: Watchers

    /// What a new watcher starts with.
    enum WatchStart: Sendable {
        /// The current objects (as ADDED events), then changes.
        case currentState
        /// Changes after this revision.
        case after(Int64)
    }

    /// A registered watch: the items to send first, then the live stream.
    struct Registration: Sendable {
        /// For `.currentState`: the objects under the prefix (unsorted); for `.after`: the
        /// recorded events after the revision.
        var initialObjects: [CachedObject] = []
        var initialEvents: [CachedEvent] = []
        /// The revision the initial part reaches.
        var revision: Int64
        var stream: AsyncStream<CacheWatchItem>
        var id: Int
        var resourcePrefix: String
    }

    /// Registers a watcher of the keys under `prefix` (within the resource `resourcePrefix`).
    /// Returns nil for `.after` a revision whose events the cache no longer holds.
    func register(resourcePrefix: String, prefix: String, start: WatchStart, wantsProgress: Bool) -> Registration? {
        let (stream, continuation) = AsyncStream.makeStream(of: CacheWatchItem.self, bufferingPolicy: .bufferingOldest(watcherBuffer))
        let registration = state.withLock { state -> Registration? in
            let loadRevision = state.loadRevision
            var registration = Registration(revision: state.revision, stream: stream, id: 0, resourcePrefix: resourcePrefix)
            let resource = state.resources[resourcePrefix] ?? ResourceCacheState(completeAfter: loadRevision)
            switch start {
            case .currentState:
                for (key, object) in resource.objects where key.hasPrefix(prefix) {
                    registration.initialObjects.append(object)
                }
            case .after(let revision):
                guard let events = resource.events(after: revision) else { return nil }
                registration.initialEvents = events.filter { $0.key.hasPrefix(prefix) }
            }
            state.nextID += 1
            registration.id = state.nextID
            state.resources[resourcePrefix, default: ResourceCacheState(completeAfter: loadRevision)]
                .watchers[registration.id] = CacheWatcherRegistration(prefix: prefix, wantsProgress: wantsProgress, continuation: continuation)
            return registration
        }
        guard let registration else {
            continuation.finish()
            return nil
        }
        let id = registration.id
        continuation.onTermination = { [weak self] _ in
            self?.unregister(id: id, resourcePrefix: resourcePrefix)
        }
        return registration
    }

    /// Removes a watcher and ends its stream.
    func unregister(id: Int, resourcePrefix: String) {
        let removed = state.withLock { $0.resources[resourcePrefix]?.watchers.removeValue(forKey: id) }
        removed?.continuation.finish()
    }

    /// Tells every watcher that asked for bookmarks how far it has been brought (in order with
    /// its events).
    func sendProgress() {
        let tooSlow = state.withLock { state -> [CacheWatcherRegistration] in
            let revision = state.revision
            var tooSlow: [CacheWatcherRegistration] = []
            for (prefix, resource) in state.resources where !resource.watchers.isEmpty {
                for (id, watcher) in resource.watchers where watcher.wantsProgress {
                    if !watcher.offer(.progress(revision)) {
                        tooSlow.append(watcher)
                        state.resources[prefix]?.watchers[id] = nil
                    }
                }
            }
            return tooSlow
        }
        for watcher in tooSlow { watcher.continuation.finish() }
    }

    /// Open watchers (for metrics and tests).
    var watcherCount: Int {
        state.withLock { $0.resources.values.reduce(0) { $0 + $1.watchers.count } }
    }

    /// `/registry/core/pods/` for `/registry/core/pods/default/web`: the first two components
    /// after the root.
    static func resourcePrefix(ofKey key: String) -> String? {
        guard key.hasPrefix(root) else { return nil }
        var slashes = 0
        var index = key.utf8.index(key.utf8.startIndex, offsetBy: root.utf8.count)
        while index < key.utf8.endIndex {
            if key.utf8[index] == UInt8(ascii: "/") {
                slashes += 1
                if slashes == 2 {
                    return String(key[...index])
                }
            }
            index = key.utf8.index(after: index)
        }
        return nil
    }
}
