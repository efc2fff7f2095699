import Foundation
import SkiffTesting
import Testing
@testable import SkiffRuntime

/// A process runtime over a fresh temp root with one prepared sandbox. Its state directory is in the temp
/// directory too (nothing is left in /dev/shm when a test fails), unless `defaultStateDirectory` is set.
final class RuntimeFixture: Sendable {
    let directory: TemporaryDirectory
    let runtime: ProcessRuntime
    let sandbox: Sandbox

    init(
        directory: TemporaryDirectory? = nil, cgroupSupport: CgroupSupport? = nil, defaultStateDirectory: Bool = false,
        spareDirectories: Int = 0
    ) async throws {
        self.directory = try directory ?? TemporaryDirectory(prefix: "skiff-runtime")
        runtime = try ProcessRuntime(
            root: self.directory.appending("data").path,
            stateDirectory: defaultStateDirectory ? nil : self.directory.appending("state").path, cgroupSupport: cgroupSupport,
            spareDirectories: spareDirectories)
        sandbox = try await runtime.prepareSandbox(
            SandboxRequest(podUID: UUID().uuidString.lowercased(), name: "pod", namespace: "default", podIP: "127.0.0.1"))
    }

    /// Removes the sandbox (killing everything) and stops the runtime.
    func tearDown() async {
        try? await runtime.removeSandbox(podUID: sandbox.podUID)
        runtime.shutdown()
    }

    func start(_ name: String, _ command: [String], restartCount: Int = 0, environment: [EnvironmentVariable] = [],
               workingDirectory: String? = nil, memoryLimitBytes: Int64? = nil, log: LogSettings = LogSettings()) async throws -> ContainerID {
        try await runtime.startContainer(in: sandbox, spec: ContainerSpec(
            name: name, command: command, environment: environment, workingDirectory: workingDirectory,
            memoryLimitBytes: memoryLimitBytes, restartCount: restartCount, log: log))
    }

    func exited(_ id: ContainerID) async throws -> ContainerState {
        try #require(await runtime.waitForExit(id, timeout: .seconds(20)))
    }

    func lines(_ id: ContainerID, previous: Bool = false, tail: Int? = nil, since: Timestamp? = nil) async throws -> [LogLine] {
        var lines: [LogLine] = []
        for try await line in try runtime.logs(LogRequest(
            podUID: id.podUID, containerName: id.name, restartCount: id.restartCount, previous: previous, tailLines: tail, since: since)) {
            lines.append(line)
        }
        return lines
    }

    /// Polls the log until a line with `content` shows up.
    func waitForLine(_ id: ContainerID, _ content: String) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if (try? await lines(id))?.contains(where: { $0.content == content }) == true { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no log line \(content)")
    }

    /// The runtime's log directory (files `<podUID>_<name>_<restartCount>.log`).
    var logDirectory: String { runtime.root + "/logs" }

    /// The current log file of one of the sandbox's containers.
    func logFile(_ name: String, restartCount: Int = 0) -> String { "\(logDirectory)/\(sandbox.podUID)_\(name)_\(restartCount).log" }
}

/// Whether a process exists at all (zombies included).
func processExists(_ pid: Int32) -> Bool {
    FileManager.default.fileExists(atPath: "/proc/\(pid)")
}

/// The real python3 binary (not a shell shim), found through this process's PATH.
func pythonExecutable() throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    try #require(process.terminationStatus == 0 && !path.isEmpty, "python3 not found")
    return path
}

/// Runs `operation` or fails after `seconds`.
func withTimeout<T: Sendable>(_ seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw CancellationError()
        }
        return value
    }
}
