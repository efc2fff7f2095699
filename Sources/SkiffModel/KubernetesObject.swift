/// An API group, version and kind: `apps/v1 Deployment` is `GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")`.
/// The core group is the empty string.
public struct GroupVersionKind: Sendable, Hashable, Codable {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// The `apiVersion` field value: `v1` for the core group, otherwise `group/version`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
}

/// A generated type with exactly one `x-kubernetes-group-version-kind` (top-level kinds and their lists).
public protocol KubernetesObject: Codable, Sendable, Hashable {
    static var groupVersionKind: GroupVersionKind { get }
}

extension KubernetesObject {
    /// The value of this kind's `apiVersion` field.
    public static var apiVersion: String { groupVersionKind.apiVersion }
    /// The value of this kind's `kind` field.
    public static var kind: String { groupVersionKind.kind }
}
