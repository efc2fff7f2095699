import SkiffTesting
import Foundation
import SkiffAPI
import SkiffAPIServer
import SkiffModel
import Testing
@testable import SkiffClient

@Suite struct ClientRESTTests {
    static func configMap(_ name: String, namespace: String = "default", labels: [String: String]? = nil,
                          data: [String: String] = ["k": "v"]) -> CoreV1.ConfigMap {
        CoreV1.ConfigMap(data: data, metadata: MetaV1.ObjectMeta(labels: labels, name: name, namespace: namespace))
    }

    static func pod(_ name: String, node: String? = nil, labels: [String: String]? = nil) -> CoreV1.Pod {
        CoreV1.Pod(metadata: MetaV1.ObjectMeta(labels: labels, name: name, namespace: "default"),
                   spec: CoreV1.PodSpec(containers: [CoreV1.Container(image: "busybox", name: "main")], nodeName: node))
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func configMapCRUD(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            let created = try await client.create(Self.configMap("settings"))
            #expect(created.metadata?.uid?.isEmpty == false)
            #expect(created.kind == "ConfigMap")
            let version = try #require(created.resourceVersion)

            let read = try await client.get(CoreV1.ConfigMap.self, name: "settings", namespace: "default")
            #expect(read.data == ["k": "v"])
            #expect(read.resourceVersion == version)

            var changed = read
            changed.data = ["k": "w"]
            let updated = try await client.update(changed)
            #expect(updated.data == ["k": "w"])
            #expect(updated.resourceVersion != version)

            let patched = try await client.patch(CoreV1.ConfigMap.self, name: "settings", namespace: "default",
                                                 patch: ["data": ["extra": "1"]], patchType: .merge)
            #expect(patched.data == ["k": "w", "extra": "1"])
            let jsonPatched = try await client.patch(CoreV1.ConfigMap.self, name: "settings", namespace: "default",
                                                     patch: [["op": "remove", "path": "/data/k"]], patchType: .json)
            #expect(jsonPatched.data == ["extra": "1"])

            let deleted = try await client.delete(CoreV1.ConfigMap.self, name: "settings", namespace: "default")
            #expect(deleted == nil)  // configmaps answer a Success Status
            await #expect { try await client.get(CoreV1.ConfigMap.self, name: "settings", namespace: "default") } throws: {
                ($0 as? KubernetesClientError)?.isNotFound == true
            }
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func podCRUDWithStatusAndStrategicPatch(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            let created = try await client.create(Self.pod("web", labels: ["app": "web"]))
            #expect(created.spec?.containers?.first?.name == "main")

            var withStatus = created
            withStatus.status = CoreV1.PodStatus(phase: "Running")
            let statusUpdated = try await client.updateStatus(withStatus)
            #expect(statusUpdated.status?.phase == "Running")

            var specChange = statusUpdated
            specChange.status = CoreV1.PodStatus(phase: "Failed")  // ignored by the main resource
            specChange.metadata?.labels?["tier"] = "front"
            let updated = try await client.update(specChange)
            #expect(updated.status?.phase == "Running")
            #expect(updated.metadata?.labels == ["app": "web", "tier": "front"])

            let strategic = try await client.patch(
                CoreV1.Pod.self, name: "web", namespace: "default",
                patch: ["spec": ["containers": [["name": "main", "image": "nginx"]]]], patchType: .strategic)
            #expect(strategic.spec?.containers?.count == 1)  // merged by name, not replaced
            #expect(strategic.spec?.containers?.first?.image == "nginx")

            let statusPatched = try await client.patch(CoreV1.Pod.self, name: "web", namespace: "default",
                                                       patch: ["status": ["phase": "Succeeded"]], subresource: "status")
            #expect(statusPatched.status?.phase == "Succeeded")

            let deleted = try await client.delete(CoreV1.Pod.self, name: "web", namespace: "default",
                                                  options: DeleteOptions(gracePeriodSeconds: 0,
                                                                         preconditionUID: created.metadata?.uid))
            #expect(deleted?.name == "web")  // pods answer the deleted object
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func statusErrors(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            func failure(_ call: () async throws -> Void) async -> KubernetesClientError? {
                do {
                    try await call()
                    return nil
                } catch {
                    return error as? KubernetesClientError
                }
            }
            let missing = await failure { _ = try await client.get(CoreV1.Pod.self, name: "nope", namespace: "default") }
            #expect(missing?.isNotFound == true)
            #expect(missing?.status?.code == 404)
            #expect(missing?.status?.message.contains("nope") == true)

            let first = try await client.create(Self.configMap("one"))
            let exists = await failure { _ = try await client.create(Self.configMap("one")) }
            #expect(exists?.isAlreadyExists == true)
            #expect(exists?.status?.code == 409)

            var fresh = first
            fresh.data = ["a": "b"]
            _ = try await client.update(fresh)
            var stale = first
            stale.data = ["c": "d"]
            let conflict = await failure { _ = try await client.update(stale) }
            #expect(conflict?.isConflict == true)
            #expect(conflict?.status?.code == 409)

            let invalid = await failure { _ = try await client.create(Self.configMap("Not_A_Name")) }
            #expect(invalid?.isInvalid == true)
            #expect(invalid?.status?.code == 422)

            let preconditionFailed = await failure {
                try await client.delete(CoreV1.ConfigMap.self, name: "one", namespace: "default",
                                        options: DeleteOptions(preconditionResourceVersion: "1"))
            }
            #expect(preconditionFailed?.isConflict == true)

            // A subresource the server does not serve yet: the error still carries a Status.
            let binding = CoreV1.Binding(metadata: MetaV1.ObjectMeta(name: "web"),
                                         target: CoreV1.ObjectReference(kind: "Node", name: "node-1"))
            let unserved = await failure {
                _ = try await client.subresource(.POST, CoreV1.Pod.self, name: "web", namespace: "default",
                                                 subresource: "binding", body: binding, as: JSONValue.self)
            }
            #expect(unserved?.status != nil)
            #expect(unserved?.status?.code ?? 0 >= 400)

            let refused = KubernetesClient(configuration: ClientConfiguration(serverURL: "http://127.0.0.1:1"))
            let transport = await failure { _ = try await refused.get(CoreV1.Pod.self, name: "x") }
            try await refused.shutdown()
            if case .transport = transport {} else { Issue.record("expected a transport error, got \(String(describing: transport))") }
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func listWithLabelSelectorAndPages(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            for index in 0..<7 {
                _ = try await client.create(Self.configMap("cm-\(index)", labels: ["parity": index % 2 == 0 ? "even" : "odd"]))
            }
            let even = try await client.list(CoreV1.ConfigMap.self, namespace: "default",
                                             options: ListOptions(labelSelector: "parity=even"))
            #expect(even.items.map(\.name) == ["cm-0", "cm-2", "cm-4", "cm-6"])
            #expect(even.resourceVersion != nil)

            var names = [String]()
            var options = ListOptions(labelSelector: "parity in (even,odd)", limit: 3)
            var pages = 0
            repeat {
                let page = try await client.list(CoreV1.ConfigMap.self, namespace: "default", options: options)
                #expect(page.items.count <= 3)
                names += page.items.map(\.name)
                options.continueToken = page.continueToken
                pages += 1
            } while options.continueToken != nil
            #expect(pages == 3)
            #expect(names == (0..<7).map { "cm-\($0)" })

            let all = try await client.listAll(CoreV1.ConfigMap.self, namespace: "default", pageSize: 2)
            #expect(all.items.count == 7)
            let fieldSelected = try await client.list(CoreV1.ConfigMap.self, options: ListOptions(fieldSelector: "metadata.name=cm-3"))
            #expect(fieldSelected.items.map(\.objectKey) == [ObjectKey(namespace: "default", name: "cm-3")])
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func dynamicAPI(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { _, client in
            let configMaps = client.dynamic(group: "", version: "v1", resource: "configmaps")
            #expect(configMaps.resource.namespaced)
            let created = try await configMaps.create(
                ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "dyn", "namespace": "default"], "data": ["x": "1"]])
            #expect(created[key: "metadata"]?[key: "uid"]?.asString != nil)
            let read = try await configMaps.get(name: "dyn", namespace: "default")
            #expect(read[key: "data"]?[key: "x"] == "1")
            let patched = try await configMaps.patch(name: "dyn", namespace: "default", patch: ["data": ["y": "2"]])
            #expect(patched[key: "data"]?[key: "y"] == "2")
            let listed = try await configMaps.list(namespace: "default")
            #expect(listed.items.count == 1)
            _ = try await configMaps.delete(name: "dyn", namespace: "default")
            await #expect(throws: KubernetesClientError.self) { try await configMaps.get(name: "dyn", namespace: "default") }

            let namespaces = client.dynamic(group: "", version: "v1", resource: "namespaces")
            #expect(!namespaces.resource.namespaced)
            let names = try await namespaces.list().items.compactMap { $0[key: "metadata"]?[key: "name"]?.asString }
            #expect(names.contains("kube-system"))
        }
    }

    @Test(arguments: InProcessAPIServer.ClientTransport.allCases)
    func configurationFromKubeconfig(transport: InProcessAPIServer.ClientTransport) async throws {
        try await InProcessAPIServer.withClient(transport: transport) { server, _ in
            let path = server.directory.appending("kubeconfig.yaml").path
            try Kubeconfig.render(serverURL: server.serverURL, token: "secret-token").write(toFile: path, atomically: true, encoding: .utf8)
            let configuration = try ClientConfiguration(kubeconfigPath: path)
            #expect(configuration.serverURL == server.serverURL)
            #expect(configuration.bearerToken == "secret-token")
            let client = try KubernetesClient(kubeconfigPath: path)
            let namespace = try await client.get(CoreV1.Namespace.self, name: "default")
            try await client.shutdown()
            #expect(namespace.name == "default")
        }
    }

    @Test func pathsAndQueries() throws {
        let pods = try APIResource.of(CoreV1.Pod.self)
        #expect(pods.objectPath(namespace: "ns", name: "a b", subresource: "log") == "/api/v1/namespaces/ns/pods/a%20b/log")
        let deployments = try APIResource.of(AppsV1.Deployment.self)
        #expect(deployments.collectionPath(namespace: nil) == "/apis/apps/v1/deployments")
        let nodes = try APIResource.of(CoreV1.Node.self)
        #expect(nodes.collectionPath(namespace: "ignored") == "/api/v1/nodes")
        let query = PathEscaping.query(ListOptions(labelSelector: "a in (x,y)", limit: 5).queryItems(watch: false))
        #expect(query == "?labelSelector=a%20in%20%28x%2Cy%29&limit=5")
        #expect(throws: KubernetesClientError.self) { try APIResource.for(GroupVersionKind(group: "x.io", version: "v1", kind: "Thing")) }
    }

    @Test func kubeconfigParsing() throws {
        let yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: a
          cluster: {server: "http://127.0.0.1:1111"}
        - name: b
          cluster: {server: "http://127.0.0.1:2222"}
        users:
        - name: ua
          user: {token: "ta"}
        - name: ub
          user: {tokenFile: "/tmp/tb"}
        contexts:
        - name: ca
          context: {cluster: a, user: ua}
        - name: cb
          context: {cluster: b, user: ub}
        current-context: cb
        """
        let current = try KubeconfigFile(yaml: yaml)
        #expect(current == KubeconfigFile(serverURL: "http://127.0.0.1:2222", token: nil, tokenFile: "/tmp/tb"))
        let other = try KubeconfigFile(yaml: yaml, context: "ca")
        #expect(other == KubeconfigFile(serverURL: "http://127.0.0.1:1111", token: "ta"))
        #expect(throws: KubernetesClientError.self) { try KubeconfigFile(yaml: "clusters: []") }
    }
}
