import Foundation
import SkiffTesting
import Testing
@testable import SkiffRuntime

@Suite struct SpawnTests {
    /// The container starts with default dispositions and an empty mask whatever the agent ignores or blocks,
    /// in its own process group, with descriptors 0-2 only.
    @Test func childStartsCleanWhateverTheAgentIgnores() async throws {
        signal(SIGPIPE, SIG_IGN)  // what server processes do; must not reach containers
        let fixture = try await RuntimeFixture()
        let status = try await fixture.start("status", ["cat", "/proc/self/status"])
        let stat = try await fixture.start("stat", ["cat", "/proc/self/stat"])
        let descriptors = try await fixture.start("fds", ["ls", "/proc/self/fd"])
        #expect(try await fixture.exited(status).exitCode == 0)
        #expect(try await fixture.exited(stat).exitCode == 0)
        #expect(try await fixture.exited(descriptors).exitCode == 0)
        let fields = Dictionary(try await fixture.lines(status).map(\.content).compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }, uniquingKeysWith: { first, _ in first })
        #expect(fields["SigIgn"] == "0000000000000000")
        #expect(fields["SigBlk"] == "0000000000000000")
        let statLine = try #require(try await fixture.lines(stat).first?.content)
        let parsed = try #require(ProcessStat(statLine: statLine))
        #expect(parsed.processGroup == parsed.pid, "not a process group leader: \(statLine)")
        // ls's own directory descriptor is 3.
        #expect(try await fixture.lines(descriptors).map(\.content) == ["0", "1", "2", "3"])
        await fixture.tearDown()
    }

    @Test func aCgroupTheChildCannotJoinFailsTheSpawn() throws {
        let directory = try TemporaryDirectory(prefix: "skiff-spawn")
        let output = directory.appending("out").path
        #expect(mkfifo(output, 0o600) == 0)
        let missing = directory.appending("no-such-cgroup/cgroup.procs").path
        #expect(throws: ContainerRuntimeError.spawnFailed("/bin/true in cgroup \(missing)", errno: ENOENT)) {
            _ = try ProcessSpawner.spawn(SpawnRequest(
                executable: "/bin/true", arguments: [], environment: [], workingDirectory: directory.url.path,
                stdoutFIFO: output, stderrFIFO: output, cgroupJoinFiles: [missing]))
        }
        #expect(throws: ContainerRuntimeError.spawnFailed("\(directory.url.path)/missing", errno: ENOENT)) {
            _ = try ProcessSpawner.spawn(SpawnRequest(
                executable: "\(directory.url.path)/missing", arguments: [], environment: [], workingDirectory: directory.url.path,
                stdoutFIFO: output, stderrFIFO: output, cgroupJoinFiles: []))
        }
    }
}
