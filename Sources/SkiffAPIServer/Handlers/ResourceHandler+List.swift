import SkiffAPI
import SkiffModel
import SkiffStore

extension ResourceHandler {
    /// What a scan of the store found.
    struct ScanResult: Sendable {
        /// Matching objects, in key order.
        var items: [KeyValue]
        /// The revision everything was read at.
        var revision: Int64
        /// The key of the last matching item when the scan stopped at its limit with keys left.
        var stoppedAfter: String?
    }

    /// Reads the objects under `prefix` at one revision (nil: the current one), after `startAfter`,
    /// keeping those the selector matches, until `limit` matches (nil: all).
    func scan(_ info: ResourceInfo, prefix: String, revision: Int64?, startAfter: String?, limit: Int?,
              selector: ObjectSelector) async throws -> ScanResult {
        var items: [KeyValue] = []
        var readRevision = revision
        var after = startAfter
        let pageSize = limit.map { selector.isEverything ? $0 + 1 : max($0 + 1, 500) } ?? 1000
        while true {
            let page = try await storage.list(ListRequest(prefix: prefix, revision: readRevision, limit: pageSize, continueAfter: after))
            readRevision = page.revision
            for value in page.items {
                if let limit, items.count == limit {
                    // A full page, and at least this key remains.
                    return ScanResult(items: items, revision: page.revision, stoppedAfter: items.last?.key)
                }
                guard let (namespace, name) = StorageKey.namespaceAndName(fromKey: value.key, info) else { continue }
                if !selector.isEverything {
                    let object = selector.needsObject ? try? JSONParser.parse(Array(value.value)) : nil
                    if !selector.matches(namespace: namespace, name: name, object: object, resource: info) { continue }
                }
                items.append(value)
            }
            guard page.hasMore, let last = page.items.last else {
                return ScanResult(items: items, revision: page.revision, stoppedAfter: nil)
            }
            if let limit, items.count == limit {
                return ScanResult(items: items, revision: page.revision, stoppedAfter: items.last?.key)
            }
            after = last.key
        }
    }

    /// `GET` on a collection: the matching objects at one revision, paged with `limit` and
    /// `continue`. With `table`, a `meta.k8s.io` Table of them.
    func list(_ info: ResourceInfo, namespace: String?, query: QueryParameters, table: TableRequest? = nil) async throws -> APIResponse {
        let selector = try ObjectSelector(query: query, resource: info)
        let options = try ListOptions(query: query)
        let prefix = StorageKey.collectionPrefix(info, namespace: namespace)
        if let cache, let answer = try await cachedList(cache, info: info, namespace: namespace, query: query,
                                                         options: options, selector: selector, table: table) {
            return answer
        }

        switch options.consistency {
        case .notOlderThan(let minimum), .exact(let minimum): try await awaitRevision(minimum)
        case .latest: break
        }
        var revision: Int64?
        var startAfter: String?
        if let token = options.continueToken {
            revision = token.revision == 0 ? nil : token.revision
            startAfter = prefix + token.lastKey
        } else if case .exact(let exact) = options.consistency {
            revision = exact
        }

        let result: ScanResult
        do {
            result = try await scan(info, prefix: prefix, revision: revision, startAfter: startAfter,
                                    limit: options.limit, selector: selector)
        } catch StorageError.compacted {
            if let token = options.continueToken {
                var error = StatusError.resourceExpired(
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
                error.status.metadata.continue = ContinueToken(revision: 0, lastKey: token.lastKey).encoded()
                throw error
            }
            throw StatusError.resourceExpired("The resourceVersion for the provided list is too old.")
        }
        var token: String?
        if let last = result.stoppedAfter {
            token = ContinueToken(revision: result.revision, lastKey: String(last.dropFirst(prefix.count))).encoded()
        }
        if let table {
            return .json(status: 200, body: TableDocument.encodeList(
                result.items.map(Self.responseBytes), info: info, request: table, now: environment.now(),
                resourceVersion: result.revision, continueToken: token))
        }
        let body = ListDocument.encode(
            apiVersion: info.apiVersion, kind: info.listKind, items: result.items.map(Self.responseBytes),
            resourceVersion: result.revision, continueToken: token)
        return .json(status: 200, body: body)
    }
}
