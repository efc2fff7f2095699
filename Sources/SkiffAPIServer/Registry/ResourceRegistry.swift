import SkiffModel

/// The served group-versions and their resources, built once from the generated
/// `ResourceCatalog`. Lookups are by group, version and plural resource name.
struct ResourceRegistry: Sendable {
    /// The group-versions in catalog order.
    let groupVersions: [ResourceCatalog.GroupVersion]
    private let byPath: [String: ResourceInfo]

    /// The built-in resources of the model.
    static let builtIn = ResourceRegistry(catalog: ResourceCatalog.groupVersions)

    init(catalog: [ResourceCatalog.GroupVersion]) {
        self.groupVersions = catalog
        var byPath: [String: ResourceInfo] = [:]
        for groupVersion in catalog {
            for resource in groupVersion.resources {
                let info = ResourceInfo(
                    group: groupVersion.group, version: groupVersion.version, resource: resource.name,
                    kind: resource.kind, namespaced: resource.namespaced, verbs: Set(resource.verbs),
                    subresources: Dictionary(resource.subresources.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }))
                byPath[Self.pathKey(groupVersion.group, groupVersion.version, resource.name)] = info
            }
        }
        self.byPath = byPath
    }

    /// The resource served at `/…/{group}/{version}/{resource}`, if any.
    func lookup(group: String, version: String, resource: String) -> ResourceInfo? {
        byPath[Self.pathKey(group, version, resource)]
    }

    /// Whether the group-version is served.
    func serves(group: String, version: String) -> Bool {
        groupVersions.contains { $0.group == group && $0.version == version }
    }

    /// The API groups other than core, each with its versions, preferred version first.
    var namedGroups: [(name: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for groupVersion in groupVersions where !groupVersion.group.isEmpty {
            if versions[groupVersion.group] == nil { order.append(groupVersion.group) }
            versions[groupVersion.group, default: []].append(groupVersion.version)
        }
        return order.map { ($0, versions[$0]!.sorted(by: KubeVersionOrder.precedes)) }
    }

    /// Every namespaced resource, one per storage prefix (the same resource served in two
    /// versions is stored once), for namespace clean-up.
    var namespacedStoragePrefixes: [String] {
        var seen = Set<String>()
        var prefixes: [String] = []
        for groupVersion in groupVersions {
            for resource in groupVersion.resources where resource.namespaced {
                let prefix = StorageKey.resourcePrefix(group: groupVersion.group, resource: resource.name)
                if seen.insert(prefix).inserted { prefixes.append(prefix) }
            }
        }
        return prefixes
    }

    private static func pathKey(_ group: String, _ version: String, _ resource: String) -> String {
        group + "/" + version + "/" + resource
    }
}

/// Kubernetes' version priority (`version.CompareKubeAwareVersionStrings`): GA before beta
/// before alpha, higher numbers first (`v2` > `v1` > `v1beta2` > `v1beta1` > `v1alpha1`).
enum KubeVersionOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = parse(lhs), right = parse(rhs)
        switch (left, right) {
        case (nil, nil): return lhs < rhs
        case (nil, _): return false
        case (_, nil): return true
        case let (l?, r?):
            if l.stability != r.stability { return l.stability > r.stability }
            if l.major != r.major { return l.major > r.major }
            return l.minor > r.minor
        }
    }

    private static func parse(_ version: String) -> (major: Int, stability: Int, minor: Int)? {
        guard version.hasPrefix("v") else { return nil }
        let body = version.dropFirst()
        let digits = body.prefix { $0.isNumber }
        guard let major = Int(digits) else { return nil }
        let rest = body.dropFirst(digits.count)
        if rest.isEmpty { return (major, 2, 0) }
        for (label, stability) in [("beta", 1), ("alpha", 0)] where rest.hasPrefix(label) {
            guard let minor = Int(rest.dropFirst(label.count)) else { return nil }
            return (major, stability, minor)
        }
        return nil
    }
}
