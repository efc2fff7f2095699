import Foundation
import SkiffAPI

/// The query of `GET /containerLogs/{namespace}/{pod}/{container}` (the kubelet's, which are
/// `kubectl logs` options), parsed (pure).
public struct LogOptions: Sendable, Hashable {
    public var follow = false
    public var previous = false
    public var timestamps = false
    public var tailLines: Int?
    public var limitBytes: Int?
    public var sinceSeconds: Int?
    public var sinceTime: Date?

    public init() {}

    /// Parses query items; an invalid number or time is an error message.
    public static func parse(_ items: [(String, String)]) -> Result<LogOptions, LogOptionsError> {
        var options = LogOptions()
        for (name, value) in items {
            switch name {
            case "follow": options.follow = value == "true" || value == "1"
            case "previous": options.previous = value == "true" || value == "1"
            case "timestamps": options.timestamps = value == "true" || value == "1"
            case "tailLines", "limitBytes", "sinceSeconds":
                guard let number = Int(value), number >= 0 else { return .failure(LogOptionsError(message: "invalid \(name): \(value)")) }
                if name == "tailLines" { options.tailLines = number }
                if name == "limitBytes" { options.limitBytes = number }
                if name == "sinceSeconds" { options.sinceSeconds = number }
            case "sinceTime":
                guard let time = try? MicroTime(parsing: value) else {
                    return .failure(LogOptionsError(message: "invalid sinceTime: \(value)"))
                }
                options.sinceTime = time.date
            default: continue
            }
        }
        return .success(options)
    }

    /// The earliest time of a line to include, at `now`.
    public func since(now: Date) -> Date? {
        if let sinceTime { return sinceTime }
        if let sinceSeconds { return now.addingTimeInterval(-Double(sinceSeconds)) }
        return nil
    }
}

/// A bad log query.
public struct LogOptionsError: Error, Sendable, Hashable {
    public var message: String
}
