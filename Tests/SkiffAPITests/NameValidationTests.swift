import Testing
@testable import SkiffAPI

/// (check, input, messages): L = DNS-1123 label, S = DNS-1123 subdomain, 5 = DNS-1035 label,
/// Q = qualified name (label key), V = label value. Every row produced by apimachinery's
/// k8s.io/apimachinery/pkg/util/validation.
private let validationCases: [(String, String, [String])] = [
    ("L", "web", []),
    ("S", "web", []),
    ("5", "web", []),
    ("L", "", ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
    ("S", "", ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
    ("5", "", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("L", "Web", ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
    ("S", "Web", ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
    ("5", "Web", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("L", "a.b", ["must not contain dots"]),
    ("S", "a.b", []),
    ("5", "a.b", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("L", "-a", ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
    ("S", "-a", ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
    ("5", "-a", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("L", "a-", ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
    ("S", "a-", ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
    ("5", "a-", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("L", "a_b", ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
    ("S", "a_b", ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
    ("5", "a_b", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("L", String(repeating: "a", count: 64), ["must be no more than 63 characters"]),
    ("S", String(repeating: "a", count: 64), []),
    ("5", String(repeating: "a", count: 64), ["must be no more than 63 characters"]),
    ("L", String(repeating: "a", count: 254), ["must be no more than 63 characters"]),
    ("S", String(repeating: "a", count: 254), ["must be no more than 253 characters"]),
    ("5", String(repeating: "a", count: 254), ["must be no more than 63 characters"]),
    ("L", "a..b", ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
    ("S", "a..b", ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
    ("5", "a..b", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("L", ".a", ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
    ("S", ".a", ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
    ("5", ".a", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("L", "1abc", []),
    ("S", "1abc", []),
    ("5", "1abc", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("L", "my-name", []),
    ("S", "my-name", []),
    ("5", "my-name", []),
    ("L", "é", ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
    ("S", "é", ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
    ("5", "é", ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
    ("Q", "app", []),
    ("Q", "example.com/app", []),
    ("Q", "", ["name part must be non-empty", "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]),
    ("Q", "/a", ["prefix part must be non-empty"]),
    ("Q", "a/", ["name part must be non-empty", "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]),
    ("Q", "a/b/c", ["a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]),
    ("Q", "Example.com/a", ["prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
    ("Q", "_a", ["name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]),
    ("Q", String(repeating: "a", count: 64), ["name part must be no more than 63 bytes"]),
    ("Q", String(repeating: "a", count: 254) + "/b", ["prefix part must be no more than 253 bytes"]),
    ("Q", "a b", ["name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]),
    ("Q", "k8s.io/", ["name part must be non-empty", "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]),
    ("Q", "A-b_c.D", []),
    ("V", "", []),
    ("V", "v", []),
    ("V", "-v", ["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]),
    ("V", "v-", ["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]),
    ("V", String(repeating: "v", count: 64), ["must be no more than 63 bytes"]),
    ("V", "a b", ["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]),
    ("V", "A.b_c-D", []),
]

@Suite("Name and label validation")
struct NameValidationTests {
    @Test(arguments: validationCases)
    func messages(check: String, input: String, expected: [String]) {
        switch check {
        case "L": #expect(NameValidation.dns1123LabelErrors(input) == expected)
        case "S": #expect(NameValidation.dns1123SubdomainErrors(input) == expected)
        case "5": #expect(NameValidation.dns1035LabelErrors(input) == expected)
        case "Q": #expect(LabelValidation.qualifiedNameErrors(input) == expected)
        case "V": #expect(LabelValidation.labelValueErrors(input) == expected)
        default: Issue.record("unknown check \(check)")
        }
    }

    @Test func subdomainMessageOfTheBrief() {
        #expect(NameValidation.dns1123SubdomainErrors("Web_1") == [
            #"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#,
        ])
    }

    @Test(arguments: [
        ("web", true), ("web-1", true), ("a", true), ("0", true), ("web.example", true), ("a-b.c-d", true),
        (String(repeating: "a", count: 253), true), (String(repeating: "a", count: 254), false),
        ("Web", false), ("-web", false), ("web-", false), ("web..x", false), ("web_1", false), ("", false), ("wéb", false),
    ])
    func subdomains(name: String, valid: Bool) {
        #expect(NameValidation.nameIsDNSSubdomain(name).isEmpty == valid)
    }

    @Test func generateNamePrefixMayEndInDash() {
        #expect(NameValidation.nameIsDNSSubdomain("web-", prefix: true).isEmpty)
        #expect(NameValidation.nameIsDNSLabel("web-", prefix: true).isEmpty)
        #expect(NameValidation.nameIsDNS1035Label("web-", prefix: true).isEmpty)
        #expect(!NameValidation.nameIsDNSSubdomain("web-", prefix: false).isEmpty)
        #expect(!NameValidation.nameIsDNSLabel("-", prefix: true).isEmpty)
    }

    @Test func labelsAndAnnotations() {
        #expect(LabelValidation.validateLabels(["app": "web", "example.com/tier": ""]).isEmpty)
        let errors = LabelValidation.validateLabels(["bad key": "ok", "k": "bad value"])
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.field == "metadata.labels" && $0.kind == .invalid })
        #expect(errors[0].description.hasPrefix(#"metadata.labels: Invalid value: "bad key": name part must consist of"#))
        #expect(errors[1].description.hasPrefix(#"metadata.labels: Invalid value: "bad value": a valid label must be"#))
        // Annotation keys are checked case-insensitively.
        #expect(LabelValidation.validateAnnotations(["Example.COM/Key": "x"]).isEmpty)
        #expect(LabelValidation.validateAnnotations(["bad key": "x"]).count == 1)
    }

    @Test func annotationSizeLimit() {
        let limit = LabelValidation.totalAnnotationSizeLimit
        #expect(limit == 262_144)
        let atLimit = ["k": String(repeating: "x", count: limit - 1)]
        #expect(LabelValidation.annotationsSize(atLimit) == limit)
        #expect(LabelValidation.validateAnnotations(atLimit).isEmpty)
        #expect(LabelValidation.annotationsSizeError(atLimit) == nil)
        let over = ["k": String(repeating: "x", count: limit), "é": ""]
        #expect(LabelValidation.annotationsSize(over) == limit + 3)
        #expect(LabelValidation.annotationsSizeError(over) == "annotations size 262147 is larger than limit 262144")
        let errors = LabelValidation.validateAnnotations(over)
        #expect(errors.count == 2)  // "é" is not a qualified name, and the total is too long
        #expect(errors.last?.description == "metadata.annotations: Too long: may not be more than 262144 bytes")
        #expect(errors.last?.kind == .tooLong)
    }

    @Test func fieldErrorBodies() {
        #expect(FieldError.required("spec.containers[0].name").description == "spec.containers[0].name: Required value")
        #expect(FieldError.required("spec.x", "must be set").body == "Required value: must be set")
        #expect(FieldError.invalid("metadata.name", "Web", "bad").description == #"metadata.name: Invalid value: "Web": bad"#)
        #expect(FieldError.invalid("spec.replicas", .integer(-1), "must be greater than or equal to 0").body
                == "Invalid value: -1: must be greater than or equal to 0")
        #expect(FieldError.notSupported("spec.restartPolicy", .string("Sometimes"), supported: ["Always", "Never"]).body
                == #"Unsupported value: "Sometimes": supported values: "Always", "Never""#)
        #expect(FieldError.forbidden("spec.x", "disallowed").body == "Forbidden: disallowed")
        #expect(FieldError.duplicate("spec.ports[1].name", .string("http")).body == #"Duplicate value: "http""#)
        #expect(FieldError.notFound("spec.x", .string("y")).body == #"Not found: "y""#)
        #expect(FieldError.tooMany("spec.items", actual: 5, maximum: 1).body == "Too many: 5: must have at most 1 item")
        #expect(FieldError.tooLong("metadata.annotations", maxLength: 1).body == "Too long: may not be more than 1 byte")
        #expect(FieldError.invalid("x", .strings(["a", "<b>"]), "d").body == #"Invalid value: ["a","\u003cb\u003e"]: d"#)
        #expect(FieldError.invalid("x", "tab\there \"q\"", "d").body == #"Invalid value: "tab\there \"q\"": d"#)
        #expect(FieldError.invalid("x", .strings(nil), "d").body == "Invalid value: null: d")
    }

    @Test func aggregation() {
        let a = FieldError.required("a")
        let b = FieldError.required("b")
        #expect(FieldError.aggregateMessage([]) == nil)
        #expect(FieldError.aggregateMessage([a]) == "a: Required value")
        #expect(FieldError.aggregateMessage([a, b]) == "[a: Required value, b: Required value]")
        #expect(FieldError.aggregateMessage([a, a]) == "a: Required value")
        #expect(FieldError.aggregateMessage([a, b, a]) == "[a: Required value, b: Required value]")
    }
}
