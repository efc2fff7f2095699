import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SkiffAPI
import SkiffModel
import SkiffRuntime

/// Runs one probe attempt: `exec` (a process with the container's environment), `httpGet`
/// (success on 200–399) or `tcpSocket` (a connection opens). Answers success and a message.
public struct ProbeRunner: Sendable {
    public let httpClient: HTTPClient

    public init(httpClient: HTTPClient) {
        self.httpClient = httpClient
    }

    public struct Outcome: Sendable, Hashable {
        public var success: Bool
        public var message: String
    }

    public func run(_ probe: CoreV1.Probe, container: CoreV1.Container, podIP: String,
                    environment: [EnvironmentVariable], workingDirectory: String?, timeout: Duration) async -> Outcome {
        if let action = probe.httpGet {
            return await httpGet(action, container: container, podIP: podIP, timeout: timeout)
        }
        if let action = probe.tcpSocket {
            return await tcpSocket(action, container: container, podIP: podIP, timeout: timeout)
        }
        if let action = probe.exec {
            return await exec(action.command ?? [], environment: environment, workingDirectory: workingDirectory, timeout: timeout)
        }
        return Outcome(success: false, message: "probe has no supported handler (exec, httpGet, tcpSocket)")
    }

    /// A port by number or by the name of one of the container's ports.
    static func resolvePort(_ port: IntOrString?, _ container: CoreV1.Container) -> Int? {
        switch port {
        case .int(let number)?: return Int(number)
        case .string(let name)?:
            if let number = Int(name) { return number }
            return (container.ports ?? []).first { $0.name == name }?.containerPort.map(Int.init)
        case nil: return nil
        }
    }

    func httpGet(_ action: CoreV1.HTTPGetAction, container: CoreV1.Container, podIP: String, timeout: Duration) async -> Outcome {
        guard let port = Self.resolvePort(action.port, container) else {
            return Outcome(success: false, message: "invalid port \(String(describing: action.port))")
        }
        let host = (action.host?.isEmpty == false ? action.host! : podIP)
        let scheme = (action.scheme ?? "HTTP").lowercased()
        var path = action.path ?? "/"
        if !path.hasPrefix("/") { path = "/" + path }
        let url = "\(scheme)://\(host):\(port)\(path)"
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "kube-probe/1.32")
        request.headers.add(name: "Accept", value: "*/*")
        for header in action.httpHeaders ?? [] {
            if let name = header.name { request.headers.replaceOrAdd(name: name, value: header.value ?? "") }
        }
        do {
            let seconds = Int64(timeout.components.seconds)
            let response = try await httpClient.execute(request, timeout: .seconds(max(1, seconds)))
            _ = try? await response.body.collect(upTo: 10 * 1024)
            let code = Int(response.status.code)
            if (200..<400).contains(code) { return Outcome(success: true, message: "HTTP \(code)") }
            return Outcome(success: false, message: "HTTP probe failed with statuscode: \(code)")
        } catch {
            return Outcome(success: false, message: "Get \"\(url)\": \(error)")
        }
    }

    func tcpSocket(_ action: CoreV1.TCPSocketAction, container: CoreV1.Container, podIP: String, timeout: Duration) async -> Outcome {
        guard let port = Self.resolvePort(action.port, container) else {
            return Outcome(success: false, message: "invalid port")
        }
        let host = (action.host?.isEmpty == false ? action.host! : podIP)
        let opened = await Task.detached { TCPConnect.canConnect(host: host, port: port, timeoutMilliseconds: Int(timeout.components.seconds) * 1000) }.value
        return opened ? Outcome(success: true, message: "connected")
            : Outcome(success: false, message: "dial tcp \(host):\(port): connection refused")
    }

    func exec(_ command: [String], environment: [EnvironmentVariable], workingDirectory: String?, timeout: Duration) async -> Outcome {
        guard !command.isEmpty else { return Outcome(success: false, message: "exec probe without command") }
        let process = Process()
        var values: [String: String] = [:]
        for variable in environment { values[variable.name] = variable.value }
        let executable = command[0].contains("/") ? command[0]
            : (values["PATH"] ?? ContainerEnvironment.defaultPath).split(separator: ":")
                .map { "\($0)/\(command[0])" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? command[0]
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        process.environment = values
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return Outcome(success: false, message: "exec \(command[0]): \(error)")
        }
        let pid = process.processIdentifier
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                process.waitUntilExit()
                return Outcome(success: false, message: "command timed out after \(timeout)")
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let text = String(decoding: output.fileHandleForReading.availableData.prefix(4096), as: UTF8.self)
        if process.terminationStatus == 0 { return Outcome(success: true, message: text) }
        return Outcome(success: false, message: text.isEmpty ? "exit code \(process.terminationStatus)" : text)
    }
}

/// A blocking TCP connect with a timeout (run off the cooperative pool).
enum TCPConnect {
    static func canConnect(host: String, port: Int, timeoutMilliseconds: Int) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return false }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, Int32(timeoutMilliseconds)) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0
    }
}
