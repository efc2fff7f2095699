/// A time source for queues, informers and leader election: time elapsed since the clock was
/// made, and sleeping. Wraps any `Clock` measured in `Duration` (`ContinuousClock` in
/// production; tests may pass their own clock).
public struct ElapsedClock: Sendable {
    private let elapsedNow: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        self.elapsedNow = { start.duration(to: clock.now) }
        self.sleeper = { duration in try await clock.sleep(for: duration) }
    }

    /// The real monotonic clock.
    public static var continuous: ElapsedClock { ElapsedClock(ContinuousClock()) }

    /// Time since this clock was made.
    public func now() -> Duration { elapsedNow() }

    /// Sleeps `duration` (throws `CancellationError` when the task is cancelled).
    public func sleep(for duration: Duration) async throws {
        if duration > .zero { try await sleeper(duration) } else { try Task.checkCancellation() }
    }

    /// Sleeps until `deadline` (an elapsed time of this clock).
    public func sleep(until deadline: Duration) async throws {
        try await sleep(for: deadline - now())
    }
}
