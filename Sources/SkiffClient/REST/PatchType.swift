/// The patch formats the API server accepts, by Content-Type.
public enum PatchType: String, Sendable, Hashable {
    /// RFC 7386 JSON merge patch.
    case merge = "application/merge-patch+json"
    /// Kubernetes strategic merge patch (built-in kinds only).
    case strategic = "application/strategic-merge-patch+json"
    /// RFC 6902 JSON patch (an array of operations).
    case json = "application/json-patch+json"
}
