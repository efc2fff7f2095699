import Foundation
import SkiffAPI
import SkiffAPIServer
import SkiffModel
import SkiffTesting
import Testing
@testable import SkiffClient

/// The server's in-process transport answers exactly what its HTTP interface answers.
@Suite struct LocalTransportTests {
    static func request(_ method: String, _ path: String, query: String = "", body: String? = nil,
                        contentType: String = "application/json") -> TransportRequest {
        TransportRequest(method: method, path: path, query: query, body: body.map { Array($0.utf8) }, contentType: contentType)
    }

    @Test func answersMatchTheHTTPInterface() async throws {
        try await InProcessAPIServer.with { server in
            let http = HTTPTransport(serverURL: server.url, maximumConnectionsPerHost: 2)
            let local = server.localTransport
            func both(_ request: TransportRequest) async throws -> ((Int, [UInt8]), (Int, [UInt8])) {
                let viaHTTP = try await http.send(request, timeout: .seconds(10), maximumBodyBytes: 1 << 20)
                let viaLocal = try await local.send(request, timeout: .seconds(10), maximumBodyBytes: 1 << 20)
                return ((viaHTTP.status, viaHTTP.body), (viaLocal.status, viaLocal.body))
            }
            let created = try await local.send(
                Self.request("POST", "/api/v1/namespaces/default/configmaps",
                             body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"one"},"data":{"k":"v"}}"#),
                timeout: .seconds(10), maximumBodyBytes: 1 << 20)
            #expect(created.status == 201)

            for request in [
                Self.request("GET", "/api/v1/namespaces/default/configmaps/one"),
                Self.request("GET", "/api/v1/namespaces/default/configmaps", query: "labelSelector=a%3Db"),
                Self.request("GET", "/api/v1/namespaces/default/configmaps/missing"),
                Self.request("GET", "/api/v1/namespaces/default/configmaps", query: "labelSelector=%3D%3D%3D"),
                Self.request("POST", "/api/v1/namespaces/default/configmaps", body: "{not json"),
                Self.request("GET", "/api/v1/namespaces/default/widgets"),
                Self.request("GET", "/version"),
            ] {
                let (viaHTTP, viaLocal) = try await both(request)
                #expect(viaHTTP.0 == viaLocal.0, "\(request.method) \(request.target)")
                #expect(viaHTTP.1 == viaLocal.1, "\(request.method) \(request.target)")
            }
            // A 409 for the same create through either transport (the second is refused too).
            let duplicate = Self.request("POST", "/api/v1/namespaces/default/configmaps",
                                         body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"one"}}"#)
            let (viaHTTP, viaLocal) = try await both(duplicate)
            #expect(viaHTTP.0 == 409)
            #expect(viaLocal.0 == 409)
            // What is not the REST API itself goes over HTTP to the same server.
            let openAPI = try await local.send(Self.request("GET", "/openapi/v2"), timeout: .seconds(10), maximumBodyBytes: 64 << 20)
            #expect(openAPI.status == 200)
            #expect(openAPI.body.count > 100_000)
            try await http.shutdown()
        }
    }

    @Test func requestsThroughTheLocalTransportAreCountedInMetrics() async throws {
        try await InProcessAPIServer.withClient(transport: .local) { _, client in
            _ = try await client.create(CoreV1.ConfigMap(metadata: MetaV1.ObjectMeta(name: "counted", namespace: "default")))
            let metrics = String(decoding: try await client.transport.send(
                Self.request("GET", "/metrics"), timeout: .seconds(10), maximumBodyBytes: 1 << 20).body, as: UTF8.self)
            let line = metrics.split(separator: "\n").first {
                $0.hasPrefix("apiserver_request_total{") && $0.contains("resource=\"configmaps\"") && $0.contains("verb=\"POST\"")
            }
            #expect(line?.hasSuffix(" 1") == true, "\(String(describing: line))")
        }
    }

    @Test func aWatchEndsWhenItsConsumerGoesAway() async throws {
        try await InProcessAPIServer.withClient(transport: .local) { _, client in
            let watching = Task {
                var seen = 0
                for try await _ in try client.watch(CoreV1.ConfigMap.self, namespace: "default",
                                                    options: ListOptions(resourceVersion: "0")) {
                    seen += 1
                    if seen == 1 { break }
                }
                return seen
            }
            _ = try await client.create(CoreV1.ConfigMap(metadata: MetaV1.ObjectMeta(name: "w1", namespace: "default")))
            #expect(try await watching.value == 1)
            // The server's watcher count returns to zero once the consumer stopped.
            let gone = try await eventually(timeout: .seconds(10)) {
                let metrics = String(decoding: try await client.transport.send(
                    Self.request("GET", "/metrics"), timeout: .seconds(10), maximumBodyBytes: 1 << 20).body, as: UTF8.self)
                return metrics.split(separator: "\n").contains {
                    $0.hasPrefix("apiserver_registered_watchers{") && $0.contains("configmaps") && $0.hasSuffix(" 0")
                }
            }
            #expect(gone)
        }
    }
}

/// In a server: a user's write over HTTP waits while an in-process component's urgent work is in hand; reads
/// do not; with the gate off nothing waits.
@Suite struct ComponentFirstServerTests {
    static let create = TransportRequest(
        method: "POST", path: "/api/v1/namespaces/default/configmaps", query: "",
        body: Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"user-write"}}"#.utf8),
        contentType: "application/json")

    /// Urgent component work on the server's in-process transport that lasts until `release` is called;
    /// returns once it is in hand. `done` runs as it ends.
    static func holdComponentWork(_ server: InProcessAPIServer, done: @escaping @Sendable () -> Void = {})
        async -> (release: @Sendable () -> Void, ended: Task<Void, Never>) {
        let release = AsyncStream.makeStream(of: Void.self)
        let held = Locked(false)
        let component = Task {
            await server.localTransport.urgentComponentWork {
                held.withLock { $0 = true }
                for await _ in release.stream { break }
                done()
            }
        }
        #expect(await eventually { held.withLock { $0 } })
        return ({ release.continuation.yield() }, component)
    }

    @Test func userWritesWaitForComponentWork() async throws {
        let configuration = APIServerConfiguration(port: 0, componentFirstMaximumWait: .seconds(60))
        try await InProcessAPIServer.with(configuration: configuration) { server in
            let http = HTTPTransport(serverURL: server.url, maximumConnectionsPerHost: 2)
            let order = Locked([String]())
            let component = await Self.holdComponentWork(server) { order.withLock { $0.append("component done") } }
            let user = Task {
                let answer = try await http.send(Self.create, timeout: .seconds(30), maximumBodyBytes: 1 << 20)
                order.withLock { $0.append("user write answered \(answer.status)") }
            }
            // A read passes while the component works.
            let read = try await http.send(
                TransportRequest(method: "GET", path: "/api/v1/namespaces/default/configmaps"),
                timeout: .seconds(10), maximumBodyBytes: 1 << 20)
            #expect(read.status == 200)
            try await Task.sleep(for: .milliseconds(100))
            component.release()
            await component.ended.value
            try await user.value
            #expect(order.withLock { $0 } == ["component done", "user write answered 201"])
            try await http.shutdown()
        }
    }

    @Test func withTheGateOffUserWritesDoNotWait() async throws {
        let configuration = APIServerConfiguration(port: 0, componentFirstMaximumWait: nil)
        try await InProcessAPIServer.with(configuration: configuration) { server in
            let http = HTTPTransport(serverURL: server.url, maximumConnectionsPerHost: 2)
            let component = await Self.holdComponentWork(server)
            let answer = try await http.send(Self.create, timeout: .seconds(30), maximumBodyBytes: 1 << 20)
            #expect(answer.status == 201)
            component.release()
            await component.ended.value
            try await http.shutdown()
        }
    }
}
