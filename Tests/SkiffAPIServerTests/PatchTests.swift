import SkiffModel
import Testing
@testable import SkiffAPIServer

@Suite struct PatchTests {
    /// RFC 7386 appendix A, a few of its cases.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"a":1,"e":null}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
    ])
    func mergePatch(_ target: String, _ patch: String, _ expected: String) throws {
        let result = MergePatch.apply(try JSONParser.parse(Array(patch.utf8)), to: try JSONParser.parse(Array(target.utf8)))
        #expect(result == (try JSONParser.parse(Array(expected.utf8))))
    }

    @Test func jsonPatchOperations() throws {
        let document: JSONValue = ["metadata": ["labels": ["a": "1"]], "list": [1, 2, 3]]
        let patch = try JSONParser.parse(Array(#"""
        [{"op":"add","path":"/metadata/labels/b~1c","value":"2"},
         {"op":"remove","path":"/list/0"},
         {"op":"replace","path":"/list/0","value":9},
         {"op":"add","path":"/list/-","value":4},
         {"op":"copy","from":"/metadata/labels/a","path":"/copied"},
         {"op":"move","from":"/copied","path":"/moved"},
         {"op":"test","path":"/moved","value":"1"}]
        """#.utf8))
        let result = try JSONPatch.apply(patch, to: document)
        #expect(result == ["metadata": ["labels": ["a": "1", "b/c": "2"]], "list": [9, 3, 4], "moved": "1"])
    }

    @Test func jsonPatchFailures() throws {
        let document: JSONValue = ["a": 1]
        #expect(throws: JSONPatch.Failure.self) {
            try JSONPatch.apply(try JSONParser.parse(Array(#"[{"op":"remove","path":"/missing"}]"#.utf8)), to: document)
        }
        #expect(throws: JSONPatch.Failure.self) {
            try JSONPatch.apply(try JSONParser.parse(Array(#"[{"op":"test","path":"/a","value":2}]"#.utf8)), to: document)
        }
        #expect(throws: JSONPatch.Failure.self) {
            try JSONPatch.apply(try JSONParser.parse(Array(#"{"op":"add"}"#.utf8)), to: document)
        }
    }
}
