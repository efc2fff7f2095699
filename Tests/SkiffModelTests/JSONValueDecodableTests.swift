import Foundation
import SkiffAPI
import SkiffModel
import Testing

@Suite struct JSONValueDecodableTests {
    @Test func missingAndNullMembersAreNil() throws {
        let pod = try CoreV1.Pod(jsonBytes: Array(#"{"kind":"Pod","metadata":null,"spec":{"containers":[{"name":"a"}],"nodeName":null}}"#.utf8))
        #expect(pod.kind == "Pod")
        #expect(pod.metadata == nil)
        #expect(pod.spec?.nodeName == nil)
        #expect(pod.spec?.containers?.first?.name == "a")
        #expect(pod.status == nil)
    }

    @Test func numbersStringsAndHandWrittenTypes() throws {
        let container = try CoreV1.Container(jsonBytes: Array(#"""
            {"name":"web","ports":[{"containerPort":8080}],
             "resources":{"limits":{"cpu":"2","memory":"1Gi"}},
             "livenessProbe":{"httpGet":{"port":"http"},"periodSeconds":10}}
            """#.utf8))
        #expect(container.ports?.first?.containerPort == 8080)
        #expect(container.resources?.limits?["memory"] == (try Quantity(parsing: "1Gi")))
        #expect(container.livenessProbe?.httpGet?.port == .string("http"))
        #expect(container.livenessProbe?.periodSeconds == 10)
    }

    @Test func wrongShapesThrow() {
        #expect(throws: JSONValueDecodingError.self) { try CoreV1.Pod(jsonBytes: Array(#"{"metadata":{"name":7}}"#.utf8)) }
        #expect(throws: JSONValueDecodingError.self) { try CoreV1.Pod(jsonBytes: Array(#"{"spec":{"containers":{}}}"#.utf8)) }
        #expect(throws: JSONValueDecodingError.self) { try CoreV1.ContainerPort(jsonBytes: Array(#"{"containerPort":1.5}"#.utf8)) }
        // Integers are integer literals only, as in Go's encoding/json.
        #expect(throws: JSONValueDecodingError.self) { try CoreV1.ContainerPort(jsonBytes: Array(#"{"containerPort":80.0}"#.utf8)) }
        #expect(throws: JSONValueDecodingError.self) { try CoreV1.ContainerPort(jsonBytes: Array(#"{"containerPort":4294967296}"#.utf8)) }
        #expect(throws: JSONValueDecodingError.self) { try CoreV1.Pod(jsonBytes: Array("{not json".utf8)) }
        #expect(throws: (any Error).self) { try CoreV1.Container(jsonBytes: Array(#"{"resources":{"limits":{"cpu":"lots"}}}"#.utf8)) }
    }

    @Test func writerEscapesStringsAndOmitsNilMembers() throws {
        var pod = CoreV1.Pod(metadata: MetaV1.ObjectMeta(annotations: ["note": "quote \" backslash \\ newline \n tab \t bell \u{07} é"],
                                                         name: "web"))
        pod.apiVersion = "v1"
        let bytes = pod.jsonBytes
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"apiVersion":"v1","metadata":{"annotations":{"note":"quote \" backslash \\ newline \n tab \t bell \u0007 é"},"name":"web"}}"#))
        #expect(!text.contains("null"))
        let back = try JSONDecoder().decode(CoreV1.Pod.self, from: Data(bytes))
        #expect(back == pod)
        #expect(try CoreV1.Pod(jsonBytes: bytes) == pod)
    }
}
