import Foundation
import SkiffAPI
import SkiffModel

/// Decodes an object into its typed SkiffModel struct to catch values of the wrong JSON type
/// (a string where an int32 belongs) before defaulting, answering 400 BadRequest with a
/// message shaped like Go's `encoding/json` one. Only type mismatches and undecodable values
/// (a malformed quantity) count: missing required members are left to validation.
/// Runs only for the kinds the admission table defaults (one extra encode and decode per write).
enum TypedShapeCheck {
    /// The struct a (group, kind) is checked against, or nil when Skiff does not check that kind.
    static func type(group: String, kind: String) -> (any (JSONValueDecodable & Decodable).Type)? {
        switch (group, kind) {
        case ("", "Pod"): CoreV1.Pod.self
        case ("", "PodTemplate"): CoreV1.PodTemplate.self
        case ("", "ReplicationController"): CoreV1.ReplicationController.self
        case ("", "Service"): CoreV1.Service.self
        case ("", "Secret"): CoreV1.Secret.self
        case ("", "ConfigMap"): CoreV1.ConfigMap.self
        case ("", "PersistentVolumeClaim"): CoreV1.PersistentVolumeClaim.self
        case ("", "PersistentVolume"): CoreV1.PersistentVolume.self
        case ("", "Endpoints"): CoreV1.Endpoints.self
        case ("apps", "Deployment"): AppsV1.Deployment.self
        case ("apps", "ReplicaSet"): AppsV1.ReplicaSet.self
        case ("apps", "StatefulSet"): AppsV1.StatefulSet.self
        case ("apps", "DaemonSet"): AppsV1.DaemonSet.self
        case ("batch", "Job"): BatchV1.Job.self
        case ("batch", "CronJob"): BatchV1.CronJob.self
        case ("networking.k8s.io", "NetworkPolicy"): NetworkingV1.NetworkPolicy.self
        case ("discovery.k8s.io", "EndpointSlice"): DiscoveryV1.EndpointSlice.self
        default: nil
        }
    }

    /// Throws 400 when `object` does not decode as its kind's struct. The parsed object is first
    /// built with the generated `JSONValueDecodable` initializer (no re-encoding; it accepts
    /// only what `JSONDecoder` accepts); only when that fails does `JSONDecoder` run, for the
    /// coding path of Go's message.
    static func check(_ object: JSONValue, group: String, kind: String) throws(StatusError) {
        guard let type = type(group: group, kind: kind) else { return }
        if group.isEmpty && (kind == "Secret" || kind == "ConfigMap") {
            try checkBase64(object[member: kind == "Secret" ? "data" : "binaryData"], kind: kind)
        }
        if (try? type.init(json: object)) != nil { return }
        func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws { _ = try JSONDecoder().decode(T.self, from: data) }
        do {
            try decode(type, Data(JSONWriter.encode(object)))
        } catch DecodingError.typeMismatch(let type, let context) {
            let path = fieldPath(context.codingPath)
            let found = value(at: context.codingPath, in: object)?.goTypeName ?? "value"
            let structName = goStructName(group: group, kind: kind, codingPath: context.codingPath)
            throw .badRequest(prefix(kind) + "json: cannot unmarshal \(found) into Go struct field \(structName).\(path) of type \(goTypeName(type))")
        } catch DecodingError.dataCorrupted(let context) {
            throw .badRequest(prefix(kind) + context.debugDescription)
        } catch {
            return
        }
    }

    /// Secret `data` and ConfigMap `binaryData` values are `[]byte` in Go: standard base64 with padding.
    static func checkBase64(_ map: JSONValue?, kind: String) throws(StatusError) {
        for (_, value) in map?.objectMembers ?? [:] {
            guard let text = value.stringValue else { continue }
            if let offset = base64ErrorOffset(text) {
                throw .badRequest(prefix(kind) + "illegal base64 data at input byte \(offset)")
            }
        }
    }

    /// Where Go's `base64.StdEncoding` gives up on `text`, or nil when it decodes.
    static func base64ErrorOffset(_ text: String) -> Int? {
        let bytes = Array(text.utf8).filter { $0 != 10 && $0 != 13 }  // Go skips newlines
        func isAlphabet(_ byte: UInt8) -> Bool {
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 43 || byte == 47
        }
        var index = 0
        while index < bytes.count, isAlphabet(bytes[index]) { index += 1 }
        let dataLength = index
        if index == bytes.count {
            return dataLength % 4 == 0 ? nil : dataLength - dataLength % 4
        }
        guard bytes[index] == 61 else { return index }  // not '='
        let padding = bytes.count - index
        if let stray = bytes[index...].firstIndex(where: { $0 != 61 }) { return stray }
        let remainder = dataLength % 4
        if (remainder == 2 && padding == 2) || (remainder == 3 && padding == 1) { return nil }
        return remainder < 2 ? dataLength - remainder : index
    }

    /// What Kubernetes puts before a decoding error: `Deployment in version "v1" cannot be handled as a Deployment: `.
    static func prefix(_ kind: String) -> String {
        "\(kind) in version \"v1\" cannot be handled as a \(kind): "
    }

    /// The Go struct holding the mismatched field (`DeploymentSpec` for `spec.replicas`), found by
    /// following the patch schema's definition refs; the deepest one known when the schema
    /// stops (it lists only structured fields).
    static func goStructName(group: String, kind: String, codingPath: [any CodingKey]) -> String {
        guard var definition = PatchSchema.rootDefinition(group: group, version: "v1", kind: kind) else { return kind }
        let keys = codingPath.filter { $0.intValue == nil }.map(\.stringValue)
        for key in keys.dropLast() {
            guard let ref = PatchSchema.field(key, in: definition)?.ref else { break }
            definition = ref
        }
        return String(definition.split(separator: ".").last ?? Substring(kind))
    }

    /// `spec.containers.ports.containerPort`-style path (Go names struct fields, not indexes).
    static func fieldPath(_ codingPath: [any CodingKey]) -> String {
        codingPath.filter { $0.intValue == nil }.map(\.stringValue).joined(separator: ".")
    }

    static func value(at codingPath: [any CodingKey], in object: JSONValue) -> JSONValue? {
        var current: JSONValue? = object
        for key in codingPath {
            if let index = key.intValue {
                guard let elements = current?.arrayElements, elements.indices.contains(index) else { return nil }
                current = elements[index]
            } else {
                current = current?[member: key.stringValue]
            }
        }
        return current
    }

    static func goTypeName(_ type: Any.Type) -> String {
        switch type {
        case is Int32.Type: return "int32"
        case is Int64.Type, is Int.Type: return "int64"
        case is Bool.Type: return "bool"
        case is String.Type: return "string"
        case is Double.Type: return "float64"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "[]" + name.dropFirst(6).dropLast() }
            if name.hasPrefix("Dictionary") { return "map[string]" + (name.split(separator: ",").last.map { String($0.dropLast()).trimmingSpaces } ?? "") }
            return name
        }
    }
}
