import SkiffTesting
import Foundation
import SkiffAPI
import SkiffModel
import Synchronization
import Testing
@testable import SkiffClient

@Suite struct InformerTests {
    static func pod(_ name: String, node: String?, version: String) -> CoreV1.Pod {
        CoreV1.Pod(metadata: MetaV1.ObjectMeta(name: name, namespace: "default", resourceVersion: version),
                   spec: CoreV1.PodSpec(nodeName: node))
    }

    static let byNode: [String: ObjectStore<CoreV1.Pod>.IndexFunction] = [
        "node": { pod in pod.spec?.nodeName.map { [$0] } ?? [] },
    ]

    @Test func storeIndexesFollowChanges() {
        var store = ObjectStore<CoreV1.Pod>(indexers: Self.byNode)
        store.upsert(Self.pod("a", node: "n1", version: "1"))
        store.upsert(Self.pod("b", node: "n1", version: "2"))
        #expect(store.byIndex("node", "n1").map(\.name) == ["a", "b"])
        store.upsert(Self.pod("a", node: "n2", version: "3"))
        #expect(store.byIndex("node", "n1").map(\.name) == ["b"])
        #expect(store.byIndex("node", "n2").map(\.name) == ["a"])
        #expect(store.list(namespace: "default").count == 2)
        store.remove(ObjectKey(namespace: "default", name: "b"))
        #expect(store.indexValues("node") == ["n2"])
        #expect(store.get(name: "a", namespace: "default")?.resourceVersion == "3")
    }

    @Test func reflectorAppliesListsAndEvents() {
        var reflector = ReflectorState<CoreV1.Pod>(indexers: Self.byNode)
        let listed = reflector.applyList([Self.pod("a", node: "n1", version: "1"), Self.pod("b", node: nil, version: "2")],
                                         resourceVersion: "2")
        #expect(listed.count == 2)
        #expect(reflector.hasSynced)
        #expect(reflector.resourceVersion == "2")

        let (modified, next) = reflector.apply(.modified(Self.pod("b", node: "n1", version: "3")))
        #expect(next == .continueWatching)
        guard case .updated(let old, let new) = modified.first else { Issue.record("expected an update"); return }
        #expect(old.spec?.nodeName == nil)
        #expect(new.spec?.nodeName == "n1")
        #expect(reflector.store.byIndex("node", "n1").count == 2)

        _ = reflector.apply(.bookmark(CoreV1.Pod(metadata: MetaV1.ObjectMeta(resourceVersion: "9"))))
        #expect(reflector.resourceVersion == "9")
        #expect(reflector.store.count == 2)

        let (deleted, _) = reflector.apply(.deleted(Self.pod("a", node: "n1", version: "10")))
        #expect(deleted.count == 1)
        #expect(reflector.resourceVersion == "10")
        let (none, _) = reflector.apply(.deleted(Self.pod("zzz", node: nil, version: "11")))
        #expect(none.isEmpty)

        #expect(reflector.apply(.error(Status(reason: .expired, code: 410))).next == .relist)
        #expect(reflector.apply(.error(Status(reason: .internalError, code: 500))).next == .rewatch)

        // A relist reports what vanished while the watch was down.
        let relisted = reflector.applyList([Self.pod("c", node: nil, version: "20")], resourceVersion: "20")
        var added = 0, removed = 0
        for notification in relisted {
            if case .added = notification { added += 1 }
            if case .deleted = notification { removed += 1 }
        }
        #expect(added == 1 && removed == 1)
        #expect(reflector.store.keys == [ObjectKey(namespace: "default", name: "c")])
        #expect(reflector.resync().count == 1)
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func informerSyncsAndFollowsChanges(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            _ = try await client.create(ClientRESTTests.pod("early", node: "node-1"))
            let informer = Informer<CoreV1.Pod>(client: client, namespace: "default", indexers: Self.byNode,
                                                watchTimeoutSeconds: 2)
            let handled = Locked<[String]>([])
            informer.addHandler { notification in
                let text = switch notification {
                case .added(let pod): "added \(pod.name)"
                case .updated(_, let pod): "updated \(pod.name)"
                case .deleted(let pod): "deleted \(pod.name)"
                }
                handled.withLock { $0.append(text) }
            }
            let notifications = informer.notifications()
            let runner = Task { await informer.run() }
            try await informer.waitForSync()
            #expect(informer.hasSynced)
            #expect(informer.get(name: "early", namespace: "default") != nil)

            _ = try await client.create(ClientRESTTests.pod("late", node: "node-1"))
            _ = try await client.patch(CoreV1.Pod.self, name: "early", namespace: "default",
                                       patch: ["metadata": ["labels": ["seen": "yes"]]])
            // A pod on a node is deleted gracefully; grace period 0 removes it at once.
            try await client.delete(CoreV1.Pod.self, name: "late", namespace: "default", options: DeleteOptions(gracePeriodSeconds: 0))

            var stream = notifications.makeAsyncIterator()
            var order = [String]()
            while order.count < 4, let notification = await stream.next() {
                switch notification {
                case .added(let pod): order.append("added \(pod.name)")
                case .updated(let old, let new):
                    #expect(old.metadata?.labels?["seen"] == nil)
                    #expect(new.metadata?.labels?["seen"] == "yes")
                    order.append("updated \(new.name)")
                case .deleted(let pod): order.append("deleted \(pod.name)")
                }
            }
            #expect(order == ["added early", "added late", "updated early", "deleted late"])
            #expect(informer.byIndex("node", "node-1").map(\.name) == ["early"])
            #expect(informer.get(name: "early", namespace: "default")?.metadata?.labels?["seen"] == "yes")
            #expect(handled.withLock { $0 } == order)

            // Survives the server ending its watches (timeoutSeconds 2): resumes, no relist.
            try await Task.sleep(for: .milliseconds(2500))
            _ = try await client.create(ClientRESTTests.pod("after-rewatch", node: nil))
            #expect(await eventually { informer.get(name: "after-rewatch", namespace: "default") != nil })
            #expect(informer.statistics.watches >= 2)
            #expect(informer.statistics.lists == 1)
            runner.cancel()
            await runner.value
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func informerResumingFromACompactedVersionRelists(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { server, client in
            let first = try await client.create(ClientRESTTests.configMap("one"))
            _ = try await client.create(ClientRESTTests.configMap("two"))
            try await client.delete(CoreV1.ConfigMap.self, name: "one", namespace: "default")
            _ = try await client.create(ClientRESTTests.configMap("three"))
            try await server.storage.compact(through: try await server.storage.currentRevision())

            let informer = Informer<CoreV1.ConfigMap>(client: client, namespace: "default",
                                                      initialResourceVersion: first.resourceVersion, retryDelay: .milliseconds(50))
            let runner = Task { await informer.run() }
            try await informer.waitForSync()
            #expect(informer.statistics.expiredRelists == 1)
            #expect(informer.statistics.lists == 1)
            #expect(informer.list().map(\.name) == ["three", "two"])
            _ = try await client.create(ClientRESTTests.configMap("four"))
            #expect(await eventually { informer.get(name: "four", namespace: "default") != nil })
            runner.cancel()
            await runner.value
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func informerStartedAtAnOldVersionCatchesUp(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            let first = try await client.create(ClientRESTTests.configMap("one"))
            try await client.delete(CoreV1.ConfigMap.self, name: "one", namespace: "default")
            _ = try await client.create(ClientRESTTests.configMap("two"))

            let informer = Informer<CoreV1.ConfigMap>(client: client, namespace: "default",
                                                      initialResourceVersion: first.resourceVersion)
            let stream = informer.notifications()
            let runner = Task { await informer.run() }
            var seen = [String]()
            for await notification in stream {
                switch notification {
                case .added(let object): seen.append("added \(object.name)")
                case .updated(_, let object): seen.append("updated \(object.name)")
                case .deleted(let object): seen.append("deleted \(object.name)")
                }
                if seen.count == 3 { break }
            }
            // The list at the old version still had "one"; the watch replays what followed.
            #expect(seen == ["added one", "deleted one", "added two"])
            #expect(informer.statistics.expiredRelists == 0)
            #expect(informer.list().map(\.name) == ["two"])
            runner.cancel()
            await runner.value
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func periodicResyncReportsUnchangedObjects(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            _ = try await client.create(ClientRESTTests.configMap("steady"))
            let informer = Informer<CoreV1.ConfigMap>(client: client, namespace: "default",
                                                      resyncPeriod: .milliseconds(100))
            let stream = informer.notifications()
            let runner = Task { await informer.run() }
            var resynced = false
            for await notification in stream {
                if case .updated(let old, let new) = notification {
                    #expect(old == new)
                    resynced = true
                    break
                }
            }
            #expect(resynced)
            runner.cancel()
            await runner.value
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func compactionWhileTheWatchIsDownForcesARelist(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { server, client in
            _ = try await client.create(ClientRESTTests.configMap("kept"))
            let informer = Informer<CoreV1.ConfigMap>(client: client, namespace: "default", watchTimeoutSeconds: 1,
                                                      retryDelay: .milliseconds(50))
            let runner = Task { await informer.run() }
            try await informer.waitForSync()
            // Writes elsewhere move the store's revision past the informer's, then history goes.
            for index in 0..<3 {
                _ = try await client.create(ClientRESTTests.configMap("other-\(index)", namespace: "kube-public"))
            }
            try await server.storage.compact(through: try await server.storage.currentRevision())
            // The next watch (each ends after 1 s) starts below the compacted revision: 410, relist.
            #expect(await eventually { informer.statistics.expiredRelists >= 1 && informer.statistics.lists >= 2 })
            _ = try await client.create(ClientRESTTests.configMap("new"))
            #expect(await eventually { informer.get(name: "new", namespace: "default") != nil })
            #expect(informer.list().map(\.name) == ["kept", "new"])
            runner.cancel()
            await runner.value
        }
    }
}
