import SkiffModel
import Testing

@Suite struct ResourceCatalogTests {
    func resource(_ group: String, _ version: String, _ name: String) throws -> ResourceCatalog.Resource {
        let resources = try #require(ResourceCatalog.resources(group: group, version: version))
        return try #require(resources.first { $0.name == name })
    }

    @Test func pods() throws {
        let pods = try resource("", "v1", "pods")
        #expect(pods.kind == "Pod")
        #expect(pods.namespaced)
        #expect(Set(pods.verbs) == ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"])
        let subresources = Set(pods.subresources.map(\.name))
        #expect(subresources.isSuperset(of: ["status", "binding", "log", "eviction", "exec", "attach", "portforward", "proxy", "ephemeralcontainers"]))
        let eviction = try #require(pods.subresources.first { $0.name == "eviction" })
        #expect((eviction.group, eviction.version, eviction.kind, eviction.verbs) == ("policy", "v1", "Eviction", ["create"]))
        #expect(pods.subresources.first { $0.name == "status" }?.verbs == ["get", "update", "patch"])
        #expect(pods.subresources.first { $0.name == "log" }?.verbs == ["get"])
        #expect(Set(pods.subresources.first { $0.name == "exec" }?.verbs ?? []) == ["get", "create"])
    }

    @Test func clusterScoped() throws {
        let nodes = try resource("", "v1", "nodes")
        #expect(!nodes.namespaced)
        #expect(nodes.kind == "Node")
        #expect(try !resource("", "v1", "namespaces").namespaced)
        #expect(try !resource("", "v1", "persistentvolumes").namespaced)
        #expect(try !resource("rbac.authorization.k8s.io", "v1", "clusterroles").namespaced)
        #expect(try !resource("apiextensions.k8s.io", "v1", "customresourcedefinitions").namespaced)
        #expect(try resource("", "v1", "namespaces").subresources.map(\.name) == ["finalize", "status"])
    }

    @Test func scale() throws {
        let deployments = try resource("apps", "v1", "deployments")
        #expect(deployments.namespaced)
        #expect(deployments.kind == "Deployment")
        let scale = try #require(deployments.subresources.first { $0.name == "scale" })
        #expect((scale.group, scale.version, scale.kind) == ("autoscaling", "v1", "Scale"))
        #expect(try resource("apps", "v1", "statefulsets").subresources.contains { $0.name == "scale" })
    }

    @Test func groupVersions() throws {
        let served = Set(ResourceCatalog.groupVersions.map { GroupVersionKind(group: $0.group, version: $0.version, kind: "").apiVersion })
        #expect(served == ["v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "coordination.k8s.io/v1",
                           "discovery.k8s.io/v1", "events.k8s.io/v1", "networking.k8s.io/v1", "policy/v1",
                           "rbac.authorization.k8s.io/v1", "scheduling.k8s.io/v1", "storage.k8s.io/v1", "apiextensions.k8s.io/v1"])
        for groupVersion in ResourceCatalog.groupVersions {
            #expect(!groupVersion.resources.isEmpty)
            for resource in groupVersion.resources {
                #expect(!resource.kind.isEmpty, "\(resource.name)")
                #expect(!resource.verbs.isEmpty, "\(resource.name)")
            }
        }
        // Read-only, list-only: componentstatuses has no watch.
        #expect(try resource("", "v1", "componentstatuses").verbs == ["get", "list"])
    }
}
