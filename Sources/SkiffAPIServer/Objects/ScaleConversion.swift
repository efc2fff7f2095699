import Foundation
import SkiffAPI
import SkiffModel

/// The `scale` subresource of deployments, replicasets, statefulsets and replicationcontrollers
/// (pure): an `autoscaling/v1 Scale` view of the object, and a Scale written back into it.
/// As Kubernetes: `spec.replicas` is the object's, `status.replicas` the object's status count
/// (0 when unset), `status.selector` the object's label selector in its string form; metadata
/// carries the object's name, namespace, uid, resourceVersion and creationTimestamp.
enum ScaleConversion {
    /// The Scale view of `object` (which carries its resourceVersion).
    static func scale(of object: JSONValue, info: ResourceInfo) -> JSONValue {
        let metadata = object[member: "metadata"] ?? .object([:])
        var scaleMetadata: [String: JSONValue] = [:]
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = metadata[member: field], value != .null { scaleMetadata[field] = value }
        }
        let replicas = object.value(atPath: "spec.replicas")?.integerValue ?? 1
        var status: [String: JSONValue] = ["replicas": .integer(object.value(atPath: "status.replicas")?.integerValue ?? 0)]
        if let selector = selectorString(object, info: info), !selector.isEmpty {
            status["selector"] = .string(selector)
        }
        return [
            "apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": .object(scaleMetadata),
            "spec": ["replicas": .integer(replicas)], "status": .object(status),
        ]
    }

    /// `object` with the replicas of `scale`; 400 when the body is not a Scale for this object,
    /// 422 for a negative count. The generation is bumped when the count changes.
    static func applying(_ scale: JSONValue, to object: JSONValue, pathName: String) throws(StatusError) -> JSONValue {
        if let apiVersion = scale[member: "apiVersion"]?.stringValue, !apiVersion.isEmpty, apiVersion != "autoscaling/v1" {
            throw .badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (autoscaling/v1)")
        }
        if let kind = scale[member: "kind"]?.stringValue, !kind.isEmpty, kind != "Scale" {
            throw .badRequest("Scale in version \"v1\" cannot be handled as a \(kind)")
        }
        let name = scale.value(atPath: "metadata.name")?.stringValue ?? ""
        if !name.isEmpty && name != pathName {
            throw .badRequest("the name of the object (\(name)) does not match the name on the URL (\(pathName))")
        }
        guard let replicasValue = scale.value(atPath: "spec.replicas") else {
            return object
        }
        guard let replicas = replicasValue.integerValue else {
            throw .badRequest("json: cannot unmarshal \(replicasValue.goTypeName) into Go struct field ScaleSpec.spec.replicas of type int32")
        }
        if replicas < 0 {
            throw .invalid(kind: "Scale", group: "autoscaling", name: pathName,
                           errors: [.invalid("spec.replicas", .integer(replicas), "must be greater than or equal to 0")])
        }
        if replicas > Int64(Int32.max) {
            throw .badRequest("json: cannot unmarshal number \(replicas) into Go struct field ScaleSpec.spec.replicas of type int32")
        }
        var updated = object
        var spec = updated[member: "spec"] ?? .object([:])
        if spec[member: "replicas"]?.integerValue == replicas { return object }
        spec[member: "replicas"] = .integer(replicas)
        updated[member: "spec"] = spec
        var metadata = updated[member: "metadata"] ?? .object([:])
        metadata[member: "generation"] = .integer((metadata[member: "generation"]?.integerValue ?? 0) + 1)
        metadata[member: "resourceVersion"] = nil
        updated[member: "metadata"] = metadata
        return updated
    }

    /// The object's selector as a string (`app=web,tier in (a,b)`), nil when it has none.
    static func selectorString(_ object: JSONValue, info: ResourceInfo) -> String? {
        guard let selector = object.value(atPath: "spec.selector"), selector != .null else { return nil }
        if info.group.isEmpty {
            // ReplicationController: a plain map.
            let labels = selector.stringMap
            return labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",")
        }
        guard let spec = try? JSONDecoder().decode(LabelSelectorSpec.self, from: Data(JSONWriter.encode(selector))),
              let parsed = try? LabelSelector(spec) else { return nil }
        return parsed.description
    }
}
