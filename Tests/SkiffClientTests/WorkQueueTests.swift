import SkiffTesting
import Synchronization
import Testing
@testable import SkiffClient

@Suite struct WorkQueueTests {
    @Test func backoffDoublesFromFiveMillisecondsToTheCap() {
        var backoff = ExponentialBackoff<String>()
        #expect(backoff.nextDelay(for: "a") == .milliseconds(5))
        #expect(backoff.nextDelay(for: "a") == .milliseconds(10))
        #expect(backoff.nextDelay(for: "a") == .milliseconds(20))
        #expect(backoff.nextDelay(for: "b") == .milliseconds(5))
        #expect(backoff.failureCount(of: "a") == 3)
        #expect(backoff.delay(exponent: 17) == .milliseconds(655_360))
        #expect(backoff.delay(exponent: 18) == .seconds(1000))
        #expect(backoff.delay(exponent: 500) == .seconds(1000))
        backoff.forget("a")
        #expect(backoff.nextDelay(for: "a") == .milliseconds(5))
    }

    @Test func addDedupes() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        queue.add("b")
        queue.add("a")
        #expect(queue.count == 2)
        #expect(await queue.get() == "a")
        #expect(await queue.get() == "b")
        #expect(queue.count == 0)
    }

    @Test func aKeyBeingProcessedIsNotHandedOutAgainUntilDone() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        #expect(await queue.get() == "a")
        queue.add("a")  // while processing: dirty, not queued
        queue.add("b")
        #expect(queue.count == 1)
        #expect(await queue.get() == "b")
        #expect(queue.count == 0)
        queue.done("a")  // re-queued now
        #expect(queue.count == 1)
        #expect(await queue.get() == "a")
        queue.done("a")
        queue.done("b")
        #expect(queue.count == 0)
        #expect(queue.processingCount == 0)
    }

    @Test func aWaitingWorkerIsWokenByAdd() async {
        let queue = WorkQueue<Int>()
        let worker = Task { await queue.get() }
        try? await Task.sleep(for: .milliseconds(20))
        queue.add(7)
        #expect(await worker.value == 7)
    }

    @Test func rateLimitedKeysComeOutInBackoffOrder() async {
        let queue = WorkQueue<String>()
        for _ in 0..<6 { queue.addRateLimited("slow") }  // one pending add (the earliest time wins)
        #expect(await queue.get() == "slow")
        queue.done("slow")
        queue.addRateLimited("slow")                      // 7th failure waits 5 ms · 2^6 = 320 ms
        queue.addRateLimited("fast")                      // 5 ms
        #expect(queue.numRequeues("slow") == 7)
        #expect(queue.delayedCount == 2)
        #expect(await queue.get() == "fast")
        #expect(await queue.get() == "slow")
        queue.forget("slow")
        #expect(queue.numRequeues("slow") == 0)
    }

    @Test func addAfterKeepsTheEarliestTimeAndDedupesWithTheQueue() async {
        let queue = WorkQueue<String>()
        queue.addAfter("x", delay: .seconds(600))
        queue.addAfter("x", delay: .milliseconds(10))
        queue.addAfter("y", delay: .milliseconds(30))
        #expect(await queue.get() == "x")
        #expect(await queue.get() == "y")
        #expect(queue.delayedCount == 0)
        queue.addAfter("z", delay: .zero)
        #expect(queue.count == 1)
    }

    @Test func shutdownHandsOutQueuedKeysThenNil() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        queue.add("b")
        queue.addAfter("later", delay: .seconds(60))
        #expect(await queue.get() == "a")
        queue.shutDown()
        queue.add("ignored")
        #expect(await queue.get() == "b")
        #expect(await queue.get() == nil)
        #expect(queue.delayedCount == 0)
        let drained = Task { await queue.shutDownWithDrain() }
        queue.done("a")
        queue.done("b")
        await drained.value
        #expect(queue.processingCount == 0)
    }

    @Test func shutdownWakesIdleWorkers() async {
        let queue = WorkQueue<String>()
        let worker = Task { await queue.get() }
        try? await Task.sleep(for: .milliseconds(20))
        queue.shutDown()
        #expect(await worker.value == nil)
    }

    @Test func noKeyIsLostUnderConcurrentAddersAndWorkers() async {
        let queue = WorkQueue<Int>()
        let processed = Locked<[Int: Int]>([:])
        let inFlight = Locked<Set<Int>>([])
        let overlaps = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    _ = worker
                    while let key = await queue.get() {
                        let overlapped = inFlight.withLock { !$0.insert(key).inserted }
                        if overlapped { overlaps.withLock { $0 += 1 } }
                        processed.withLock { $0[key, default: 0] += 1 }
                        await Task.yield()
                        inFlight.withLock { _ = $0.remove(key) }
                        queue.done(key)
                    }
                }
            }
            await withTaskGroup(of: Void.self) { adders in
                for adder in 0..<8 {
                    adders.addTask {
                        for round in 0..<200 {
                            queue.add((adder * 7 + round) % 100)
                            if round % 50 == 0 { await Task.yield() }
                        }
                    }
                }
            }
            await queue.shutDownWithDrain()
        }
        let counts = processed.withLock { $0 }
        #expect(counts.keys.count == 100)        // every key added was processed
        #expect(overlaps.withLock { $0 } == 0)   // never two workers on one key
        #expect(queue.count == 0)
    }
}
