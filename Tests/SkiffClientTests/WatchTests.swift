import SkiffTesting
import Foundation
import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffClient

@Suite struct WatchTests {
    @Test func lineSplitterHandlesChunkBoundaries() throws {
        var splitter = LineSplitter()
        #expect(try splitter.feed(Array("{\"a\":".utf8)).isEmpty)
        let lines = try splitter.feed(Array("1}\n\n{\"b\":2}\n{\"c\"".utf8))
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}"])
        #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == "{\"c\"")
        var tiny = LineSplitter(maximumLineLength: 4)
        #expect(throws: LineSplitter.Failure.self) { try tiny.feed(Array("123456".utf8)) }
    }

    @Test func decodesEveryEventType() throws {
        let decoder = JSONDecoder()
        let added = try KubernetesClient.decodeEvent(CoreV1.ConfigMap.self, line: Array(#"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}"#.utf8), decoder: decoder)
        #expect(added.object?.name == "a")
        #expect(added.typeName == "ADDED")
        let error = try KubernetesClient.decodeEvent(CoreV1.ConfigMap.self, line: Array(#"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (10)","reason":"Expired","code":410}}"#.utf8), decoder: decoder)
        guard case .error(let status) = error else { Issue.record("not an error event"); return }
        #expect(status.code == 410)
        #expect(status.isResourceExpired)
        #expect(throws: KubernetesClientError.self) {
            try KubernetesClient.decodeEvent(CoreV1.ConfigMap.self, line: Array(#"{"type":"WHAT","object":{}}"#.utf8), decoder: decoder)
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func watchDeliversAddedModifiedDeleted(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            let start = try await client.list(CoreV1.ConfigMap.self, namespace: "default")
            let stream = try client.watch(CoreV1.ConfigMap.self, namespace: "default",
                                          options: ListOptions(resourceVersion: start.resourceVersion, timeoutSeconds: 30))
            let collector = Task { () -> [String] in
                var seen = [String]()
                for try await event in stream {
                    seen.append("\(event.typeName) \(event.object?.name ?? "")")
                    if case .deleted = event { break }
                }
                return seen
            }
            var object = try await client.create(ClientRESTTests.configMap("watched"))
            object.data = ["k": "changed"]
            _ = try await client.update(object)
            try await client.delete(CoreV1.ConfigMap.self, name: "watched", namespace: "default")
            let seen = try await collector.value
            #expect(seen == ["ADDED watched", "MODIFIED watched", "DELETED watched"])
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func watchWithoutVersionStartsWithSyntheticAdds(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            _ = try await client.create(ClientRESTTests.configMap("existing"))
            let stream = try client.watch(CoreV1.ConfigMap.self, name: "existing", namespace: "default",
                                          options: ListOptions(timeoutSeconds: 1))
            var events = [String]()
            for try await event in stream { events.append("\(event.typeName) \(event.object?.name ?? "")") }
            #expect(events == ["ADDED existing"])  // then the server ended the watch after 1 s
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func compactedVersionGivesAnErrorEvent(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { server, client in
            let first = try await client.create(ClientRESTTests.configMap("a"))
            for index in 0..<3 { _ = try await client.create(ClientRESTTests.configMap("b\(index)")) }
            try await server.storage.compact(through: try await server.storage.currentRevision())
            var statuses = [Status]()
            do {
                for try await event in try client.watch(CoreV1.ConfigMap.self, namespace: "default",
                                                        options: ListOptions(resourceVersion: first.resourceVersion, timeoutSeconds: 5)) {
                    if case .error(let status) = event { statuses.append(status) }
                }
            } catch let error as KubernetesClientError {
                // A server may also refuse the watch outright with 410.
                #expect(error.isGone)
                return
            }
            #expect(statuses.count == 1)
            #expect(statuses.first?.isResourceExpired == true)
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func cancellingTheConsumerClosesTheConnection(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            func watchers() async throws -> Int {
                let text = String(decoding: try await client.send(.GET, "/metrics"), as: UTF8.self)
                let line = text.split(separator: "\n").first {
                    $0.hasPrefix("apiserver_registered_watchers{") && $0.contains("resource=\"configmaps\"")
                }
                return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
            }
            let stream = try client.watch(CoreV1.ConfigMap.self, namespace: "default",
                                          options: ListOptions(resourceVersion: "0", timeoutSeconds: 600))
            let consumer = Task {
                var count = 0
                for try await _ in stream { count += 1 }
                return count
            }
            #expect(try await eventually { try await watchers() == 1 })
            consumer.cancel()
            _ = try? await consumer.value
            #expect(try await eventually { try await watchers() == 0 })
        }
    }
}
