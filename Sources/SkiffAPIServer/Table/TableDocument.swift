import SkiffAPI
import SkiffModel

/// Builds `meta.k8s.io/v1` Table documents from objects (pure; the time is a parameter).
enum TableDocument {
    /// A Table of `objects` (already carrying their resourceVersion) printed for `info`.
    static func encode(_ objects: [JSONValue], info: ResourceInfo, request: TableRequest, now: KubeTime,
                       resourceVersion: String?, continueToken: String?) -> [UInt8] {
        JSONWriter.encode(table(objects, info: info, request: request, now: now,
                                resourceVersion: resourceVersion, continueToken: continueToken))
    }

    static func table(_ objects: [JSONValue], info: ResourceInfo, request: TableRequest, now: KubeTime,
                      resourceVersion: String?, continueToken: String?) -> JSONValue {
        let printer = TablePrinters.printer(for: info)
        var metadata: [String: JSONValue] = [:]
        if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
        if let continueToken { metadata["continue"] = .string(continueToken) }
        let rows: [JSONValue] = objects.map { object in
            let printed = printer.row(object, now)
            var row: [String: JSONValue] = ["cells": .array(printed.cells)]
            if !printed.conditions.isEmpty { row["conditions"] = .array(printed.conditions) }
            switch request.includeObject {
            case .none: break
            case .object: row["object"] = object
            case .metadata:
                row["object"] = ["apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata",
                                 "metadata": object[member: "metadata"] ?? .object([:])]
            }
            return .object(row)
        }
        return ["apiVersion": .string(request.apiVersion), "kind": "Table", "metadata": .object(metadata),
                "columnDefinitions": .array(printer.columns.map(\.json)), "rows": .array(rows)]
    }

    /// A Table of the stored object `bytes` (with its resourceVersion), e.g. for a get or a
    /// watch event; bytes that do not decode are returned unchanged.
    static func encodeObject(_ bytes: [UInt8], info: ResourceInfo, request: TableRequest, now: KubeTime) -> [UInt8] {
        guard let object = try? JSONParser.parse(bytes) else { return bytes }
        let resourceVersion = object.value(atPath: "metadata.resourceVersion")?.stringValue
        return encode([object], info: info, request: request, now: now, resourceVersion: resourceVersion, continueToken: nil)
    }

    /// A Table of a list's items (stored bytes with their resourceVersions).
    static func encodeList(_ items: [[UInt8]], info: ResourceInfo, request: TableRequest, now: KubeTime,
                           resourceVersion: Int64, continueToken: String?) -> [UInt8] {
        let objects = items.compactMap { try? JSONParser.parse($0) }
        return encode(objects, info: info, request: request, now: now,
                      resourceVersion: String(resourceVersion), continueToken: continueToken)
    }
}

/// Turns watch event objects into one-row Tables when the watch asked for `as=Table`.
struct WatchTableEncoder: Sendable {
    var info: ResourceInfo
    var request: TableRequest
    var now: @Sendable () -> KubeTime

    func object(_ bytes: [UInt8]) -> [UInt8] {
        TableDocument.encodeObject(bytes, info: info, request: request, now: now())
    }
}
