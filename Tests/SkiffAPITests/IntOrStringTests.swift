import Testing
import Foundation
@testable import SkiffAPI

@Suite("IntOrString")
struct IntOrStringTests {
    @Test(arguments: [
        ("8080", IntOrString.int(8080)), (#""http""#, .string("http")), (#""25%""#, .string("25%")),
        ("-1", .int(-1)), ("2147483647", .int(Int32.max)), (#""8080""#, .string("8080")), (#""""#, .string("")),
    ])
    func decodes(json: String, expected: IntOrString) throws {
        #expect(try JSONDecoder().decode(IntOrString.self, from: Data(json.utf8)) == expected)
    }

    @Test(arguments: ["1.5", "2147483648", "-2147483649", "true", "null", "{}", "[1]"])
    func rejects(json: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(IntOrString.self, from: Data(json.utf8)) }
    }

    @Test(arguments: [(IntOrString.int(3), "3"), (.string("30%"), #""30%""#), (.string("http"), #""http""#)])
    func encodes(value: IntOrString, json: String) throws {
        #expect(String(decoding: try JSONEncoder().encode(value), as: UTF8.self) == json)
        #expect(try JSONDecoder().decode(IntOrString.self, from: JSONEncoder().encode(value)) == value)
    }

    @Test func parsingAndValues() {
        #expect(IntOrString(parsing: "42") == .int(42))
        #expect(IntOrString(parsing: "-7") == .int(-7))
        #expect(IntOrString(parsing: "2147483648") == .string("2147483648"))
        #expect(IntOrString(parsing: "http") == .string("http"))
        #expect(IntOrString(parsing: "25%") == .string("25%"))
        #expect(IntOrString.string("12").intValue == 12)
        #expect(IntOrString.string("x").intValue == 0)
        #expect(IntOrString.int(5).description == "5")
        #expect(IntOrString.string("25%").description == "25%")
        let literal: IntOrString = 3
        #expect(literal == .int(3))
    }

    @Test(arguments: [
        // (value, total, roundUp, expected): GetScaledValueFromIntOrPercent's test table and more.
        (IntOrString.int(5), 100, true, 5), (.string("25%"), 10, true, 3), (.string("25%"), 10, false, 2),
        (.string("100%"), 7, true, 7), (.string("0%"), 7, true, 0), (.string("50%"), 5, false, 2),
        (.string("50%"), 5, true, 3), (.string("10%"), 100, true, 10), (.string("33%"), 3, true, 1),
        (.string("33%"), 3, false, 0), (.string("-10%"), 15, false, -2), (.string("-10%"), 15, true, -1),
        (.string("200%"), 3, true, 6), (.int(-3), 10, true, -3),
    ])
    func scaledValue(value: IntOrString, total: Int, roundUp: Bool, expected: Int) throws {
        #expect(try value.scaledValue(total: total, roundUp: roundUp) == expected)
    }

    @Test(arguments: [
        (IntOrString.string("25"), "invalid value for IntOrString: invalid type: string is not a percentage"),
        (.string("http"), "invalid value for IntOrString: invalid type: string is not a percentage"),
        (.string("abc%"), #"invalid value for IntOrString: invalid value "abc%": strconv.Atoi: parsing "abc": invalid syntax"#),
        (.string("%"), #"invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax"#),
        (.string("1.5%"), #"invalid value for IntOrString: invalid value "1.5%": strconv.Atoi: parsing "1.5": invalid syntax"#),
        (.string("99999999999999999999%"),
         #"invalid value for IntOrString: invalid value "99999999999999999999%": strconv.Atoi: parsing "99999999999999999999": value out of range"#),
    ])
    func scaledValueErrors(value: IntOrString, message: String) {
        #expect(throws: IntOrStringError(description: message)) { try value.scaledValue(total: 10, roundUp: true) }
    }
}
