import Testing
@testable import SkiffAPI

/// (selector, canonical string when valid, error message when not): checked against
/// apimachinery's fields.ParseSelector.
private let fieldCases: [(String, String?, String?)] = [
    ("a=b,c!=d,e==f", "a=b,c!=d,e=f", nil),
    ("a=b\\,c", "a=b\\,c", nil),
    ("a", nil, "invalid selector: 'a'; can't understand 'a'"),
    ("a=b=c", nil, "invalid field selector: unescaped character in value: 61"),
    ("a=b\\x", nil, "invalid field selector: invalid escape sequence: \\x"),
    ("=", "", nil),
    ("a=", "a=", nil),
    (",,a=b", "a=b", nil),
    ("metadata.name=web", "metadata.name=web", nil),
    ("spec.nodeName!=,status.phase=Running", "spec.nodeName!=,status.phase=Running", nil),
    ("a\\=b=c", nil, "invalid field selector: unescaped character in value: 61"),
    ("a=b\\", nil, "invalid field selector: invalid escape sequence: \\"),
    ("a=b\\\\", "a=b\\\\", nil),
    ("a!b", nil, "invalid selector: 'a!b'; can't understand 'a!b'"),
    ("a=b\\=c", "a=b\\=c", nil),
    ("z=1,a=2,m!=3", "a=2,m!=3,z=1", nil),
]

@Suite("Field selectors")
struct FieldSelectorTests {
    @Test(arguments: fieldCases)
    func parse(input: String, canonical: String?, error: String?) {
        do {
            let selector = try FieldSelector(parsing: input)
            #expect(selector.description == canonical)
            #expect(try FieldSelector(parsing: selector.description) == selector)
        } catch let thrown {
            #expect(thrown.description == error)
        }
    }

    @Test(arguments: [
        ("metadata.name=web", true), ("metadata.name==web", true), ("metadata.name!=web", false),
        ("metadata.namespace=default,spec.nodeName=n1", true), ("spec.nodeName=n2", false),
        ("status.phase=", true), ("status.phase!=", false), ("status.phase!=Running", true), ("", true),
        ("metadata.name=a\\,b", false),
    ])
    func matches(selector: String, expected: Bool) throws {
        let fields = ["metadata.name": "web", "metadata.namespace": "default", "spec.nodeName": "n1"]
        #expect(try FieldSelector(parsing: selector).matches(fields) == expected)
    }

    @Test func escaping() throws {
        #expect(FieldSelector.escape(#"a,b=c\d"#) == #"a\,b\=c\\d"#)
        #expect(try FieldSelector.unescape(#"a\,b\=c\\d"#) == #"a,b=c\d"#)
        let selector = try FieldSelector(parsing: #"metadata.name=a\,b"#)
        #expect(selector.requirements == [.init(field: "metadata.name", operator: .equals, value: "a,b")])
        #expect(selector.matches(["metadata.name": "a,b"]))
        #expect(selector.description == #"metadata.name=a\,b"#)
    }

    @Test func fromMapAndExactMatch() throws {
        let selector = FieldSelector(matchFields: ["spec.nodeName": "n1", "metadata.name": "web"])
        #expect(selector.description == "metadata.name=web,spec.nodeName=n1")
        #expect(selector.requiredValue(forField: "spec.nodeName") == "n1")
        #expect(try FieldSelector(parsing: "a!=b").requiredValue(forField: "a") == nil)
        #expect(FieldSelector.everything.isEmpty)
    }
}
