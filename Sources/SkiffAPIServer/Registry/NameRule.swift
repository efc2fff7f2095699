import SkiffAPI

/// How a resource's object names are validated, as each Kubernetes strategy chooses
/// (`ValidateObjectMeta`'s name function).
enum NameRule: Sendable, Hashable {
    /// RFC 1123 subdomain (most kinds).
    case dnsSubdomain
    /// RFC 1123 label (namespaces).
    case dnsLabel
    /// RFC 1035 label (services).
    case dns1035Label
    /// Any path segment: not `.` or `..`, no `/` or `%` (RBAC kinds, whose names look like
    /// `system:controller:foo`).
    case pathSegment

    static func forResource(_ resource: String, group: String) -> NameRule {
        switch (group, resource) {
        case ("", "namespaces"): return .dnsLabel
        case ("", "services"): return .dns1035Label
        case ("rbac.authorization.k8s.io", _): return .pathSegment
        default: return .dnsSubdomain
        }
    }

    /// Kubernetes' messages for an invalid name (empty when valid). With `prefix`, checks a
    /// `generateName` (which may end in `-`).
    func errors(_ name: String, prefix: Bool = false) -> [String] {
        switch self {
        case .dnsSubdomain: return NameValidation.nameIsDNSSubdomain(name, prefix: prefix)
        case .dnsLabel: return NameValidation.nameIsDNSLabel(name, prefix: prefix)
        case .dns1035Label: return NameValidation.nameIsDNS1035Label(name, prefix: prefix)
        case .pathSegment: return Self.pathSegmentErrors(name, prefix: prefix)
        }
    }

    /// Kubernetes' `path.IsValidPathSegmentName` / `IsValidPathSegmentPrefix`.
    static func pathSegmentErrors(_ name: String, prefix: Bool) -> [String] {
        var errors: [String] = []
        if !prefix && (name == "." || name == "..") {
            errors.append("may not be '\(name)'")
        }
        for illegal in ["/", "%"] where name.contains(illegal) {
            errors.append("may not contain '\(illegal)'")
        }
        return errors
    }
}
