import SkiffModel

/// JSON merge patch (RFC 7386, `application/merge-patch+json`): objects merge member by member,
/// `null` removes a member, anything else (arrays included) replaces. What `kubectl label`,
/// `kubectl annotate` and `kubectl patch --type=merge` send.
enum MergePatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result: [String: JSONValue]
        if case .object(let members) = target { result = members } else { result = [:] }
        for (key, value) in patchMembers {
            if case .null = value {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
