/// Syntax check of a CronJob schedule, as the standard cron parser Kubernetes uses accepts it:
/// five fields (minute, hour, day of month, month, day of week) of `*`, `?`, numbers, names
/// (JAN–DEC, SUN–SAT), ranges, steps and lists, or a descriptor (`@hourly`, `@daily`,
/// `@midnight`, `@weekly`, `@monthly`, `@yearly`, `@annually`, `@every <duration>`).
/// A `TZ=`/`CRON_TZ=` prefix is refused as in Kubernetes 1.32.
enum CronSchedule {
    static let descriptors: Set<String> = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// The parse error, or nil for a valid schedule.
    static func error(in schedule: String) -> String? {
        let trimmed = schedule.trimmingSpaces
        if trimmed.hasPrefix("TZ=") || trimmed.hasPrefix("CRON_TZ=") {
            return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
        }
        if trimmed.hasPrefix("@") {
            if descriptors.contains(trimmed) { return nil }
            if trimmed.hasPrefix("@every ") {
                let duration = trimmed.dropFirst("@every ".count)
                return isGoDuration(String(duration)) ? nil : "failed to parse duration \(trimmed): time: invalid duration \"\(duration)\""
            }
            return "unrecognized descriptor: \(trimmed)"
        }
        let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            return "expected exactly 5 fields, found \(fields.count): [\(fields.joined(separator: " "))]"
        }
        let bounds: [(ClosedRange<Int>, [String])] = [(0...59, []), (0...23, []), (1...31, []), (1...12, monthNames), (0...6, dayNames)]
        for (field, (range, names)) in zip(fields, bounds) {
            for part in field.split(separator: ",", omittingEmptySubsequences: false) {
                if let message = partError(String(part), range: range, names: names) { return message }
            }
        }
        return nil
    }

    static func partError(_ part: String, range: ClosedRange<Int>, names: [String]) -> String? {
        let stepSplit = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard stepSplit.count <= 2 else { return "too many slashes: \(part)" }
        let rangeText = stepSplit[0]
        if stepSplit.count == 2, (Int(stepSplit[1]) ?? 0) <= 0 {
            return "failed to parse int from \(stepSplit[1])"
        }
        if rangeText == "*" || rangeText == "?" { return nil }
        let ends = rangeText.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard ends.count <= 2 else { return "too many hyphens: \(rangeText)" }
        var numbers: [Int] = []
        for end in ends {
            if let number = Int(end), number >= 0 {
                numbers.append(number)
            } else if let index = names.firstIndex(of: end.lowercased()) {
                numbers.append(index + range.lowerBound)
            } else {
                return "failed to parse int from \(end): strconv.Atoi: parsing \"\(end)\": invalid syntax"
            }
        }
        let start = numbers[0]
        let end = numbers.count == 2 ? numbers[1] : start
        if start < range.lowerBound { return "beginning of range (\(start)) below minimum (\(range.lowerBound)): \(part)" }
        if end > range.upperBound { return "end of range (\(end)) above maximum (\(range.upperBound)): \(part)" }
        if start > end { return "beginning of range (\(start)) beyond end of range (\(end)): \(part)" }
        return nil
    }

    /// A Go duration such as `1h30m` or `90s`.
    static func isGoDuration(_ text: String) -> Bool {
        var rest = Substring(text)
        guard !rest.isEmpty else { return false }
        while !rest.isEmpty {
            let number = rest.prefix(while: { $0.isNumber || $0 == "." })
            guard !number.isEmpty else { return false }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix(while: { !$0.isNumber && $0 != "." })
            guard ["ns", "us", "µs", "ms", "s", "m", "h"].contains(String(unit)) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
