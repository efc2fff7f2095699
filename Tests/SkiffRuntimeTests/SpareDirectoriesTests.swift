import Foundation
import SkiffTesting
import Testing
@testable import SkiffRuntime

/// Serialized: the runtime tests share the machine's spare cgroups (one parent per cgroup hierarchy).
@Suite(.serialized) struct SpareDirectoriesTests {
    private func entries(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// Spares are made up to the target, handed out by rename, refused for a name that exists, and found again
    /// by a later instance over the same parent.
    @Test func sparesAreMadeTakenAndFoundAgain() throws {
        let directory = try TemporaryDirectory(prefix: "skiff-spares")
        let parent = directory.url.path
        let spares = SpareDirectories(parent: parent, prefix: "_spare-", target: 3)
        #expect(spares.count == 0)
        #expect(!spares.take(as: "\(parent)/a"), "took a spare that was never made")
        spares.replenish()
        #expect(spares.count == 3)
        #expect(entries(parent).filter { $0.hasPrefix("_spare-") }.count == 3)

        #expect(spares.take(as: "\(parent)/a"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: "\(parent)/a", isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(spares.count == 2)
        // An existing name keeps its directory (and contents); no spare is used.
        FileManager.default.createFile(atPath: "\(parent)/a/kept", contents: Data("x".utf8))
        #expect(!spares.take(as: "\(parent)/a"))
        #expect(FileManager.default.fileExists(atPath: "\(parent)/a/kept"))
        #expect(spares.count == 2)

        // A spare removed behind its back is skipped.
        let names = entries(parent).filter { $0.hasPrefix("_spare-") }
        #expect(rmdir("\(parent)/\(names[0])") == 0)
        #expect(spares.take(as: "\(parent)/b"))
        #expect(!spares.take(as: "\(parent)/c"))
        #expect(spares.count == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(parent)/c"))

        spares.replenish()
        let later = SpareDirectories(parent: parent, prefix: "_spare-", target: 3)
        #expect(later.count == 3)
        later.replenish()
        #expect(entries(parent).filter { $0.hasPrefix("_spare-") }.count == 3, "made more than the target: \(entries(parent))")
        later.close(removingSpares: true)
        #expect(entries(parent) == ["a", "b"])
        later.replenish()
        #expect(entries(parent) == ["a", "b"], "made spares after close")
    }

    /// A runtime with spares makes them in the background, gives a new pod one as its sandbox directory (and,
    /// on cgroup v1, its container a spare memory cgroup with the limit written), never lists spares as
    /// sandboxes, and makes them again after the pod is removed.
    @Test func aRuntimeStartsPodsInSpareDirectories() async throws {
        let fixture = try await RuntimeFixture(spareDirectories: 3)
        let pods = fixture.runtime.root + "/pods"
        func spareCount() -> Int { entries(pods).filter { $0.hasPrefix(RuntimeLayout.sparePrefix) }.count }
        // The fixture's sandbox may or may not have found a spare ready; removing it makes them up to 3 either way.
        try await fixture.runtime.removeSandbox(podUID: fixture.sandbox.podUID)
        #expect(spareCount() == 3)

        let request = SandboxRequest(podUID: UUID().uuidString.lowercased(), name: "spare", namespace: "default", podIP: "127.0.0.3")
        let (sandbox, id) = try await fixture.runtime.prepareSandboxAndStart(request, spec: ContainerSpec(
            name: "main", command: ["/bin/sh", "-c", "pwd; cat /proc/self/cgroup"], memoryLimitBytes: 32 * 1024 * 1024))
        #expect(sandbox.directory == "\(pods)/\(request.podUID)")
        #expect(spareCount() == 2)
        #expect(try await fixture.exited(id).exitCode == 0)
        let lines = try await fixture.lines(id).map(\.content)
        #expect(lines.first == sandbox.directory)
        if case .v1 = fixture.runtime.cgroupSupport {
            let memoryLine = lines.first { $0.contains(":memory:") }
            #expect(memoryLine?.hasSuffix("/pod\(request.podUID)_main_0") == true, "\(lines)")
        }
        let listed = try await fixture.runtime.listSandboxes().map(\.podUID)
        #expect(listed == [request.podUID], "\(listed)")

        try await fixture.runtime.removeSandbox(podUID: request.podUID)
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory))
        #expect(spareCount() == 3)
        await fixture.tearDown()
    }

    /// The limit lands in a memory cgroup that came from a spare (cgroup v1).
    @Test func aSpareCgroupGetsTheContainersLimit() async throws {
        let fixture = try await RuntimeFixture(spareDirectories: 2)
        guard case .v1(let memoryBase, _) = fixture.runtime.cgroupSupport else {
            print("skipping the spare cgroup test: \(fixture.runtime.cgroupSupport) (spare cgroups are v1 only)")
            await fixture.tearDown()
            return
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while entries(memoryBase).filter({ $0.hasPrefix("spare-") }).count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        let sparesBefore = Set(entries(memoryBase).filter { $0.hasPrefix("spare-") })
        #expect(sparesBefore.count >= 2)
        let id = try await fixture.runtime.startContainer(in: fixture.sandbox, spec: ContainerSpec(
            name: "limited", command: ["sleep", "1000"], memoryLimitBytes: 48 * 1024 * 1024))
        let sparesAfter = Set(entries(memoryBase).filter { $0.hasPrefix("spare-") })
        #expect(sparesAfter.count == sparesBefore.count - 1, "no spare cgroup was used: \(sparesBefore) → \(sparesAfter)")
        let path = "\(memoryBase)/pod\(fixture.sandbox.podUID)_limited_0"
        #expect(CgroupFiles.read("\(path)/memory.limit_in_bytes")?.trimmingCharacters(in: .whitespacesAndNewlines) == "50331648")
        let leaf = "/pod\(fixture.sandbox.podUID)_limited_0"
        let pids = try fixture.runtime.processIDs(of: id)
        #expect(!pids.isEmpty && pids.allSatisfy { memoryCgroup(of: $0)?.hasSuffix(leaf) == true })
        await fixture.tearDown()
        #expect(!FileManager.default.fileExists(atPath: path), "cgroup not removed")
    }

    /// Field by field, with a command name holding spaces and parentheses.
    @Test func statLinesParse() throws {
        let line = "4242 (a (b) c) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
        let parsed = try #require(ProcessStat(statLine: line))
        #expect(parsed.pid == 4242 && parsed.state == "S" && parsed.parent == 17 && parsed.processGroup == 4242)
        #expect(parsed.startTime == 987_654)
        #expect(ProcessStat(statLine: "4242 (x) Z 1 2") == nil, "a truncated line parsed")
        let own = try #require(ProcFS.stat(of: getpid()))
        #expect(own.pid == getpid() && own.parent == getppid() && own.startTime > 0)
    }

    /// The memory cgroup of a process, from `/proc/<pid>/cgroup` (v1: `<id>:memory:<path>`).
    private func memoryCgroup(of pid: Int32) -> String? {
        for line in (ProcFS.readFile("/proc/\(pid)/cgroup") ?? "").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, parts[1].split(separator: ",").contains("memory") { return String(parts[2]) }
        }
        return nil
    }
}
