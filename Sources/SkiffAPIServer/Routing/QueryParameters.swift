/// The decoded query string of a request. A parameter given several times keeps its first value,
/// as Go's `url.Values.Get` reads it.
struct QueryParameters: Equatable, Sendable {
    private(set) var values: [String: String] = [:]

    init(_ values: [String: String] = [:]) {
        self.values = values
    }

    /// Parses `a=1&b=x%20y`; nil when a component does not decode.
    init?(parsing query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = PercentDecoding.decode(parts[0], plusIsSpace: true) else { return nil }
            let value: String
            if parts.count > 1 {
                guard let decoded = PercentDecoding.decode(parts[1], plusIsSpace: true) else { return nil }
                value = decoded
            } else {
                value = ""
            }
            if values[key] == nil { values[key] = value }
        }
    }

    subscript(_ key: String) -> String? { values[key] }

    /// A Go `strconv.ParseBool` style flag: "1", "t", "true" ... are true.
    func flag(_ key: String) -> Bool {
        guard let value = values[key] else { return false }
        return ["1", "t", "T", "true", "TRUE", "True"].contains(value)
    }
}
