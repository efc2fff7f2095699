/// Parses request paths into ``APIRoute`` values (pure; see Kubernetes' `RequestInfoFactory`).
///
/// Rules: segments are split on `/` (empty ones dropped) and percent-decoded; under
/// `/api/v1` and `/apis/{group}/{version}`, an optional `watch` segment comes first, then
/// `namespaces/{namespace}/` unless the path addresses a namespace itself (its `status` and
/// `finalize` subresources included), then `{resource}[/{name}[/{subresource}]]`.
enum RouteParser {
    /// Subresources of a namespace, which keep `/namespaces/{name}/{sub}` a namespace path.
    private static let namespaceSubresources: Set<String> = ["status", "finalize"]

    static func parse(_ path: String) -> APIRoute {
        guard let segments = splitPath(path) else { return .notFound }
        guard let first = segments.first else { return .notFound }
        switch first {
        case "healthz", "livez", "readyz":
            return .health(segments.joined(separator: "/"))
        case "version":
            return segments.count == 1 ? .version : .notFound
        case "openapi":
            return .openAPI
        case "api":
            if segments.count == 1 { return .coreVersions }
            return parseGroupVersion(group: "", version: segments[1], rest: segments.dropFirst(2))
        case "apis":
            if segments.count == 1 { return .groupList }
            if segments.count == 2 { return .group(segments[1]) }
            return parseGroupVersion(group: segments[1], version: segments[2], rest: segments.dropFirst(3))
        default:
            return .notFound
        }
    }

    private static func parseGroupVersion(group: String, version: String, rest: ArraySlice<String>) -> APIRoute {
        var parts = Array(rest)
        if parts.isEmpty { return .resourceList(group: group, version: version) }
        var legacyWatch = false
        if parts[0] == "watch" {
            legacyWatch = true
            parts.removeFirst()
            if parts.isEmpty { return .notFound }
        }
        var namespace: String?
        if parts[0] == "namespaces", parts.count > 1 {
            if parts.count > 2 && !namespaceSubresources.contains(parts[2]) {
                namespace = parts[1]
                parts.removeFirst(2)
            }
        }
        guard parts.count <= 3 else { return .notFound }
        return .resource(ResourcePath(
            group: group, version: version, namespace: namespace, resource: parts[0],
            name: parts.count > 1 ? parts[1] : nil,
            subresource: parts.count > 2 ? parts[2] : nil,
            legacyWatch: legacyWatch))
    }

    /// The non-empty, percent-decoded segments of `path`; nil when a segment does not decode.
    static func splitPath(_ path: String) -> [String]? {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = PercentDecoding.decode(raw, plusIsSpace: false) else { return nil }
            segments.append(decoded)
        }
        return segments
    }
}
