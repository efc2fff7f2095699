import Testing
import Foundation
@testable import SkiffAPI

/// Value()/MilliValue() as apimachinery computes them for these inputs.
private let valueCases: [(String, Int64, Int64)] = [
    ("0", 0, 0),
    ("0n", 0, 0),
    ("0u", 0, 0),
    ("0m", 0, 0),
    ("0Ki", 0, 0),
    ("0k", 0, 0),
    ("0Mi", 0, 0),
    ("0M", 0, 0),
    ("0Gi", 0, 0),
    ("0G", 0, 0),
    ("0Ti", 0, 0),
    ("0T", 0, 0),
    ("1", 1, 1000),
    ("1Ki", 1024, 1024000),
    ("8Ki", 8192, 8192000),
    ("7Mi", 7340032, 7340032000),
    ("6Gi", 6442450944, 6442450944000),
    ("5Ti", 5497558138880, 5497558138880000),
    ("4Pi", 4503599627370496, 4503599627370496000),
    ("10Ti", 10995116277760, 10995116277760000),
    ("100Ti", 109951162777600, 109951162777600000),
    ("5n", 1, 1),
    ("4u", 1, 1),
    ("3m", 1, 3),
    ("9", 9, 9000),
    ("8k", 8000, 8000000),
    ("50k", 50000, 50000000),
    ("7M", 7000000, 7000000000),
    ("6G", 6000000000, 6000000000000),
    ("5T", 5000000000000, 5000000000000000),
    ("40T", 40000000000000, 40000000000000000),
    ("300T", 300000000000000, 300000000000000000),
    ("2P", 2000000000000000, 2000000000000000000),
    ("1E-3", 1, 1),
    ("1e3", 1000, 1000000),
    ("1E6", 1000000, 1000000000),
    ("1e9", 1000000000, 1000000000000),
    ("1E12", 1000000000000, 1000000000000000),
    ("1e15", 1000000000000000, 1000000000000000000),
    ("1e14", 100000000000000, 100000000000000000),
    ("1e13", 10000000000000, 10000000000000000),
    ("100.035k", 100035, 100035000),
    ("0.001", 1, 1),
    ("0.0005k", 1, 500),
    ("0.005", 1, 5),
    ("0.05", 1, 50),
    ("0.5", 1, 500),
    ("0.00050k", 1, 500),
    ("0.00500", 1, 5),
    ("0.05000", 1, 50),
    ("0.50000", 1, 500),
    ("0.5e0", 1, 500),
    ("0.5e-1", 1, 50),
    ("0.5e-2", 1, 5),
    ("10.035M", 10035000, 10035000000),
    ("1.2e3", 1200, 1200000),
    ("1.3E+6", 1300000, 1300000000),
    ("1.40e9", 1400000000, 1400000000000),
    ("1.53E12", 1530000000000, 1530000000000000),
    ("1.6e15", 1600000000000000, 1600000000000000000),
    ("9.01", 10, 9010),
    ("8.1k", 8100, 8100000),
    ("7.123456M", 7123456, 7123456000),
    ("6.987654321G", 6987654321, 6987654321000),
    ("5.444T", 5444000000000, 5444000000000000),
    ("40.1T", 40100000000000, 40100000000000000),
    ("300.2T", 300200000000000, 300200000000000000),
    ("2.5P", 2500000000000000, 2500000000000000000),
    ("3.001n", 1, 1),
    ("1.1E-9", 1, 1),
    ("0.0000000001", 1, 1),
    ("0.0000000005", 1, 1),
    ("0.00000000050", 1, 1),
    ("0.5e-9", 1, 1),
    ("0.9n", 1, 1),
    ("0.00000012345", 1, 1),
    ("0.00000012354", 1, 1),
    ("100.035Ki", 102436, 102435840),
    ("0.5Mi", 524288, 524288000),
    ("0.05Gi", 53687092, 53687091200),
    ("0.025Ti", 27487790695, 27487790694400),
    ("0.000000000001Ki", 1, 1),
    (".001", 1, 1),
    (".0001k", 1, 100),
    ("1.", 1, 1000),
    ("1.G", 1000000000, 1000000000000),
    ("1024Mi", 1073741824, 1073741824000),
    ("1000M", 1000000000, 1000000000000),
    (".001Ki", 2, 1024),
    (".000001Ki", 1, 2),
    (".000000001Ki", 1, 1),
    (".000000000001Ki", 1, 1),
    ("1Gi", 1073741824, 1073741824000),
    ("300Mi", 314572800, 314572800000),
    ("1001Gi", 1074815565824, 1074815565824000),
    ("1Ti", 1099511627776, 1099511627776000),
    ("1000000k", 1000000000, 1000000000000),
    ("1000000000", 1000000000, 1000000000000),
    ("1080m", 2, 1080),
    ("1.08", 2, 1080),
    ("1080000000n", 2, 1080),
    ("1234567M", 1234567000000, 1234567000000000),
    ("1234567m", 1235, 1234567),
    ("1025", 1025, 1025000),
    (".001e12", 1000000000, 1000000000000),
    ("0.001e0", 1, 1),
    ("1000e-12", 1, 1),
    ("80e-3", 1, 80),
    ("300e6", 300000000, 300000000000),
    ("00", 0, 0),
    ("1000u", 1, 1),
    ("0.001T", 1000000000, 1000000000000),
    ("1536Mi", 1610612736, 1610612736000),
    ("1.5Gi", 1610612736, 1610612736000),
    ("100M", 100000000, 100000000000),
    ("1.500", 2, 1500),
    ("+1", 1, 1000),
    ("01", 1, 1000),
    (".", 0, 0),
    ("1e-12", 1, 1),
    ("0.1m", 1, 1),
    ("1.1Ki", 1127, 1126400),
    ("0.5Ki", 512, 512000),
    ("1023", 1023, 1023000),
    ("1024", 1024, 1024000),
    ("1025Ki", 1049600, 1049600000),
    ("1.5", 2, 1500),
    ("100m", 1, 100),
    ("250m", 1, 250),
    ("2Gi", 2147483648, 2147483648000),
    ("1000m", 1, 1000),
    ("128974848", 128974848, 128974848000),
    ("129e6", 129000000, 129000000000),
    ("129M", 129000000, 129000000000),
    ("123Mi", 128974848, 128974848000),
]

@Suite("Quantity values, comparison and arithmetic")
struct QuantityValueTests {
    @Test(arguments: valueCases)
    func values(input: String, value: Int64, milliValue: Int64) throws {
        let quantity = try Quantity(parsing: input)
        #expect(quantity.value == value)
        #expect(quantity.milliValue == milliValue)
    }

    @Test(arguments: [
        ("1.1", Int64(2), Int64(1100)), ("-1.1", -2, -1100), ("0.1m", 1, 1), ("-0.1m", -1, -1),
        ("1n", 1, 1), ("-1n", -1, -1), ("999.9999m", 1, 1000), ("9223372036854775807", Int64.max, Int64.max),
        ("1E", 1_000_000_000_000_000_000, Int64.max), ("-1e30", Int64.min, Int64.min),
    ])
    func roundingAwayFromZeroAndSaturation(input: String, value: Int64, milliValue: Int64) throws {
        let quantity = try Quantity(parsing: input)
        #expect(quantity.value == value)
        #expect(quantity.milliValue == milliValue)
    }

    @Test func scaledValues() throws {
        // apimachinery's TestScaledValue.
        let scales = [-9, -6, -3, 0]
        let expected: [[Int64]] = [[1, 1, 1, 1], [1000, 1, 1, 1], [1_000_000, 1000, 1, 1], [1_000_000_000, 1_000_000, 1000, 1]]
        for (row, from) in scales.enumerated() {
            for (column, to) in scales.enumerated() {
                #expect(Quantity(1, scale: from).scaledValue(scale: to) == expected[row][column])
            }
        }
        #expect(Quantity(1, scale: 2).scaledValue(scale: -2) == 10_000)
    }

    @Test(arguments: [
        ("0", "0", 0), ("100m", "50m", 1), ("50m", "100m", -1), ("10000T", "100Gi", 1),
        ("1Gi", "1024Mi", 0), ("1000m", "1", 0), ("1k", "1e3", 0), ("1Ki", "1024", 0), ("1Ki", "1k", 1),
        ("-1", "1", -1), ("-2", "-1", -1), ("0.5", "500m", 0), ("1E", "1e18", 0), ("1Ei", "1E", 1),
        ("999999999999999999999", "1e21", -1), ("1n", "0", 1), ("-1n", "0", -1), ("1e100", "9Ei", 1),
    ])
    func comparison(lhs: String, rhs: String, order: Int) throws {
        let a = try Quantity(parsing: lhs)
        let b = try Quantity(parsing: rhs)
        #expect(a.compare(b) == order)
        #expect(b.compare(a) == -order)
        #expect((a == b) == (order == 0))
        #expect((a < b) == (order < 0))
        if order == 0 { #expect(a.hashValue == b.hashValue) }
    }

    @Test func equalValuesCollapseInSets() throws {
        let set: Set<Quantity> = [try Quantity(parsing: "1Gi"), try Quantity(parsing: "1024Mi"),
                                  try Quantity(parsing: "1073741824"), try Quantity(parsing: "1.073741824G")]
        #expect(set.count == 1)
    }

    @Test func arithmeticIsExactAndKeepsFormat() throws {
        let q = { (text: String) in try Quantity(parsing: text) }
        #expect(try (q("1Gi") + q("512Mi")).description == "1536Mi")
        #expect(try (q("100m") + q("900m")).description == "1")
        #expect(try (q("0.1") + q("0.2")) == q("0.3"))
        #expect(try (q("1") - q("1n")).description == "999999999n")
        #expect(try (q("10") + q("1Ki")).format == .decimalSI)
        #expect(try (q("0") + q("1Gi")).description == "1Gi")          // zero takes the other's format
        #expect(try (q("1Gi") + q("0")).description == "1Gi")
        #expect(try (q("0") - q("100m")).description == "-100m")
        #expect(try (-q("1.5Gi")).description == "-1536Mi")
        #expect(try (q("9223372036854775807") * 10).description == "92233720368547758070")
        #expect(try (q("1.5") * -3).description == "-4500m")
        #expect(try (q("1Mi") * 1024).description == "1Gi")
        #expect(try (q("123m") * 0).isZero)
        var total = Quantity.zero
        for _ in 0..<1000 { total += try q("1m") }
        #expect(total.description == "1")
        total -= try q("1")
        #expect(total.isZero)
    }

    @Test func constructors() {
        // apimachinery's TestNewSet / TestMilliNewSet / TestNewScaledSet.
        #expect(Quantity(1000).description == "1k")
        #expect(Quantity(1_234_000).description == "1234k")
        #expect(Quantity(1024, format: .binarySI).description == "1Ki")
        #expect(Quantity(1_000_000, format: .decimalExponent).description == "1e6")
        #expect(Quantity(1024 * 1024, format: .binarySI).description == "1Mi")
        #expect(Quantity(milliValue: 1).description == "1m")
        #expect(Quantity(milliValue: 1000).description == "1")
        #expect(Quantity(milliValue: 1024, format: .binarySI).description == "1024m")
        #expect(Quantity(milliValue: 1_000_000, format: .decimalExponent).description == "1e3")
        #expect(Quantity(1000, scale: -9).description == "1u")
        #expect(Quantity(1000, scale: -6).description == "1m")
        #expect(Quantity(0, scale: -9).description == "0")
        #expect(Quantity(1, scale: -12).description == "1n")   // rounded up to nano
        #expect(Quantity.zero.description == "0")
    }

    @Test func roundUp() throws {
        // apimachinery's TestQuantityRoundUp.
        let cases: [(String, Int, String, Bool)] = [
            ("9.01", -3, "9010m", true), ("9.01", -2, "9010m", true), ("9.01", -1, "9100m", false),
            ("9.01", 0, "10", false), ("9.01", 1, "10", false), ("9.01", 2, "100", false),
            ("-9.01", -1, "-9100m", false), ("-9.01", 0, "-10", false), ("-9.01", 2, "-100", false),
        ]
        for (input, scale, expected, exact) in cases {
            let result = try Quantity(parsing: input).roundedUp(toScale: scale)
            #expect(result.quantity.description == expected)
            #expect(result.exact == exact)
        }
    }

    @Test func exactInt64AndApproximateDouble() throws {
        #expect(try Quantity(parsing: "1Gi").exactInt64 == 1_073_741_824)
        #expect(try Quantity(parsing: "1.5").exactInt64 == nil)
        #expect(try Quantity(parsing: "1e30").exactInt64 == nil)
        #expect(try Quantity(parsing: "-9223372036854775808").exactInt64 == Int64.min)
        #expect(try Quantity(parsing: "250m").approximateDouble == 0.25)
        #expect(try Quantity(parsing: "-1.5Ki").approximateDouble == -1536)
    }

    @Test func codable() throws {
        struct Limits: Codable, Equatable {
            var cpu: Quantity
            var memory: Quantity
        }
        let limits = Limits(cpu: try Quantity(parsing: "0.5"), memory: try Quantity(parsing: "1.5Gi"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(limits), as: UTF8.self)
        #expect(json == #"{"cpu":"500m","memory":"1536Mi"}"#)
        #expect(try JSONDecoder().decode(Limits.self, from: Data(json.utf8)) == limits)
    }

    @Test(arguments: [
        // Kubernetes' TestJSONWhitespace plus numbers and null.
        (#"" 1""#, "1"), (#""1 ""#, "1"), ("1", "1"), (" 1", "1"), ("10", "10"), ("-1", "-1"),
        ("1.5", "1500m"), ("0.25", "250m"), ("1e3", "1k"), ("1000000", "1M"), ("null", "0"),
        (#""100Mi""#, "100Mi"),
    ])
    func decodesStringsAndNumbers(json: String, expected: String) throws {
        let quantity = try JSONDecoder().decode(Quantity.self, from: Data(json.utf8))
        #expect(quantity.description == expected)
    }

    @Test(arguments: [#""1x""#, "true", "{}", "[]", #""""#])
    func rejectsBadJSON(json: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Quantity.self, from: Data(json.utf8)) }
    }
}
