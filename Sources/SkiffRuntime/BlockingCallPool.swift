import Foundation

/// Runs blocking system calls — process spawns, cgroup and directory creation — on threads of its own, so they
/// never hold one of the few threads of Swift's cooperative pool (two on a two-core machine: a spawn that waits
/// in the kernel for the child's cgroup join would stall the API server, the scheduler and the agent alike).
///
/// Threads are started on demand, up to `maximumThreads`, and end after `idleTimeout` without work, so an idle
/// runtime holds none. Calls run in the order they were submitted; up to `maximumThreads` run at once, which
/// lets the kernel-side waits of concurrent spawns overlap.
final class BlockingCallPool: @unchecked Sendable {
    let maximumThreads: Int
    let idleTimeout: TimeInterval

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var nextJob = 0
    private var threads = 0
    private var idleThreads = 0
    private let name: String

    /// - Parameter name: the threads' name as `top` and `perf` show it, at most 15 bytes (the kernel refuses
    ///   longer ones).
    init(name: String, maximumThreads: Int, idleTimeout: TimeInterval = 10) {
        precondition(maximumThreads > 0)
        self.name = name
        self.maximumThreads = maximumThreads
        self.idleTimeout = idleTimeout
    }

    /// Runs `body` on one of the pool's threads and returns its result.
    func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Swift.Result { try body() }) }
        }
    }

    /// Runs `body` on one of the pool's threads without waiting for it (work nobody waits for, like making
    /// spare directories).
    func detach(_ body: @escaping @Sendable () -> Void) {
        submit(body)
    }

    /// The number of threads alive now (for tests and diagnostics).
    var threadCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return threads
    }

    private func submit(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        let startThread = idleThreads < jobs.count - nextJob && threads < maximumThreads
        if startThread { threads += 1 }
        condition.signal()
        condition.unlock()
        if startThread {
            let thread = Thread { [self] in
                try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)  // ≤ 15 bytes: top, perf
                work()
            }
            thread.start()
        }
    }

    private func work() {
        condition.lock()
        while true {
            if nextJob < jobs.count {
                let job = jobs[nextJob]
                nextJob += 1
                if nextJob == jobs.count {
                    jobs.removeAll(keepingCapacity: true)
                    nextJob = 0
                }
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            idleThreads += 1
            let signalled = condition.wait(until: Date(timeIntervalSinceNow: idleTimeout))
            idleThreads -= 1
            if !signalled && nextJob == jobs.count {
                threads -= 1
                condition.unlock()
                return
            }
        }
    }
}
