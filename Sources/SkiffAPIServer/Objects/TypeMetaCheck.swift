import SkiffAPI
import SkiffModel

/// The `apiVersion` and `kind` of a written object must be those of the path; missing ones are
/// filled in from the path (Kubernetes decodes with the path's kind as the default).
enum TypeMetaCheck {
    static func apply(_ object: inout JSONValue, info: ResourceInfo) throws(StatusError) {
        if let apiVersion = object[member: "apiVersion"], apiVersion != .null {
            guard let text = apiVersion.stringValue else {
                throw .badRequest("couldn't get version/kind; json parse error: json: cannot unmarshal \(apiVersion.goTypeName) into Go struct field .apiVersion of type string")
            }
            if !text.isEmpty && text != info.apiVersion {
                throw .badRequest("the API version in the data (\(text)) does not match the expected API version (\(info.apiVersion))")
            }
        }
        if let kind = object[member: "kind"], kind != .null {
            guard let text = kind.stringValue else {
                throw .badRequest("couldn't get version/kind; json parse error: json: cannot unmarshal \(kind.goTypeName) into Go struct field .kind of type string")
            }
            if !text.isEmpty && text != info.kind {
                throw .badRequest("the kind in the data (\(text)) does not match the expected kind (\(info.kind))")
            }
        }
        object[member: "apiVersion"] = .string(info.apiVersion)
        object[member: "kind"] = .string(info.kind)
    }
}
