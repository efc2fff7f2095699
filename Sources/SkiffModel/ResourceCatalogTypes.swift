/// The REST resources of the built-in group-versions, as the swagger paths declare them
/// (`groupVersions` is generated into `Generated/ResourceCatalog.swift`). Discovery serves this.
public enum ResourceCatalog {
    /// The resources of one group-version.
    public struct GroupVersion: Sendable, Hashable {
        /// API group; the empty string for the core group.
        public var group: String
        public var version: String
        public var resources: [Resource]

        public init(group: String, version: String, resources: [Resource]) {
            self.group = group
            self.version = version
            self.resources = resources
        }
    }

    /// One resource (`pods`): its kind, scope, verbs and subresources.
    public struct Resource: Sendable, Hashable {
        /// Plural resource name as in the path: `pods`.
        public var name: String
        public var kind: String
        /// Served under `/namespaces/{namespace}/`.
        public var namespaced: Bool
        /// Among get, list, watch, create, update, patch, delete, deletecollection.
        public var verbs: [String]
        public var subresources: [Subresource]

        public init(name: String, kind: String, namespaced: Bool, verbs: [String], subresources: [Subresource]) {
            self.name = name
            self.kind = kind
            self.namespaced = namespaced
            self.verbs = verbs
            self.subresources = subresources
        }
    }

    /// A subresource (`status`, `scale`, `log`, ...) with the kind its operations take or return,
    /// which may belong to another group (`deployments/scale` is `autoscaling/v1 Scale`).
    public struct Subresource: Sendable, Hashable {
        public var name: String
        public var group: String
        public var version: String
        public var kind: String
        /// Verbs; for connect subresources (exec, attach, portforward, proxy) derived from the HTTP methods.
        public var verbs: [String]

        public init(name: String, group: String, version: String, kind: String, verbs: [String]) {
            self.name = name
            self.group = group
            self.version = version
            self.kind = kind
            self.verbs = verbs
        }
    }

    /// The resources of `group`/`version`, if the catalog has that group-version.
    public static func resources(group: String, version: String) -> [Resource]? {
        groupVersions.first { $0.group == group && $0.version == version }?.resources
    }
}
