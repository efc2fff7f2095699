import SkiffStore

extension WatchStreamer {
    /// Serves the watch from the watch cache. Returns false, having sent nothing, when the cache
    /// no longer holds the events after the requested resourceVersion: the store then serves it
    /// (its history reaches back to the last compaction).
    func runFromCache<Sink: WatchSink>(_ cache: WatchCache, _ plan: WatchPlan, into sink: inout Sink) async throws -> Bool {
        let info = plan.info
        let table = plan.table.map { WatchTableEncoder(info: info, request: $0, now: handler.environment.now) }
        let start: WatchCache.WatchStart
        switch plan.start {
        case .currentState:
            _ = try await handler.cacheReadyForConsistentRead(cache)
            start = .currentState
        case .now:
            let current = try await handler.storage.currentRevision()
            _ = await cache.waitUntil(current, timeout: ResourceHandler.futureRevisionWait)
            start = .after(min(current, cache.revision))
        case .after(let revision):
            // A resourceVersion the store has compacted away gets 410 even while the cache still
            // holds the events after it (the contract: compacted → Expired); the store path says so.
            if revision < cache.revision, await isCompacted(revision, prefix: StorageKey.resourcePrefix(group: info.group, resource: info.resource)) {
                return false
            }
            start = .after(revision)
        }
        let resourcePrefix = StorageKey.resourcePrefix(group: info.group, resource: info.resource)
        guard let registration = cache.register(
            resourcePrefix: resourcePrefix, prefix: StorageKey.collectionPrefix(info, namespace: plan.namespace),
            start: start, wantsProgress: plan.bookmarks) else {
            return false
        }
        let watcherID = registration.id
        defer { cache.unregister(id: watcherID, resourcePrefix: resourcePrefix) }

        if case .currentState = start {
            let initial = registration.initialObjects
                .filter { $0.matches(plan.selector, info: info) }
                .sorted { $0.key < $1.key }
            for object in initial {
                try await sink.send(CachedWatchEncoding.addedLine(object, table: table))
            }
            if plan.initialEventsEndBookmark {
                try await sink.send(WatchEventEncoding.bookmarkLine(info, revision: registration.revision, initialEventsEnd: true))
            }
        }
        for event in registration.initialEvents {
            if let line = CachedWatchEncoding.line(for: event, info: info, selector: plan.selector, table: table) {
                try await sink.send(line)
            }
        }

        let shutdown = self.shutdown
        let timeout = plan.timeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                cache.unregister(id: watcherID, resourcePrefix: resourcePrefix)
            }
            group.addTask {
                await shutdown.wait()
                cache.unregister(id: watcherID, resourcePrefix: resourcePrefix)
            }
            for await item in registration.stream {
                switch item {
                case .event(let event):
                    if let line = CachedWatchEncoding.line(for: event, info: info, selector: plan.selector, table: table) {
                        try await sink.send(line)
                    }
                case .progress(let revision):
                    try await sink.send(WatchEventEncoding.bookmarkLine(info, revision: revision, initialEventsEnd: false))
                }
            }
            group.cancelAll()
        }
        return true
    }

    /// Whether the store no longer has `revision` (a one-key read there fails with `compacted`).
    private func isCompacted(_ revision: Int64, prefix: String) async -> Bool {
        do {
            _ = try await handler.storage.list(ListRequest(prefix: prefix, revision: revision, limit: 1))
            return false
        } catch StorageError.compacted {
            return true
        } catch {
            return false
        }
    }
}
