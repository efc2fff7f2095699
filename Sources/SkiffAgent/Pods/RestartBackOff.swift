import Foundation
import SkiffRuntime

/// The kubelet's crash back-off (pure): the first restart after a crash is immediate, then the
/// wait before each further restart is 10 s doubling to 5 min; a container instance that ran for
/// 10 min or more resets the sequence.
public struct RestartBackOff: Sendable, Hashable {
    public var initial: TimeInterval
    public var maximum: TimeInterval
    /// A run at least this long resets the back-off.
    public var resetAfter: TimeInterval

    public init(initial: TimeInterval = 10, maximum: TimeInterval = 300, resetAfter: TimeInterval = 600) {
        self.initial = initial
        self.maximum = maximum
        self.resetAfter = resetAfter
    }

    /// The wait after the last exit before the next instance may start, given the container's
    /// instances (ascending restart count, all exited).
    public func delay(after instances: [ContainerInstance]) -> TimeInterval {
        var streak = 0
        for instance in instances.reversed() {
            guard case .exited(_, _, _, let startedAt, let finishedAt) = instance.state else { break }
            if finishedAt.date.timeIntervalSince(startedAt.date) >= resetAfter {
                if streak == 0 { streak = 1 }
                break
            }
            streak += 1
        }
        guard streak >= 2 else { return 0 }
        let exponent = min(streak - 2, 30)
        return min(initial * pow(2, Double(exponent)), maximum)
    }

    /// When the next instance may start (nil: the latest instance has not exited).
    public func nextStartTime(after instances: [ContainerInstance]) -> Date? {
        guard case .exited(_, _, _, _, let finishedAt) = instances.last?.state else { return nil }
        return finishedAt.date.addingTimeInterval(delay(after: instances))
    }
}
