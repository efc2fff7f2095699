import Foundation
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// scale, binding, graceful pod deletion, aggregated discovery, bookmarks and reads from the
/// watch cache, over HTTP on a real server.
@Suite(.serialized) struct SubresourceTests {
    let deployments = "/apis/apps/v1/namespaces/default/deployments"
    let pods = "/api/v1/namespaces/default/pods"

    let deployment = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]}]},"template":{"metadata":{"labels":{"app":"web","tier":"a"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}"#

    func pod(_ name: String) -> String {
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#
    }

    @Test func scaleSubresource() async throws {
        try await TestServer.with { server in
            #expect(try await server.request("POST", deployments, body: deployment).code == 201)
            let scale = try await server.request("GET", deployments + "/web/scale")
            #expect(scale.code == 200)
            #expect(scale.json?[member: "apiVersion"] == "autoscaling/v1")
            #expect(scale.json?[member: "kind"] == "Scale")
            #expect(scale.json?.value(atPath: "spec.replicas")?.integerValue == 2)
            #expect(scale.json?.value(atPath: "status.replicas")?.integerValue == 0)
            #expect(scale.json?.value(atPath: "status.selector")?.stringValue == "app=web,tier in (a,b)")
            let generation = try await server.request("GET", deployments + "/web").json?.value(atPath: "metadata.generation")?.integerValue

            let patched = try await server.request("PATCH", deployments + "/web/scale", body: #"{"spec":{"replicas":5}}"#,
                                                   contentType: "application/merge-patch+json")
            #expect(patched.code == 200)
            #expect(patched.json?.value(atPath: "spec.replicas")?.integerValue == 5)
            let object = try await server.request("GET", deployments + "/web").json
            #expect(object?.value(atPath: "spec.replicas")?.integerValue == 5)
            #expect(object?.value(atPath: "metadata.generation")?.integerValue == (generation ?? 0) + 1)

            let put = try await server.request("PUT", deployments + "/web/scale",
                                               body: #"{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web"},"spec":{"replicas":1}}"#)
            #expect(put.code == 200)
            #expect(put.json?.value(atPath: "spec.replicas")?.integerValue == 1)

            let negative = try await server.request("PUT", deployments + "/web/scale", body: #"{"metadata":{"name":"web"},"spec":{"replicas":-1}}"#)
            #expect(negative.code == 422)
            #expect(negative.message?.contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0") == true)
            let stale = try await server.request("PUT", deployments + "/web/scale", body: #"{"metadata":{"name":"web","resourceVersion":"1"},"spec":{"replicas":3}}"#)
            #expect(stale.code == 409)
            #expect(try await server.request("GET", deployments + "/web").json?.value(atPath: "spec.replicas")?.integerValue == 1)
            #expect(try await server.request("GET", deployments + "/missing/scale").code == 404)
            #expect(try await server.request("GET", "/api/v1/namespaces/default/configmaps/x/scale").code == 404)
        }
    }

    @Test func bindingAssignsAPodOnce() async throws {
        try await TestServer.with { server in
            #expect(try await server.request("POST", pods, body: pod("p")).code == 201)
            let bound = try await server.request("POST", pods + "/p/binding",
                                                 body: #"{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"apiVersion":"v1","kind":"Node","name":"node-a"}}"#)
            #expect(bound.code == 201)
            #expect(bound.json?[member: "status"] == "Success")
            let object = try await server.request("GET", pods + "/p").json
            #expect(object?.value(atPath: "spec.nodeName") == "node-a")
            let conditions = object?.value(atPath: "status.conditions")?.arrayElements ?? []
            #expect(conditions.contains { $0[member: "type"] == "PodScheduled" && $0[member: "status"] == "True" })
            let again = try await server.request("POST", pods + "/p/binding",
                                                 body: #"{"metadata":{"name":"p"},"target":{"kind":"Node","name":"node-b"}}"#)
            #expect(again.code == 409)
            #expect(again.message?.contains("already assigned to node \"node-a\"") == true)
            // The older collection form.
            #expect(try await server.request("POST", pods, body: pod("q")).code == 201)
            let legacy = try await server.request("POST", "/api/v1/namespaces/default/bindings",
                                                  body: #"{"metadata":{"name":"q"},"target":{"kind":"Node","name":"node-b"}}"#)
            #expect(legacy.code == 201)
            #expect(try await server.request("GET", pods + "/q").json?.value(atPath: "spec.nodeName") == "node-b")
            #expect(try await server.request("POST", pods + "/missing/binding", body: #"{"target":{"kind":"Node","name":"n"}}"#).code == 404)
        }
    }

    @Test func boundPodsAreDeletedGracefully() async throws {
        try await TestServer.with { server in
            #expect(try await server.request("POST", pods, body: pod("unbound")).code == 201)
            #expect(try await server.request("DELETE", pods + "/unbound").code == 200)
            #expect(try await server.request("GET", pods + "/unbound").code == 404)

            #expect(try await server.request("POST", pods, body: pod("p")).code == 201)
            #expect(try await server.request("POST", pods + "/p/binding", body: #"{"target":{"kind":"Node","name":"n"}}"#).code == 201)
            let deleting = try await server.request("DELETE", pods + "/p")
            #expect(deleting.code == 200)
            #expect(deleting.json?.value(atPath: "metadata.deletionTimestamp")?.stringValue != nil)
            #expect(deleting.json?.value(atPath: "metadata.deletionGracePeriodSeconds")?.integerValue == 30)
            let still = try await server.request("GET", pods + "/p")
            #expect(still.code == 200)
            // A shorter period replaces it; a longer one does not.
            let shorter = try await server.request("DELETE", pods + "/p", body: #"{"gracePeriodSeconds":10}"#)
            #expect(shorter.json?.value(atPath: "metadata.deletionGracePeriodSeconds")?.integerValue == 10)
            let longer = try await server.request("DELETE", pods + "/p?gracePeriodSeconds=60")
            #expect(longer.json?.value(atPath: "metadata.deletionGracePeriodSeconds")?.integerValue == 10)
            // The node's agent finishes it with a grace period of 0.
            #expect(try await server.request("DELETE", pods + "/p", body: #"{"gracePeriodSeconds":0}"#).code == 200)
            #expect(try await server.request("GET", pods + "/p").code == 404)
        }
    }

    @Test func podLogRequestsAreCheckedBeforeTheyReachANode() async throws {
        try await TestServer.with { server in
            let twoContainers = #"{"metadata":{"name":"two"},"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"x"}]}}"#
            #expect(try await server.request("POST", pods, body: twoContainers).code == 201)
            let unnamed = try await server.request("GET", pods + "/two/log")
            #expect(unnamed.code == 400)
            #expect(unnamed.message == "a container name must be specified for pod two, choose one of: [a b]")
            let wrong = try await server.request("GET", pods + "/two/log?container=c")
            #expect(wrong.message == "container c is not valid for pod two")
            let unscheduled = try await server.request("GET", pods + "/two/log?container=a")
            #expect(unscheduled.code == 400)
            #expect(unscheduled.message == "pod two does not have a host assigned")
            let badTail = try await server.request("GET", pods + "/two/log?container=a&tailLines=-1")
            #expect(badTail.code == 422)
            #expect(try await server.request("GET", pods + "/missing/log").code == 404)
            // Bound to a node that has no agent endpoint: a 500 Status, as with a kubelet that is down.
            #expect(try await server.request("POST", pods + "/two/binding", body: #"{"target":{"kind":"Node","name":"ghost"}}"#).code == 201)
            let noNode = try await server.request("GET", pods + "/two/log?container=a")
            #expect(noNode.code == 500)
            #expect(noNode.json?[member: "kind"] == "Status")
        }
    }

    @Test func aggregatedDiscovery() async throws {
        try await TestServer.with { server in
            let accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"
            let apis = try await server.request("GET", "/apis", accept: accept)
            #expect(apis.code == 200)
            #expect(apis.contentType == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            #expect(apis.json?[member: "kind"] == "APIGroupDiscoveryList")
            let groups = apis.json?[member: "items"]?.arrayElements ?? []
            let apps = try #require(groups.first { $0.value(atPath: "metadata.name") == "apps" })
            let appsResources = apps[member: "versions"]?.arrayElements?.first?[member: "resources"]?.arrayElements ?? []
            let deploymentsEntry = try #require(appsResources.first { $0[member: "resource"] == "deployments" })
            #expect(deploymentsEntry[member: "scope"] == "Namespaced")
            #expect(deploymentsEntry[member: "shortNames"] == ["deploy"])
            #expect(deploymentsEntry.value(atPath: "responseKind.kind") == "Deployment")
            let subresources = deploymentsEntry[member: "subresources"]?.arrayElements ?? []
            #expect(subresources.contains { $0[member: "subresource"] == "scale" && $0.value(atPath: "responseKind.group") == "autoscaling" })
            let autoscaling = try #require(groups.first { $0.value(atPath: "metadata.name") == "autoscaling" })
            #expect(autoscaling[member: "versions"]?.arrayElements?.compactMap { $0[member: "version"]?.stringValue } == ["v2", "v1"])

            let core = try await server.request("GET", "/api", accept: accept)
            let coreVersions = core.json?[member: "items"]?.arrayElements?.first?[member: "versions"]?.arrayElements ?? []
            #expect(coreVersions.first?[member: "version"] == "v1")
            #expect(coreVersions.first?[member: "resources"]?.arrayElements?.contains { $0[member: "resource"] == "pods" && $0[member: "scope"] == "Namespaced" } == true)
            // v2beta1 when only that is asked for; the legacy documents otherwise.
            let beta = try await server.request("GET", "/apis", accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
            #expect(beta.json?[member: "apiVersion"] == "apidiscovery.k8s.io/v2beta1")
            let legacy = try await server.request("GET", "/apis", accept: "application/json")
            #expect(legacy.json?[member: "kind"] == "APIGroupList")
        }
    }

    @Test func readsComeFromTheCacheAndSeeEveryWrite() async throws {
        try await TestServer.with { server in
            let configMaps = "/api/v1/namespaces/default/configmaps"
            for index in 0..<20 {
                let created = try await server.request("POST", configMaps, body: #"{"metadata":{"name":"cm-\#(index)","labels":{"n":"\#(index % 2)"}}}"#)
                #expect(created.code == 201)
                // Read-your-writes: the list right after the create has it.
                let list = try await server.request("GET", configMaps)
                #expect(list.json?[member: "items"]?.arrayElements?.count == index + 1)
                #expect(list.resourceVersion == created.resourceVersion)
            }
            let page = try await server.request("GET", configMaps + "?limit=7&labelSelector=n%3D1")
            let names = page.json?[member: "items"]?.arrayElements?.compactMap { $0.value(atPath: "metadata.name")?.stringValue } ?? []
            #expect(names == ["cm-1", "cm-11", "cm-13", "cm-15", "cm-17", "cm-19", "cm-3"])
            let token = try #require(page.json?.value(atPath: "metadata.continue")?.stringValue)
            let rest = try await server.request("GET", configMaps + "?limit=7&labelSelector=n%3D1&continue=" + token)
            #expect(rest.json?[member: "items"]?.arrayElements?.compactMap { $0.value(atPath: "metadata.name")?.stringValue } == ["cm-5", "cm-7", "cm-9"])
            #expect(rest.json?.value(atPath: "metadata.continue") == nil)

            // A watch resumed from an earlier resourceVersion replays what followed, in order;
            // a deleted object carries the revision of its deletion.
            let before = try await server.request("GET", configMaps)
            let start = try #require(before.resourceVersion)
            let updated = try await server.request("PUT", configMaps + "/cm-0", body: #"{"metadata":{"name":"cm-0"},"data":{"a":"b"}}"#)
            let deleted = try await server.request("DELETE", configMaps + "/cm-1")
            #expect(updated.code == 200 && deleted.code == 200)
            let events = try await server.watch(configMaps + "?watch=true&timeoutSeconds=1&resourceVersion=" + start)
            let relevant = events.filter { ["cm-0", "cm-1"].contains($0.object.value(atPath: "metadata.name")?.stringValue) }
            #expect(relevant.map(\.type) == ["MODIFIED", "DELETED"])
            #expect(relevant.first?.object.value(atPath: "metadata.resourceVersion")?.stringValue == updated.resourceVersion)
            let deletedRevision = Int64(relevant.last?.object.value(atPath: "metadata.resourceVersion")?.stringValue ?? "") ?? 0
            #expect(deletedRevision > Int64(updated.resourceVersion ?? "") ?? 0)
        }
    }

    @Test func watchesThatAllowBookmarksGetThem() async throws {
        var configuration = APIServerConfiguration(port: 0)
        configuration.watchBookmarkInterval = .milliseconds(200)
        try await TestServer.with(configuration: configuration) { server in
            let created = try await server.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"a"}}"#)
            let events = try await server.watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2&allowWatchBookmarks=true")
            #expect(events.first?.type == "ADDED")
            let bookmarks = events.filter { $0.type == "BOOKMARK" }
            #expect(bookmarks.count >= 2)
            #expect(bookmarks.first?.object.value(atPath: "metadata.resourceVersion")?.stringValue == created.resourceVersion)
            #expect(bookmarks.first?.object[member: "kind"] == "ConfigMap")
            let plain = try await server.watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1")
            #expect(!plain.contains { $0.type == "BOOKMARK" })
        }
    }
}
