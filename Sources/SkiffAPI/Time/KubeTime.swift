import Foundation

/// A point in time at one-second precision (Kubernetes' `metav1.Time`), written in RFC 3339 in
/// UTC: `"2026-01-02T03:04:05Z"`. Parsing accepts any offset (`+02:00`) and drops a fraction
/// of a second (as the Kubernetes wire form does); values are whole seconds, so equal strings
/// mean equal times and ordering is exact.
public struct KubeTime: Sendable, Hashable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The second containing `date` (a fraction is dropped toward the past).
    public init(_ date: Date) {
        self.secondsSinceEpoch = Int64(clamping: date.timeIntervalSince1970.rounded(.down))
    }

    /// Parses RFC 3339 (`2026-01-02T03:04:05Z`, `2026-01-02T05:04:05+02:00`, `...05.123Z`).
    public init(parsing text: String) throws(TimeParseError) {
        let parsed = try RFC3339.parse(text)
        self.secondsSinceEpoch = parsed.seconds
    }

    /// The same instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSinceEpoch)) }

    public static func < (lhs: KubeTime, rhs: KubeTime) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }
}

extension KubeTime: CustomStringConvertible {
    /// RFC 3339 in UTC, seconds precision: `2026-01-02T03:04:05Z`.
    public var description: String { RFC3339.format(seconds: secondsSinceEpoch) }
}

extension KubeTime: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try KubeTime(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
