import Testing
import Foundation
@testable import SkiffAPI

@Suite("Quantity rejects invalid input")
struct QuantityInvalidTests {
    @Test(arguments: [
        // apimachinery's TestQuantityParse invalid list.
        ("1.1.M", QuantityError.formatWrong), ("1+1.0M", .formatWrong), ("0.1mi", .suffix), ("0.1am", .formatWrong),
        ("aoeu", .formatWrong), (".5i", .suffix), ("1i", .suffix), ("-3.01i", .suffix), ("-3.01e-", .suffix),
        (" 1", .formatWrong), ("1 ", .formatWrong), ("", .formatWrong),
        // More, with the error apimachinery gives.
        ("1e", .suffix), ("1Ee3", .suffix), ("1e3e", .formatWrong), ("1mm", .suffix), ("1Kb", .formatWrong),
        ("1KI", .formatWrong), ("1ki", .suffix), ("1.5e+", .suffix), ("Non-Numeric", .formatWrong),
        ("1,000", .formatWrong), ("1_000", .formatWrong), ("0x10", .formatWrong), ("1\u{0}", .formatWrong),
        ("１", .formatWrong), ("--1", .suffix), ("1e1.5", .formatWrong),
        // Digitless numbers fail where apimachinery takes its arbitrary-precision path.
        ("+Pi", .numeric), ("-Ei", .numeric), (".Pi", .numeric), ("e-10", .numeric),
        // Skiff bounds (apimachinery has none and can be made to spin on these).
        ("1e1000", .outOfRange), ("1e2147483647", .outOfRange), ("1e2147483648", .outOfRange),
        ("1e9223372036854775808", .outOfRange), ("1" + String(repeating: "0", count: 1000), .outOfRange),
    ])
    func invalid(input: String, error: QuantityError) {
        #expect(throws: error) { try Quantity(parsing: input) }
    }

    @Test func messagesMatchKubernetes() {
        #expect(QuantityError.formatWrong.description
                == "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
        #expect(QuantityError.suffix.description == "unable to parse quantity's suffix")
        #expect(QuantityError.numeric.description == "unable to parse numeric part of quantity")
    }

    @Test(arguments: ["-", "+", ".", "-.", "+Ki", ".Ti", "0000", "-000.000"])
    func digitlessOrZeroReadsAsZero(input: String) throws {
        // As in apimachinery (its TestParseQuantityString accepts "." and "-.").
        #expect(try Quantity(parsing: input).isZero)
    }

    @Test func hostileInputIsFast() throws {
        let start = ContinuousClock.now
        let longFraction = "0." + String(repeating: "1", count: 1_000_000)
        #expect(try Quantity(parsing: longFraction).description == "111111112n")
        #expect(throws: QuantityError.outOfRange) { try Quantity(parsing: String(repeating: "9", count: 1_000_000)) }
        #expect(try Quantity(parsing: "1e-999999999").description == "1e-9")
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
