import SkiffAPI
import SkiffModel

extension ResourceHandler {
    /// `GET .../pods/{name}/log`: the logs of one container, proxied from the agent of the pod's
    /// node (`/containerLogs/{namespace}/{pod}/{container}` on the port in the Node's
    /// `status.daemonEndpoints.kubeletEndpoint`), streamed as plain text. Checks as Kubernetes
    /// does: a pod with several containers needs `container`, the container must be the pod's,
    /// the pod must be on a node.
    func podLog(_ pods: ResourceInfo, namespace: String, name: String, request: APIRequest) async throws -> APIResponse {
        guard request.method == "GET" else { throw StatusEncoding.methodNotAllowed }
        let podResponse = try await get(pods, namespace: namespace, name: name)
        guard case .json(_, let podBytes) = podResponse, let pod = try? JSONParser.parse(podBytes) else {
            throw StatusError.internalError("the pod does not decode")
        }
        let options = try PodLogOptions(query: request.query)
        let container = try PodLogOptions.container(in: pod, podName: name, requested: options.container)
        guard let nodeName = pod.value(atPath: "spec.nodeName")?.stringValue, !nodeName.isEmpty else {
            throw StatusError.badRequest("pod \(name) does not have a host assigned")
        }
        guard let nodes = registry.lookup(group: "", version: "v1", resource: "nodes") else { throw StatusEncoding.pathNotFound }
        let nodeResponse: APIResponse
        do {
            nodeResponse = try await get(nodes, namespace: nil, name: nodeName)
        } catch let error as StatusError where error.reason == .notFound {
            throw StatusError.internalError("the node \(nodeName) of pod \(name) is not registered")
        }
        guard case .json(_, let nodeBytes) = nodeResponse, let node = try? JSONParser.parse(nodeBytes),
              let port = node.value(atPath: "status.daemonEndpoints.kubeletEndpoint.Port")?.integerValue, port > 0 else {
            throw StatusError.internalError("the node \(nodeName) does not say where its agent listens")
        }
        let addresses = node.value(atPath: "status.addresses")?.arrayElements ?? []
        let host = addresses.first { $0[member: "type"]?.stringValue == "InternalIP" }?[member: "address"]?.stringValue ?? "127.0.0.1"
        let path = "/containerLogs/\(PercentEncoding.pathSegment(namespace))/\(PercentEncoding.pathSegment(name))/\(PercentEncoding.pathSegment(container))"
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return .proxy(ProxyTarget(url: "http://\(authority)\(path)\(options.agentQuery)", contentType: "text/plain"))
    }
}

/// The query of a log request (`corev1.PodLogOptions`), validated as Kubernetes does (pure).
struct PodLogOptions: Sendable, Equatable {
    var container: String?
    var follow = false
    var previous = false
    var timestamps = false
    var tailLines: Int64?
    var sinceSeconds: Int64?
    var sinceTime: String?
    var limitBytes: Int64?

    init(query: QueryParameters) throws(StatusError) {
        container = query["container"].flatMap { $0.isEmpty ? nil : $0 }
        follow = query.flag("follow")
        previous = query.flag("previous")
        timestamps = query.flag("timestamps")
        var errors: [FieldError] = []
        func number(_ name: String, minimum: Int64) -> Int64? {
            guard let text = query[name], !text.isEmpty else { return nil }
            guard let value = Int64(text) else {
                errors.append(.invalid(name, .string(text), "must be an integer"))
                return nil
            }
            if value < minimum {
                errors.append(.invalid(name, .integer(value), minimum == 0 ? "must be greater than or equal to 0" : "must be greater than 0"))
            }
            return value
        }
        tailLines = number("tailLines", minimum: 0)
        sinceSeconds = number("sinceSeconds", minimum: 1)
        limitBytes = number("limitBytes", minimum: 1)
        if let text = query["sinceTime"], !text.isEmpty {
            do {
                _ = try KubeTime(parsing: text)
                sinceTime = text
            } catch {
                errors.append(.invalid("sinceTime", .string(text), "must be an RFC 3339 time"))
            }
        }
        if sinceSeconds != nil && sinceTime != nil {
            errors.append(.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"))
        }
        if !errors.isEmpty {
            throw .invalid(kind: "PodLogOptions", name: "", errors: errors)
        }
    }

    /// The container to read: the requested one (it must be one of the pod's), or the only one.
    static func container(in pod: JSONValue, podName: String, requested: String?) throws(StatusError) -> String {
        func names(_ field: String) -> [String] {
            (pod.value(atPath: "spec." + field)?.arrayElements ?? []).compactMap { $0[member: "name"]?.stringValue }
        }
        let containers = names("containers")
        let all = containers + names("initContainers") + names("ephemeralContainers")
        if let requested {
            guard all.contains(requested) else {
                throw .badRequest("container \(requested) is not valid for pod \(podName)")
            }
            return requested
        }
        if containers.count == 1 { return containers[0] }
        throw .badRequest("a container name must be specified for pod \(podName), choose one of: [\(containers.joined(separator: " "))]")
    }

    /// The query sent on to the agent.
    var agentQuery: String {
        var items: [String] = []
        if follow { items.append("follow=true") }
        if previous { items.append("previous=true") }
        if timestamps { items.append("timestamps=true") }
        if let tailLines { items.append("tailLines=\(tailLines)") }
        if let sinceSeconds { items.append("sinceSeconds=\(sinceSeconds)") }
        if let sinceTime { items.append("sinceTime=" + PercentEncoding.queryValue(sinceTime)) }
        if let limitBytes { items.append("limitBytes=\(limitBytes)") }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }
}

/// Where a proxied request goes.
struct ProxyTarget: Sendable, Equatable {
    var url: String
    /// The Content-Type answered to the client when the upstream says nothing.
    var contentType: String
}

/// Percent-encoding for URLs Skiff builds (RFC 3986 unreserved characters stay).
enum PercentEncoding {
    static func pathSegment(_ text: String) -> String { encode(text) }
    static func queryValue(_ text: String) -> String { encode(text) }

    private static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(Character(Unicode.Scalar(byte)))
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }
}
