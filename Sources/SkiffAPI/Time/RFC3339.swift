/// RFC 3339 reading and writing for `KubeTime` and `MicroTime`, in pure integer arithmetic
/// (proleptic Gregorian calendar, no time zone database, no `Calendar`).
enum RFC3339 {
    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` the way Go's `time.Parse(time.RFC3339, _)`
    /// does: fixed-width fields, upper-case `T` and `Z`, fields range-checked (no leap second,
    /// day within its month), any number of fraction digits of which nine are kept.
    /// Returns seconds since the Unix epoch and the nanoseconds within that second.
    static func parse(_ text: String) throws(TimeParseError) -> (seconds: Int64, nanoseconds: Int64) {
        let s = Array(text.utf8)
        guard s.count >= 20 else { throw TimeParseError(text: text) }
        func number(_ range: Range<Int>, _ lower: Int, _ upper: Int) throws(TimeParseError) -> Int {
            var value = 0
            for index in range {
                let byte = s[index]
                guard byte >= 48 && byte <= 57 else { throw TimeParseError(text: text) }
                value = value * 10 + Int(byte - 48)
            }
            guard value >= lower && value <= upper else { throw TimeParseError(text: text) }
            return value
        }
        guard s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"), s[10] == UInt8(ascii: "T"),
              s[13] == UInt8(ascii: ":"), s[16] == UInt8(ascii: ":") else { throw TimeParseError(text: text) }
        let year = try number(0..<4, 0, 9999)
        let month = try number(5..<7, 1, 12)
        let day = try number(8..<10, 1, daysInMonth(month, year: year))
        let hour = try number(11..<13, 0, 23)
        let minute = try number(14..<16, 0, 59)
        let second = try number(17..<19, 0, 59)
        var position = 19
        var nanoseconds: Int64 = 0
        if position + 1 < s.count, s[position] == UInt8(ascii: "."), s[position + 1] >= 48, s[position + 1] <= 57 {
            position += 1
            var scale: Int64 = 100_000_000
            while position < s.count, s[position] >= 48, s[position] <= 57 {
                nanoseconds += Int64(s[position] - 48) * scale
                scale /= 10
                position += 1
            }
        }
        var offsetSeconds = 0
        let rest = s.count - position
        if rest == 1 && s[position] == UInt8(ascii: "Z") {
            offsetSeconds = 0
        } else if rest == 6, s[position] == UInt8(ascii: "+") || s[position] == UInt8(ascii: "-"),
                  s[position + 3] == UInt8(ascii: ":") {
            let hours = try number(position + 1..<position + 3, 0, 23)
            let minutes = try number(position + 4..<position + 6, 0, 59)
            offsetSeconds = (hours * 60 + minutes) * 60 * (s[position] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            throw TimeParseError(text: text)
        }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return (seconds, nanoseconds)
    }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC for seconds since the epoch, then `fraction`, then `Z`.
    static func format(seconds: Int64, fraction: String = "") -> String {
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let yearText = year < 0 ? "-" + padded(-year, 4) : padded(year, 4)
        return yearText + "-" + padded(month, 2) + "-" + padded(day, 2) + "T"
            + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2) + ":"
            + padded(secondOfDay % 60, 2) + fraction + "Z"
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count from 1970-01-01 (Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
