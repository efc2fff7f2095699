import Foundation
import SkiffAPI
import SkiffModel
import Testing

@Suite struct ManifestRoundTripTests {
    @Test func pod() throws {
        let pod = try roundTrip(CoreV1.Pod.self, """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {
                "name": "web-0",
                "namespace": "default",
                "uid": "6b1c5b0e-6a43-4b8e-9d0e-2f1f0b4f7a11",
                "resourceVersion": "12345",
                "creationTimestamp": "2024-05-01T10:00:00Z",
                "labels": {"app": "web", "tier": "frontend"},
                "annotations": {"example.com/note": "hello"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d4b9c", "uid": "0f9e", "controller": true, "blockOwnerDeletion": true}],
                "managedFields": [{"manager": "kubectl", "operation": "Apply", "apiVersion": "v1", "time": "2024-05-01T10:00:00Z",
                                   "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}}}}]
              },
              "spec": {
                "restartPolicy": "Always",
                "terminationGracePeriodSeconds": 30,
                "nodeSelector": {"kubernetes.io/os": "linux"},
                "containers": [{
                  "name": "web",
                  "image": "nginx:1.27",
                  "args": ["--port", "8080"],
                  "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
                  "env": [{"name": "MODE", "value": "prod"},
                          {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}],
                  "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
                  "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "initialDelaySeconds": 5, "periodSeconds": 10},
                  "readinessProbe": {"tcpSocket": {"port": 8080}, "failureThreshold": 3},
                  "volumeMounts": [{"name": "data", "mountPath": "/data", "readOnly": true}]
                }],
                "volumes": [{"name": "data", "emptyDir": {"sizeLimit": "128Mi"}},
                            {"name": "cfg", "configMap": {"name": "web-config", "defaultMode": 420}}],
                "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]
              },
              "status": {
                "phase": "Running",
                "podIP": "10.0.0.12",
                "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2024-05-01T10:00:05Z"}]
              }
            }
            """)
        #expect(CoreV1.Pod.apiVersion == "v1")
        #expect(CoreV1.Pod.kind == "Pod")
        let container = try #require(pod.spec?.containers?.first)
        #expect(container.ports?.first?.containerPort == 8080)
        #expect(container.resources?.requests?["cpu"] == (try decode(Quantity.self, #""500m""#)))
        #expect(container.resources?.requests?["memory"] == (try decode(Quantity.self, #""1Gi""#)))
        #expect(container.livenessProbe?.httpGet?.port == (try decode(IntOrString.self, #""http""#)))
        #expect(container.readinessProbe?.tcpSocket?.port == (try decode(IntOrString.self, "8080")))
        #expect(pod.metadata?.labels?["app"] == "web")
        #expect(pod.metadata?.managedFields?.first?.fieldsV1 == ["f:metadata": ["f:labels": [".": [:], "f:app": [:]]]])
        #expect(pod.spec?.volumes?.last?.configMap?.defaultMode == 420)
    }

    @Test func deployment() throws {
        let deployment = try roundTrip(AppsV1.Deployment.self, """
            {
              "apiVersion": "apps/v1",
              "kind": "Deployment",
              "metadata": {"name": "web", "namespace": "default", "generation": 3},
              "spec": {
                "replicas": 3,
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": {"app": "web"},
                             "matchExpressions": [{"key": "tier", "operator": "In", "values": ["frontend", "edge"]}]},
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
                "template": {
                  "metadata": {"labels": {"app": "web", "tier": "frontend"}},
                  "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent"}]}
                }
              },
              "status": {"replicas": 3, "readyReplicas": 2, "observedGeneration": 3,
                         "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                                         "lastUpdateTime": "2024-05-01T10:00:00Z", "lastTransitionTime": "2024-05-01T10:00:00Z"}]}
            }
            """)
        #expect(AppsV1.Deployment.groupVersionKind == GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))
        #expect(AppsV1.Deployment.apiVersion == "apps/v1")
        #expect(deployment.spec?.replicas == 3)
        #expect(deployment.spec?.selector?.matchLabels == ["app": "web"])
        let rollingUpdate = try #require(deployment.spec?.strategy?.rollingUpdate)
        #expect(rollingUpdate.maxSurge == (try decode(IntOrString.self, #""25%""#)))
        #expect(rollingUpdate.maxUnavailable == (try decode(IntOrString.self, "0")))
        #expect(deployment.spec?.template?.spec?.containers?.first?.image == "nginx:1.27")
    }

    @Test func service() throws {
        let service = try roundTrip(CoreV1.Service.self, """
            {
              "apiVersion": "v1",
              "kind": "Service",
              "metadata": {"name": "web", "namespace": "default"},
              "spec": {
                "type": "LoadBalancer",
                "selector": {"app": "web"},
                "clusterIP": "10.96.0.20",
                "clusterIPs": ["10.96.0.20"],
                "ipFamilies": ["IPv4"],
                "ipFamilyPolicy": "SingleStack",
                "sessionAffinity": "None",
                "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP", "nodePort": 30080},
                          {"name": "metrics", "port": 9090, "targetPort": 9090}]
              },
              "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.10", "ports": [{"port": 80, "protocol": "TCP"}]}]}}
            }
            """)
        #expect(service.spec?.ports?.map(\.port) == [80, 9090])
        #expect(service.spec?.ports?.last?.targetPort == (try decode(IntOrString.self, "9090")))
        #expect(service.status?.loadBalancer?.ingress?.first?.ip == "192.0.2.10")
    }

    @Test func customResourceDefinition() throws {
        let crd = try roundTrip(APIExtensionsV1.CustomResourceDefinition.self, """
            {
              "apiVersion": "apiextensions.k8s.io/v1",
              "kind": "CustomResourceDefinition",
              "metadata": {"name": "widgets.example.com"},
              "spec": {
                "group": "example.com",
                "scope": "Namespaced",
                "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wd"]},
                "versions": [{
                  "name": "v1",
                  "served": true,
                  "storage": true,
                  "subresources": {"status": {}, "scale": {"specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas"}},
                  "additionalPrinterColumns": [{"name": "Size", "type": "integer", "jsonPath": ".spec.size"}],
                  "schema": {"openAPIV3Schema": {
                    "type": "object",
                    "required": ["spec"],
                    "properties": {
                      "spec": {
                        "type": "object",
                        "x-kubernetes-validations": [{"rule": "self.size <= 10", "message": "too big"}],
                        "properties": {
                          "size": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 10, "default": 3},
                          "ratio": {"type": "number", "multipleOf": 0.25, "default": 1.5},
                          "color": {"type": "string", "enum": ["red", "green", null], "nullable": true, "default": "red"},
                          "port": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]},
                          "tags": {"type": "array", "items": {"type": "string", "maxLength": 63}, "x-kubernetes-list-type": "set"},
                          "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
                          "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                          "open": {"type": "object", "additionalProperties": true, "x-kubernetes-preserve-unknown-fields": true},
                          "template": {"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true},
                          "notEmpty": {"type": "string", "not": {"type": "string", "maxLength": 0, "not": {"type": "integer"}}},
                          "selector": {"type": "object", "default": {"matchLabels": {"app": "x"}, "limits": [1, 2.5, true]},
                                       "dependencies": {"a": ["b", "c"], "d": {"required": ["e"]}}}
                        }
                      },
                      "status": {"type": "object", "properties": {"replicas": {"type": "integer", "format": "int64"}}}
                    }
                  }}
                }]
              }
            }
            """, nullsInInput: true)
        #expect(APIExtensionsV1.CustomResourceDefinition.apiVersion == "apiextensions.k8s.io/v1")
        let schema = try #require(crd.spec?.versions?.first?.schema?.openAPIV3Schema)
        let spec = try #require(schema.properties?["spec"])
        #expect(spec.xKubernetesValidations?.first?.rule == "self.size <= 10")
        let properties = try #require(spec.properties)
        #expect(properties["size"]?.default == 3)
        #expect(properties["size"]?.maximum == 10)
        #expect(properties["ratio"]?.default == 1.5)
        #expect(properties["color"]?.enum == ["red", "green", nil])
        #expect(properties["port"]?.xKubernetesIntOrString == true)
        guard case .schema(let item)? = properties["tags"]?.items else { Issue.record("items: not one schema"); return }
        #expect(item.maxLength == 63)
        guard case .schemas(let items)? = properties["pair"]?.items else { Issue.record("items: not an array"); return }
        #expect(items.map(\.type) == ["string", "integer"])
        #expect(properties["labels"]?.additionalProperties == .schema(APIExtensionsV1.JSONSchemaProps(type: "string")))
        #expect(properties["open"]?.additionalProperties == .bool(true))
        #expect(properties["template"]?.xKubernetesEmbeddedResource == true)
        #expect(properties["notEmpty"]?.not?.maxLength == 0)
        #expect(properties["notEmpty"]?.not?.not?.type == "integer")
        #expect(properties["selector"]?.default == ["matchLabels": ["app": "x"], "limits": [1, 2.5, true]])
        #expect(properties["selector"]?.dependencies?["a"] == .strings(["b", "c"]))
        #expect(properties["selector"]?.dependencies?["d"] == .schema(APIExtensionsV1.JSONSchemaProps(required: ["e"])))
        #expect(crd.spec?.versions?.first?.subresources?.status == [:])
    }

    @Test func jsonNamesThatAreNotSwiftIdentifiers() throws {
        let schema = try roundTrip(APIExtensionsV1.JSONSchemaProps.self, """
            {"$schema": "http://json-schema.org/draft-04/schema#", "$ref": "#/definitions/x", "x-kubernetes-list-type": "map",
             "x-kubernetes-list-map-keys": ["name"], "x-kubernetes-map-type": "atomic"}
            """)
        #expect(schema.schema == "http://json-schema.org/draft-04/schema#")
        #expect(schema.ref == "#/definitions/x")
        #expect(schema.xKubernetesListMapKeys == ["name"])
    }

    @Test func nilFieldsAreOmitted() throws {
        let pod = CoreV1.Pod(
            apiVersion: CoreV1.Pod.apiVersion, kind: CoreV1.Pod.kind,
            metadata: MetaV1.ObjectMeta(labels: [:], name: "p"),
            spec: CoreV1.PodSpec(containers: [CoreV1.Container(image: "busybox", name: "c")]))
        let json = String(decoding: try JSONEncoder().encode(pod), as: UTF8.self)
        #expect(try canonicalJSON(Data(json.utf8))
            == canonicalJSON(Data(#"{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{},"name":"p"},"spec":{"containers":[{"image":"busybox","name":"c"}]}}"#.utf8)))
        #expect(try JSONEncoder().encode(CoreV1.PodStatus()) == Data("{}".utf8))
    }

    @Test func lists() throws {
        let list = try roundTrip(CoreV1.ConfigMapList.self, """
            {"apiVersion": "v1", "kind": "ConfigMapList", "metadata": {"resourceVersion": "7", "continue": "abc"},
             "items": [{"metadata": {"name": "a"}, "data": {"k": "v"}, "binaryData": {"b": "AAEC"}, "immutable": true}]}
            """)
        #expect(list.metadata?.continue == "abc")
        #expect(list.items?.first?.binaryData?["b"] == "AAEC")
        #expect(CoreV1.ConfigMapList.kind == "ConfigMapList")
    }

    @Test func eventWithMicroTime() throws {
        let event = try roundTrip(EventsV1.Event.self, """
            {"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": {"name": "web-0.17c", "namespace": "default"},
             "eventTime": "2024-05-01T10:00:00.123456Z", "reportingController": "skiff/scheduler", "reportingInstance": "skiff-1",
             "action": "Binding", "reason": "Scheduled", "type": "Normal", "note": "assigned default/web-0 to node-1",
             "regarding": {"kind": "Pod", "namespace": "default", "name": "web-0"},
             "series": {"count": 2, "lastObservedTime": "2024-05-01T10:00:01.000001Z"}}
            """)
        #expect(event.eventTime == (try decode(MicroTime.self, #""2024-05-01T10:00:00.123456Z""#)))
        #expect(event.series?.count == 2)
        #expect(EventsV1.Event.apiVersion == "events.k8s.io/v1")
    }

    @Test func status() throws {
        let status = try roundTrip(MetaV1.Status.self, """
            {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": "pods \\"x\\" not found",
             "reason": "NotFound", "details": {"name": "x", "kind": "pods"}, "code": 404}
            """)
        #expect(status.code == 404)
        #expect(MetaV1.Status.groupVersionKind == GroupVersionKind(group: "", version: "v1", kind: "Status"))
    }
}

func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(json.utf8))
}
