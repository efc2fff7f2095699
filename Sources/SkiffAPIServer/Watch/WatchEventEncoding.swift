import SkiffAPI
import SkiffModel
import SkiffStore

/// Turns store changes into the API's watch events (pure): one JSON document per line,
/// `{"type":"ADDED","object":{…}}`. Selectors apply to the object before and after a change,
/// so an object that starts or stops matching appears as ADDED or DELETED, as Kubernetes does.
enum WatchEventEncoding {
    enum EventType: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        case bookmark = "BOOKMARK"
        case error = "ERROR"
    }

    /// One line: `{"type":…,"object":…}\n`.
    static func line(_ type: EventType, object: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(object.count + 32)
        output.append(contentsOf: "{\"type\":\"".utf8)
        output.append(contentsOf: type.rawValue.utf8)
        output.append(contentsOf: "\",\"object\":".utf8)
        output.append(contentsOf: object)
        output.append(contentsOf: "}\n".utf8)
        return output
    }

    /// An ERROR event carrying a Status.
    static func errorLine(_ error: StatusError) -> [UInt8] {
        line(.error, object: StatusEncoding.encode(error.status))
    }

    /// A BOOKMARK at `revision`; `initialEventsEnd` marks the end of the initial events.
    static func bookmarkLine(_ info: ResourceInfo, revision: Int64, initialEventsEnd: Bool) -> [UInt8] {
        var metadata: JSONValue = ["resourceVersion": .string(String(revision)), "creationTimestamp": nil]
        if initialEventsEnd {
            metadata[member: "annotations"] = ["k8s.io/initial-events-end": "true"]
        }
        let object: JSONValue = ["apiVersion": .string(info.apiVersion), "kind": .string(info.kind), "metadata": metadata]
        return line(.bookmark, object: JSONWriter.encode(object))
    }

    /// The event line for a store change, or nil when the selector hides it.
    /// With `table`, the event's object is a one-row Table of it.
    static func line(for event: WatchEvent, info: ResourceInfo, selector: ObjectSelector,
                     table: WatchTableEncoder? = nil) -> [UInt8]? {
        guard let (namespace, name) = StorageKey.namespaceAndName(fromKey: event.key, info) else { return nil }
        func matches(_ value: KeyValue?) -> Bool {
            guard let value else { return false }
            if selector.isEverything { return true }
            let object = selector.needsObject ? try? JSONParser.parse(Array(value.value)) : nil
            return selector.matches(namespace: namespace, name: name, object: object, resource: info)
        }
        switch event.kind {
        case .put:
            guard let current = event.current else { return nil }
            let now = matches(current)
            let before = event.previous.map { matches($0) } ?? false
            var bytes = StoredObject.withResourceVersion(Array(current.value), event.revision)
            if let table { bytes = table.object(bytes) }
            switch (before, now) {
            case (false, true): return line(.added, object: bytes)
            case (true, true): return line(.modified, object: bytes)
            case (true, false): return line(.deleted, object: bytes)
            case (false, false): return nil
            }
        case .delete:
            guard let previous = event.previous, matches(previous) else { return nil }
            let bytes = StoredObject.withResourceVersion(Array(previous.value), event.revision)
            return line(.deleted, object: table?.object(bytes) ?? bytes)
        }
    }
}
