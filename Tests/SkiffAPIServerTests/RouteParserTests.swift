import Testing
@testable import SkiffAPIServer

@Suite struct RouteParserTests {
    @Test func healthVersionAndDiscovery() {
        #expect(RouteParser.parse("/healthz") == .health("healthz"))
        #expect(RouteParser.parse("/readyz/ping") == .health("readyz/ping"))
        #expect(RouteParser.parse("/livez") == .health("livez"))
        #expect(RouteParser.parse("/version") == .version)
        #expect(RouteParser.parse("/version/") == .version)
        #expect(RouteParser.parse("/api") == .coreVersions)
        #expect(RouteParser.parse("/apis") == .groupList)
        #expect(RouteParser.parse("/apis/apps") == .group("apps"))
        #expect(RouteParser.parse("/api/v1") == .resourceList(group: "", version: "v1"))
        #expect(RouteParser.parse("/apis/apps/v1") == .resourceList(group: "apps", version: "v1"))
        #expect(RouteParser.parse("/openapi/v2") == .openAPI)
        #expect(RouteParser.parse("/") == .notFound)
        #expect(RouteParser.parse("/metrics/x") == .notFound)
    }

    @Test func namespacedCollectionsAndObjects() {
        #expect(RouteParser.parse("/api/v1/namespaces/default/configmaps")
                == .resource(ResourcePath(group: "", version: "v1", namespace: "default", resource: "configmaps")))
        #expect(RouteParser.parse("/api/v1/namespaces/default/configmaps/app/")
                == .resource(ResourcePath(group: "", version: "v1", namespace: "default", resource: "configmaps", name: "app")))
        #expect(RouteParser.parse("/apis/apps/v1/namespaces/web/deployments/front/status")
                == .resource(ResourcePath(group: "apps", version: "v1", namespace: "web", resource: "deployments",
                                          name: "front", subresource: "status")))
        #expect(RouteParser.parse("/api/v1/configmaps")
                == .resource(ResourcePath(group: "", version: "v1", resource: "configmaps")))
    }

    @Test func namespacesThemselves() {
        #expect(RouteParser.parse("/api/v1/namespaces")
                == .resource(ResourcePath(group: "", version: "v1", resource: "namespaces")))
        #expect(RouteParser.parse("/api/v1/namespaces/kube-system")
                == .resource(ResourcePath(group: "", version: "v1", resource: "namespaces", name: "kube-system")))
        #expect(RouteParser.parse("/api/v1/namespaces/dev/status")
                == .resource(ResourcePath(group: "", version: "v1", resource: "namespaces", name: "dev", subresource: "status")))
        #expect(RouteParser.parse("/api/v1/namespaces/dev/finalize")
                == .resource(ResourcePath(group: "", version: "v1", resource: "namespaces", name: "dev", subresource: "finalize")))
    }

    @Test func legacyWatchPaths() {
        #expect(RouteParser.parse("/api/v1/watch/namespaces/default/pods")
                == .resource(ResourcePath(group: "", version: "v1", namespace: "default", resource: "pods", legacyWatch: true)))
        #expect(RouteParser.parse("/api/v1/watch/namespaces/default/pods/web")
                == .resource(ResourcePath(group: "", version: "v1", namespace: "default", resource: "pods", name: "web", legacyWatch: true)))
        #expect(RouteParser.parse("/apis/apps/v1/watch/deployments")
                == .resource(ResourcePath(group: "apps", version: "v1", resource: "deployments", legacyWatch: true)))
        #expect(RouteParser.parse("/api/v1/watch") == .notFound)
    }

    @Test func percentEncodingAndTooManySegments() {
        #expect(RouteParser.parse("/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Acontroller")
                == .resource(ResourcePath(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles",
                                          name: "system:controller")))
        #expect(RouteParser.parse("/api/v1/namespaces/a/pods/b/proxy/extra/path") == .notFound)
        #expect(RouteParser.parse("/api/v1/namespaces/a/pods/%zz") == .notFound)
    }

    @Test func queryParameters() {
        let query = QueryParameters(parsing: "labelSelector=app%3Dweb%2Ctier+in+(a)&watch=1&limit=5&limit=7")
        #expect(query?["labelSelector"] == "app=web,tier in (a)")
        #expect(query?.flag("watch") == true)
        #expect(query?.flag("missing") == false)
        #expect(query?["limit"] == "5")
        #expect(QueryParameters(parsing: "a=%zz") == nil)
        #expect(QueryParameters(parsing: nil) == QueryParameters())
    }
}
