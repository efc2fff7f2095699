import Foundation
import SkiffModel

/// Turns individual probe outcomes into a probe result with the Kubernetes thresholds (pure):
/// the result flips to success after `successThreshold` consecutive successes and to failure
/// after `failureThreshold` consecutive failures. Before the first flip it holds `initial`.
public struct ProbeTracker: Sendable, Hashable {
    public var successThreshold: Int
    public var failureThreshold: Int
    public private(set) var result: Bool
    private var successes = 0
    private var failures = 0

    public init(successThreshold: Int = 1, failureThreshold: Int = 3, initial: Bool) {
        self.successThreshold = max(1, successThreshold)
        self.failureThreshold = max(1, failureThreshold)
        self.result = initial
    }

    public init(_ probe: CoreV1.Probe, initial: Bool) {
        self.init(successThreshold: Int(probe.successThreshold ?? 1), failureThreshold: Int(probe.failureThreshold ?? 3),
                  initial: initial)
    }

    /// Records one outcome; answers whether the result changed.
    @discardableResult
    public mutating func record(success: Bool) -> Bool {
        if success {
            successes += 1
            failures = 0
            if !result && successes >= successThreshold {
                result = true
                return true
            }
        } else {
            failures += 1
            successes = 0
            if result && failures >= failureThreshold {
                result = false
                return true
            }
        }
        return false
    }
}

/// The timing of a probe, with the Kubernetes defaults.
public struct ProbeTiming: Sendable, Hashable {
    public var initialDelay: Duration
    public var period: Duration
    public var timeout: Duration

    public init(_ probe: CoreV1.Probe) {
        initialDelay = .seconds(Int(probe.initialDelaySeconds ?? 0))
        period = .seconds(Int(max(1, probe.periodSeconds ?? 10)))
        timeout = .seconds(Int(max(1, probe.timeoutSeconds ?? 1)))
    }
}
