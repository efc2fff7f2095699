import Foundation
import SkiffTesting
import Testing
@testable import SkiffRuntime

@Suite struct RecoveryTests {
    @Test func newRuntimeAdoptsLiveContainersAndReportsVanishedOnes() async throws {
        let first = try await RuntimeFixture()
        let survivor = try await first.start(
            "survivor", ["/bin/sh", "-c", "echo before; trap 'echo after; exit 0' TERM; while :; do sleep 0.05; done"])
        let victim = try await first.start("victim", ["sleep", "1000"])
        let done = try await first.start("done", ["/bin/sh", "-c", "exit 4"])
        try await first.waitForLine(survivor, "before")
        _ = try await first.exited(done)
        guard case .running(let survivorPID, _) = try await first.runtime.containerStatus(survivor),
              case .running(let victimPID, _) = try await first.runtime.containerStatus(victim)
        else {
            Issue.record("containers not running")
            return
        }
        // The agent goes away; one container dies while nobody watches.
        first.runtime.shutdown()
        kill(victimPID, SIGKILL)
        let killDeadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < killDeadline, ProcFS.stat(of: victimPID).map({ !$0.isZombie }) ?? false {
            try await Task.sleep(for: .milliseconds(5))
        }

        let second = try ProcessRuntime(root: first.directory.appending("data").path, stateDirectory: first.runtime.stateDirectory)
        defer { second.shutdown() }
        let recovered = try await second.recover()
        #expect(recovered.count == 3)
        let again = try await second.recover()
        #expect(Set(again.map(\.id)) == Set(recovered.map(\.id)))
        #expect(try await second.listSandboxes().map(\.podUID) == [first.sandbox.podUID])

        #expect(try await second.containerStatus(survivor) == recovered.first { $0.id == survivor }?.state)
        if case .running(let pid, _) = try await second.containerStatus(survivor) { #expect(pid == survivorPID) } else {
            Issue.record("survivor not running after recovery")
        }
        let victimState = try await second.containerStatus(victim)
        #expect(victimState.exitReason == .unknown)
        #expect(victimState.exitCode == 137)
        #expect(try await second.containerStatus(done).exitCode == 4)

        let events = second.events()
        let stopped = try await second.stopContainer(survivor, gracePeriod: .seconds(10))
        #expect(stopped.exitCode == 0)
        #expect(stopped.exitReason == .completed)
        let event = try await withTimeout(20) {
            for await event in events where event.id == survivor { return event }
            throw CancellationError()
        }
        #expect(event.state == stopped)
        var contents: [String] = []
        for try await line in try second.logs(LogRequest(podUID: survivor.podUID, containerName: "survivor", restartCount: 0)) {
            contents.append(line.content)
        }
        // (dash also reports its `sleep` child killed by the group-wide SIGTERM: "Terminated".)
        #expect(contents.first == "before")
        #expect(contents.contains("after"))

        try await second.removeSandbox(podUID: first.sandbox.podUID)
        #expect(!processExists(survivorPID))
        let deadline = ContinuousClock.now + .seconds(5)
        while processExists(victimPID) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!processExists(victimPID), "the killed container was not reaped")
    }
}
