import SkiffModel
import Testing
@testable import SkiffAPIServer

@Suite struct StrategicMergePatchTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var root: String
        var original: String
        var patch: String
        var expected: String
        var testDescription: String { name }

        init(_ name: String, root: String = "io.k8s.api.apps.v1.Deployment", _ original: String, _ patch: String,
             _ expected: String) {
            self.name = name
            self.root = root
            self.original = original
            self.patch = patch
            self.expected = expected
        }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    /// The Deployment of "Update API Objects in Place Using kubectl patch" (kubernetes.io).
    static let patchDemo = #"""
    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"patch-demo"},
     "spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},
      "template":{"metadata":{"labels":{"app":"nginx"}},
       "spec":{"containers":[{"name":"patch-demo-ctr","image":"nginx"}],
        "tolerations":[{"effect":"NoSchedule","key":"dedicated","value":"test-team"}]}}}}
    """#

    static let cases: [Case] = [
        Case("docs: containers merge by name (the new one first, as Kubernetes shows)", patchDemo,
             #"{"spec":{"template":{"spec":{"containers":[{"name":"patch-demo-ctr-2","image":"redis"}]}}}}"#,
             #"""
             {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"patch-demo"},
              "spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},
               "template":{"metadata":{"labels":{"app":"nginx"}},
                "spec":{"containers":[{"name":"patch-demo-ctr-2","image":"redis"},{"name":"patch-demo-ctr","image":"nginx"}],
                 "tolerations":[{"effect":"NoSchedule","key":"dedicated","value":"test-team"}]}}}}
             """#),
        Case("docs: tolerations have no patch strategy and are replaced", patchDemo,
             #"{"spec":{"template":{"spec":{"tolerations":[{"effect":"NoSchedule","key":"disktype","value":"ssd"}]}}}}"#,
             #"""
             {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"patch-demo"},
              "spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},
               "template":{"metadata":{"labels":{"app":"nginx"}},
                "spec":{"containers":[{"name":"patch-demo-ctr","image":"nginx"}],
                 "tolerations":[{"effect":"NoSchedule","key":"disktype","value":"ssd"}]}}}}
             """#),
        Case("an existing container is merged, not replaced", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{"containers":[{"name":"a","image":"x:1","args":["--v"]},{"name":"b","image":"y:1"}]}}"#,
             #"{"spec":{"containers":[{"name":"a","image":"x:2"}]}}"#,
             #"{"spec":{"containers":[{"name":"a","image":"x:2","args":["--v"]},{"name":"b","image":"y:1"}]}}"#),
        Case("args (no strategy) are replaced", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{"containers":[{"name":"a","args":["one","two"]}]}}"#,
             #"{"spec":{"containers":[{"name":"a","args":["three"]}]}}"#,
             #"{"spec":{"containers":[{"name":"a","args":["three"]}]}}"#),
        Case("finalizers (merge, primitive) are unioned", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"metadata":{"finalizers":["a","b"]}}"#,
             #"{"metadata":{"finalizers":["b","c"]}}"#,
             #"{"metadata":{"finalizers":["a","b","c"]}}"#),
        Case("null deletes a member", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"metadata":{"labels":{"a":"1","b":"2"}},"data":{"k":"v"}}"#,
             #"{"metadata":{"labels":{"a":null,"c":"3"}},"data":null}"#,
             #"{"metadata":{"labels":{"b":"2","c":"3"}}}"#),
        Case("nulls in new members are dropped", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"metadata":{}}"#,
             #"{"metadata":{"labels":{"a":"1","b":null}}}"#,
             #"{"metadata":{"labels":{"a":"1"}}}"#),
        Case("$patch: delete removes a list element by merge key", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}"#,
             #"{"spec":{"containers":[{"name":"b","$patch":"delete"}]}}"#,
             #"{"spec":{"containers":[{"name":"a","image":"x"}]}}"#),
        Case("$patch: replace in a list replaces the list", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}"#,
             #"{"spec":{"containers":[{"name":"c","image":"z"},{"$patch":"replace"}]}}"#,
             #"{"spec":{"containers":[{"name":"c","image":"z"}]}}"#),
        Case("$patch: replace on a map replaces the map", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"metadata":{"labels":{"a":"1","b":"2"}}}"#,
             #"{"metadata":{"labels":{"c":"3","$patch":"replace"}}}"#,
             #"{"metadata":{"labels":{"c":"3"}}}"#),
        Case("$patch: delete on a map empties it", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"metadata":{"labels":{"a":"1"}},"data":{"k":"v"}}"#,
             #"{"data":{"$patch":"delete"}}"#,
             #"{"metadata":{"labels":{"a":"1"}},"data":{}}"#),
        Case("$patch: merge on a map merges", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"data":{"a":"1"}}"#,
             #"{"data":{"b":"2","$patch":"merge"}}"#,
             #"{"data":{"a":"1","b":"2"}}"#),
        Case("$deleteFromPrimitiveList", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"metadata":{"finalizers":["a","b","c"]}}"#,
             #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}"#,
             #"{"metadata":{"finalizers":["a","c"]}}"#),
        Case("$deleteFromPrimitiveList of the last element removes the list", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"metadata":{"name":"n","finalizers":["a"]}}"#,
             #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"#,
             #"{"metadata":{"name":"n"}}"#),
        Case("$setElementOrder orders the merged list (kubectl apply)", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{"containers":[{"name":"a","image":"x:1"},{"name":"b","image":"y:1"}]}}"#,
             #"{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"c"},{"name":"a"}],"containers":[{"name":"c","image":"z:1"},{"name":"a","image":"x:2"}]}}"#,
             #"{"spec":{"containers":[{"name":"b","image":"y:1"},{"name":"c","image":"z:1"},{"name":"a","image":"x:2"}]}}"#),
        Case("$setElementOrder with a deletion (kubectl apply removing a container)", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{"containers":[{"name":"a","image":"x:1"},{"name":"b","image":"y:1"}]}}"#,
             #"{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$patch":"delete","name":"b"}]}}"#,
             #"{"spec":{"containers":[{"name":"a","image":"x:1"}]}}"#),
        Case("$setElementOrder of a primitive list", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"metadata":{"finalizers":["a","b"]}}"#,
             #"{"metadata":{"$setElementOrder/finalizers":["c","b"],"$deleteFromPrimitiveList/finalizers":["a"],"finalizers":["c"]}}"#,
             #"{"metadata":{"finalizers":["c","b"]}}"#),
        Case("$retainKeys: Deployment strategy RollingUpdate → Recreate",
             #"{"spec":{"replicas":1,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"30%","maxUnavailable":"30%"}}}}"#,
             #"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#,
             #"{"spec":{"replicas":1,"strategy":{"type":"Recreate"}}}"#),
        Case("without $retainKeys the strategy map merges",
             #"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"30%"}}}}"#,
             #"{"spec":{"strategy":{"type":"Recreate"}}}"#,
             #"{"spec":{"strategy":{"type":"Recreate","rollingUpdate":{"maxSurge":"30%"}}}}"#),
        Case("volumes merge by name; $retainKeys inside an element (merge,retainKeys)", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{"volumes":[{"name":"v","emptyDir":{}},{"name":"w","configMap":{"name":"c"}}]}}"#,
             #"{"spec":{"volumes":[{"name":"v","$retainKeys":["name","secret"],"secret":{"secretName":"s"}}]}}"#,
             #"{"spec":{"volumes":[{"name":"v","secret":{"secretName":"s"}},{"name":"w","configMap":{"name":"c"}}]}}"#),
        // Patch elements in patch order, old-only ones in old order, merged by old position; C is
        // new, so it is taken before A (Kubernetes' mergeSortedSlice).
        Case("env merges by name, in Kubernetes' order", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{"containers":[{"name":"a","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}"#,
             #"{"spec":{"containers":[{"name":"a","env":[{"name":"C","value":"3"},{"name":"B","value":"9"}]}]}}"#,
             #"{"spec":{"containers":[{"name":"a","env":[{"name":"C","value":"3"},{"name":"A","value":"1"},{"name":"B","value":"9"}]}]}}"#),
        Case("old-only elements before a patched one keep their place", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{"containers":[{"name":"a","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}"#,
             #"{"spec":{"containers":[{"name":"a","env":[{"name":"B","value":"9"}]}]}}"#,
             #"{"spec":{"containers":[{"name":"a","env":[{"name":"A","value":"1"},{"name":"B","value":"9"}]}]}}"#),
        Case("PodDisruptionBudget selector (strategy replace) is replaced", root: "io.k8s.api.policy.v1.PodDisruptionBudget",
             #"{"spec":{"selector":{"matchLabels":{"a":"1"}}}}"#,
             #"{"spec":{"selector":{"matchLabels":{"b":"2"}}}}"#,
             #"{"spec":{"selector":{"matchLabels":{"b":"2"}}}}"#),
        Case("ownerReferences merge by uid", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"metadata":{"ownerReferences":[{"uid":"1","name":"a"}]}}"#,
             #"{"metadata":{"ownerReferences":[{"uid":"1","name":"b"},{"uid":"2","name":"c"}]}}"#,
             #"{"metadata":{"ownerReferences":[{"uid":"1","name":"b"},{"uid":"2","name":"c"}]}}"#),
        Case("a scalar replaces a map and a map replaces a scalar", root: "io.k8s.api.core.v1.ConfigMap",
             #"{"data":{"a":"1"},"x":"s"}"#,
             #"{"data":"flat","x":{"y":null,"z":1}}"#,
             #"{"data":"flat","x":{"z":1}}"#),
        Case("a new merging list drops its directive elements", root: "io.k8s.api.core.v1.Pod",
             #"{"spec":{}}"#,
             #"{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","$patch":"delete"}]}}"#,
             #"{"spec":{"containers":[{"name":"a","image":"x"}]}}"#),
    ]

    @Test(arguments: cases)
    func applies(_ testCase: Case) throws {
        let result = try StrategicMergePatch.apply(Self.parse(testCase.patch), to: Self.parse(testCase.original),
                                                   rootDefinition: testCase.root)
        #expect(result == (try Self.parse(testCase.expected)))
    }

    static let failures: [(String, String, Int)] = [
        (#"[1]"#, "json: cannot unmarshal array into Go value of type map[string]interface {}", 400),
        (#"{"spec":{"containers":[{"image":"x"}]}}"#, #"map: {"image":"x"} does not contain declared merge key: name"#, 400),
        (#"{"spec":{"$patch":"bogus"}}"#, #"unknown patch type: "bogus" in map: {"$patch":"bogus"}"#, 400),
        (#"{"spec":{"containers":[{"name":"a","$patch":"explode"}]}}"#, #"unknown patch type: "explode" in map: {"$patch":"explode","name":"a"}"#, 400),
        (#"{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}}"#, "invalid patch format of retainKeys", 400),
        (#"{"spec":{"strategy":{"$retainKeys":"type"}}}"#, "invalid patch format of retainKeys", 400),
        (#"{"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}}"#, "invalid patch format of primitive list", 400),
        (#"{"metadata":{"finalizers":[["a"]]}}"#, "lists of lists are not supported", 422),
    ]

    @Test(arguments: failures)
    func rejects(_ patch: String, _ message: String, _ code: Int) throws {
        let original = try Self.parse(#"{"metadata":{"finalizers":["a"]},"spec":{"containers":[{"name":"a"}],"template":{"spec":{"containers":[{"name":"a"}]}}}}"#)
        let root = patch.contains("strategy") ? "io.k8s.api.apps.v1.Deployment" : "io.k8s.api.core.v1.Pod"
        #expect(throws: StrategicMergePatch.Failure(message: message, code: code)) {
            try StrategicMergePatch.apply(Self.parse(patch), to: original, rootDefinition: root)
        }
    }

    @Test func setElementOrderMustListThePatchElements() throws {
        let original = try Self.parse(#"{"spec":{"containers":[{"name":"a"}]}}"#)
        let patch = try Self.parse(#"{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"b"}]}}"#)
        let error = #expect(throws: StrategicMergePatch.Failure.self) {
            try StrategicMergePatch.apply(patch, to: original, rootDefinition: "io.k8s.api.core.v1.Pod")
        }
        #expect(error?.code == 400)
        #expect(error?.message.hasPrefix("invalid patch format of setElementOrder list") == true)
    }

    @Test func overHTTP() async throws {
        try await TestServer.with { server in
            let deployments = "/apis/apps/v1/namespaces/default/deployments"
            let created = try await server.request("POST", deployments, body: #"""
                {"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},
                  "spec":{"containers":[{"name":"app","image":"x:1"},{"name":"sidecar","image":"y:1"}]}}}}
                """#)
            #expect(created.code == 201)
            let patched = try await server.request("PATCH", deployments + "/web",
                body: #"{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"x:2"}]}}}}"#,
                contentType: "application/strategic-merge-patch+json")
            #expect(patched.code == 200)
            let containers = patched.json?.value(atPath: "spec.template.spec.containers")?.arrayElements ?? []
            #expect(containers.map { $0[member: "image"]?.stringValue ?? "" } == ["x:2", "y:1"])
            #expect(patched.json?.value(atPath: "metadata.generation")?.integerValue == 2)
            let bad = try await server.request("PATCH", deployments + "/web",
                body: #"{"spec":{"template":{"spec":{"containers":[{"image":"x:3"}]}}}}"#,
                contentType: "application/strategic-merge-patch+json")
            #expect(bad.code == 400)
            #expect(bad.reason == "BadRequest")
            #expect(bad.message == #"map: {"image":"x:3"} does not contain declared merge key: name"#)
            let status = try await server.request("PATCH", deployments + "/web/status",
                body: #"{"status":{"conditions":[{"type":"Available","status":"True"}]}}"#,
                contentType: "application/strategic-merge-patch+json")
            #expect(status.code == 200)
            #expect(status.json?.value(atPath: "status.conditions")?.arrayElements?.count == 1)
        }
    }

    @Test func schemaCoversServedKinds() {
        #expect(PatchSchema.rootDefinition(group: "apps", version: "v1", kind: "Deployment") == "io.k8s.api.apps.v1.Deployment")
        #expect(PatchSchema.rootDefinition(group: "", version: "v1", kind: "Pod") == "io.k8s.api.core.v1.Pod")
        #expect(PatchSchema.rootDefinition(group: "example.com", version: "v1", kind: "Widget") == nil)
        let containers = PatchSchema.field("containers", in: "io.k8s.api.core.v1.PodSpec")
        #expect(containers?.mergeKey == "name")
        #expect(containers?.mergesList == true)
        #expect(containers?.listType == .map)
        #expect(containers?.listMapKeys == ["name"])
        #expect(PatchSchema.field("strategy", in: "io.k8s.api.apps.v1.DeploymentSpec")?.strategies == ["retainKeys"])
        #expect(PatchSchema.field("tolerations", in: "io.k8s.api.core.v1.PodSpec")?.mergesList == false)
        for groupVersion in ResourceCatalog.groupVersions {
            for resource in groupVersion.resources where resource.verbs.contains("patch") {
                #expect(PatchSchema.rootDefinition(group: groupVersion.group, version: groupVersion.version,
                                                   kind: resource.kind) != nil, "\(resource.kind)")
            }
        }
    }
}
