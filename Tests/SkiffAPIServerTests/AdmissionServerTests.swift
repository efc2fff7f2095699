import Foundation
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// Defaulting and validation over HTTP, on a real server and SQLite store.
@Suite(.serialized) struct AdmissionServerTests {
    let pods = "/api/v1/namespaces/default/pods"
    let deployments = "/apis/apps/v1/namespaces/default/deployments"
    let deploymentBody = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}"#

    @Test func podWithoutContainersIsInvalidAndNotStored() async throws {
        try await TestServer.with { server in
            let reply = try await server.request("POST", pods, body: #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"empty"},"spec":{}}"#)
            #expect(reply.code == 422)
            #expect(reply.reason == "Invalid")
            #expect(reply.message == #"Pod "empty" is invalid: spec.containers: Required value"#)
            let causes = reply.json?[member: "details"]?[member: "causes"]?.arrayElements ?? []
            #expect(causes == [["reason": "FieldValueRequired", "message": "Required value", "field": "spec.containers"]])
            #expect(try await server.request("GET", pods + "/empty").code == 404)

            let created = try await server.request("POST", pods, body: #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"one"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#)
            #expect(created.code == 201)
            #expect(created.json?[member: "status"] == ["phase": "Pending", "qosClass": "BestEffort"])
            #expect(created.json?[member: "spec"]?[member: "containers"]?.arrayElements?.first?[member: "imagePullPolicy"] == "Always")
        }
    }

    @Test func deploymentComesBackDefaulted() async throws {
        try await TestServer.with { server in
            let created = try await server.request("POST", deployments, body: deploymentBody)
            #expect(created.code == 201)
            let spec = created.json?[member: "spec"]
            #expect(spec?[member: "replicas"] == 1)
            #expect(spec?[member: "strategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]])
            #expect(spec?[member: "revisionHistoryLimit"] == 10)
            #expect(spec?[member: "progressDeadlineSeconds"] == 600)
            #expect(spec?[member: "template"]?[member: "spec"]?[member: "restartPolicy"] == "Always")
            let stored = try await server.request("GET", deployments + "/web")
            #expect(stored.json?[member: "spec"] == spec)

            let wrongType = try await server.request("POST", deployments, body: #"{"metadata":{"name":"bad"},"spec":{"replicas":"2"}}"#)
            #expect(wrongType.code == 400)
            #expect(wrongType.message == #"Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"#)
        }
    }

    @Test func changingADeploymentSelectorIsRefused() async throws {
        try await TestServer.with { server in
            let created = try await server.request("POST", deployments, body: deploymentBody)
            #expect(created.code == 201)
            var object = try #require(created.json)
            object[member: "spec"]?[member: "selector"] = ["matchLabels": ["app": "other"]]
            object[member: "spec"]?[member: "template"]?[member: "metadata"] = ["labels": ["app": "other"]]
            let body = String(decoding: JSONWriter.encode(object), as: UTF8.self)
            let replaced = try await server.request("PUT", deployments + "/web", body: body)
            #expect(replaced.code == 422)
            let causes = replaced.json?[member: "details"]?[member: "causes"]?.arrayElements ?? []
            #expect(causes.map { $0[member: "field"] } == ["spec.selector"])
            #expect(causes.first?[member: "message"]?.stringValue?.hasSuffix("field is immutable") == true)
            let stored = try await server.request("GET", deployments + "/web")
            #expect(stored.json?[member: "spec"]?[member: "selector"] == ["matchLabels": ["app": "web"]])
        }
    }
}
