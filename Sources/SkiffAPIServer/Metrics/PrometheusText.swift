/// Writes the Prometheus text exposition format (version 0.0.4): one `# HELP` and `# TYPE` line
/// per family, then its samples. Pure formatting, no state: what ``APIMetrics`` renders with.
struct PrometheusText {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private(set) var output = ""

    /// Starts a family: `# HELP name help` and `# TYPE name type`.
    mutating func family(_ name: String, type: String, help: String) {
        output += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    /// One sample line: `name{label="value",...} value`.
    mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Double) {
        output += name
        output += Self.labelSet(labels)
        output += " "
        output += Self.format(value)
        output += "\n"
    }

    /// The `_bucket` (cumulative, ending with `le="+Inf"`), `_sum` and `_count` lines of one
    /// histogram series.
    mutating func histogram(_ name: String, _ labels: [(String, String)], _ histogram: Histogram) {
        var cumulative: UInt64 = 0
        for (index, bound) in histogram.bounds.enumerated() {
            cumulative += histogram.bucketCounts[index]
            sample(name + "_bucket", labels + [("le", Self.format(bound))], Double(cumulative))
        }
        sample(name + "_bucket", labels + [("le", "+Inf")], Double(histogram.count))
        sample(name + "_sum", labels, histogram.sum)
        sample(name + "_count", labels, Double(histogram.count))
    }

    /// `{a="x",b="y"}`, or nothing without labels.
    static func labelSet(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.0)=\"\(escapeLabelValue($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// A label value with `\`, `"` and newlines escaped.
    static func escapeLabelValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// HELP text with `\` and newlines escaped.
    static func escapeHelp(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// A value as Go's client writes it: integers without a fraction (`1`, `60`), `+Inf`, `-Inf`,
    /// `NaN`, otherwise the shortest round-tripping decimal (`0.005`, `1.25`, `1e-05`).
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

/// A fixed-bucket histogram: per-bucket counts (not cumulative; an observation above the last
/// bound is only in `count`), the observation count and their sum.
struct Histogram: Sendable, Equatable {
    /// Kubernetes' buckets for `apiserver_request_duration_seconds` and
    /// `etcd_request_duration_seconds` (k8s.io/apiserver endpoints/metrics).
    static let kubernetesRequestBuckets: [Double] = [
        0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3,
        4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
    ]

    let bounds: [Double]
    private(set) var bucketCounts: [UInt64]
    private(set) var count: UInt64 = 0
    private(set) var sum: Double = 0

    init(bounds: [Double] = Histogram.kubernetesRequestBuckets) {
        self.bounds = bounds
        self.bucketCounts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        if let index = bounds.firstIndex(where: { value <= $0 }) { bucketCounts[index] += 1 }
        count += 1
        sum += value
    }
}
