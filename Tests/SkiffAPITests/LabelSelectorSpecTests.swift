import Testing
import Foundation
@testable import SkiffAPI

@Suite("Structured label selectors")
struct LabelSelectorSpecTests {
    @Test func decodesAndConverts() throws {
        let json = #"""
        {"matchLabels":{"app":"web"},"matchExpressions":[
          {"key":"tier","operator":"In","values":["frontend","edge"]},
          {"key":"legacy","operator":"DoesNotExist"},
          {"key":"env","operator":"NotIn","values":["dev"]},
          {"key":"zone","operator":"Exists"}]}
        """#
        let spec = try JSONDecoder().decode(LabelSelectorSpec.self, from: Data(json.utf8))
        #expect(spec.validate(field: "spec.selector").isEmpty)
        let selector = try LabelSelector(spec)
        #expect(selector.description == "app=web,env notin (dev),!legacy,tier in (edge,frontend),zone")
        #expect(selector.matches(["app": "web", "tier": "edge", "zone": "a"]))
        #expect(!selector.matches(["app": "web", "tier": "edge"]))
        #expect(!selector.matches(["app": "web", "tier": "edge", "zone": "a", "env": "dev"]))
        #expect(!selector.matches(["app": "web", "tier": "edge", "zone": "a", "legacy": "1"]))
    }

    @Test func nilIsNothingAndEmptyIsEverything() throws {
        #expect(try LabelSelector(nil) == .nothing)
        #expect(try LabelSelector(LabelSelectorSpec()) == .everything)
        #expect(try LabelSelector(LabelSelectorSpec(matchLabels: [:], matchExpressions: [])) == .everything)
    }

    @Test func encodesOmittingNil() throws {
        let spec = LabelSelectorSpec(matchExpressions: [LabelSelectorRequirement(key: "a", operator: .exists)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(spec), as: UTF8.self)
                == #"{"matchExpressions":[{"key":"a","operator":"Exists"}]}"#)
    }

    @Test(arguments: [
        (LabelSelectorRequirement(key: "a", operator: "Equals", values: ["x"]),
         #""Equals" is not a valid label selector operator"#),
        (LabelSelectorRequirement(key: "a", operator: .in),
         "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
        (LabelSelectorRequirement(key: "a", operator: .exists, values: ["x"]),
         #"values: Invalid value: ["x"]: values set must be empty for exists and does not exist"#),
        (LabelSelectorRequirement(key: "a b", operator: .exists),
         #"key: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#),
        (LabelSelectorRequirement(key: "a", operator: .in, values: ["ok", "not ok"]),
         #"values[1][a]: Invalid value: "not ok": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#),
    ])
    func conversionErrors(requirement: LabelSelectorRequirement, message: String) {
        do {
            _ = try LabelSelector(LabelSelectorSpec(matchExpressions: [requirement]))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func validation() {
        let spec = LabelSelectorSpec(
            matchLabels: ["app": "web", "bad key": "v", "k": "bad value"],
            matchExpressions: [
                LabelSelectorRequirement(key: "a", operator: .in),
                LabelSelectorRequirement(key: "b", operator: .doesNotExist, values: ["x"]),
                LabelSelectorRequirement(key: "c", operator: "Gt", values: ["1"]),
            ])
        let errors = spec.validate(field: "spec.selector")
        #expect(errors.map(\.field) == [
            "spec.selector.matchLabels", "spec.selector.matchLabels",
            "spec.selector.matchExpressions[0].values", "spec.selector.matchExpressions[1].values",
            "spec.selector.matchExpressions[2].operator",
        ])
        #expect(errors.map(\.kind) == [.invalid, .invalid, .required, .forbidden, .invalid])
        #expect(errors[2].description == "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")
        #expect(errors[3].description == "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
        #expect(errors[4].description == #"spec.selector.matchExpressions[2].operator: Invalid value: "Gt": not a valid selector operator"#)
    }
}

@Suite("Hostile label selectors")
struct LabelSelectorHostileTests {
    private func quickly(_ body: () -> Void) {
        let start = ContinuousClock.now
        body()
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func overlongIsRejectedUpFront() {
        quickly {
            let huge = String(repeating: "a", count: 5_000_000)
            #expect(throws: LabelSelectorError.tooLong(length: 5_000_000)) { try LabelSelector(parsing: huge) }
            #expect(throws: FieldSelectorError.tooLong(length: 5_000_000)) { try FieldSelector(parsing: huge) }
        }
    }

    @Test func tooManyRequirements() {
        quickly {
            let many = (0..<1000).map { "k\($0)=v" }.joined(separator: ",")
            #expect(throws: LabelSelectorError.tooManyRequirements) { try LabelSelector(parsing: many) }
            let manyFields = (0..<1000).map { "f\($0)=v" }.joined(separator: ",")
            #expect(throws: FieldSelectorError.tooManyRequirements) { try FieldSelector(parsing: manyFields) }
        }
    }

    private static let pathological: [String] = {
        var inputs: [String] = []
        inputs.append(String(repeating: "(", count: 9_999))
        inputs.append(String(repeating: "!", count: 9_999))
        inputs.append("a in (" + String(repeating: ",", count: 9_000) + ")")
        inputs.append(String(repeating: "a in (b),", count: 1_000))
        let values: [String] = (0..<2000).map { (index: Int) -> String in "v\(index)" }
        inputs.append("a in (" + values.joined(separator: ",") + ")")
        inputs.append(String(repeating: " ", count: 10_000))
        inputs.append(String(repeating: "é", count: 4_000))
        inputs.append(String(repeating: "\\", count: 9_999))
        inputs.append(String(repeating: "=", count: 9_999))
        inputs.append(String(repeating: "a", count: 10_000))
        return inputs
    }()

    @Test(arguments: pathological)
    func pathologicalInputsAnswerQuickly(input: String) {
        quickly {
            _ = try? LabelSelector(parsing: input)
            _ = try? FieldSelector(parsing: input)
        }
    }

    @Test func largeValueSetsMatchQuickly() throws {
        let selector = try LabelSelector(parsing: "a in (" + (0..<1500).map { "v\($0)" }.joined(separator: ",") + ")")
        quickly {
            for index in 0..<10_000 { _ = selector.matches(["a": "v\(index)"]) }
        }
    }
}
