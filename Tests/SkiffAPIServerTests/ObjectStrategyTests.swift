import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffAPIServer

@Suite struct ObjectStrategyTests {
    let registry = ResourceRegistry.builtIn
    var configMaps: ResourceInfo { registry.lookup(group: "", version: "v1", resource: "configmaps")! }
    var deployments: ResourceInfo { registry.lookup(group: "apps", version: "v1", resource: "deployments")! }
    var namespaces: ResourceInfo { registry.lookup(group: "", version: "v1", resource: "namespaces")! }
    let stamp = CreateStrategy.Stamp(now: KubeTime(secondsSinceEpoch: 1_700_000_000), uid: "u-1", nameSuffix: "x2b4z")

    /// A Deployment spec that passes validation.
    func deploymentSpec(replicas: Int64) -> JSONValue {
        ["replicas": .integer(replicas), "selector": ["matchLabels": ["app": "web"]],
         "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "web", "image": "nginx"]]]]]
    }

    @Test func createSetsSystemFields() throws {
        let body: JSONValue = ["metadata": ["generateName": "web-"], "spec": deploymentSpec(replicas: 1), "status": ["replicas": 5]]
        let object = try CreateStrategy.prepare(body, info: deployments, pathNamespace: "prod", stamp: stamp)
        let metadata = object[member: "metadata"]
        #expect(object[member: "apiVersion"] == "apps/v1")
        #expect(object[member: "kind"] == "Deployment")
        #expect(metadata?[member: "name"] == "web-x2b4z")
        #expect(metadata?[member: "namespace"] == "prod")
        #expect(metadata?[member: "uid"] == "u-1")
        #expect(metadata?[member: "creationTimestamp"] == "2023-11-14T22:13:20Z")
        #expect(metadata?[member: "generation"] == 1)
        #expect(object[member: "status"] == nil)  // status subresource: status is not written by create
    }

    @Test func createRefusesWhatKubernetesRefuses() {
        #expect(throws: StatusError.self) {
            try CreateStrategy.prepare(["metadata": ["name": "a", "namespace": "other"]], info: configMaps, pathNamespace: "default", stamp: stamp)
        }
        #expect(throws: StatusError.self) {
            try CreateStrategy.prepare(["kind": "Secret", "metadata": ["name": "a"]], info: configMaps, pathNamespace: "default", stamp: stamp)
        }
        #expect(throws: StatusError.self) {
            try CreateStrategy.prepare(["metadata": ["name": "a", "resourceVersion": "4"]], info: configMaps, pathNamespace: "default", stamp: stamp)
        }
        do {
            _ = try CreateStrategy.prepare(["metadata": ["name": "Not_Valid", "labels": ["ok": "-bad-"]]], info: configMaps,
                                           pathNamespace: "default", stamp: stamp)
            Issue.record("accepted an invalid name")
        } catch {
            #expect(error.code == 422)
            #expect(error.status.details?.causes.map(\.field) == ["metadata.name", "metadata.labels"])
        }
        do {
            _ = try CreateStrategy.prepare(["metadata": ["labels": 3]], info: configMaps, pathNamespace: "default", stamp: stamp)
            Issue.record("accepted labels that are not a map")
        } catch {
            #expect(error.code == 400)
        }
        do {
            _ = try CreateStrategy.prepare(["data": [:]], info: configMaps, pathNamespace: "default", stamp: stamp)
            Issue.record("accepted an object without a name")
        } catch {
            #expect(error.code == 422)
            #expect(error.message.contains("name or generateName is required"))
        }
    }

    @Test func namespacesUseLabelNamesAndStartActive() throws {
        let object = try CreateStrategy.prepare(["metadata": ["name": "dev", "namespace": "ignored"]], info: namespaces,
                                                pathNamespace: nil, stamp: stamp)
        #expect(object[member: "metadata"]?[member: "namespace"] == nil)
        #expect(object[member: "status"] == ["phase": "Active"])
        #expect(object[member: "spec"] == ["finalizers": ["kubernetes"]])
        #expect(throws: StatusError.self) {
            try CreateStrategy.prepare(["metadata": ["name": "a.b"]], info: namespaces, pathNamespace: nil, stamp: stamp)
        }
    }

    @Test func updateKeepsSystemFieldsAndBumpsGenerationOnSpecChange() throws {
        let old = try CreateStrategy.prepare(["metadata": ["name": "web"], "spec": deploymentSpec(replicas: 1)], info: deployments,
                                             pathNamespace: "prod", stamp: stamp)
        var oldWithStatus = old
        oldWithStatus[member: "status"] = ["replicas": 1]
        let sameSpec: JSONValue = ["metadata": ["name": "web", "labels": ["a": "b"]], "spec": deploymentSpec(replicas: 1), "status": ["replicas": 9]]
        let relabelled = try UpdateStrategy.prepare(sameSpec, old: oldWithStatus, info: deployments, pathNamespace: "prod", pathName: "web", target: .main)
        #expect(relabelled[member: "metadata"]?[member: "generation"] == 1)
        #expect(relabelled[member: "metadata"]?[member: "uid"] == "u-1")
        #expect(relabelled[member: "metadata"]?[member: "creationTimestamp"] == "2023-11-14T22:13:20Z")
        #expect(relabelled[member: "status"] == ["replicas": 1])  // the main resource ignores status

        let scaled: JSONValue = ["metadata": ["name": "web"], "spec": deploymentSpec(replicas: 3)]
        let updated = try UpdateStrategy.prepare(scaled, old: oldWithStatus, info: deployments, pathNamespace: "prod", pathName: "web", target: .main)
        #expect(updated[member: "metadata"]?[member: "generation"] == 2)

        let statusWrite: JSONValue = ["metadata": ["name": "web"], "spec": deploymentSpec(replicas: 7), "status": ["replicas": 3]]
        let statusOnly = try UpdateStrategy.prepare(statusWrite, old: oldWithStatus, info: deployments, pathNamespace: "prod", pathName: "web", target: .status)
        #expect(statusOnly[member: "spec"] == old[member: "spec"])
        #expect(statusOnly[member: "status"] == ["replicas": 3])
        #expect(statusOnly[member: "metadata"]?[member: "generation"] == 1)
    }

    @Test func updateRefusesRenamesAndUIDChanges() throws {
        let old = try CreateStrategy.prepare(["metadata": ["name": "a"]], info: configMaps, pathNamespace: "default", stamp: stamp)
        #expect(throws: StatusError.self) {
            try UpdateStrategy.prepare(["metadata": ["name": "b"]], old: old, info: configMaps, pathNamespace: "default", pathName: "a", target: .main)
        }
        do {
            _ = try UpdateStrategy.prepare(["metadata": ["name": "a", "uid": "other"]], old: old, info: configMaps,
                                           pathNamespace: "default", pathName: "a", target: .main)
            Issue.record("accepted a uid change")
        } catch {
            #expect(error.code == 422)
        }
        #expect(throws: StatusError.self) { try UpdateStrategy.expectedRevision(["metadata": ["resourceVersion": "x"]]) }
        #expect(try UpdateStrategy.expectedRevision(["metadata": ["resourceVersion": "12"]]) == 12)
        #expect(try UpdateStrategy.expectedRevision(["metadata": [:]]) == nil)
    }

    @Test func selectorsMatchLabelsAndFields() throws {
        let pods = registry.lookup(group: "", version: "v1", resource: "pods")!
        let selector = try ObjectSelector(query: QueryParameters(["labelSelector": "app=web", "fieldSelector": "spec.nodeName=n1,metadata.namespace=prod"]), resource: pods)
        let pod: JSONValue = ["metadata": ["labels": ["app": "web"]], "spec": ["nodeName": "n1"]]
        #expect(selector.matches(namespace: "prod", name: "p", object: pod, resource: pods))
        #expect(!selector.matches(namespace: "dev", name: "p", object: pod, resource: pods))
        #expect(throws: StatusError.self) {
            try ObjectSelector(query: QueryParameters(["fieldSelector": "spec.nodeName=n1"]), resource: configMaps)
        }
        #expect(throws: StatusError.self) {
            try ObjectSelector(query: QueryParameters(["labelSelector": "a in ("]), resource: configMaps)
        }
    }

    @Test func discoveryListsShortNamesCategoriesAndSubresources() throws {
        let list = try #require(DiscoveryDocuments.resourceList(registry, group: "", version: "v1"))
        let resources = list[member: "resources"]?.arrayElements ?? []
        let pods = try #require(resources.first { $0[member: "name"] == "pods" })
        #expect(pods[member: "shortNames"] == ["po"])
        #expect(pods[member: "categories"] == ["all"])
        #expect(pods[member: "singularName"] == "pod")
        #expect(resources.contains { $0[member: "name"] == "pods/status" })
        let apps = try #require(DiscoveryDocuments.resourceList(registry, group: "apps", version: "v1"))
        let scale = try #require(apps[member: "resources"]?.arrayElements?.first { $0[member: "name"] == "deployments/scale" })
        #expect(scale[member: "group"] == "autoscaling")
        #expect(scale[member: "kind"] == "Scale")
        let groups = DiscoveryDocuments.groupList(registry)[member: "groups"]?.arrayElements ?? []
        let autoscaling = try #require(groups.first { $0[member: "name"] == "autoscaling" })
        #expect(autoscaling[member: "preferredVersion"]?[member: "version"] == "v2")
    }
}
