import SkiffAPI
import SkiffStore

/// Where watch event lines go (the HTTP response body, or a test buffer).
protocol WatchSink {
    mutating func send(_ bytes: [UInt8]) async throws
}

/// Runs one watch against the store and writes its events to a sink until the watch times out,
/// the server shuts down, the client goes away (the task is cancelled) or the store ends it.
///
/// Errors are written as ERROR events (a compacted resourceVersion gives 410 Expired, as
/// Kubernetes does); a watch that fell behind the store is simply ended, so its client re-watches
/// from the last resourceVersion it saw.
struct WatchStreamer: Sendable {
    let handler: ResourceHandler
    let shutdown: ShutdownSignal

    func run<Sink: WatchSink>(_ plan: WatchPlan, into sink: inout Sink) async throws {
        if let cache = handler.cache, try await runFromCache(cache, plan, into: &sink) { return }
        let info = plan.info
        let prefix = StorageKey.collectionPrefix(info, namespace: plan.namespace)
        let storage = handler.storage
        let table = plan.table.map { WatchTableEncoder(info: info, request: $0, now: handler.environment.now) }
        var startRevision: Int64
        switch plan.start {
        case .currentState:
            let initial: ResourceHandler.ScanResult
            do {
                initial = try await handler.scan(info, prefix: prefix, revision: nil, startAfter: nil, limit: nil, selector: plan.selector)
            } catch {
                try await sink.send(WatchEventEncoding.errorLine(StatusMapping.status(for: error, resource: info)))
                return
            }
            for value in initial.items {
                let bytes = ResourceHandler.responseBytes(value)
                try await sink.send(WatchEventEncoding.line(.added, object: table?.object(bytes) ?? bytes))
            }
            startRevision = initial.revision
            if plan.initialEventsEndBookmark {
                try await sink.send(WatchEventEncoding.bookmarkLine(info, revision: startRevision, initialEventsEnd: true))
            }
        case .now:
            startRevision = try await storage.currentRevision()
        case .after(let revision):
            startRevision = revision
        }

        let watch: WatchStream
        do {
            watch = try await storage.watch(prefix: prefix, after: startRevision)
        } catch {
            try await sink.send(WatchEventEncoding.errorLine(Self.watchError(error, info: info)))
            return
        }
        defer { watch.cancel() }
        let shutdown = self.shutdown
        let timeout = plan.timeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                watch.cancel()
            }
            group.addTask {
                await shutdown.wait()
                watch.cancel()
            }
            do {
                try await withTaskCancellationHandler {
                    for try await event in watch {
                        if let line = WatchEventEncoding.line(for: event, info: info, selector: plan.selector, table: table) {
                            try await sink.send(line)
                        }
                    }
                } onCancel: {
                    watch.cancel()
                }
            } catch StorageError.watchTooSlow {
                // Ended: the client re-watches from its last resourceVersion.
            } catch StorageError.closed {
                // The server is shutting down.
            } catch let error as StorageError {
                try await sink.send(WatchEventEncoding.errorLine(Self.watchError(error, info: info)))
            }
            group.cancelAll()
        }
    }

    /// Kubernetes words a compacted watch start as `too old resource version: 5 (10)`, 410 Expired.
    static func watchError(_ error: any Error, info: ResourceInfo) -> StatusError {
        if case StorageError.compacted(let requested, let compacted) = error {
            return .resourceExpired("too old resource version: \(requested) (\(compacted))")
        }
        return StatusMapping.status(for: error, resource: info)
    }
}
