import Foundation
import SkiffStore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a test etcd could not be started.
public struct EtcdProcessError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// A single-member etcd on free loopback ports, for tests and benchmarks.
///
/// Runs Debian's `etcd` binary (package `etcd-server`; override the path with `SKIFF_ETCD_BINARY`)
/// with its data in `dataDirectory` and its output in `dataDirectory/etcd.log`. ``start(dataDirectory:)``
/// returns once etcd answers gRPC requests. ``stop()`` kills it (SIGKILL, like a crash) and reaps it;
/// releasing the object does the same.
public final class EtcdProcess: Sendable {
    /// The client URL, e.g. `http://127.0.0.1:41234`.
    public let endpoint: String
    /// The client port.
    public let clientPort: Int
    /// etcd's `--data-dir`.
    public let dataDirectory: URL
    /// Where etcd's stdout and stderr go.
    public let logFile: URL
    /// The process id (also after it was stopped).
    public let pid: Int32

    private let running: Mutex<Bool>

    private init(endpoint: String, clientPort: Int, dataDirectory: URL, logFile: URL, pid: Int32) {
        self.endpoint = endpoint
        self.clientPort = clientPort
        self.dataDirectory = dataDirectory
        self.logFile = logFile
        self.pid = pid
        self.running = Mutex(true)
    }

    deinit {
        stop()
    }

    /// How long ``start(dataDirectory:)`` waits for etcd to answer.
    public static let startTimeout: Duration = .seconds(30)

    /// Starts etcd on fresh loopback ports and waits until it serves requests.
    ///
    /// - Throws: ``EtcdProcessError`` when `etcd` is not installed (the message says how to install it),
    ///   cannot be launched, exits early or does not answer within ``startTimeout``.
    public static func start(dataDirectory: URL) async throws -> EtcdProcess {
        let binary = try findBinary()
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        var lastError: EtcdProcessError?
        // A port found free may be taken before etcd binds it; try again with new ports then.
        for _ in 0..<3 {
            let process = try launch(binary: binary, dataDirectory: dataDirectory)
            do {
                try await process.waitUntilServing()
                return process
            } catch let error as EtcdProcessError {
                process.stop()
                lastError = error
                let log = (try? String(contentsOf: process.logFile, encoding: .utf8)) ?? ""
                if !log.contains("address already in use") { throw error }
                // Start over: the member directory may already name the ports that were taken.
                try? FileManager.default.removeItem(at: dataDirectory.appendingPathComponent("member"))
            }
        }
        throw lastError ?? EtcdProcessError(description: "etcd did not start")
    }

    /// Kills etcd with SIGKILL and reaps it. Safe to call more than once.
    public func stop() {
        let wasRunning = running.withLock { running in
            defer { running = false }
            return running
        }
        guard wasRunning else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    /// Whether the process is still alive (reaps it if it has exited).
    public var isRunning: Bool {
        running.withLock { running in
            guard running else { return false }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result == -1 && errno == ECHILD) { running = false }
            return running
        }
    }

    // MARK: - Launching

    private static func findBinary() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["SKIFF_ETCD_BINARY"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw EtcdProcessError(description: "SKIFF_ETCD_BINARY=\(explicit) is not an executable file")
            }
            return explicit
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/etcd" } + ["/usr/bin/etcd", "/usr/local/bin/etcd"]
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return found
        }
        throw EtcdProcessError(
            description: "etcd is not installed (no `etcd` on PATH); install it with `apt-get install etcd-server`")
    }

    private static func launch(binary: String, dataDirectory: URL) throws -> EtcdProcess {
        let clientPort = FreePort.find()
        var peerPort = FreePort.find()
        while peerPort == clientPort { peerPort = FreePort.find() }
        let client = "http://127.0.0.1:\(clientPort)"
        let peer = "http://127.0.0.1:\(peerPort)"
        let logFile = dataDirectory.appendingPathComponent("etcd.log")
        let arguments = [
            binary,
            "--name", "t",
            "--data-dir", dataDirectory.path,
            "--listen-client-urls", client,
            "--advertise-client-urls", client,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "t=\(peer)",
        ]
        let pid = try spawn(arguments, output: logFile.path)
        return EtcdProcess(endpoint: client, clientPort: clientPort, dataDirectory: dataDirectory, logFile: logFile, pid: pid)
    }

    /// posix_spawn rather than Foundation's `Process`, so that this object alone reaps the child.
    private static func spawn(_ arguments: [String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else {
            throw EtcdProcessError(description: "cannot launch \(arguments[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Polls etcd over gRPC until a read succeeds, the process exits, or the timeout passes.
    private func waitUntilServing() async throws {
        let deadline = ContinuousClock.now + Self.startTimeout
        var lastError = "no answer yet"
        while ContinuousClock.now < deadline {
            guard isRunning else {
                throw EtcdProcessError(description: "etcd exited during startup; log:\n\(logTail())")
            }
            // Wait for the listener first, so the client below does not log refused connections.
            guard Self.acceptsConnections(port: clientPort) else {
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            // A fresh client per attempt: a client that saw "connection refused" waits out a backoff.
            let storage = try EtcdStorage(endpoints: [endpoint])
            do {
                _ = try await storage.currentRevision()
                await storage.close()
                return
            } catch {
                lastError = "\(error)"
            }
            await storage.close()
            try await Task.sleep(for: .milliseconds(100))
        }
        throw EtcdProcessError(
            description: "etcd at \(endpoint) did not answer within \(Self.startTimeout) (\(lastError)); log:\n\(logTail())")
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    private static func acceptsConnections(port: Int) -> Bool {
        #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    /// The last lines of etcd's log, for error messages.
    public func logTail(lines: Int = 20) -> String {
        guard let text = try? String(contentsOf: logFile, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
