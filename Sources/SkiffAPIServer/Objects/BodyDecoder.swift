import SkiffAPI
import SkiffModel

/// Turns a create or update request body into an object tree, by its `Content-Type`: JSON (also
/// when the header is missing, as the Python client sends), YAML, Kubernetes protobuf
/// (`Protobuf/KubernetesProtobuf`, what kubectl's typed commands send), or a 415.
enum BodyDecoder {
    /// Media types accepted for create and update bodies.
    static let acceptedForWrites = [MediaType.json, MediaType.yaml, MediaType.protobuf]

    static func decodeObject(_ body: [UInt8], contentType: String?) throws(StatusError) -> JSONValue {
        let mediaType = MediaType(parsing: contentType ?? "")
        let value: JSONValue
        switch mediaType.essence {
        case "", MediaType.json, "*/*", "text/plain":
            value = try decodeJSON(body)
        case MediaType.yaml, "application/x-yaml", "text/yaml":
            do {
                value = try YAMLReader.parse(body)
            } catch {
                throw .badRequest(error.message)
            }
        case MediaType.protobuf:
            do {
                value = try KubernetesProtobuf.decode(body)
            } catch {
                throw .badRequest(error.message)
            }
        default:
            throw .unsupportedMediaType(accepted: [MediaType.json, MediaType.yaml])
        }
        guard value.isObject else {
            throw .badRequest("couldn't get version/kind; json parse error: json: cannot unmarshal \(value.goTypeName) into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }")
        }
        return value
    }

    /// Parses a JSON body with Kubernetes' 400 wording for malformed input.
    static func decodeJSON(_ body: [UInt8]) throws(StatusError) -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch {
            throw .badRequest("couldn't get version/kind; json parse error: \(error.message)")
        }
    }
}
