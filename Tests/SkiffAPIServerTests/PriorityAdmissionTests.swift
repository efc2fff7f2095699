import Foundation
import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// The Priority admission plugin: classes resolved on pod create, the system classes at start.
@Suite struct PriorityAdmissionTests {
    let classes = [
        PriorityAdmission.PriorityClass(name: "high", value: 1000),
        PriorityAdmission.PriorityClass(name: "batch", value: -10, preemptionPolicy: "Never"),
    ]

    func pod(_ spec: JSONValue) -> JSONValue { ["metadata": ["name": "p"], "spec": spec] }

    @Test func aNamedClassGivesItsValueAndPolicy() throws {
        let body = pod(["priorityClassName": "batch"])
        let admitted = try PriorityAdmission.admit(body, body: body, classes: classes, podName: "p")
        #expect(admitted.value(atPath: "spec.priority")?.integerValue == -10)
        #expect(admitted.value(atPath: "spec.preemptionPolicy") == "Never")
    }

    @Test func withoutANameTheGlobalDefaultOrZero() throws {
        let body = pod([:])
        #expect(try PriorityAdmission.admit(body, body: body, classes: classes, podName: "p").value(atPath: "spec.priority")?.integerValue == 0)
        let withDefault = classes + [PriorityAdmission.PriorityClass(name: "normal", value: 50, globalDefault: true)]
        let admitted = try PriorityAdmission.admit(body, body: body, classes: withDefault, podName: "p")
        #expect(admitted.value(atPath: "spec.priority")?.integerValue == 50)
        #expect(admitted.value(atPath: "spec.priorityClassName") == "normal")
    }

    @Test func unknownClassesAndConflictingValuesAreForbidden() {
        let unknown = pod(["priorityClassName": "nope"])
        #expect(throws: StatusError.self) { try PriorityAdmission.admit(unknown, body: unknown, classes: classes, podName: "p") }
        do {
            _ = try PriorityAdmission.admit(unknown, body: unknown, classes: classes, podName: "p")
        } catch {
            #expect(error.status.code == 403)
            #expect(error.status.message == "pods \"p\" is forbidden: no PriorityClass with name nope was found")
        }
        let conflicting = pod(["priorityClassName": "high", "priority": 5])
        #expect(throws: StatusError.self) { try PriorityAdmission.admit(conflicting, body: conflicting, classes: classes, podName: "p") }
    }

    @Test func podsGetTheirClassOverHTTP() async throws {
        try await TestServer.with { server in
            let pods = "/api/v1/namespaces/default/pods"
            let critical = try await server.request("POST", pods, body: #"{"metadata":{"name":"c"},"spec":{"priorityClassName":"system-cluster-critical","containers":[{"name":"a","image":"x"}]}}"#)
            #expect(critical.code == 201)
            #expect(critical.json?.value(atPath: "spec.priority")?.integerValue == 2_000_000_000)
            #expect(try await server.request("POST", "/apis/scheduling.k8s.io/v1/priorityclasses", body: #"{"metadata":{"name":"low"},"value":-5,"preemptionPolicy":"Never"}"#).code == 201)
            let low = try await server.request("POST", pods, body: #"{"metadata":{"name":"l"},"spec":{"priorityClassName":"low","containers":[{"name":"a","image":"x"}]}}"#)
            #expect(low.json?.value(atPath: "spec.priority")?.integerValue == -5)
            #expect(low.json?.value(atPath: "spec.preemptionPolicy") == "Never")
            let missing = try await server.request("POST", pods, body: #"{"metadata":{"name":"m"},"spec":{"priorityClassName":"ghost","containers":[{"name":"a","image":"x"}]}}"#)
            #expect(missing.code == 403)
            #expect(try await server.request("GET", pods + "/m").code == 404)
        }
    }
}
