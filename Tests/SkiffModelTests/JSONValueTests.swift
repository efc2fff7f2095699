import Foundation
import SkiffModel
import Testing

@Suite struct JSONValueTests {
    @Test func roundTripsEveryKind() throws {
        let value = try roundTrip(JSONValue.self, #"{"a": [1, -2, 1.5, 9007199254740993, true, false, "s", {}, []], "b": {"c": "d"}}"#)
        #expect(value == ["a": [1, -2, 1.5, 9_007_199_254_740_993, true, false, "s", [:], []], "b": ["c": "d"]])
    }

    @Test func null() throws {
        #expect(try decode(JSONValue.self, "null") == .null)
        #expect(try decode([JSONValue].self, "[null, 0]") == [nil, 0])
        #expect(try JSONEncoder().encode(JSONValue.array([nil])) == Data("[null]".utf8))
    }

    @Test func largeIntegersStayExact() throws {
        #expect(try decode(JSONValue.self, "9223372036854775807") == .integer(.max))
        #expect(try decode(JSONValue.self, "0.1") == .number(0.1))
    }
}

@Suite struct IndirectTests {
    @Test func forwardsMembersAndCoding() throws {
        var schema = APIExtensionsV1.JSONSchemaProps(not: Indirect(APIExtensionsV1.JSONSchemaProps(type: "string")))
        #expect(schema.not?.type == "string")
        schema.not?.type = "integer"
        #expect(schema.not?.value.type == "integer")
        #expect(try canonicalJSON(JSONEncoder().encode(schema)) == #"{"not":{"type":"integer"}}"#)
    }
}
