import Foundation
import SkiffTesting

/// Seconds between two monotonic readings.
func seconds(from start: UInt64, to end: UInt64) -> Double { Double(end &- start) / 1e9 }

/// A benchmark failure with a message.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
