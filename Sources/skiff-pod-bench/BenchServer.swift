import Foundation
import SkiffClient
import SkiffModel
import SkiffTesting

/// One `skiff server` child process (API server, scheduler and node agent) in a temp dir on a free loopback
/// port, for one benchmark run; stopped with SIGTERM by PID.
final class BenchServer: Sendable {
    let nodeName: String
    let port: Int
    let transport: HTTPTransport
    private let process: Process
    private let directory: TemporaryDirectory
    private let spawnedAt: UInt64

    init(binary: String, nodeName: String) throws {
        self.nodeName = nodeName
        directory = try TemporaryDirectory(prefix: "skiff-pod-bench")
        port = FreePort.find()
        let log = FileManager.default.createFile(atPath: directory.appending("server.log").path, contents: nil)
            ? try FileHandle(forWritingTo: directory.appending("server.log")) : nil
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["server", "--data-dir", directory.appending("data").path, "--port", String(port),
                             "--node-name", nodeName]
        process.standardOutput = log
        process.standardError = log
        transport = HTTPTransport(serverURL: "http://127.0.0.1:\(port)", maximumConnectionsPerHost: 32)
        spawnedAt = monotonicNanoseconds()
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Seconds from spawning the server until its Node's Ready condition is True (polled every 5 ms).
    func waitForNodeReady(timeout: Duration = .seconds(30)) async throws -> Double {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let (status, body) = try? await transport.send(
                TransportRequest(method: "GET", path: "/api/v1/nodes/\(nodeName)"), timeout: .seconds(1), maximumBodyBytes: 1 << 20),
                status == 200, let node = try? JSONParser.parse(body), WatchLine.isReady(node) {
                return Double(monotonicNanoseconds() - spawnedAt) / 1e9
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw BenchFailure("node \(nodeName) never became Ready; see \(directory.appending("server.log").path)")
    }

    /// Resident set size of the server process, in kB.
    var residentKilobytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
    }

    /// User + system CPU of the server process (all threads) so far, in ms.
    var cpuMilliseconds: Double {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// SIGTERM, up to 20 s for the server to exit, then SIGKILL; removes the temp dir.
    func stop() async {
        if process.isRunning {
            kill(pid, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(20)
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning { kill(pid, SIGKILL) }
        }
        try? await transport.shutdown()
        directory.remove()
    }
}

/// A benchmark run that could not complete.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
