/// A parsed media type such as `application/json;as=Table;v=v1;g=meta.k8s.io`: the lower-cased
/// `type/subtype` and its parameters.
struct MediaType: Equatable, Sendable {
    var essence: String
    var parameters: [String: String]

    static let json = "application/json"
    static let yaml = "application/yaml"
    static let mergePatch = "application/merge-patch+json"
    static let jsonPatch = "application/json-patch+json"
    static let strategicMergePatch = "application/strategic-merge-patch+json"
    static let applyPatch = "application/apply-patch+yaml"
    static let protobuf = "application/vnd.kubernetes.protobuf"

    /// Parses one media type; parameters without `=` are ignored.
    init(parsing text: String) {
        let parts = text.split(separator: ";")
        essence = parts.first.map { $0.trimmingWhitespace().lowercased() } ?? ""
        parameters = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            parameters[pair[0].trimmingWhitespace().lowercased()] = pair[1].trimmingWhitespace()
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
