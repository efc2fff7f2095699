import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// Updates through `UpdateStrategy`: the replacement is defaulted and validated, and the
/// fields Kubernetes keeps fixed are compared with the stored object.
@Suite struct AdmissionUpdateTests {
    let registry = ResourceRegistry.builtIn
    let stamp = CreateStrategy.Stamp(now: KubeTime(secondsSinceEpoch: 1_700_000_000), uid: "u-1", nameSuffix: "x2b4z")
    func info(_ group: String, _ resource: String) -> ResourceInfo { registry.lookup(group: group, version: "v1", resource: resource)! }

    func create(_ body: JSONValue, _ info: ResourceInfo) throws -> JSONValue {
        try CreateStrategy.prepare(body, info: info, pathNamespace: "default", stamp: stamp)
    }

    func causes(_ body: JSONValue, old: JSONValue, _ info: ResourceInfo) -> [String] {
        do {
            _ = try UpdateStrategy.prepare(body, old: old, info: info, pathNamespace: "default", pathName: "x", target: .main)
            return []
        } catch {
            return error.status.details.map { $0.causes.map { $0.field + ": " + $0.message } } ?? [error.message]
        }
    }

    static let template: JSONValue = ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "web", "image": "nginx:1"]]]]

    @Test func deploymentSelectorIsImmutable() throws {
        let deployments = info("apps", "deployments")
        let old = try create(["metadata": ["name": "x"], "spec": ["selector": ["matchLabels": ["app": "web"]], "template": Self.template]], deployments)
        var changed = old
        changed[member: "spec"]?[member: "selector"] = ["matchLabels": ["app": "web", "tier": "a"]]
        changed[member: "spec"]?[member: "template"]?[member: "metadata"] = ["labels": ["app": "web", "tier": "a"]]
        #expect(causes(changed, old: old, deployments) == [
            #"spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"a"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"#,
        ])
        var scaled = old
        scaled[member: "spec"]?[member: "replicas"] = 5
        scaled[member: "spec"]?[member: "template"]?[member: "spec"]?[member: "containers"] = [["name": "web", "image": "nginx:2"]]
        let updated = try UpdateStrategy.prepare(scaled, old: old, info: deployments, pathNamespace: "default", pathName: "x", target: .main)
        #expect(updated[member: "spec"]?[member: "template"]?[member: "spec"]?[member: "containers"]?.arrayElements?.first?[member: "imagePullPolicy"] == "IfNotPresent")
        #expect(updated[member: "metadata"]?[member: "generation"] == 2)
    }

    @Test func resendingTheUndefaultedSpecKeepsTheGeneration() throws {
        let deployments = info("apps", "deployments")
        let body: JSONValue = ["metadata": ["name": "x"], "spec": ["selector": ["matchLabels": ["app": "web"]], "template": Self.template]]
        let old = try create(body, deployments)
        let updated = try UpdateStrategy.prepare(body, old: old, info: deployments, pathNamespace: "default", pathName: "x", target: .main)
        #expect(updated[member: "metadata"]?[member: "generation"] == 1)
        #expect(updated[member: "spec"] == old[member: "spec"])
    }

    @Test func podSpecIsImmutableButImagesAndTolerationsMayChange() throws {
        let pods = info("", "pods")
        let old = try create(["metadata": ["name": "x"], "spec": ["containers": [["name": "web", "image": "nginx:1"]]]], pods)
        var newImage = old
        newImage[member: "spec"]?[member: "containers"] = [["name": "web", "image": "nginx:2"]]
        var tolerations = old[member: "spec"]?[member: "tolerations"]?.arrayElements ?? []
        tolerations.append(["key": "k", "operator": "Exists"])
        newImage[member: "spec"]?[member: "tolerations"] = .array(tolerations)
        #expect(causes(newImage, old: old, pods) == [])

        var moved = old
        moved[member: "spec"]?[member: "nodeName"] = "node-1"
        moved[member: "spec"]?[member: "containers"] = [["name": "web", "image": "nginx:1", "ports": [["containerPort": 80]]]]
        #expect(causes(moved, old: old, pods) == ["spec: Forbidden: " + ImmutableFields.podUpdateMessage])

        var dropped = old
        dropped[member: "spec"]?[member: "tolerations"] = []
        #expect(causes(dropped, old: old, pods) == ["spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"])
    }

    @Test func jobTemplateIsImmutableUnlessSuspended() throws {
        let jobs = registry.lookup(group: "batch", version: "v1", resource: "jobs")!
        let template: JSONValue = ["spec": ["restartPolicy": "Never", "containers": [["name": "a", "image": "b"]]]]
        let running = try create(["metadata": ["name": "x"], "spec": ["template": template]], jobs)
        var relabelled = running
        relabelled[member: "spec"]?[member: "template"]?[member: "spec"]?[member: "nodeSelector"] = ["zone": "a"]
        #expect(causes(relabelled, old: running, jobs).first?.hasSuffix("field is immutable") == true)
        #expect(causes(relabelled, old: running, jobs).first?.hasPrefix("spec.template:") == true)

        let suspended = try create(["metadata": ["name": "x"], "spec": ["suspend": true, "template": template]], jobs)
        var scheduled = suspended
        scheduled[member: "spec"]?[member: "template"]?[member: "spec"]?[member: "nodeSelector"] = ["zone": "a"]
        #expect(causes(scheduled, old: suspended, jobs) == [])
        var reimaged = suspended
        reimaged[member: "spec"]?[member: "template"]?[member: "spec"]?[member: "containers"] = [["name": "a", "image": "c"]]
        #expect(causes(reimaged, old: suspended, jobs).count == 1)
    }

    @Test func immutableConfigMapAndServiceClusterIP() throws {
        let configMaps = info("", "configmaps")
        let old = try create(["metadata": ["name": "x"], "data": ["a": "1"], "immutable": true], configMaps)
        var changed = old
        changed[member: "data"] = ["a": "2"]
        changed[member: "immutable"] = false
        #expect(causes(changed, old: old, configMaps) == [
            "immutable: Forbidden: field is immutable when `immutable` is set",
            "data: Forbidden: field is immutable when `immutable` is set",
        ])

        let services = info("", "services")
        let service = try create(["metadata": ["name": "x"], "spec": ["clusterIP": "10.0.0.10", "ports": [["port": 80]]]], services)
        var moved = service
        moved[member: "spec"]?[member: "clusterIP"] = "10.0.0.11"
        #expect(causes(moved, old: service, services) == [#"spec.clusterIPs[0]: Invalid value: ["10.0.0.11"]: may not change once set"#])
        var omitted = service
        omitted[member: "spec"]?[member: "clusterIP"] = nil
        let kept = try UpdateStrategy.prepare(omitted, old: service, info: services, pathNamespace: "default", pathName: "x", target: .main)
        #expect(kept[member: "spec"]?[member: "clusterIP"] == "10.0.0.10")
    }

    @Test func explicitNullsAreDroppedLikeUnsetFields() throws {
        let pods = info("", "pods")
        let old = try create(["metadata": ["name": "x"], "spec": ["containers": [["name": "web", "image": "nginx:1"]]]], pods)
        var withNulls = old
        withNulls[member: "spec"]?[member: "nodeName"] = .null
        withNulls[member: "spec"]?[member: "affinity"] = .null
        let updated = try UpdateStrategy.prepare(withNulls, old: old, info: pods, pathNamespace: "default", pathName: "x", target: .main)
        #expect(updated[member: "spec"] == old[member: "spec"])
    }

    @Test func statusWritesAreNotValidated() throws {
        let pods = info("", "pods")
        let old = try create(["metadata": ["name": "x"], "spec": ["containers": [["name": "web", "image": "nginx:1"]]]], pods)
        let status: JSONValue = ["metadata": ["name": "x"], "status": ["phase": "Running"]]
        let updated = try UpdateStrategy.prepare(status, old: old, info: pods, pathNamespace: "default", pathName: "x", target: .status)
        #expect(updated[member: "status"] == ["phase": "Running"])
        #expect(updated[member: "spec"] == old[member: "spec"])
    }
}
