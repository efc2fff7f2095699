/// Per-key exponential back-off (client-go's default item rate limiter): the n-th
/// rate-limited add of a key (counting from 0) waits `base * 2^n`, capped at `maximum`;
/// `forget` resets the key. Pure.
public struct ExponentialBackoff<Key: Hashable & Sendable>: Sendable {
    public let base: Duration
    public let maximum: Duration
    private var failures: [Key: Int] = [:]

    public init(base: Duration = .milliseconds(5), maximum: Duration = .seconds(1000)) {
        self.base = base
        self.maximum = maximum
    }

    /// The delay for this failure of `key`, counting it.
    public mutating func nextDelay(for key: Key) -> Duration {
        let exponent = failures[key, default: 0]
        failures[key] = exponent + 1
        return delay(exponent: exponent)
    }

    /// The delay of the `exponent`-th failure (0-based).
    public func delay(exponent: Int) -> Duration {
        var delay = base
        for _ in 0..<min(exponent, 64) {
            delay *= 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }

    /// How many failures `key` has had since it was last forgotten.
    public func failureCount(of key: Key) -> Int { failures[key, default: 0] }

    /// Stops tracking `key` (it succeeded).
    public mutating func forget(_ key: Key) { failures[key] = nil }
}
