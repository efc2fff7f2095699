import Foundation

/// A wall-clock instant with nanosecond precision, rendered as RFC 3339 with nine fraction digits
/// (`2026-11-27T04:18:19.123456789Z`, the CRI log timestamp).
public struct Timestamp: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var seconds: Int64
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public init(_ date: Date) {
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        self.init(seconds: Int64(whole), nanoseconds: Int32(((interval - whole) * 1e9).rounded(.down)))
    }

    /// The system's real-time clock.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }

    public var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// `2026-11-27T04:18:19.123456789Z`.
    public var rfc3339Nano: String {
        let civil = CivilTime(epochSeconds: seconds)
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
            + "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2)).\(pad(Int64(nanoseconds), 9))Z"
    }

    /// `20261127-041819.123456789`, used as the suffix of rotated log files (sorts by time).
    public var compact: String {
        let civil = CivilTime(epochSeconds: seconds)
        return "\(pad(civil.year, 4))\(pad(civil.month, 2))\(pad(civil.day, 2))-"
            + "\(pad(civil.hour, 2))\(pad(civil.minute, 2))\(pad(civil.second, 2)).\(pad(Int64(nanoseconds), 9))"
    }

    public var description: String { rfc3339Nano }

    /// Parses the ``compact`` form at the end of a rotated log file name (`...log.20261127-041819.123456789`).
    init?(compactSuffixOf name: String) {
        let text = Array(name.utf8.suffix(25))
        guard text.count == 25, text[8] == UInt8(ascii: "-"), text[15] == UInt8(ascii: ".") else { return nil }
        func part(_ range: Range<Int>) -> String { String(decoding: text[range], as: UTF8.self) }
        self.init(rfc3339: "\(part(0..<4))-\(part(4..<6))-\(part(6..<8))T\(part(9..<11)):\(part(11..<13)):\(part(13..<15)).\(part(16..<25))Z")
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (UTC only).
    public init?(rfc3339 text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = Int64(bytes[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var nanos: Int64 = 0
        let end = bytes.count - 1
        if end > 19 {
            guard bytes[19] == UInt8(ascii: "."), end - 20 >= 1, end - 20 <= 9, let fraction = number(20..<end) else {
                return nil
            }
            nanos = fraction
            for _ in 0..<(9 - (end - 20)) { nanos *= 10 }
        } else if end != 19 {
            return nil
        }
        let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
        self.init(seconds: days * 86_400 + hour * 3600 + minute * 60 + second, nanoseconds: Int32(nanos))
    }
}

/// Reads the current wall-clock time; injected so tests can pin it.
public typealias WallClock = @Sendable () -> Timestamp

private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// UTC calendar fields of an epoch second (proleptic Gregorian, Howard Hinnant's days/civil algorithms).
struct CivilTime {
    var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64

    init(epochSeconds: Int64) {
        var days = epochSeconds / 86_400
        var rest = epochSeconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        hour = rest / 3600
        minute = (rest % 3600) / 60
        second = rest % 60
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
