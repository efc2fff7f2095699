import Foundation
import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// Hand-built protobuf wire bytes (the encoder side of the tests).
private enum Wire {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }
    static func tag(_ number: Int, _ wireType: Int) -> [UInt8] { varint(UInt64(number << 3 | wireType)) }
    static func int(_ number: Int, _ value: Int64) -> [UInt8] { tag(number, 0) + varint(UInt64(bitPattern: value)) }
    static func bool(_ number: Int, _ value: Bool) -> [UInt8] { int(number, value ? 1 : 0) }
    static func bytes(_ number: Int, _ payload: [UInt8]) -> [UInt8] { tag(number, 2) + varint(UInt64(payload.count)) + payload }
    static func string(_ number: Int, _ text: String) -> [UInt8] { bytes(number, Array(text.utf8)) }
    static func message(_ number: Int, _ fields: [UInt8]...) -> [UInt8] { bytes(number, fields.flatMap { $0 }) }
    /// One entry of a map field: key 1, value 2.
    static func entry(_ number: Int, _ key: String, _ value: [UInt8]) -> [UInt8] { bytes(number, string(1, key) + value) }

    /// `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.
    static func envelope(_ apiVersion: String, _ kind: String, _ raw: [UInt8]) -> [UInt8] {
        [0x6b, 0x38, 0x73, 0x00] + message(1, string(1, apiVersion), string(2, kind)) + bytes(2, raw)
            + string(3, "") + string(4, "")
    }

    /// ObjectMeta as Go's marshaller writes it for an object kubectl builds: every plain field,
    /// empty or zero, and the zero creationTimestamp as an empty message.
    static func objectMeta(name: String, labels: [(String, String)] = []) -> [UInt8] {
        string(1, name) + string(2, "") + string(3, "") + string(4, "") + string(5, "") + string(6, "")
            + int(7, 0) + bytes(8, []) + labels.flatMap { entry(11, $0.0, string(2, $0.1)) }
    }
}

@Suite struct ProtobufDecodingTests {
    private func decode(_ body: [UInt8]) throws(ProtobufDecodingError) -> JSONValue {
        try KubernetesProtobuf.decode(body)
    }

    @Test func schemaLoadsFromTheCarriedDescriptorSet() throws {
        let schema = try #require(ProtobufSchema.k8s)
        #expect(schema.messages["k8s.io.api.core.v1.ConfigMap"] != nil)
        #expect(schema.messages["k8s.io.api.apps.v1.Deployment"] != nil)
        #expect(schema.messages["k8s.io.apimachinery.pkg.runtime.Unknown"] != nil)
        #expect(schema.messages["k8s.io.api.core.v1.ConfigMap.DataEntry"]?.isMapEntry == true)
    }

    @Test func messageNames() {
        #expect(KubernetesProtobuf.messageName(apiVersion: "v1", kind: "Pod") == "k8s.io.api.core.v1.Pod")
        #expect(KubernetesProtobuf.messageName(apiVersion: "apps/v1", kind: "Deployment") == "k8s.io.api.apps.v1.Deployment")
        #expect(KubernetesProtobuf.messageName(apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role") == "k8s.io.api.rbac.v1.Role")
        #expect(KubernetesProtobuf.messageName(apiVersion: "", kind: "Pod") == nil)
    }

    @Test func configMap() throws {
        let raw = Wire.message(1, Wire.objectMeta(name: "app", labels: [("tier", "web")]))
            + Wire.entry(2, "a", Wire.string(2, "b"))
            + Wire.entry(2, "empty", Wire.string(2, ""))
            + Wire.entry(2, "c", [])
            + Wire.entry(3, "bin", Wire.bytes(2, [0, 1, 2]))
        let value = try decode(Wire.envelope("v1", "ConfigMap", raw))
        #expect(value == [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "app", "generation": 0, "creationTimestamp": nil, "labels": ["tier": "web"]],
            "data": ["a": "b", "empty": "", "c": ""],
            "binaryData": ["bin": "AAEC"],
        ])
    }

    @Test func secretBytesAreBase64() throws {
        let raw = Wire.message(1, Wire.objectMeta(name: "s"))
            + Wire.entry(2, "p", Wire.bytes(2, Array("q".utf8)))
            + Wire.entry(2, "bin", Wire.bytes(2, [0xff, 0x00, 0x80]))
            + Wire.string(3, "Opaque")
        let value = try decode(Wire.envelope("v1", "Secret", raw))
        #expect(value[member: "data"] == ["p": "cQ==", "bin": "/wCA"])
        #expect(value[member: "type"] == "Opaque")
        #expect(value[member: "immutable"] == nil)
    }

    @Test func deploymentWithQuantityIntOrStringAndTime() throws {
        let container = Wire.string(1, "web") + Wire.string(2, "nginx")
            + Wire.string(4, "sleep") + Wire.string(4, "10")
            + Wire.message(8,
                Wire.bytes(1, Wire.string(1, "cpu") + Wire.bytes(2, Wire.string(1, "500m"))),
                Wire.bytes(2, Wire.string(1, "memory") + Wire.bytes(2, Wire.string(1, "64Mi"))))
        let podSpec = Wire.message(2, container) + Wire.string(3, "Always")
        let template = Wire.message(1, Wire.objectMeta(name: "", labels: [("app", "web")])) + Wire.message(2, podSpec)
        let strategy = Wire.string(1, "RollingUpdate")
            + Wire.message(2,
                Wire.message(1, Wire.int(1, 0), Wire.int(2, 1), Wire.string(3, "")),
                Wire.message(2, Wire.int(1, 1), Wire.int(2, 0), Wire.string(3, "25%")))
        let spec = Wire.int(1, 0)
            + Wire.message(2, Wire.entry(1, "app", Wire.string(2, "web")))
            + Wire.message(3, template)
            + Wire.message(4, strategy)
            + Wire.int(5, 0)
        let metadata = Wire.string(1, "web") + Wire.message(8, Wire.int(1, 1_700_000_000), Wire.int(2, 123_000_000))
            + Wire.bytes(17, Wire.string(1, "kubectl") + Wire.message(4, Wire.int(1, 0))
                + Wire.message(7, Wire.bytes(1, Array(#"{"f:data":{}}"#.utf8))))
        let raw = Wire.message(1, metadata) + Wire.message(2, spec) + Wire.message(3)
        let value = try decode(Wire.envelope("apps/v1", "Deployment", raw))
        #expect(value[member: "apiVersion"] == "apps/v1")
        #expect(value[member: "kind"] == "Deployment")
        #expect(value[member: "metadata"]?[member: "creationTimestamp"] == "2023-11-14T22:13:20Z")
        #expect(value[member: "metadata"]?[member: "managedFields"] == [["manager": "kubectl", "time": "1970-01-01T00:00:00Z", "fieldsV1": ["f:data": .object([:])]]])
        #expect(value[member: "spec"]?[member: "replicas"] == 0)
        #expect(value[member: "spec"]?[member: "selector"] == ["matchLabels": ["app": "web"]])
        #expect(value[member: "spec"]?[member: "strategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": "25%"]])
        let podTemplate = try #require(value[member: "spec"]?[member: "template"])
        #expect(podTemplate[member: "metadata"] == ["labels": ["app": "web"], "generation": 0, "creationTimestamp": nil])
        #expect(podTemplate[member: "spec"] == [
            "containers": [[
                "name": "web", "image": "nginx", "args": ["sleep", "10"],
                "resources": ["limits": ["cpu": "500m"], "requests": ["memory": "64Mi"]],
            ]],
            "restartPolicy": "Always",
        ])
        #expect(value[member: "status"] == .object([:]))
    }

    @Test func packedAndUnpackedRepeatedScalars() throws {
        // Container ports are messages; use PodSecurityContext.supplementalGroups (repeated int64 = 4).
        let packed = Wire.bytes(4, Wire.varint(1) + Wire.varint(2) + Wire.varint(300))
        let unpacked = Wire.int(4, 4)
        let raw = Wire.message(1, Wire.string(1, "p")) + Wire.message(2, Wire.message(14, packed, unpacked))
        let value = try decode(Wire.envelope("v1", "Pod", raw))
        #expect(value[member: "spec"]?[member: "securityContext"]?[member: "supplementalGroups"] == [1, 2, 300, 4])
    }

    @Test func specialFormsOfTimesAndDurations() {
        #expect(ProtobufJSONDecoder.rfc3339(seconds: 0, nanos: 0, micro: false) == "1970-01-01T00:00:00Z")
        #expect(ProtobufJSONDecoder.rfc3339(seconds: 951_782_400, nanos: 0, micro: false) == "2000-02-29T00:00:00Z")
        #expect(ProtobufJSONDecoder.rfc3339(seconds: 1_700_000_000, nanos: 123_456_789, micro: true) == "2023-11-14T22:13:20.123456Z")
        #expect(ProtobufJSONDecoder.goDuration(0) == "0s")
        #expect(ProtobufJSONDecoder.goDuration(1_500) == "1.5µs")
        #expect(ProtobufJSONDecoder.goDuration(300_000_000) == "300ms")
        #expect(ProtobufJSONDecoder.goDuration(1_500_000_000) == "1.5s")
        #expect(ProtobufJSONDecoder.goDuration(3_600_000_000_000) == "1h0m0s")
        #expect(ProtobufJSONDecoder.goDuration(3_723_500_000_000) == "1h2m3.5s")
        #expect(ProtobufJSONDecoder.goDuration(-90_000_000_000) == "-1m30s")
    }

    @Test func eventMicroTime() throws {
        let raw = Wire.message(1, Wire.string(1, "e")) + Wire.message(2, Wire.int(1, 1_700_000_000), Wire.int(2, 5_000))
        let value = try decode(Wire.envelope("events.k8s.io/v1", "Event", raw))
        #expect(value[member: "eventTime"] == "2023-11-14T22:13:20.000005Z")
    }

    @Test func unknownFieldsAreSkipped() throws {
        let raw = Wire.message(1, Wire.string(1, "x"), Wire.int(99, 7), Wire.bytes(98, [1, 2, 3]))
            + Wire.tag(97, 5) + [1, 2, 3, 4] + Wire.tag(96, 1) + [1, 2, 3, 4, 5, 6, 7, 8]
        let value = try decode(Wire.envelope("v1", "ConfigMap", raw))
        #expect(value == ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "x"]])
    }

    @Test func envelopeWithJSONContent() throws {
        var body: [UInt8] = [0x6b, 0x38, 0x73, 0x00] + Wire.message(1, Wire.string(1, "v1"), Wire.string(2, "ConfigMap"))
        body += Wire.bytes(2, Array(#"{"metadata":{"name":"j"}}"#.utf8)) + Wire.string(4, "application/json")
        let value = try decode(body)
        #expect(value == ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "j"]])
    }

    // MARK: - Malformed and hostile input

    private func reason(_ body: [UInt8]) -> ProtobufDecodingError.Reason? {
        do {
            _ = try decode(body)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func missingMagic() {
        #expect(reason([]) == .missingMagic)
        #expect(reason(Array(#"{"kind":"ConfigMap"}"#.utf8)) == .missingMagic)
        #expect(reason([0x6b, 0x38, 0x73]) == .missingMagic)
    }

    @Test func unknownKind() {
        #expect(reason(Wire.envelope("v1", "Nope", [])) == .unknownKind(apiVersion: "v1", kind: "Nope"))
        #expect(reason(Wire.envelope("example.com/v1", "Widget", [])) == .unknownKind(apiVersion: "example.com/v1", kind: "Widget"))
        #expect(reason([0x6b, 0x38, 0x73, 0x00]) == .unknownKind(apiVersion: "", kind: ""))
    }

    @Test func truncatedInputs() {
        let full = Wire.envelope("v1", "ConfigMap", Wire.message(1, Wire.objectMeta(name: "app")) + Wire.entry(2, "a", Wire.string(2, "b")))
        // Every strict prefix past the magic either fails with a typed error or decodes (a prefix
        // can end on a field boundary); none traps.
        for length in 4..<full.count {
            do {
                _ = try decode(Array(full[0..<length]))
            } catch {
                #expect(error.message.isEmpty == false)
            }
        }
        #expect(reason(Array(full.dropLast())) == .truncated)
        #expect(reason(Array(full[0..<(full.count - 8)])) == .lengthOutOfRange)
        // A varint that never ends.
        #expect(reason([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff]) == .truncated)
        #expect(reason([0x6b, 0x38, 0x73, 0x00] + [UInt8](repeating: 0xff, count: 11)) == .malformedVarint)
        // A fixed32 with two bytes.
        #expect(reason(Wire.envelope("v1", "ConfigMap", Wire.tag(50, 5) + [1, 2])) == .truncated)
    }

    @Test func hugeLengths() {
        let huge = [0x6b, 0x38, 0x73, 0x00] + Wire.tag(2, 2) + Wire.varint(UInt64.max >> 1)
        #expect(reason(huge) == .lengthOutOfRange)
        let inner = Wire.envelope("v1", "ConfigMap", Wire.tag(1, 2) + Wire.varint(1 << 40) + [0x0a])
        #expect(reason(inner) == .lengthOutOfRange)
    }

    @Test func wrongWireTypesAndFieldNumbers() {
        #expect(reason(Wire.envelope("v1", "ConfigMap", Wire.int(1, 5))) == .wrongWireType(field: "metadata", wireType: 0))
        #expect(reason(Wire.envelope("v1", "ConfigMap", [0x00, 0x01])) == .invalidFieldNumber)
        #expect(reason(Wire.envelope("v1", "ConfigMap", Wire.tag(5, 3))) == .unsupportedWireType(3))
        #expect(reason(Wire.envelope("v1", "ConfigMap", Wire.tag(5, 7))) == .unsupportedWireType(7))
    }

    @Test func deepNestingIsRefused() {
        // The served Kubernetes messages are not self-referencing; a test schema is.
        let schema = ProtobufSchema(messages: [
            "t.Node": .init(fullName: "t.Node", fields: [
                1: .init(name: "child", number: 1, kind: .message, isRepeated: false, typeName: "t.Node"),
                2: .init(name: "name", number: 2, kind: .string, isRepeated: false, typeName: ""),
            ], isMapEntry: false),
        ])
        var bytes = Wire.string(2, "leaf")
        for _ in 0..<150 { bytes = Wire.bytes(1, bytes) }
        #expect(throws: ProtobufDecodingError(.tooDeep)) {
            try ProtobufJSONDecoder(schema: schema).decode("t.Node", from: bytes)
        }
        var shallow = Wire.string(2, "leaf")
        for _ in 0..<10 { shallow = Wire.bytes(1, shallow) }
        #expect(throws: Never.self) { try ProtobufJSONDecoder(schema: schema).decode("t.Node", from: shallow) }
    }

    @Test func invalidEmbeddedJSON() {
        let metadata = Wire.string(1, "x") + Wire.bytes(17, Wire.message(7, Wire.bytes(1, Array("{nope".utf8))))
        let got = reason(Wire.envelope("v1", "ConfigMap", Wire.message(1, metadata)))
        guard case .invalidEmbeddedJSON? = got else {
            Issue.record("expected invalidEmbeddedJSON, got \(String(describing: got))")
            return
        }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let seed = Wire.envelope("apps/v1", "Deployment", Wire.message(1, Wire.objectMeta(name: "web")) + Wire.message(2, Wire.int(1, 3)))
        for _ in 0..<2000 {
            var body = seed
            for _ in 0..<3 {
                let index = Int.random(in: 4..<body.count, using: &generator)
                body[index] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? decode(body)
        }
    }

    @Test func bodyDecoderAnswers400ForMalformedProtobuf() throws {
        let error = #expect(throws: StatusError.self) {
            _ = try BodyDecoder.decodeObject([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff], contentType: MediaType.protobuf)
        }
        #expect(error?.code == 400)
        let body = Wire.envelope("v1", "ConfigMap", Wire.message(1, Wire.string(1, "a")))
        #expect(try BodyDecoder.decodeObject(body, contentType: "application/vnd.kubernetes.protobuf")[member: "metadata"]?[member: "name"] == "a")
    }
}
