import SkiffAPI

/// What a read asked for: the object (or list) itself, or a `meta.k8s.io` Table.
struct TableRequest: Equatable, Sendable {
    /// What each row carries in `object`.
    enum IncludeObject: String, Equatable, Sendable {
        case none = "None"
        /// A `PartialObjectMetadata` (the default).
        case metadata = "Metadata"
        case object = "Object"
    }

    /// `v1` or `v1beta1` (the same shape; the answer says which).
    var version: String
    var includeObject: IncludeObject

    var apiVersion: String { "meta.k8s.io/" + version }
}

/// Content negotiation for reads (get, list, watch): the `Accept` header's entries in order of
/// preference (`q`); the first one Skiff can serve decides. `as=Table;g=meta.k8s.io;v=v1|v1beta1`
/// on JSON (or a wildcard) gives a Table; an entry without `as=` gives the plain object (served as
/// JSON whatever the type, as before); other `as=` forms (PartialObjectMetadata, Table on
/// protobuf or YAML ...) are skipped, and when nothing else is acceptable the answer is 406.
enum TableNegotiation {
    enum Form: Equatable, Sendable {
        case object
        case table(TableRequest)

        var table: TableRequest? {
            if case .table(let request) = self { return request }
            return nil
        }
    }

    static func form(accept: String?, query: QueryParameters) throws(StatusError) -> Form {
        guard let accept, accept.contains(where: { $0 != " " && $0 != "\t" }) else { return .object }
        var entries: [(index: Int, range: MediaType, quality: Double)] = []
        for (index, text) in accept.split(separator: ",").enumerated() {
            let range = MediaType(parsing: String(text))
            let quality = Double(range.parameters["q"] ?? "1") ?? 1
            if quality > 0 { entries.append((index, range, quality)) }
        }
        entries.sort { first, second in
            first.quality != second.quality ? first.quality > second.quality : first.index < second.index
        }
        for entry in entries {
            guard let form = entry.range.parameters["as"] else { return .object }
            if let version = tableVersion(entry.range, as: form) {
                return .table(TableRequest(version: version, includeObject: try includeObject(query)))
            }
        }
        throw .notAcceptable("only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1beta1;g=meta.k8s.io")
    }

    /// The Table version an entry asks for, if Skiff serves it.
    static func tableVersion(_ range: MediaType, as form: String) -> String? {
        guard form == "Table", range.parameters["g"] == "meta.k8s.io",
              let version = range.parameters["v"], version == "v1" || version == "v1beta1",
              [MediaType.json, "application/*", "*/*"].contains(range.essence) else { return nil }
        return version
    }

    /// `includeObject=None|Metadata|Object` (default Metadata).
    static func includeObject(_ query: QueryParameters) throws(StatusError) -> TableRequest.IncludeObject {
        guard let text = query["includeObject"], !text.isEmpty else { return .metadata }
        guard let value = TableRequest.IncludeObject(rawValue: text) else {
            throw .badRequest("includeObject: Unsupported value: \"\(text)\": supported values: \"Metadata\", \"None\", \"Object\"")
        }
        return value
    }
}
