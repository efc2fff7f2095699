/// Why a string is not an RFC 3339 time; the message follows Go's `time.Parse` wording.
public struct TimeParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that was rejected.
    public let text: String

    public var description: String {
        "parsing time \(goQuoted(text)) as \"2006-01-02T15:04:05Z07:00\": cannot parse as RFC 3339"
    }
}
