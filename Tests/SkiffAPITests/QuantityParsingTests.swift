import Testing
@testable import SkiffAPI

/// Parse → canonical string and format. Expected values come from apimachinery's
/// quantity_test.go tables (TestQuantityParse, TestQuantityString, TestQuantityParseEmit),
/// checked against apimachinery's own CanonicalizeBytes.
private let canonicalCases: [(String, String, Quantity.Format)] = [
    ("0", "0", .decimalSI),
    ("0n", "0", .decimalSI),
    ("0u", "0", .decimalSI),
    ("0m", "0", .decimalSI),
    ("0Ki", "0", .binarySI),
    ("0k", "0", .decimalSI),
    ("0Mi", "0", .binarySI),
    ("0M", "0", .decimalSI),
    ("0Gi", "0", .binarySI),
    ("0G", "0", .decimalSI),
    ("0Ti", "0", .binarySI),
    ("0T", "0", .decimalSI),
    ("1", "1", .decimalSI),
    ("1Ki", "1Ki", .binarySI),
    ("8Ki", "8Ki", .binarySI),
    ("7Mi", "7Mi", .binarySI),
    ("6Gi", "6Gi", .binarySI),
    ("5Ti", "5Ti", .binarySI),
    ("4Pi", "4Pi", .binarySI),
    ("3Ei", "3Ei", .binarySI),
    ("10Ti", "10Ti", .binarySI),
    ("100Ti", "100Ti", .binarySI),
    ("5n", "5n", .decimalSI),
    ("4u", "4u", .decimalSI),
    ("3m", "3m", .decimalSI),
    ("9", "9", .decimalSI),
    ("8k", "8k", .decimalSI),
    ("50k", "50k", .decimalSI),
    ("7M", "7M", .decimalSI),
    ("6G", "6G", .decimalSI),
    ("5T", "5T", .decimalSI),
    ("40T", "40T", .decimalSI),
    ("300T", "300T", .decimalSI),
    ("2P", "2P", .decimalSI),
    ("1E", "1E", .decimalSI),
    ("1E-3", "1e-3", .decimalExponent),
    ("1e3", "1e3", .decimalExponent),
    ("1E6", "1e6", .decimalExponent),
    ("1e9", "1e9", .decimalExponent),
    ("1E12", "1e12", .decimalExponent),
    ("1e15", "1e15", .decimalExponent),
    ("1E18", "1e18", .decimalExponent),
    ("1e14", "100e12", .decimalExponent),
    ("1e13", "10e12", .decimalExponent),
    ("100.035k", "100035", .decimalSI),
    ("0.001", "1m", .decimalSI),
    ("0.0005k", "500m", .decimalSI),
    ("0.005", "5m", .decimalSI),
    ("0.05", "50m", .decimalSI),
    ("0.5", "500m", .decimalSI),
    ("0.00050k", "500m", .decimalSI),
    ("0.00500", "5m", .decimalSI),
    ("0.05000", "50m", .decimalSI),
    ("0.50000", "500m", .decimalSI),
    ("0.5e0", "500e-3", .decimalExponent),
    ("0.5e-1", "50e-3", .decimalExponent),
    ("0.5e-2", "5e-3", .decimalExponent),
    ("10.035M", "10035k", .decimalSI),
    ("1.2e3", "1200", .decimalExponent),
    ("1.3E+6", "1300e3", .decimalExponent),
    ("1.40e9", "1400e6", .decimalExponent),
    ("1.53E12", "1530e9", .decimalExponent),
    ("1.6e15", "1600e12", .decimalExponent),
    ("1.7E18", "1700e15", .decimalExponent),
    ("9.01", "9010m", .decimalSI),
    ("8.1k", "8100", .decimalSI),
    ("7.123456M", "7123456", .decimalSI),
    ("6.987654321G", "6987654321", .decimalSI),
    ("5.444T", "5444G", .decimalSI),
    ("40.1T", "40100G", .decimalSI),
    ("300.2T", "300200G", .decimalSI),
    ("2.5P", "2500T", .decimalSI),
    ("1.01E", "1010P", .decimalSI),
    ("3.001n", "4n", .decimalSI),
    ("1.1E-9", "2e-9", .decimalExponent),
    ("0.0000000001", "1n", .decimalSI),
    ("0.0000000005", "1n", .decimalSI),
    ("0.00000000050", "1n", .decimalSI),
    ("0.5e-9", "1e-9", .decimalExponent),
    ("0.9n", "1n", .decimalSI),
    ("0.00000012345", "124n", .decimalSI),
    ("0.00000012354", "124n", .decimalSI),
    ("9Ei", "9223372036854775807", .binarySI),
    ("9223372036854775807Ki", "9223372036854775807", .binarySI),
    ("12E", "12E", .decimalSI),
    ("100.035Ki", "102435840m", .binarySI),
    ("0.5Mi", "512Ki", .binarySI),
    ("0.05Gi", "53687091200m", .binarySI),
    ("0.025Ti", "27487790694400m", .binarySI),
    ("0.000000000001Ki", "2n", .decimalSI),
    (".001", "1m", .decimalSI),
    (".0001k", "100m", .decimalSI),
    ("1.", "1", .decimalSI),
    ("1.G", "1G", .decimalSI),
    ("1024Mi", "1Gi", .binarySI),
    ("1000M", "1G", .decimalSI),
    (".001Ki", "1024m", .binarySI),
    (".000001Ki", "1024u", .decimalSI),
    (".000000001Ki", "1024n", .decimalSI),
    (".000000000001Ki", "2n", .decimalSI),
    ("1Gi", "1Gi", .binarySI),
    ("300Mi", "300Mi", .binarySI),
    ("1001Gi", "1001Gi", .binarySI),
    ("1Ti", "1Ti", .binarySI),
    ("1000000k", "1G", .decimalSI),
    ("1000000000", "1G", .decimalSI),
    ("1080m", "1080m", .decimalSI),
    ("1.08", "1080m", .decimalSI),
    ("1080000000n", "1080m", .decimalSI),
    ("1234567M", "1234567M", .decimalSI),
    ("1234567m", "1234567m", .decimalSI),
    ("1025", "1025", .decimalSI),
    (".001e12", "1e9", .decimalExponent),
    ("0.001e0", "1e-3", .decimalExponent),
    ("1000e-12", "1e-9", .decimalExponent),
    ("80e-3", "80e-3", .decimalExponent),
    ("300e6", "300e6", .decimalExponent),
    ("00", "0", .decimalSI),
    ("1000u", "1m", .decimalSI),
    ("0.001T", "1G", .decimalSI),
    ("1536Mi", "1536Mi", .binarySI),
    ("1.5Gi", "1536Mi", .binarySI),
    ("100M", "100M", .decimalSI),
    ("1.500", "1500m", .decimalSI),
    ("+1", "1", .decimalSI),
    ("01", "1", .decimalSI),
    (".", "0", .decimalSI),
    ("-.", "0", .decimalSI),
    ("1e-12", "1e-9", .decimalExponent),
    ("0.1m", "100u", .decimalSI),
    ("-1.5", "-1500m", .decimalSI),
    ("1.1Ki", "1126400m", .binarySI),
    ("0.5Ki", "512", .binarySI),
    ("1023", "1023", .decimalSI),
    ("1024", "1024", .decimalSI),
    ("1025Ki", "1025Ki", .binarySI),
    ("-1024", "-1024", .decimalSI),
    ("-1023", "-1023", .decimalSI),
    ("-0.5Ki", "-512", .binarySI),
    ("1024Ei", "9223372036854775807", .binarySI),
    ("1e19", "10e18", .decimalExponent),
    ("10E", "10E", .decimalSI),
    ("1.5", "1500m", .decimalSI),
    ("-0", "0", .decimalSI),
    ("100m", "100m", .decimalSI),
    ("250m", "250m", .decimalSI),
    ("-1Ki", "-1Ki", .binarySI),
    ("-1.5Gi", "-1536Mi", .binarySI),
    ("2Gi", "2Gi", .binarySI),
    ("1000m", "1", .decimalSI),
    ("128974848", "128974848", .decimalSI),
    ("129e6", "129e6", .decimalExponent),
    ("129M", "129M", .decimalSI),
    ("123Mi", "123Mi", .binarySI),
]

@Suite("Quantity parsing and canonical form")
struct QuantityParsingTests {
    @Test(arguments: canonicalCases)
    func canonical(input: String, expected: String, format: Quantity.Format) throws {
        let quantity = try Quantity(parsing: input)
        #expect(quantity.description == expected)
        #expect(quantity.format == format)
        // The canonical form is a fixed point: it parses back to the same value and string.
        let again = try Quantity(parsing: expected)
        #expect(again == quantity)
        #expect(again.description == expected)
    }

    @Test(arguments: [
        // The examples of the brief and the Kubernetes documentation.
        ("1000m", "1"), ("0.5", "500m"), ("1536Mi", "1536Mi"), ("1.5Gi", "1536Mi"), ("1e3", "1e3"),
        ("100M", "100M"), ("1.5", "1500m"), ("128974848", "128974848"), ("129e6", "129e6"),
        ("129M", "129M"), ("123Mi", "123Mi"), ("0.1", "100m"), ("250m", "250m"), ("64Mi", "64Mi"),
    ])
    func documentedExamples(input: String, expected: String) throws {
        #expect(try Quantity(parsing: input).description == expected)
    }

    @Test(arguments: [
        // apimachinery caches the input text when it looks canonical and echoes it (a bug,
        // kubernetes/kubernetes#138165); Skiff always writes the canonical form.
        ("1.500", "1500m"), ("1.001", "1001m"), ("+1", "1"), ("01", "1"), ("007Ki", "7Ki"),
        // Decimal SI above E keeps the E suffix (apimachinery drops the suffix and writes "1").
        ("1000E", "1000E"), ("-1000E", "-1000E"), ("1e21", "1e21"),
    ])
    func deliberateDifferences(input: String, expected: String) throws {
        #expect(try Quantity(parsing: input).description == expected)
    }

    @Test(arguments: [
        // Negative forms print with a leading minus and the same suffix rules.
        ("-1Gi", "-1Gi"), ("-1024Mi", "-1Gi"), ("-0.5", "-500m"), ("-1e3", "-1e3"), ("-9.01", "-9010m"),
        ("-.001Ki", "-1024m"), ("-.000000000001Ki", "-2n"), ("-0", "0"), ("-0Ki", "0"),
    ])
    func negative(input: String, expected: String) throws {
        #expect(try Quantity(parsing: input).description == expected)
    }

    @Test func roundingToNanoIsAwayFromZero() throws {
        #expect(try Quantity(parsing: "0.0000000001").description == "1n")
        #expect(try Quantity(parsing: "-0.0000000001").description == "-1n")
        #expect(try Quantity(parsing: "1e-2000000000").description == "1e-9")
        #expect(try Quantity(parsing: "0.1m").description == "100u")
    }

    @Test func binaryIsCappedAtInt64Max() throws {
        let capped = try Quantity(parsing: "9Ei")
        #expect(capped.value == Int64.max)
        #expect(capped.description == "9223372036854775807")
        #expect(try Quantity(parsing: "-9Ei").value == -Int64.max)
        #expect(try Quantity(parsing: "99999999999999999999999999Ki") == capped)
    }

    @Test func hugeDecimalValuesStayExact() throws {
        let big = try Quantity(parsing: "123456789012345678901234567890")
        #expect(big.description == "123456789012345678901234567890")
        #expect(big.value == Int64.max)  // saturates
        #expect(try Quantity(parsing: "1e100").description == "10e99")  // exponents are multiples of 3
        #expect(try Quantity(parsing: "1e100") + Quantity(parsing: "1n") > Quantity(parsing: "1e100"))
    }
}
