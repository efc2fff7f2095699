import Foundation
import SkiffTesting
import Testing
@testable import SkiffRuntime

@Suite struct ProcessRuntimeTests {
    /// One step for a new pod: the sandbox directory exists and the container ran in it; a second container of
    /// the same pod gets the same sandbox.
    @Test func prepareSandboxAndStartMakesTheSandboxAndStartsInIt() async throws {
        let fixture = try await RuntimeFixture()
        let request = SandboxRequest(podUID: UUID().uuidString.lowercased(), name: "other", namespace: "default", podIP: "127.0.0.2")
        let (sandbox, first) = try await fixture.runtime.prepareSandboxAndStart(
            request, spec: ContainerSpec(name: "first", command: ["/bin/sh", "-c", "pwd"]))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: sandbox.directory, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(sandbox.podUID == request.podUID && sandbox.podIP == "127.0.0.2")
        #expect(try await fixture.exited(first).exitCode == 0)
        #expect(try await fixture.lines(first).map(\.content) == [sandbox.directory])
        let (again, second) = try await fixture.runtime.prepareSandboxAndStart(
            request, spec: ContainerSpec(name: "second", command: ["true"]))
        #expect(again == sandbox)
        #expect(try await fixture.exited(second).exitCode == 0)
        try await fixture.runtime.removeSandbox(podUID: request.podUID)
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory))
        await fixture.tearDown()
    }

    @Test func exitCodeStreamsAndTimestampsAreRecorded() async throws {
        let fixture = try await RuntimeFixture()
        let events = fixture.runtime.events()
        let id = try await fixture.start("main", ["/bin/sh", "-c", "echo hello; echo err >&2; exit 3"])
        let event = try await withTimeout(20) {
            for await event in events where event.id == id { return event }
            throw CancellationError()
        }
        #expect(event.state.exitCode == 3)
        #expect(event.state.exitReason == .error)
        let lines = try await fixture.lines(id)
        #expect(lines.map(\.content).sorted() == ["err", "hello"])
        #expect(lines.first { $0.content == "hello" }?.stream == .stdout)
        #expect(lines.first { $0.content == "err" }?.stream == .stderr)
        let raw = try String(contentsOfFile: fixture.logFile("main"), encoding: .utf8)
        let recordPattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (stdout|stderr) F (hello|err)$/#
        let rawLines = raw.split(separator: "\n")
        #expect(rawLines.count == 2)
        for line in rawLines { #expect(line.wholeMatch(of: recordPattern) != nil, "\(line)") }
        if case .exited(_, _, _, let startedAt, let finishedAt) = event.state { #expect(startedAt <= finishedAt) }
        await fixture.tearDown()
    }

    @Test func stopSendsTermToTheProcessGroup() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.start("sleeper", ["sleep", "1000"])
        let running = try await fixture.runtime.containerStatus(id)
        guard case .running(let pid, _) = running else {
            Issue.record("not running: \(running)")
            return
        }
        #expect(processExists(pid))
        let state = try await fixture.runtime.stopContainer(id, gracePeriod: .seconds(10))
        #expect(state.exitCode == 143)
        if case .exited(_, let signal, let reason, _, _) = state {
            #expect(signal == SIGTERM)
            #expect(reason == .error)
        }
        // Stopping again is a no-op returning the same state.
        #expect(try await fixture.runtime.stopContainer(id, gracePeriod: .seconds(1)) == state)
        #expect(!processExists(pid))
        await fixture.tearDown()
    }

    @Test func processIgnoringTermIsKilledAfterTheGracePeriod() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.start("stubborn", ["/bin/sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"])
        try await fixture.waitForLine(id, "ready")
        let started = ContinuousClock.now
        let state = try await fixture.runtime.stopContainer(id, gracePeriod: .milliseconds(300))
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(state.exitCode == 137)
        if case .exited(_, let signal, _, _, _) = state { #expect(signal == SIGKILL) }
        await fixture.tearDown()
    }

    @Test func removeSandboxKillsGrandchildren() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.start("parent", ["/bin/sh", "-c", "sleep 1000 & sleep 1000"])
        var pids: [Int32] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            pids = try fixture.runtime.processIDs(of: id)
            if pids.count >= 3 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(pids.count == 3, "sh and two sleeps: \(pids)")
        try await fixture.runtime.removeSandbox(podUID: fixture.sandbox.podUID)
        for pid in pids { #expect(!processExists(pid), "pid \(pid) survived") }
        #expect(!FileManager.default.fileExists(atPath: fixture.sandbox.directory))
        #expect(try await fixture.runtime.listContainers(podUID: fixture.sandbox.podUID).isEmpty)
        // Removing again is fine.
        try await fixture.runtime.removeSandbox(podUID: fixture.sandbox.podUID)
        fixture.runtime.shutdown()
    }

    @Test func mainProcessExitKillsTheRestOfTheContainer() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.start("leaver", ["/bin/sh", "-c", "sleep 1000 & echo $!; exit 0"])
        let state = try await fixture.exited(id)
        #expect(state.exitReason == .completed)
        let firstLine = try await fixture.lines(id).first?.content ?? ""
        let background = try #require(Int32(firstLine))
        let deadline = ContinuousClock.now + .seconds(5)
        while processExists(background) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!processExists(background))
        await fixture.tearDown()
    }

    @Test func environmentAndWorkingDirectoryAreExactlyAsGiven() async throws {
        let fixture = try await RuntimeFixture()
        let work = fixture.directory.appending("work").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // (Names that are not shell identifiers pass too: no shell between the runtime and the command.)
        let environment = [EnvironmentVariable("FOO", "bar baz"), EnvironmentVariable("PATH", "/usr/bin:/bin"), EnvironmentVariable("A.B", "dotted")]
        let env = try await fixture.start("env", ["env"], environment: environment)
        let pwd = try await fixture.start("pwd", ["pwd"], environment: environment, workingDirectory: work)
        #expect(try await fixture.exited(env).exitCode == 0)
        #expect(try await fixture.exited(pwd).exitCode == 0)
        #expect(try await fixture.lines(env).map(\.content).sorted() == ["A.B=dotted", "FOO=bar baz", "PATH=/usr/bin:/bin"])
        #expect(try await fixture.lines(pwd).map(\.content) == [work])
        await #expect(throws: ContainerRuntimeError.executableNotFound("no-such-command")) {
            _ = try await fixture.start("missing", ["no-such-command"])
        }
        await #expect(throws: ContainerRuntimeError.alreadyStarted(env)) {
            _ = try await fixture.start("env", ["env"], environment: environment)
        }
        await fixture.tearDown()
    }

    /// A python3 program that listens on `address` (port 0) and sleeps. (Not `http.server`: it resolves the
    /// host name between bind and listen, which can stall for seconds without DNS.)
    static func listener(_ python: String, family: String, address: String) -> [String] {
        [python, "-c", "import socket, time; s = socket.socket(socket.\(family)); s.bind(('\(address)', 0)); s.listen(); time.sleep(1000)"]
    }

    @Test func wildcardListenersAreDetected() async throws {
        let python = try pythonExecutable()
        let fixture = try await RuntimeFixture()
        let wildcard = try await fixture.start("wild", Self.listener(python, family: "AF_INET", address: "0.0.0.0"))
        let wildcard6 = try await fixture.start("wild6", Self.listener(python, family: "AF_INET6", address: "::"))
        let loopback = try await fixture.start("local", Self.listener(python, family: "AF_INET", address: "127.0.0.1"))
        func sockets(_ id: ContainerID) async throws -> [ListeningSocket] {
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                let found = try fixture.runtime.listeningSockets(of: id)
                if !found.isEmpty { return found }
                try await Task.sleep(for: .milliseconds(20))
            }
            let status = try await fixture.runtime.containerStatus(id)
            let log = try await fixture.lines(id).map(\.content)
            Issue.record("no listening socket for \(id): \(status) log \(log)")
            return []
        }
        let wild = try await sockets(wildcard)
        let wild6 = try await sockets(wildcard6)
        let local = try await sockets(loopback)
        #expect(wild.count == 1 && wild.allSatisfy { $0.isWildcard && $0.address == "0.0.0.0" && $0.port > 0 }, "\(wild)")
        #expect(wild6.count == 1 && wild6.allSatisfy { $0.isWildcard && $0.address == "::" && $0.port > 0 }, "\(wild6)")
        #expect(local.count == 1 && local.allSatisfy { !$0.isWildcard && $0.address == "127.0.0.1" }, "\(local)")
        let wildPIDs = try fixture.runtime.processIDs(of: wildcard)
        #expect(ListeningSockets.wildcardPorts(pids: wildPIDs) == wild.map(\.port), "\(wildPIDs): \(ListeningSockets.find(pids: wildPIDs))")
        #expect(ListeningSockets.wildcardPorts(pids: try fixture.runtime.processIDs(of: loopback)).isEmpty)
        await fixture.tearDown()
    }

    @Test func memoryLimitOverrunIsOOMKilled() async throws {
        let fixture = try await RuntimeFixture()
        guard fixture.runtime.cgroupSupport.isAvailable else {
            print("skipping OOM test: \(fixture.runtime.cgroupSupport)")
            await fixture.tearDown()
            return
        }
        let python = try pythonExecutable()
        let id = try await fixture.start(
            "hog", [python, "-c", "b = bytearray(300 * 1024 * 1024); print('survived')"], memoryLimitBytes: 64 * 1024 * 1024)
        let state = try await fixture.exited(id)
        #expect(state.exitCode == 137, "\(state)")
        #expect(state.exitReason == .oomKilled, "\(state)")
        #expect(try await fixture.lines(id).allSatisfy { $0.content != "survived" })
        await fixture.tearDown()
    }

    @Test func limitsAreWrittenToTheContainerCgroupBeforeTheCommandRuns() async throws {
        let fixture = try await RuntimeFixture()
        guard case .v1 = fixture.runtime.cgroupSupport else {
            print("skipping cgroup v1 limit test: \(fixture.runtime.cgroupSupport)")
            await fixture.tearDown()
            return
        }
        let id = try await fixture.runtime.startContainer(in: fixture.sandbox, spec: ContainerSpec(
            name: "limited", command: ["/bin/sh", "-c", "cat /proc/self/cgroup; sleep 1000"],
            memoryLimitBytes: 64 * 1024 * 1024, cpuLimitMillis: 500, cpuRequestMillis: 250))
        let data = try #require(FileManager.default.contents(atPath: "\(fixture.runtime.stateDirectory)/\(fixture.sandbox.podUID)/limited_0.json"))
        let record = try JSONDecoder().decode(ContainerRecord.self, from: data)
        let cgroup = try #require(record.cgroup)
        // v1: joined through `tasks` (no wait for an RCU grace period), which moved the whole single-threaded child.
        #expect(cgroup.joinFiles.allSatisfy { $0.hasSuffix("/tasks") })
        func value(_ path: String) -> String? { CgroupFiles.read(path)?.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(value("\(cgroup.paths[0])/memory.limit_in_bytes") == "67108864")
        if cgroup.paths.count > 1 {
            #expect(value("\(cgroup.paths[1])/cpu.cfs_quota_us") == "50000")
            #expect(value("\(cgroup.paths[1])/cpu.shares") == "256")
        }
        // `cat` ran inside the container: it already was in the memory cgroup.
        var memoryLine: String?
        let deadline = ContinuousClock.now + .seconds(20)
        while memoryLine == nil, ContinuousClock.now < deadline {
            memoryLine = try await fixture.lines(id).map(\.content).first { $0.contains(":memory:") }
            if memoryLine == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let leaf = "/pod\(fixture.sandbox.podUID)_limited_0"  // v1: flat, one level per container
        #expect(memoryLine?.hasSuffix(leaf) == true, "\(memoryLine ?? "no memory line")")
        #expect(try fixture.runtime.processIDs(of: id).allSatisfy { cgroup.pids().contains($0) })
        await fixture.tearDown()
        #expect(!FileManager.default.fileExists(atPath: cgroup.paths[0]), "cgroup not removed")
    }

    @Test func withoutCgroupsTheCommandIsSpawnedDirectly() async throws {
        let fixture = try await RuntimeFixture(cgroupSupport: .unavailable(reason: "disabled by the test"))
        let id = try await fixture.start(
            "direct", ["/bin/sh", "-c", "echo $0; echo \"$ONLY\"; kill -TERM $$"], environment: [EnvironmentVariable("ONLY", "me")],
            memoryLimitBytes: 1024)
        let state = try await fixture.exited(id)
        #expect(state.exitCode == 143)
        #expect(try await fixture.lines(id).map(\.content) == ["/bin/sh", "me"])
        await fixture.tearDown()
    }

    @Test func containersAreListedAlikeFromMemoryAndFromTheStateDirectory() async throws {
        let fixture = try await RuntimeFixture()
        let first = try await fixture.start("app", ["/bin/sh", "-c", "exit 2"])
        _ = try await fixture.exited(first)
        let second = try await fixture.start("app", ["sleep", "1000"], restartCount: 1)
        let sidecar = try await fixture.start("sidecar", ["sleep", "1000"])
        let listed = try await fixture.runtime.listContainers(podUID: fixture.sandbox.podUID)
        #expect(Set(listed.map(\.id)) == [first, second, sidecar])
        #expect(listed.first { $0.id == first }?.state.exitCode == 2)
        #expect(listed.first { $0.id == second }?.state.isRunning == true)
        // Another instance over the same root, before any recover(), reads the records.
        let reader = try ProcessRuntime(
            root: fixture.directory.appending("data").path, stateDirectory: fixture.runtime.stateDirectory)
        let fromDisk = try await reader.listContainers(podUID: fixture.sandbox.podUID)
        #expect(Set(fromDisk) == Set(listed))
        #expect(try await reader.listContainers(podUID: nil).count == 3)
        reader.shutdown()
        await fixture.tearDown()
        #expect(try await fixture.runtime.listContainers(podUID: fixture.sandbox.podUID).isEmpty)
    }

    @Test func unknownSandboxIsAnError() async throws {
        let fixture = try await RuntimeFixture()
        var other = fixture.sandbox
        other.podUID = "not-prepared"
        await #expect(throws: ContainerRuntimeError.unknownSandbox("not-prepared")) {
            _ = try await fixture.runtime.startContainer(in: other, spec: ContainerSpec(name: "x", command: ["true"]))
        }
        #expect(try await fixture.runtime.prepareSandbox(SandboxRequest(
            podUID: fixture.sandbox.podUID, name: "pod", namespace: "default", podIP: "127.0.0.1")) == fixture.sandbox)
        await fixture.tearDown()
    }

    @Test func unlimitedContainerIsNotOOMKilled() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.start("killed", ["/bin/sh", "-c", "kill -9 $$"], memoryLimitBytes: 64 * 1024 * 1024)
        let state = try await fixture.exited(id)
        #expect(state.exitCode == 137)
        #expect(state.exitReason == .error)
        await fixture.tearDown()
    }
}
