import Foundation

/// A point in time at microsecond precision (Kubernetes' `metav1.MicroTime`, used by leases and
/// events), written in RFC 3339 in UTC with exactly six fraction digits:
/// `"2026-01-02T03:04:05.000000Z"`. Parsing accepts any offset and any number of fraction
/// digits (Kubernetes insists on six; being lenient on input is harmless), dropping digits
/// past the microsecond.
public struct MicroTime: Sendable, Hashable, Comparable {
    /// Whole microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// The microsecond containing `date` (finer parts are dropped toward the past).
    public init(_ date: Date) {
        self.microsecondsSinceEpoch = Int64(clamping: (date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// The start of a whole second.
    public init(_ time: KubeTime) {
        let (micros, overflow) = time.secondsSinceEpoch.multipliedReportingOverflow(by: 1_000_000)
        self.microsecondsSinceEpoch = overflow ? (time.secondsSinceEpoch < 0 ? .min : .max) : micros
    }

    /// Parses RFC 3339 (`2026-01-02T03:04:05.123456Z`, `2026-01-02T05:04:05.5+02:00`).
    public init(parsing text: String) throws(TimeParseError) {
        let parsed = try RFC3339.parse(text)
        self.microsecondsSinceEpoch = parsed.seconds * 1_000_000 + parsed.nanoseconds / 1000
    }

    /// The same instant as a `Date` (a `Double`: sub-microsecond error far from 1970).
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(microsecondsSinceEpoch) / 1_000_000) }

    /// The second this instant falls in.
    public var kubeTime: KubeTime { KubeTime(secondsSinceEpoch: microsecondsSinceEpoch.floorDivided(by: 1_000_000)) }

    public static func < (lhs: MicroTime, rhs: MicroTime) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }
}

extension MicroTime: CustomStringConvertible {
    /// RFC 3339 in UTC with six fraction digits: `2026-01-02T03:04:05.123456Z`.
    public var description: String {
        let seconds = microsecondsSinceEpoch.floorDivided(by: 1_000_000)
        let micros = Int(microsecondsSinceEpoch - seconds * 1_000_000)
        return RFC3339.format(seconds: seconds, fraction: "." + RFC3339.padded(micros, 6))
    }
}

extension MicroTime: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try MicroTime(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
