import Foundation
import SkiffTesting
import Testing
@testable import SkiffRuntime

@Suite struct StateDirectoryTests {
    @Test func stateIsOutsideTheDataDirectoryByDefaultAndAdoptionFindsItAgain() async throws {
        let first = try await RuntimeFixture(defaultStateDirectory: true)
        let root = first.directory.appending("data").path
        let realRoot = try #require(RuntimeStateDirectory.realPath(root))
        let state = first.runtime.stateDirectory
        #expect(!state.hasPrefix(realRoot + "/") && !state.hasPrefix(root + "/"), "\(state) is under the data directory")
        if RuntimeStateDirectory.isTmpfs("/dev/shm") {
            #expect(RuntimeStateDirectory.isTmpfs(state), "\(state) is not on tmpfs")
        }
        // Another data directory never shares it.
        let other = try TemporaryDirectory(prefix: "skiff-runtime-other")
        let otherRuntime = try ProcessRuntime(root: other.appending("data").path, cgroupSupport: .unavailable(reason: "test"))
        #expect(otherRuntime.stateDirectory != state)
        otherRuntime.shutdown()
        #expect(!FileManager.default.fileExists(atPath: otherRuntime.stateDirectory), "an unused state directory was left behind")

        let id = try await first.start("app", ["/bin/sh", "-c", "echo one; trap 'echo two; exit 0' TERM; while :; do sleep 0.05; done"])
        try await first.waitForLine(id, "one")
        // Records and FIFOs are in the state directory; on disk only the (empty) sandbox and the log.
        let podState = "\(state)/\(first.sandbox.podUID)"
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: podState)) == ["sandbox.json", "app_0.json", "app_0.stdout", "app_0.stderr"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.sandbox.directory) == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.logDirectory) == ["\(first.sandbox.podUID)_app_0.log"])
        guard case .running(let pid, _) = try await first.runtime.containerStatus(id) else {
            Issue.record("not running")
            return
        }
        first.runtime.shutdown()
        #expect(FileManager.default.fileExists(atPath: podState), "state of a live sandbox removed at shutdown")

        // A new runtime over the same root (no state directory given) finds the same state and adopts.
        let second = try ProcessRuntime(root: root)
        #expect(second.stateDirectory == state)
        let recovered = try await second.recover()
        #expect(recovered.map(\.id) == [id])
        if case .running(let adopted, _) = try await second.containerStatus(id) { #expect(adopted == pid) } else {
            Issue.record("not adopted")
        }
        let stopped = try await second.stopContainer(id, gracePeriod: .seconds(10))
        #expect(stopped.exitCode == 0)
        var contents: [String] = []
        for try await line in try second.logs(LogRequest(podUID: id.podUID, containerName: "app", restartCount: 0)) {
            contents.append(line.content)
        }
        #expect(contents.first == "one")
        #expect(contents.contains("two"))

        try await second.removeSandbox(podUID: first.sandbox.podUID)
        #expect(!FileManager.default.fileExists(atPath: podState))
        #expect(!FileManager.default.fileExists(atPath: first.sandbox.directory))
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.logDirectory) == [])
        second.shutdown()
        #expect(!FileManager.default.fileExists(atPath: state), "state directory left behind")
    }

    @Test func sandboxDirectoriesWithoutStateAreListedAndRemovable() async throws {
        // A reboot clears the state directory (tmpfs) but not the sandbox directories on disk.
        let fixture = try await RuntimeFixture(cgroupSupport: .unavailable(reason: "test"))
        let id = try await fixture.start("app", ["/bin/sh", "-c", "echo before-reboot"])
        _ = try await fixture.exited(id)
        fixture.runtime.shutdown()
        try FileManager.default.removeItem(atPath: fixture.runtime.stateDirectory)

        let rebooted = try ProcessRuntime(
            root: fixture.directory.appending("data").path, stateDirectory: fixture.runtime.stateDirectory,
            cgroupSupport: .unavailable(reason: "test"))
        #expect(try await rebooted.recover().isEmpty)
        let listed = try await rebooted.listSandboxes()
        #expect(listed.map(\.podUID) == [fixture.sandbox.podUID])
        #expect(listed.first?.directory == fixture.sandbox.directory)
        #expect(listed.first?.podIP == "")
        // The pod still exists: preparing it again keeps the directory (and its logs).
        let again = try await rebooted.prepareSandbox(SandboxRequest(
            podUID: fixture.sandbox.podUID, name: "pod", namespace: "default", podIP: "127.0.0.2"))
        #expect(again.directory == fixture.sandbox.directory)
        #expect(FileManager.default.fileExists(atPath: fixture.logFile("app")))
        #expect(try await rebooted.listSandboxes().map(\.podIP) == ["127.0.0.2"])
        try await rebooted.removeSandbox(podUID: fixture.sandbox.podUID)
        #expect(!FileManager.default.fileExists(atPath: fixture.sandbox.directory))
        #expect(!FileManager.default.fileExists(atPath: fixture.logFile("app")))
        #expect(try await rebooted.listSandboxes().isEmpty)
        rebooted.shutdown()
    }

    @Test func identifierIsStableAndDistinguishesPaths() {
        #expect(RuntimeStateDirectory.identifier(of: "/var/lib/skiff/runtime") == RuntimeStateDirectory.identifier(of: "/var/lib/skiff/runtime"))
        #expect(RuntimeStateDirectory.identifier(of: "/a/runtime") != RuntimeStateDirectory.identifier(of: "/b/runtime"))
        #expect(RuntimeStateDirectory.identifier(of: "").count == 16)
    }

    @Test func foreignStateDirectoriesAreNotClaimed() throws {
        let directory = try TemporaryDirectory(prefix: "skiff-state-claim")
        let candidate = directory.appending("state").path
        #expect(RuntimeStateDirectory.claim(candidate, root: "/data/one"))
        #expect(RuntimeStateDirectory.claim(candidate, root: "/data/one"), "its own directory again")
        #expect(!RuntimeStateDirectory.claim(candidate, root: "/data/two"), "another root's directory")
        let open = directory.appending("open").path
        #expect(mkdir(open, 0o777) == 0 && chmod(open, 0o777) == 0)
        #expect(!RuntimeStateDirectory.claim(open, root: "/data/one"), "a directory others can write")
        let link = directory.appending("link").path
        #expect(symlink(candidate, link) == 0)
        #expect(!RuntimeStateDirectory.claim(link, root: "/data/one"), "a symbolic link")
    }
}
