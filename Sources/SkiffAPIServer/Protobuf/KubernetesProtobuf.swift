import SkiffModel

/// Kubernetes' protobuf serialization (`application/vnd.kubernetes.protobuf`) of request bodies:
/// the 4-byte magic `k8s\0`, then a `runtime.Unknown` message — `typeMeta` (1: {apiVersion 1,
/// kind 2}), `raw` (2: the object's message), `contentEncoding` (3), `contentType` (4). The object
/// is decoded with `ProtobufJSONDecoder` as `k8s.io.api.<group>.<version>.<Kind>` and gets
/// `apiVersion` and `kind` from the envelope (the messages themselves carry no TypeMeta).
enum KubernetesProtobuf {
    static let magic: [UInt8] = [0x6b, 0x38, 0x73, 0x00]

    /// The object in `body` as a JSON object.
    static func decode(_ body: [UInt8], schema: ProtobufSchema? = ProtobufSchema.k8s) throws(ProtobufDecodingError) -> JSONValue {
        guard body.count >= magic.count, Array(body[0..<magic.count]) == magic else {
            throw ProtobufDecodingError(.missingMagic)
        }
        guard let schema else { throw ProtobufDecodingError(.schemaUnavailable) }
        var reader = ProtobufWireReader(body, range: magic.count..<body.count)
        var apiVersion = ""
        var kind = ""
        var raw: Range<Int> = body.count..<body.count
        var contentEncoding = ""
        var contentType = ""
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            guard (1...4).contains(number) else {
                try reader.skip(wireType)
                continue
            }
            guard wireType == .lengthDelimited else {
                throw ProtobufDecodingError(.wrongWireType(field: "Unknown field \(number)", wireType: wireType.rawValue))
            }
            let range = try reader.readLengthDelimited()
            switch number {
            case 1:
                var typeMeta = ProtobufWireReader(body, range: range)
                while !typeMeta.isAtEnd {
                    let (field, type) = try typeMeta.readTag()
                    guard field == 1 || field == 2, type == .lengthDelimited else {
                        try typeMeta.skip(type)
                        continue
                    }
                    let text = String(decoding: body[try typeMeta.readLengthDelimited()], as: UTF8.self)
                    if field == 1 { apiVersion = text } else { kind = text }
                }
            case 2: raw = range
            case 3: contentEncoding = String(decoding: body[range], as: UTF8.self)
            default: contentType = String(decoding: body[range], as: UTF8.self)
            }
        }
        guard contentEncoding.isEmpty else { throw ProtobufDecodingError(.unsupportedEncoding(contentEncoding)) }
        let object: JSONValue
        if MediaType(parsing: contentType).essence == MediaType.json {
            do {
                object = try JSONParser.parse(Array(body[raw]))
            } catch {
                throw ProtobufDecodingError(.invalidEmbeddedJSON(error.message))
            }
        } else {
            guard let typeName = messageName(apiVersion: apiVersion, kind: kind), schema.messages[typeName] != nil else {
                throw ProtobufDecodingError(.unknownKind(apiVersion: apiVersion, kind: kind))
            }
            object = try ProtobufJSONDecoder(schema: schema).decode(typeName, from: body, range: raw)
        }
        guard case .object(var members) = object else { return object }
        if !apiVersion.isEmpty { members["apiVersion"] = .string(apiVersion) }
        if !kind.isEmpty { members["kind"] = .string(kind) }
        return .object(members)
    }

    /// `v1` + `ConfigMap` → `k8s.io.api.core.v1.ConfigMap`; `apps/v1` → `k8s.io.api.apps.v1.…`;
    /// `rbac.authorization.k8s.io/v1` → `k8s.io.api.rbac.v1.…` (the group's first label).
    static func messageName(apiVersion: String, kind: String) -> String? {
        guard !kind.isEmpty, !apiVersion.isEmpty else { return nil }
        let parts = apiVersion.split(separator: "/", omittingEmptySubsequences: false)
        let group: Substring
        let version: Substring
        switch parts.count {
        case 1: (group, version) = ("core", parts[0])
        case 2: (group, version) = (parts[0].split(separator: ".").first ?? "", parts[1])
        default: return nil
        }
        guard !group.isEmpty, !version.isEmpty else { return nil }
        return "k8s.io.api.\(group).\(version).\(kind)"
    }
}
