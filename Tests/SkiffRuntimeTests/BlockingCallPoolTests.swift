import Foundation
import SkiffTesting
import Testing
@testable import SkiffRuntime

@Suite struct BlockingCallPoolTests {
    /// Calls that block their thread run side by side on the pool's own threads (four of them here, more than
    /// the cooperative pool has on a small machine), and each caller gets its own result.
    @Test func blockingCallsRunSideBySide() async throws {
        let pool = BlockingCallPool(name: "test-blocking", maximumThreads: 4)
        let started = Locked(0)
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<4 {
                group.addTask {
                    try await pool.run {
                        started.withLock { $0 += 1 }
                        // Blocks this thread until all four calls are running at once (or 10 s pass).
                        let deadline = Date(timeIntervalSinceNow: 10)
                        while started.withLock({ $0 }) < 4 && Date() < deadline { usleep(1000) }
                        return started.withLock { $0 } == 4 ? index : -1
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == [0, 1, 2, 3], "the calls did not all run at the same time: \(results)")
        #expect(pool.threadCount <= 4)
    }

    @Test func errorsReachTheCaller() async throws {
        struct Refused: Error, Equatable {}
        let pool = BlockingCallPool(name: "test-blocking", maximumThreads: 1)
        await #expect(throws: Refused.self) { try await pool.run { throw Refused() } }
        #expect(try await pool.run { 7 } == 7)
    }

    /// More calls than threads queue and all complete; idle threads end after the idle timeout.
    @Test func queuedCallsCompleteAndIdleThreadsEnd() async throws {
        let pool = BlockingCallPool(name: "test-blocking", maximumThreads: 2, idleTimeout: 0.05)
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 1...50 { group.addTask { try await pool.run { usleep(200); return index } } }
            return try await group.reduce(0, +)
        }
        #expect(sum == 1275)
        #expect(pool.threadCount <= 2)
        #expect(await eventually { pool.threadCount == 0 }, "threads still alive: \(pool.threadCount)")
    }
}
