import Testing
import Foundation
@testable import SkiffAPI

/// (selector, canonical string when valid, error message when not): every row checked
/// against apimachinery's labels.Parse.
private let parseCases: [(String, String?, String?)] = [
    ("", "", nil),
    ("a=b", "a=b", nil),
    ("a==b", "a==b", nil),
    ("a!=b", "a!=b", nil),
    ("a in (x,y)", "a in (x,y)", nil),
    ("a notin (x)", "a notin (x)", nil),
    ("a", "a", nil),
    ("!a", "!a", nil),
    ("x in (a,b),!y, z notin (c)", "x in (a,b),!y,z notin (c)", nil),
    ("  app = web ,  tier in ( api , web )  ", "app=web,tier in (api,web)", nil),
    ("a=b\n,c=d", "a=b,c=d", nil),
    ("k==v,k2!=v2", "k==v,k2!=v2", nil),
    ("a in ()", "a in ()", nil),
    ("a in (,)", "a in ()", nil),
    ("a in (b,,c)", "a in (,b,c)", nil),
    ("a in (c,b,a,b)", "a in (a,b,c)", nil),
    ("a>1", "a>1", nil),
    ("a<-5", nil, "unable to parse requirement: values[0][a]: Invalid value: \"-5\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
    ("in in (in)", "in in (in)", nil),
    ("a=in", "a=in", nil),
    ("notin notin (notin)", "notin notin (notin)", nil),
    ("example.com/app=web", "example.com/app=web", nil),
    ("a=", "a=", nil),
    ("a=,b", "a=,b", nil),
    ("b=1,a=2,c", "a=2,b=1,c", nil),
    ("a=b c", nil, "found 'c', expected: ',' or 'end of string'"),
    ("a b", nil, "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ("a=(", nil, "unable to parse requirement: found '(', expected: identifier"),
    ("a in b", nil, "unable to parse requirement: found 'b' expected: '('"),
    ("=a", nil, "found '=', expected: !, identifier, or 'end of string'"),
    ("a>b", nil, "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer"),
    ("a=b=c", nil, "found '=', expected: ',' or 'end of string'"),
    ("a,", nil, "found '', expected: identifier after ','"),
    (",a", nil, "found ',', expected: !, identifier, or 'end of string'"),
    ("!a=b", nil, "found '=', expected: ',' or 'end of string'"),
    ("a notin", nil, "unable to parse requirement: found '' expected: '('"),
    ("_a=b", nil, "unable to parse requirement: <nil>: Invalid value: \"_a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
    ("a in (b c)", nil, "unable to parse requirement: found 'c', expected: ',' or ')'"),
    ("a in (b", nil, "unable to parse requirement: found '', expected: ',' or ')'"),
    ("Example.com/a=b", nil, "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
    ("/a", nil, "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty"),
    ("a/b/c", nil, "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
    ("a=-b", nil, "unable to parse requirement: values[0][a]: Invalid value: \"-b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
    ("a in (x,-y)", nil, "unable to parse requirement: values[0][a]: Invalid value: \"-y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
    ("a=b)", nil, "found ')', expected: ',' or 'end of string'"),
    ("a in (b,c", nil, "unable to parse requirement: found '', expected: ',' or ')'"),
    ("(a)", nil, "found '(', expected: !, identifier, or 'end of string'"),
    ("a in (b,-c,_d)", nil, "unable to parse requirement: [values[0][a]: Invalid value: \"-c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'), values[1][a]: Invalid value: \"_d\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]"),
    ("a!", nil, "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"),
    ("!!a", nil, "unable to parse requirement: found '!', expected: identifier"),
    ("a=b,,c=d", nil, "found ',', expected: identifier after ','"),
    ("a==", "a==", nil),
    ("a in ((b))", nil, "unable to parse requirement: found '(', expected: ',', ')' or identifier"),
    ("a.b.c/d=e", "a.b.c/d=e", nil),
    ("-a=b", nil, "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
    ("a=b,", nil, "found '', expected: identifier after ','"),
]

@Suite("Label selector parsing")
struct LabelSelectorParsingTests {
    @Test(arguments: parseCases)
    func parse(input: String, canonical: String?, error: String?) {
        do {
            let selector = try LabelSelector(parsing: input)
            #expect(selector.description == canonical)
            // The canonical string parses back to the same selector.
            #expect(try LabelSelector(parsing: selector.description) == selector)
        } catch let thrown {
            #expect(thrown.description == error)
        }
    }

    @Test func requirementsAreSortedByKeyWithSortedValues() throws {
        let selector = try LabelSelector(parsing: "tier in (web,api),app=shop,!legacy")
        #expect(selector.requirements.map(\.key) == ["app", "legacy", "tier"])
        #expect(selector.requirements[2].values == ["api", "web"])
        #expect(selector.requirements.map(\.operator) == [.equals, .doesNotExist, .in])
    }

    @Test func emptyIsEverything() throws {
        #expect(try LabelSelector(parsing: "") == .everything)
        #expect(try LabelSelector(parsing: "   ").isEmpty)
        #expect(LabelSelector.everything.matches([:]))
        #expect(!LabelSelector.nothing.matches([:]))
        #expect(!LabelSelector.nothing.isEmpty)
    }

    @Test func requiredValue() throws {
        let selector = try LabelSelector(parsing: "a=1,b in (2),c in (3,4),d!=5,e==6")
        #expect(selector.requiredValue(forKey: "a") == "1")
        #expect(selector.requiredValue(forKey: "b") == "2")
        #expect(selector.requiredValue(forKey: "c") == nil)
        #expect(selector.requiredValue(forKey: "d") == nil)
        #expect(selector.requiredValue(forKey: "e") == "6")
        #expect(selector.requiredValue(forKey: "zz") == nil)
    }

    @Test func errorsAreTyped() {
        #expect(throws: LabelSelectorError.syntax("found ',', expected: !, identifier, or 'end of string'")) {
            try LabelSelector(parsing: ",a")
        }
    }
}

@Suite("Label selector matching")
struct LabelSelectorMatchingTests {
    private static let labels = ["app": "web", "tier": "frontend", "version": "12", "empty": ""]

    @Test(arguments: [
        ("app=web", true), ("app==web", true), ("app=api", false), ("app!=api", true), ("app!=web", false),
        ("missing!=x", true), ("missing=x", false), ("app in (api,web)", true), ("app in (api)", false),
        ("app notin (api)", true), ("app notin (web)", false), ("missing notin (web)", true),
        ("missing in (web)", false), ("app", true), ("missing", false), ("!missing", true), ("!app", false),
        ("version>11", true), ("version>12", false), ("version<13", true), ("version<5", false),
        ("app>1", false), ("missing>1", false), ("empty=", true), ("empty", true), ("empty in ()", true),
        ("app=web,tier=frontend", true), ("app=web,tier=backend", false), ("app=web,!tier", false),
        ("", true),
    ])
    func matches(selector: String, expected: Bool) throws {
        #expect(try LabelSelector(parsing: selector).matches(Self.labels) == expected)
    }

    @Test func matchLabelsMap() throws {
        let selector = try LabelSelector(matchLabels: ["app": "web", "tier": "frontend"])
        #expect(selector.description == "app=web,tier=frontend")
        #expect(selector.matches(Self.labels))
        #expect(!selector.matches(["app": "web"]))
        #expect(try LabelSelector(matchLabels: [:]) == .everything)
        #expect(throws: LabelSelectorError.self) { try LabelSelector(matchLabels: ["bad key": "x"]) }
    }

    @Test func adding() throws {
        let base = try LabelSelector(parsing: "b=1")
        let more = base.adding([try LabelRequirement(key: "a", operator: .exists, values: [])])
        #expect(more.description == "a,b=1")
        #expect(LabelSelector.nothing.adding(more.requirements) == .nothing)
    }
}
