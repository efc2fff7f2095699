import Foundation
#if canImport(Glibc)
import Glibc
#endif

// What the benchmark executables share: a monotonic clock, the process's CPU time, the load
// average to print beside each figure, and nearest-rank percentiles.

/// Monotonic time in nanoseconds, comparable across tasks of this process.
public func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// User + system CPU seconds of this process so far.
public func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// The load averages (1, 5, 15 min), for printing next to each figure.
public func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

/// Nearest-rank percentiles of a sample.
public struct Percentiles: Sendable {
    private let sorted: [Double]

    public init(_ values: [Double]) { sorted = values.sorted() }

    public var count: Int { sorted.count }
    public var maximum: Double { sorted.last ?? .nan }

    /// The p-th percentile (0...100); NaN for no samples.
    public func value(_ percentile: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((percentile / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// `p50 …, p90 …, p99 …, max … (n = …)` in milliseconds.
    public var summary: String {
        String(format: "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (n = %d)",
               value(50), value(90), value(99), maximum, count)
    }
}
