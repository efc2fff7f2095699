import SkiffAPI
import SkiffModel

extension ResourceHandler {
    /// `POST .../pods/{name}/binding` (and the older `POST .../bindings` naming the pod in the
    /// Binding's metadata): assigns a pod to a node, as the scheduler does. Sets `spec.nodeName`,
    /// copies the Binding's annotations and marks the pod `PodScheduled=True`; answers 201 with a
    /// Success Status. A pod already on a node → 409; a pod being deleted → 409; a target that is
    /// not a Node → 400.
    func bind(_ pods: ResourceInfo, namespace: String, podName: String?, request: APIRequest) async throws -> APIResponse {
        let binding = try BodyDecoder.decodeObject(request.body, contentType: request.contentType)
        if let kind = binding[member: "kind"]?.stringValue, !kind.isEmpty, kind != "Binding" {
            throw StatusError.badRequest("Binding in version \"v1\" cannot be handled as a \(kind)")
        }
        let bindingName = binding.value(atPath: "metadata.name")?.stringValue ?? ""
        let name = podName ?? bindingName
        if name.isEmpty {
            throw StatusError.invalid(kind: "Binding", name: "", errors: [.required("metadata.name", "name or generateName is required")])
        }
        if let podName, !bindingName.isEmpty, bindingName != podName {
            throw StatusError.badRequest("the name of the object (\(bindingName)) does not match the name on the URL (\(podName))")
        }
        let targetKind = binding.value(atPath: "target.kind")?.stringValue ?? ""
        if !targetKind.isEmpty && targetKind != "Node" {
            throw StatusError.badRequest("binding target kind must be Node, not \(targetKind)")
        }
        let nodeName = binding.value(atPath: "target.name")?.stringValue ?? ""
        if nodeName.isEmpty {
            throw StatusError.invalid(kind: "Binding", name: name, errors: [.required("target.name", "")])
        }
        let annotations = binding.value(atPath: "metadata.annotations")?.stringMap ?? [:]
        let dryRun = try Self.isDryRun(request.query)
        let now = environment.now()
        _ = try await readModifyWrite(pods, namespace: namespace, name: name, dryRun: dryRun) { old, _ in
            (try PodBinding.bind(old, to: nodeName, annotations: annotations, now: now, podName: name), true)
        }
        let status: JSONValue = ["kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Success", "code": 201]
        return .json(status: 201, body: JSONWriter.encode(status))
    }
}

/// What a Binding does to a pod (pure).
enum PodBinding {
    static func bind(_ pod: JSONValue, to nodeName: String, annotations: [String: String], now: KubeTime,
                     podName: String) throws(StatusError) -> JSONValue {
        if FinalizerRules.isBeingDeleted(pod) {
            throw StatusError.conflict(resource: "pods", name: podName,
                                       because: "pod \(podName) is being deleted, cannot be assigned to a host")
        }
        if let current = pod.value(atPath: "spec.nodeName")?.stringValue, !current.isEmpty {
            throw StatusError.conflict(resource: "pods", name: podName,
                                       because: "pod \(podName) is already assigned to node \"\(current)\"")
        }
        var updated = pod
        var spec = updated[member: "spec"] ?? .object([:])
        spec[member: "nodeName"] = .string(nodeName)
        updated[member: "spec"] = spec
        if !annotations.isEmpty {
            var metadata = updated[member: "metadata"] ?? .object([:])
            var merged = metadata[member: "annotations"]?.stringMap ?? [:]
            for (key, value) in annotations { merged[key] = value }
            metadata[member: "annotations"] = .object(merged.mapValues { .string($0) })
            updated[member: "metadata"] = metadata
        }
        var status = updated[member: "status"] ?? .object([:])
        var conditions = status[member: "conditions"]?.arrayElements ?? []
        let scheduled: JSONValue = ["type": "PodScheduled", "status": "True", "lastProbeTime": .null,
                                    "lastTransitionTime": .string(now.description)]
        if let index = conditions.firstIndex(where: { $0[member: "type"]?.stringValue == "PodScheduled" }) {
            if conditions[index][member: "status"]?.stringValue != "True" { conditions[index] = scheduled }
        } else {
            conditions.append(scheduled)
        }
        status[member: "conditions"] = .array(conditions)
        updated[member: "status"] = status
        var metadata = updated[member: "metadata"] ?? .object([:])
        metadata[member: "resourceVersion"] = nil
        updated[member: "metadata"] = metadata
        return updated
    }
}
