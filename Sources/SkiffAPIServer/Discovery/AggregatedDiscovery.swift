import SkiffModel

/// Aggregated discovery (`apidiscovery.k8s.io/v2`, and `v2beta1` which has the same shape): the
/// whole resource list of `/api` or `/apis` in one `APIGroupDiscoveryList`, which kubectl 1.32
/// asks for first (`Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,
/// ...,application/json`). Pure: built from the registry.
enum AggregatedDiscovery {
    /// The versions Skiff answers in.
    static let versions = ["v2", "v2beta1"]

    /// Which discovery document an `Accept` header asks for: the aggregated one in `version`,
    /// or nil for the legacy documents. Entries are taken in order of `q`, then position; the
    /// first one Skiff can serve wins.
    static func requestedVersion(accept: String?) -> String? {
        guard let accept else { return nil }
        var entries: [(index: Int, type: MediaType, quality: Double)] = []
        for (index, text) in accept.split(separator: ",").enumerated() {
            let type = MediaType(parsing: String(text))
            let quality = type.parameters["q"].flatMap(Double.init) ?? 1
            if quality > 0 { entries.append((index, type, quality)) }
        }
        entries.sort { $0.quality != $1.quality ? $0.quality > $1.quality : $0.index < $1.index }
        for entry in entries {
            let parameters = entry.type.parameters
            let jsonLike = entry.type.essence == MediaType.json || entry.type.essence == "*/*" || entry.type.essence == "application/*"
            guard jsonLike else { continue }
            guard let kind = parameters["as"] else { return nil }
            if kind == "APIGroupDiscoveryList", parameters["g"] == "apidiscovery.k8s.io",
               let version = parameters["v"], versions.contains(version) {
                return version
            }
        }
        return nil
    }

    /// The Content-Type of an aggregated answer.
    static func contentType(version: String) -> String {
        "application/json;g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList"
    }

    /// `/api` (core: the legacy group) or `/apis` (every named group) as an APIGroupDiscoveryList.
    static func document(_ registry: ResourceRegistry, core: Bool, version: String) -> JSONValue {
        var items: [JSONValue] = []
        if core {
            items.append(groupItem(registry, group: "", versions: ["v1"]))
        } else {
            for group in registry.namedGroups {
                items.append(groupItem(registry, group: group.name, versions: group.versions))
            }
        }
        return [
            "kind": "APIGroupDiscoveryList",
            "apiVersion": .string("apidiscovery.k8s.io/" + version),
            "metadata": .object([:]),
            "items": .array(items),
        ]
    }

    /// One group with its versions, preferred first.
    private static func groupItem(_ registry: ResourceRegistry, group: String, versions: [String]) -> JSONValue {
        var metadata: JSONValue = ["creationTimestamp": .null]
        if !group.isEmpty { metadata[member: "name"] = .string(group) }
        let versionEntries: [JSONValue] = versions.map { version in
            let resources = registry.groupVersions.first { $0.group == group && $0.version == version }?.resources ?? []
            return [
                "version": .string(version),
                "resources": .array(resources.map { resourceEntry($0, group: group, version: version) }),
                "freshness": "Current",
            ]
        }
        return ["metadata": metadata, "versions": .array(versionEntries)]
    }

    private static func resourceEntry(_ resource: ResourceCatalog.Resource, group: String, version: String) -> JSONValue {
        var entry: JSONValue = [
            "resource": .string(resource.name),
            "responseKind": ["group": .string(group), "version": .string(version), "kind": .string(resource.kind)],
            "scope": .string(resource.namespaced ? "Namespaced" : "Cluster"),
            "singularResource": .string(resource.kind.lowercased()),
            "verbs": .array(resource.verbs.sorted().map { .string($0) }),
        ]
        let shortNames = ResourceHints.shortNames(group: group, resource: resource.name)
        if !shortNames.isEmpty { entry[member: "shortNames"] = .array(shortNames.map { .string($0) }) }
        let categories = ResourceHints.categories(group: group, resource: resource.name)
        if !categories.isEmpty { entry[member: "categories"] = .array(categories.map { .string($0) }) }
        if !resource.subresources.isEmpty {
            entry[member: "subresources"] = .array(resource.subresources.map { subresource in
                [
                    "subresource": .string(subresource.name),
                    "responseKind": ["group": .string(subresource.group), "version": .string(subresource.version),
                                     "kind": .string(subresource.kind)],
                    "verbs": .array(subresource.verbs.sorted().map { .string($0) }),
                ]
            })
        }
        return entry
    }
}
