import SkiffAPI
import Foundation
import SkiffModel
import SkiffStore
import Testing
@testable import SkiffAPIServer

@Suite struct WatchEventEncodingTests {
    let configMaps = ResourceRegistry.builtIn.lookup(group: "", version: "v1", resource: "configmaps")!

    private func value(_ name: String, labels: [String: String], revision: Int64) -> KeyValue {
        let object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap",
                                 "metadata": ["name": .string(name), "namespace": "default",
                                              "labels": .object(labels.mapValues { .string($0) })]]
        return KeyValue(key: "/registry/core/configmaps/default/\(name)", value: Data(StoredObject.encode(object)),
                        createRevision: 2, modRevision: revision)
    }

    private func decode(_ line: [UInt8]?) throws -> (type: String, resourceVersion: String?) {
        let line = try #require(line)
        #expect(line.last == UInt8(ascii: "\n"))
        let event = try JSONParser.parse(Array(line.dropLast()))
        return (event[member: "type"]?.stringValue ?? "", event[member: "object"]?[member: "metadata"]?[member: "resourceVersion"]?.stringValue)
    }

    @Test func plainEvents() throws {
        let created = WatchEvent(kind: .put, key: "/registry/core/configmaps/default/a", revision: 3,
                                 current: value("a", labels: [:], revision: 3), previous: nil)
        #expect(try decode(WatchEventEncoding.line(for: created, info: configMaps, selector: .everything)) == ("ADDED", "3"))
        let modified = WatchEvent(kind: .put, key: created.key, revision: 4,
                                  current: value("a", labels: ["x": "1"], revision: 4), previous: value("a", labels: [:], revision: 3))
        #expect(try decode(WatchEventEncoding.line(for: modified, info: configMaps, selector: .everything)) == ("MODIFIED", "4"))
        let deleted = WatchEvent(kind: .delete, key: created.key, revision: 5, current: nil, previous: value("a", labels: [:], revision: 4))
        #expect(try decode(WatchEventEncoding.line(for: deleted, info: configMaps, selector: .everything)) == ("DELETED", "5"))
    }

    @Test func selectorsTurnChangesIntoAddsAndDeletes() throws {
        let selector = try ObjectSelector(query: QueryParameters(["labelSelector": "x=1"]), resource: configMaps)
        let key = "/registry/core/configmaps/default/a"
        let unlabelled = value("a", labels: [:], revision: 3)
        let labelled = value("a", labels: ["x": "1"], revision: 4)
        let gainsLabel = WatchEvent(kind: .put, key: key, revision: 4, current: labelled, previous: unlabelled)
        #expect(try decode(WatchEventEncoding.line(for: gainsLabel, info: configMaps, selector: selector)).type == "ADDED")
        let losesLabel = WatchEvent(kind: .put, key: key, revision: 5, current: unlabelled, previous: labelled)
        #expect(try decode(WatchEventEncoding.line(for: losesLabel, info: configMaps, selector: selector)).type == "DELETED")
        let neither = WatchEvent(kind: .put, key: key, revision: 6, current: unlabelled, previous: unlabelled)
        #expect(WatchEventEncoding.line(for: neither, info: configMaps, selector: selector) == nil)
        let byName = try ObjectSelector(query: QueryParameters(["fieldSelector": "metadata.name=b"]), resource: configMaps)
        #expect(WatchEventEncoding.line(for: gainsLabel, info: configMaps, selector: byName) == nil)
    }

    @Test func watchPlanReadsItsParameters() throws {
        let fromRevision = try WatchPlan(info: configMaps, namespace: "default", name: "a",
                                         query: QueryParameters(["resourceVersion": "12", "timeoutSeconds": "5"]))
        #expect(fromRevision.start == .after(12))
        #expect(fromRevision.timeout == .seconds(5))
        #expect(fromRevision.selector.fields.requiredValue(forField: "metadata.name") == "a")
        #expect(try WatchPlan(info: configMaps, namespace: nil, name: nil, query: QueryParameters()).start == .currentState)
        let streaming = try WatchPlan(info: configMaps, namespace: nil, name: nil, query: QueryParameters([
            "sendInitialEvents": "true", "resourceVersionMatch": "NotOlderThan", "allowWatchBookmarks": "true"]))
        #expect(streaming.start == .currentState && streaming.initialEventsEndBookmark)
        #expect(throws: StatusError.self) {
            try WatchPlan(info: configMaps, namespace: nil, name: nil, query: QueryParameters(["sendInitialEvents": "true"]))
        }
    }
}
