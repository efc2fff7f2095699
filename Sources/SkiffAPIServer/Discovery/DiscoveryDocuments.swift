import SkiffModel

/// The legacy (unaggregated) discovery documents kubectl reads: `APIVersions` at `/api`,
/// `APIGroupList` at `/apis`, `APIGroup` at `/apis/{group}` and `APIResourceList` at
/// `/api/v1` and `/apis/{group}/{version}`. Pure: built from the registry.
///
/// Aggregated discovery (`as=APIGroupDiscoveryList`) is not served: clients that ask for it
/// get these documents as `application/json` and fall back to them.
enum DiscoveryDocuments {
    /// `/api`
    static func coreVersions(serverAddress: String) -> JSONValue {
        [
            "kind": "APIVersions",
            "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    /// `/apis`
    static func groupList(_ registry: ResourceRegistry) -> JSONValue {
        [
            "kind": "APIGroupList",
            "apiVersion": "v1",
            "groups": .array(registry.namedGroups.map { group(name: $0.name, versions: $0.versions) }),
        ]
    }

    /// `/apis/{group}`, or nil for an unknown group.
    static func group(_ registry: ResourceRegistry, name: String) -> JSONValue? {
        guard let entry = registry.namedGroups.first(where: { $0.name == name }) else { return nil }
        var document = group(name: entry.name, versions: entry.versions)
        document[member: "kind"] = "APIGroup"
        document[member: "apiVersion"] = "v1"
        return document
    }

    private static func group(name: String, versions: [String]) -> JSONValue {
        let entries: [JSONValue] = versions.map { ["groupVersion": .string(name + "/" + $0), "version": .string($0)] }
        return [
            "name": .string(name),
            "versions": .array(entries),
            "preferredVersion": entries.first ?? .null,
        ]
    }

    /// `/api/v1`, `/apis/{group}/{version}`, or nil for an unserved group-version.
    static func resourceList(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
        guard let groupVersion = registry.groupVersions.first(where: { $0.group == group && $0.version == version }) else {
            return nil
        }
        var resources: [JSONValue] = []
        for resource in groupVersion.resources {
            var entry: JSONValue = [
                "name": .string(resource.name),
                "singularName": .string(resource.kind.lowercased()),
                "namespaced": .bool(resource.namespaced),
                "kind": .string(resource.kind),
                "verbs": .array(resource.verbs.sorted().map { .string($0) }),
            ]
            let shortNames = ResourceHints.shortNames(group: group, resource: resource.name)
            if !shortNames.isEmpty { entry[member: "shortNames"] = .array(shortNames.map { .string($0) }) }
            let categories = ResourceHints.categories(group: group, resource: resource.name)
            if !categories.isEmpty { entry[member: "categories"] = .array(categories.map { .string($0) }) }
            resources.append(entry)
            for subresource in resource.subresources {
                var sub: JSONValue = [
                    "name": .string(resource.name + "/" + subresource.name),
                    "singularName": "",
                    "namespaced": .bool(resource.namespaced),
                    "kind": .string(subresource.kind),
                    "verbs": .array(subresource.verbs.sorted().map { .string($0) }),
                ]
                if subresource.group != group || subresource.version != version {
                    sub[member: "group"] = .string(subresource.group)
                    sub[member: "version"] = .string(subresource.version)
                }
                resources.append(sub)
            }
        }
        return [
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": .string(group.isEmpty ? version : group + "/" + version),
            "resources": .array(resources),
        ]
    }
}
