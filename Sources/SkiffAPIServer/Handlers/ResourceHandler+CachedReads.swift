import SkiffAPI
import SkiffStore

/// Reads served by the watch cache: lists (first pages), gets and the start of watches.
/// What the cache cannot answer goes to the store, as Kubernetes' cacher delegates to etcd:
/// continued pages and `resourceVersionMatch=Exact` lists (they name an older revision), and a
/// cache that has not caught up within ``ResourceHandler/futureRevisionWait``.
extension ResourceHandler {
    /// The revision a consistent read must see: the store's current one (cheap: the SQLite store
    /// keeps it in memory, etcd answers a count-only range), as Kubernetes' consistent reads
    /// from cache do.
    func cacheReadyForConsistentRead(_ cache: WatchCache) async throws -> Bool {
        let current = try await storage.currentRevision()
        return await cache.waitUntil(current, timeout: Self.futureRevisionWait)
    }

    /// A list from the cache, or nil when the store must answer it.
    func cachedList(_ cache: WatchCache, info: ResourceInfo, namespace: String?, query: QueryParameters,
                    options: ListOptions, selector: ObjectSelector, table: TableRequest?) async throws -> APIResponse? {
        if options.continueToken != nil { return nil }
        switch options.consistency {
        case .exact: return nil
        case .notOlderThan(let minimum):
            guard await cache.waitUntil(minimum, timeout: Self.futureRevisionWait) else { return nil }
        case .latest:
            // resourceVersion=0: any cached state will do; unset: at least the store's revision.
            if (query["resourceVersion"] ?? "").isEmpty {
                guard try await cacheReadyForConsistentRead(cache) else { return nil }
            }
        }
        let resourcePrefix = StorageKey.resourcePrefix(group: info.group, resource: info.resource)
        let prefix = StorageKey.collectionPrefix(info, namespace: namespace)
        let (objects, revision) = cache.snapshot(resourcePrefix: resourcePrefix)
        var matching: [CachedObject] = []
        for (key, object) in objects where key.hasPrefix(prefix) && object.matches(selector, info: info) {
            matching.append(object)
        }
        matching.sort { $0.key < $1.key }
        var token: String?
        if let limit = options.limit, matching.count > limit {
            matching.removeLast(matching.count - limit)
            let lastKey = String(matching[limit - 1].key.dropFirst(prefix.count))
            token = ContinueToken(revision: revision, lastKey: lastKey).encoded()
        }
        let items = matching.map(\.bytes)
        if let table {
            return .json(status: 200, body: TableDocument.encodeList(
                items, info: info, request: table, now: environment.now(), resourceVersion: revision, continueToken: token))
        }
        return .json(status: 200, body: ListDocument.encode(
            apiVersion: info.apiVersion, kind: info.listKind, items: items, resourceVersion: revision, continueToken: token))
    }

    /// One object from the cache (after a consistent-read wait), or nil when the store must answer.
    func cachedGet(_ cache: WatchCache, key: String) async throws -> (found: CachedObject?, served: Bool) {
        guard try await cacheReadyForConsistentRead(cache) else { return (nil, false) }
        return (cache.object(key: key).object, true)
    }
}
