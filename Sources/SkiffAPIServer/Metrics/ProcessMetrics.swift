#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The process's own figures from `/proc/self` (Linux; nil elsewhere): resident and virtual
/// memory, CPU time, start time and open file descriptors.
struct ProcessMetrics: Equatable, Sendable {
    var residentMemoryBytes: Double
    var virtualMemoryBytes: Double
    var cpuSeconds: Double
    var startTimeSeconds: Double?
    var openFileDescriptors: Double?

    /// The fields of `/proc/self/stat` Skiff reads, in clock ticks and pages.
    struct Stat: Equatable {
        var userTicks: Int64
        var systemTicks: Int64
        var startTicks: Int64
        var virtualBytes: Int64
        var residentPages: Int64
    }

    /// Parses `/proc/<pid>/stat`: the fields after the command name, which is in parentheses and
    /// may itself contain spaces and parentheses (hence the last `)`).
    static func parseStat(_ text: String) -> Stat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state): utime is field 14, stime 15, starttime 22, vsize 23, rss 24.
        guard fields.count >= 22,
              let user = Int64(fields[11]), let system = Int64(fields[12]), let start = Int64(fields[19]),
              let virtual = Int64(fields[20]), let resident = Int64(fields[21].trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return Stat(userTicks: user, systemTicks: system, startTicks: start, virtualBytes: virtual, residentPages: resident)
    }

    /// The `btime` line of `/proc/stat`: boot time, seconds since the epoch.
    static func parseBootTime(_ text: String) -> Int64? {
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Int64(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    static func combine(_ stat: Stat, ticksPerSecond: Int64, pageSize: Int64, bootTime: Int64?, openFileDescriptors: Int?) -> ProcessMetrics {
        let ticks = Double(max(ticksPerSecond, 1))
        return ProcessMetrics(
            residentMemoryBytes: Double(stat.residentPages * pageSize),
            virtualMemoryBytes: Double(stat.virtualBytes),
            cpuSeconds: Double(stat.userTicks + stat.systemTicks) / ticks,
            startTimeSeconds: bootTime.map { Double($0) + Double(stat.startTicks) / ticks },
            openFileDescriptors: openFileDescriptors.map(Double.init))
    }

    /// The current figures, or nil where `/proc` is not there.
    static func current() -> ProcessMetrics? {
        #if os(Linux)
        guard let statText = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let stat = parseStat(statText) else { return nil }
        let bootTime = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)).flatMap(parseBootTime)
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map(\.count)
        return combine(stat, ticksPerSecond: Int64(sysconf(Int32(_SC_CLK_TCK))), pageSize: Int64(sysconf(Int32(_SC_PAGESIZE))),
                       bootTime: bootTime, openFileDescriptors: descriptors)
        #else
        return nil
        #endif
    }
}
