import Logging
import SkiffAPI
import SkiffModel
import Synchronization

/// Keeps a local cache of one kind in sync with the API server: lists, then watches from the
/// list's resourceVersion; when a watch ends it watches again from the last resourceVersion
/// seen; when that version is compacted (410 Gone/Expired) it lists again. Changes are reported
/// to handlers (`addHandler`) and to `notifications()` streams, in order, after the cache holds
/// them.
///
/// Run it with `run()` in a task of your own (it returns when that task is cancelled); read the
/// cache with `store`, `get`, `list`, `byIndex` once `waitForSync()` returned.
public final class Informer<Object: APIObject>: Sendable {
    public typealias Handler = @Sendable (Notification<Object>) -> Void

    /// Counters for tests and metrics.
    public struct Statistics: Sendable, Hashable {
        /// Full lists done (the first one included).
        public var lists = 0
        /// Watches started.
        public var watches = 0
        /// Relists caused by a 410.
        public var expiredRelists = 0
    }

    private struct State: Sendable {
        var reflector: ReflectorState<Object>
        var handlers: [Handler] = []
        var streams: [Int: AsyncStream<Notification<Object>>.Continuation] = [:]
        var nextStreamID = 0
        var statistics = Statistics()
    }

    public let client: KubernetesClient
    /// The namespace watched; nil for all namespaces.
    public let namespace: String?
    public let labelSelector: String?
    public let fieldSelector: String?
    private let watchTimeoutSeconds: Int
    private let retryDelay: Duration
    private let resyncPeriod: Duration?
    private let initialResourceVersion: String?
    private let clock: ElapsedClock
    private let state: Mutex<State>
    /// Serializes delivery so every consumer sees notifications in order.
    private let delivery = Mutex<Void>(())

    /// - Parameters:
    ///   - indexers: extra indexes (name → function); `namespace` is built in.
    ///   - initialResourceVersion: the first list reads exactly at this resourceVersion (e.g. one
    ///     a restarted controller remembered) and the watch follows from there; when it is
    ///     compacted (410) the informer lists at the current revision instead. nil: current.
    ///   - watchTimeoutSeconds: how long each watch runs before the server ends it and the
    ///     informer re-watches.
    ///   - resyncPeriod: when set, every cached object is re-reported as `updated(old: x, new: x)`
    ///     this often (client-go's resync), so handlers can re-check state they act on.
    public init(client: KubernetesClient, namespace: String? = nil, labelSelector: String? = nil,
                fieldSelector: String? = nil, indexers: [String: ObjectStore<Object>.IndexFunction] = [:],
                initialResourceVersion: String? = nil, watchTimeoutSeconds: Int = 300,
                resyncPeriod: Duration? = nil, retryDelay: Duration = .seconds(1), clock: ElapsedClock = .continuous) {
        self.client = client
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.watchTimeoutSeconds = watchTimeoutSeconds
        self.retryDelay = retryDelay
        self.resyncPeriod = resyncPeriod
        self.initialResourceVersion = initialResourceVersion
        self.clock = clock
        self.state = Mutex(State(reflector: ReflectorState(indexers: indexers)))
    }

    // MARK: - Reading the cache

    /// A snapshot of the cache.
    public var store: ObjectStore<Object> { state.withLock { $0.reflector.store } }
    public func get(name: String, namespace: String = "") -> Object? { store.get(name: name, namespace: namespace) }
    public func list() -> [Object] { store.list() }
    public func byIndex(_ name: String, _ value: String) -> [Object] { store.byIndex(name, value) }
    /// True once the first full list is in the cache.
    public var hasSynced: Bool { state.withLock { $0.reflector.hasSynced } }
    /// The resourceVersion the informer resumes from.
    public var resourceVersion: String? { state.withLock { $0.reflector.resourceVersion } }
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Waits until the first list is in the cache (throws `CancellationError` when cancelled).
    public func waitForSync(pollInterval: Duration = .milliseconds(10)) async throws {
        while !hasSynced { try await clock.sleep(for: pollInterval) }
    }

    // MARK: - Consumers

    /// Adds a handler; it is called for every later notification, in order, on the informer's
    /// task. A handler must not call `resync()`.
    public func addHandler(_ handler: @escaping Handler) {
        state.withLock { $0.handlers.append(handler) }
    }

    /// A stream of every later notification; it ends when the informer stops.
    public func notifications() -> AsyncStream<Notification<Object>> {
        let (stream, continuation) = AsyncStream<Notification<Object>>.makeStream()
        let id = state.withLock { state in
            let id = state.nextStreamID
            state.nextStreamID += 1
            state.streams[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.streams.removeValue(forKey: id) }
        }
        return stream
    }

    /// Reports every cached object as `updated(old: x, new: x)` (client-go's resync).
    public func resync() {
        step { $0.resync() }
    }

    // MARK: - The loop

    /// Lists and watches until the calling task is cancelled; then ends the notification streams.
    public func run() async {
        defer {
            let streams = state.withLock { $0.streams.values }
            for stream in streams { stream.finish() }
        }
        await withTaskGroup(of: Void.self) { group in
            if let resyncPeriod {
                group.addTask { [self] in
                    while (try? await clock.sleep(for: resyncPeriod)) != nil {
                        if hasSynced { resync() }
                    }
                }
            }
            await listAndWatch()
            group.cancelAll()
        }
    }

    /// The list/watch loop (until cancelled).
    private func listAndWatch() async {
        var mustList = true
        var listAt = initialResourceVersion
        var failures = 0
        while !Task.isCancelled {
            do {
                if mustList {
                    try await listIntoCache(at: listAt)
                    mustList = false
                    listAt = nil
                }
                mustList = try await watchIntoCache()
                failures = 0
            } catch let error as KubernetesClientError where error.isGone {
                listAt = nil
                step { state in
                    state.expire()
                    return []
                }
                state.withLock { $0.statistics.expiredRelists += 1 }
                mustList = true
            } catch is CancellationError {
                return
            } catch {
                // A pooled connection the server had closed fails once: retry at once, then
                // pause between attempts.
                failures += 1
                if failures == 1 { continue }
                client.logger.warning("informer \(Object.kind): \(error); retrying")
                do { try await clock.sleep(for: retryDelay) } catch { return }
            }
        }
    }

    private func listIntoCache(at resourceVersion: String?) async throws {
        let options = ListOptions(labelSelector: labelSelector, fieldSelector: fieldSelector,
                                  resourceVersion: resourceVersion, resourceVersionMatch: resourceVersion == nil ? nil : "Exact")
        // One unpaged list: the server answers it from its watch cache in one piece, where
        // continued pages would each be read from the store (client-go's reflector gets the
        // same from its resourceVersion=0 list).
        let list = try await client.listAll(Object.self, namespace: namespace, options: options, pageSize: nil)
        state.withLock { $0.statistics.lists += 1 }
        step { $0.applyList(list.items, resourceVersion: list.resourceVersion) }
    }

    /// One watch from the current resourceVersion; answers whether a relist is needed.
    private func watchIntoCache() async throws -> Bool {
        let options = ListOptions(labelSelector: labelSelector, fieldSelector: fieldSelector,
                                  resourceVersion: resourceVersion ?? "0", timeoutSeconds: watchTimeoutSeconds,
                                  allowWatchBookmarks: true)
        state.withLock { $0.statistics.watches += 1 }
        for try await event in try client.watch(Object.self, namespace: namespace, options: options) {
            var next = ReflectorState<Object>.NextStep.continueWatching
            step { state in
                let (notifications, nextStep) = state.apply(event)
                next = nextStep
                return notifications
            }
            switch next {
            case .continueWatching: continue
            case .relist:
                state.withLock {
                    $0.reflector.expire()
                    $0.statistics.expiredRelists += 1
                }
                return true
            case .rewatch:
                try await clock.sleep(for: retryDelay)
                return false
            }
        }
        return false
    }

    /// Changes the reflector state and delivers the notifications it answers, atomically with
    /// respect to other steps.
    private func step(_ change: (inout ReflectorState<Object>) -> [Notification<Object>]) {
        delivery.withLock { _ in
            let (notifications, handlers, streams) = state.withLock { state in
                (change(&state.reflector), state.handlers, Array(state.streams.values))
            }
            for notification in notifications {
                for handler in handlers { handler(notification) }
                for stream in streams { stream.yield(notification) }
            }
        }
    }
}
