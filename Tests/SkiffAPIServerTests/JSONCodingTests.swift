import SkiffModel
import Testing
@testable import SkiffAPIServer

@Suite struct JSONCodingTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }
    private func text(_ value: JSONValue) -> String { String(decoding: JSONWriter.encode(value), as: UTF8.self) }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5, 1e3, true, false, null, "x\u00e9\n\ud83d\ude00"], "b": {}} "#)
        #expect(value == ["a": [1, .number(-2.5), .number(1000), true, false, nil, "xé\n😀"], "b": .object([:])])
        #expect(try parse("9223372036854775807") == .integer(Int64.max))
        #expect(try parse("9223372036854775808") == .number(9223372036854775808))
    }

    @Test(arguments: [
        ("", "unexpected end of JSON input"),
        ("{", "unexpected end of JSON input"),
        ("{\"a\" 1}", "invalid character '1' after object key"),
        ("[1,]", "invalid character ']' looking for beginning of value"),
        ("{} x", "invalid character 'x' after top-level value"),
        ("tru", "unexpected end of JSON input"),
        ("01", "invalid character '1' after top-level value"),
        ("\"\u{01}\"", "invalid character '\\x01' in string literal"),
    ])
    func reportsErrorsLikeGo(_ input: String, _ message: String) {
        #expect(throws: JSONParser.Failure(message: message)) { try JSONParser.parse(Array(input.utf8)) }
    }

    @Test func refusesHostileNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParser.Failure(message: "exceeded max depth")) { try JSONParser.parse(Array(deep.utf8)) }
    }

    @Test func writesKubernetesOrderAndGoEscapes() {
        let object: JSONValue = ["metadata": ["name": "a"], "kind": "ConfigMap", "apiVersion": "v1", "data": ["z": "<&>", "a": "\u{2028}"]]
        #expect(text(object) == #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"a":"\u2028","z":"\u003c\u0026\u003e"}}"#)
        #expect(text([.number(1.0), .number(0.5), .integer(-3)]) == "[1,0.5,-3]")
    }

    /// Keys sort by their UTF-8 bytes (as Go sorts map keys); plain and escaped strings mix; U+2028 is escaped
    /// but other characters starting with byte 0xE2 (€) are not.
    @Test func sortsKeysBytewiseAndEscapesOnlyWhatGoEscapes() {
        let object: JSONValue = ["é": 1, "f": 2, "Z": 3, "a": 4, "ab": 5, "": 6, "\u{2028}x": 7, "€": "tab\there €"]
        #expect(text(object) == "{\"\":6,\"Z\":3,\"a\":4,\"ab\":5,\"f\":2,\"é\":1,\"\\u2028x\":7,\"€\":\"tab\\there €\"}")
    }

    @Test func roundTripsThroughParserAndWriter() throws {
        let source = #"{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"a":"b"},"name":"p"},"spec":{"containers":[{"args":["-c","echo \"hi\""],"name":"c"}]}}"#
        #expect(text(try parse(source)) == source)
    }

    @Test func splicesTheResourceVersionIntoStoredBytes() throws {
        let object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "a", "resourceVersion": "3"], "data": ["metadata": "{\"x\":1}"]]
        let stored = StoredObject.encode(object)
        #expect(!String(decoding: stored, as: UTF8.self).contains("resourceVersion"))
        let served = StoredObject.withResourceVersion(stored, 17)
        let decoded = try JSONParser.parse(served)
        #expect(decoded[member: "metadata"]?[member: "resourceVersion"] == "17")
        #expect(decoded[member: "metadata"]?[member: "name"] == "a")
        #expect(decoded[member: "data"] == object[member: "data"])
        let empty = StoredObject.withResourceVersion(Array(#"{"kind":"X","metadata":{}}"#.utf8), 2)
        #expect(String(decoding: empty, as: UTF8.self) == #"{"kind":"X","metadata":{"resourceVersion":"2"}}"#)
    }

    @Test func readsYAMLLikeKubernetes() throws {
        let yaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: y
          labels: {a: "1"}
        data:
          on: yes
          count: "3"
          ratio: 0.5
          empty: null
          list: [1, two]
        """
        let value = try YAMLReader.parse(Array(yaml.utf8))
        #expect(value[member: "metadata"]?[member: "labels"] == ["a": "1"])
        #expect(value[member: "data"]?[member: "on"] == true)
        #expect(value[member: "data"]?[member: "count"] == "3")
        #expect(value[member: "data"]?[member: "ratio"] == .number(0.5))
        #expect(value[member: "data"]?[member: "empty"] == .null)
        #expect(value[member: "data"]?[member: "list"] == [1, "two"])
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.parse(Array("a: [1, 2".utf8)) }
    }
}
