import Foundation
import SkiffModel
import SkiffStore
import Testing
@testable import SkiffAPIServer

/// The API end to end over HTTP, on a real server and a real SQLite store.
@Suite(.serialized) struct APIServerIntegrationTests {
    let configMaps = "/api/v1/namespaces/default/configmaps"

    @Test func healthVersionAndDiscovery() async throws {
        try await TestServer.with { server in
            let ready = try await server.request("GET", "/readyz")
            #expect(ready.code == 200 && String(decoding: ready.body, as: UTF8.self) == "ok")
            let version = try await server.request("GET", "/version")
            #expect(version.json?[member: "gitVersion"] == "v1.32.0+skiff")
            #expect(try await server.request("GET", "/api").json?[member: "versions"] == ["v1"])
            let core = try await server.request("GET", "/api/v1")
            #expect(core.json?[member: "kind"] == "APIResourceList")
            let groups = try await server.request("GET", "/apis")
            #expect(groups.json?[member: "groups"]?.arrayElements?.contains { $0[member: "name"] == "apps" } == true)
            #expect(try await server.request("GET", "/apis/nope.example.com/v1").code == 404)
            #expect(try await server.request("GET", "/openapi/v3/apis/nope.example.com/v1").code == 404)
            let namespaces = try await server.request("GET", "/api/v1/namespaces")
            let names = namespaces.json?[member: "items"]?.arrayElements?.compactMap { $0[member: "metadata"]?[member: "name"]?.stringValue }
            #expect(names == ["default", "kube-node-lease", "kube-public", "kube-system"])
        }
    }

    @Test func configMapLifecycle() async throws {
        try await TestServer.with { server in
            let created = try await server.request("POST", configMaps, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app","labels":{"tier":"web"}},"data":{"k":"v"}}"#)
            #expect(created.code == 201)
            #expect(created.contentType == "application/json")
            let metadata = created.json?[member: "metadata"]
            #expect(metadata?[member: "uid"]?.stringValue?.count == 36)
            #expect(metadata?[member: "namespace"] == "default")
            let createdVersion = try #require(created.resourceVersion)

            let fetched = try await server.request("GET", configMaps + "/app")
            #expect(fetched.code == 200 && fetched.json == created.json)

            let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  n: \"1\"\n"
            #expect(try await server.request("POST", configMaps, body: yaml, contentType: "application/yaml").code == 201)

            let list = try await server.request("GET", configMaps + "?labelSelector=tier%3Dweb")
            #expect(list.json?[member: "kind"] == "ConfigMapList")
            #expect(list.json?[member: "items"]?.arrayElements?.count == 1)
            #expect(list.resourceVersion != nil)

            let page = try await server.request("GET", "/api/v1/configmaps?limit=1")
            #expect(page.json?[member: "items"]?.arrayElements?.count == 1)
            let token = try #require(page.json?[member: "metadata"]?[member: "continue"]?.stringValue)
            let rest = try await server.request("GET", "/api/v1/configmaps?limit=1&continue=\(token)")
            #expect(rest.json?[member: "items"]?.arrayElements?.first?[member: "metadata"]?[member: "name"] == "other")
            #expect(rest.json?[member: "metadata"]?[member: "continue"] == nil)

            let update = #"{"metadata":{"name":"app","labels":{"tier":"web"},"resourceVersion":"\#(createdVersion)"},"data":{"k":"v2"}}"#
            let updated = try await server.request("PUT", configMaps + "/app", body: update)
            #expect(updated.code == 200)
            #expect(updated.json?[member: "metadata"]?[member: "uid"] == metadata?[member: "uid"])
            let stale = try await server.request("PUT", configMaps + "/app", body: update)
            #expect(stale.code == 409 && stale.reason == "Conflict")

            let patched = try await server.request("PATCH", configMaps + "/app", body: #"{"metadata":{"labels":{"extra":"yes"}}}"#,
                                                   contentType: "application/merge-patch+json")
            #expect(patched.code == 200)
            #expect(patched.json?[member: "metadata"]?[member: "labels"] == ["tier": "web", "extra": "yes"])

            let watched = try await server.watch(configMaps + "?watch=true&timeoutSeconds=1&resourceVersion=\(createdVersion)")
            #expect(watched.map(\.type) == ["ADDED", "MODIFIED", "MODIFIED"])
            #expect(watched.first?.object[member: "metadata"]?[member: "name"] == "other")

            let deleted = try await server.request("DELETE", configMaps + "/app")
            #expect(deleted.code == 200)
            #expect(deleted.json?[member: "status"] == "Success")
            #expect(deleted.json?[member: "details"]?[member: "uid"] == metadata?[member: "uid"])
            #expect(try await server.request("GET", configMaps + "/app").code == 404)

            let initial = try await server.watch(configMaps + "?watch=1&timeoutSeconds=1")
            #expect(initial.map(\.type) == ["ADDED"])
            let legacy = try await server.watch("/api/v1/watch/namespaces/default/configmaps/other?timeoutSeconds=1")
            #expect(legacy.map(\.type) == ["ADDED"])
        }
    }

    @Test func liveWatchAndCompactedResourceVersion() async throws {
        try await TestServer.with { server in
            let start = try await server.storage.currentRevision()
            async let events = server.watch(configMaps + "?watch=1&timeoutSeconds=4&resourceVersion=\(start)")
            _ = try await server.request("POST", configMaps, body: #"{"metadata":{"name":"live"}}"#)
            _ = try await server.request("DELETE", configMaps + "/live")
            let seen = try await events
            #expect(seen.map(\.type) == ["ADDED", "DELETED"])

            try await server.storage.compact(through: try await server.storage.currentRevision())
            let expired = try await server.watch(configMaps + "?watch=1&timeoutSeconds=1&resourceVersion=1")
            #expect(expired.count == 1)
            #expect(expired.first?.type == "ERROR")
            #expect(expired.first?.object[member: "code"] == 410)
            #expect(expired.first?.object[member: "reason"] == "Expired")
        }
    }

    @Test func errorsAreKubernetesStatuses() async throws {
        try await TestServer.with { server in
            func expect(_ reply: TestServer.Reply, _ code: Int, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.code == code, sourceLocation: sourceLocation)
                #expect(reply.json?[member: "kind"] == "Status", sourceLocation: sourceLocation)
                #expect(reply.reason == reason, sourceLocation: sourceLocation)
                #expect(reply.json?[member: "code"]?.integerValue == Int64(code), sourceLocation: sourceLocation)
            }
            expect(try await server.request("GET", configMaps + "/missing"), 404, "NotFound")
            expect(try await server.request("GET", "/api/v1/namespaces/default/widgets"), 404, "NotFound")
            _ = try await server.request("POST", configMaps, body: #"{"metadata":{"name":"dup"}}"#)
            let duplicate = try await server.request("POST", configMaps, body: #"{"metadata":{"name":"dup"}}"#)
            expect(duplicate, 409, "AlreadyExists")
            #expect(duplicate.message == #"configmaps "dup" already exists"#)
            expect(try await server.request("POST", configMaps, body: #"{"metadata":{"name":"#), 400, "BadRequest")
            expect(try await server.request("POST", configMaps, body: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}"#), 400, "BadRequest")
            expect(try await server.request("POST", configMaps, body: #"{"metadata":{"name":"a","namespace":"kube-system"}}"#), 400, "BadRequest")
            let tooLarge = Data(repeating: UInt8(ascii: " "), count: 3 * 1024 * 1024 + 1)
            expect(try await server.request("POST", configMaps, bodyData: tooLarge), 413, "RequestEntityTooLarge")
            expect(try await server.request("POST", configMaps, body: "x", contentType: "application/vnd.kubernetes.protobuf"), 400, "BadRequest")
            expect(try await server.request("POST", configMaps, body: "x", contentType: "application/cbor"), 415, "UnsupportedMediaType")
            expect(try await server.request("PATCH", configMaps + "/dup", body: "{}", contentType: "application/apply-patch+yaml"), 415, "UnsupportedMediaType")
            let invalid = try await server.request("POST", configMaps, body: #"{"metadata":{"name":"Bad_Name"}}"#)
            expect(invalid, 422, "Invalid")
            #expect(invalid.json?[member: "details"]?[member: "causes"]?.arrayElements?.first?[member: "field"] == "metadata.name")
            expect(try await server.request("POST", "/api/v1/namespaces/nowhere/configmaps", body: #"{"metadata":{"name":"a"}}"#), 404, "NotFound")
            expect(try await server.request("DELETE", "/api/v1/namespaces/kube-system"), 403, "Forbidden")
            expect(try await server.request("GET", configMaps + "?fieldSelector=data.k%3Dv"), 400, "BadRequest")
            expect(try await server.request("DELETE", "/api/v1/namespaces"), 405, "MethodNotAllowed")
            // Nothing of the refused writes was stored.
            let list = try await server.request("GET", "/api/v1/configmaps")
            #expect(list.json?[member: "items"]?.arrayElements?.count == 1)
        }
    }

    @Test func namespaceDeletionRemovesItsContents() async throws {
        try await TestServer.with { server in
            #expect(try await server.request("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"scratch"}}"#).code == 201)
            let path = "/api/v1/namespaces/scratch/configmaps"
            #expect(try await server.request("POST", path, body: #"{"metadata":{"name":"a"}}"#).code == 201)
            let deleted = try await server.request("DELETE", "/api/v1/namespaces/scratch")
            #expect(deleted.code == 200)
            #expect(deleted.json?[member: "status"]?[member: "phase"] == "Terminating")
            #expect(try await server.request("GET", "/api/v1/namespaces/scratch").code == 404)
            #expect(try await server.request("GET", path + "/a").code == 404)
        }
    }

    @Test func finalizersHoldBackDeletion() async throws {
        try await TestServer.with { server in
            _ = try await server.request("POST", configMaps, body: #"{"metadata":{"name":"held","finalizers":["example.com/hold"]}}"#)
            let marked = try await server.request("DELETE", configMaps + "/held")
            #expect(marked.code == 200)
            #expect(marked.json?[member: "metadata"]?[member: "deletionTimestamp"] != nil)
            #expect(try await server.request("GET", configMaps + "/held").code == 200)
            let released = try await server.request("PATCH", configMaps + "/held", body: #"{"metadata":{"finalizers":null}}"#,
                                                    contentType: "application/merge-patch+json")
            #expect(released.code == 200)
            #expect(try await server.request("GET", configMaps + "/held").code == 404)
        }
    }
}
