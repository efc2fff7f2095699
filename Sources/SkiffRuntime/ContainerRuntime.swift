import Foundation

/// The seam between the node agent and whatever runs containers.
///
/// Contract (every implementation):
/// - **Idempotency.** ``prepareSandbox(_:)`` returns the existing sandbox when called again for the same pod
///   UID. ``stopContainer(_:gracePeriod:)`` on an exited container returns its final state without signalling.
///   ``removeSandbox(podUID:)`` of an unknown pod succeeds. ``recover()`` may be called more than once; it never
///   adopts a container twice.
/// - **Nothing outlives the pod.** When a container's main process exits, every other process it started is
///   killed (like a pid namespace teardown). ``removeSandbox(podUID:)`` kills every process of every container
///   of the pod, grandchildren included, and deletes the sandbox directory, its logs and its state.
/// - **Agent restarts.** All state needed to find containers again survives the agent (the process runtime
///   keeps it in a state directory on tmpfs: it survives the agent, not a reboot, like the containers). A new
///   runtime instance over the same root calls ``recover()``: containers still running are adopted (their
///   logs keep being collected, their exit is observed), containers that exited while nobody watched are
///   reported exited with reason ``ContainerExitReason/unknown`` (or ``ContainerExitReason/oomKilled``).
/// - **Events.** Every container exit is published once on every stream returned by ``events()``, as soon as
///   the exit is observed (no polling interval for containers started by this instance).
/// - **Errors** are ``ContainerRuntimeError``: unknown sandbox or container, a container name started twice
///   with the same restart count, an executable that cannot be found, spawn failures.
public protocol ContainerRuntime: Sendable {
    /// Creates (or returns the existing) sandbox for a pod.
    func prepareSandbox(_ request: SandboxRequest) async throws -> Sandbox

    /// Starts one container instance in a sandbox. The spec's `restartCount` makes the instance unique.
    func startContainer(in sandbox: Sandbox, spec: ContainerSpec) async throws -> ContainerID

    /// ``prepareSandbox(_:)`` then ``startContainer(in:spec:)``, in one step where the runtime can do both at
    /// once (the process runtime: one trip to its blocking-call threads instead of two).
    func prepareSandboxAndStart(_ request: SandboxRequest, spec: ContainerSpec) async throws -> (Sandbox, ContainerID)

    /// The current state of a container instance.
    func containerStatus(_ id: ContainerID) async throws -> ContainerState

    /// SIGTERM to the container's process group, SIGKILL of the group (and its cgroup) after `gracePeriod`.
    /// Returns the final state.
    @discardableResult
    func stopContainer(_ id: ContainerID, gracePeriod: Duration) async throws -> ContainerState

    /// Waits until the container instance has exited (and its output is in the log); nil on timeout.
    func waitForExit(_ id: ContainerID, timeout: Duration) async -> ContainerState?

    /// Listening TCP sockets of the container's processes (the agent warns about ``ListeningSocket/isWildcard``).
    func listeningSockets(of id: ContainerID) throws -> [ListeningSocket]

    /// Kills everything the pod started and deletes its sandbox directory.
    func removeSandbox(podUID: String) async throws

    /// Sandboxes found on disk.
    func listSandboxes() async throws -> [Sandbox]

    /// Container instances (running and exited) found on disk for a pod, or for all pods when `podUID` is nil.
    func listContainers(podUID: String?) async throws -> [ContainerInfo]

    /// Finds containers left by a previous runtime instance over the same root and adopts the live ones.
    @discardableResult
    func recover() async throws -> [ContainerInfo]

    /// A new stream of container exit events.
    func events() -> AsyncStream<ContainerEvent>

    /// Reads a container's log (see ``LogRequest``).
    func logs(_ request: LogRequest) throws -> AsyncThrowingStream<LogLine, any Error>
}

extension ContainerRuntime {
    public func prepareSandboxAndStart(_ request: SandboxRequest, spec: ContainerSpec) async throws -> (Sandbox, ContainerID) {
        let sandbox = try await prepareSandbox(request)
        return (sandbox, try await startContainer(in: sandbox, spec: spec))
    }
}

/// What the agent asks for when it prepares a pod's sandbox.
public struct SandboxRequest: Sendable, Hashable, Codable {
    public var podUID: String
    public var name: String
    public var namespace: String
    public var podIP: String

    public init(podUID: String, name: String, namespace: String, podIP: String) {
        self.podUID = podUID
        self.name = name
        self.namespace = namespace
        self.podIP = podIP
    }
}

/// A pod's sandbox: a directory under the runtime root (`<root>/pods/<uid>/`).
public struct Sandbox: Sendable, Hashable, Codable {
    public var podUID: String
    public var name: String
    public var namespace: String
    public var podIP: String
    /// The sandbox directory.
    public var directory: String
    public var createdAt: Timestamp
}

/// One container instance to start. The agent has already expanded `$(VAR)` references in `command`.
public struct ContainerSpec: Sendable, Hashable {
    public var name: String
    /// `command + args` of the Kubernetes container; `command[0]` is looked up in the spec's `PATH` when it
    /// has no slash.
    public var command: [String]
    /// The complete environment; nothing of the agent's environment is inherited.
    public var environment: [EnvironmentVariable]
    /// The working directory; nil means the sandbox directory.
    public var workingDirectory: String?
    public var memoryLimitBytes: Int64?
    public var cpuLimitMillis: Int64?
    public var cpuRequestMillis: Int64?
    /// How many times this container was restarted before; selects the log file `<name>_<restartCount>.log`.
    public var restartCount: Int
    public var log: LogSettings

    public init(
        name: String, command: [String], environment: [EnvironmentVariable] = [],
        workingDirectory: String? = nil, memoryLimitBytes: Int64? = nil, cpuLimitMillis: Int64? = nil,
        cpuRequestMillis: Int64? = nil, restartCount: Int = 0, log: LogSettings = LogSettings()
    ) {
        self.name = name
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.memoryLimitBytes = memoryLimitBytes
        self.cpuLimitMillis = cpuLimitMillis
        self.cpuRequestMillis = cpuRequestMillis
        self.restartCount = restartCount
        self.log = log
    }
}

/// One `NAME=value` pair of a container's environment.
public struct EnvironmentVariable: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Log file size limits (like kubelet's `containerLogMaxSize` / `containerLogMaxFiles`).
public struct LogSettings: Sendable, Hashable, Codable {
    /// Rotate the current file when it would grow beyond this many bytes.
    public var maxFileBytes: Int
    /// Files kept per container instance, the current one included (at least 1).
    public var maxFiles: Int
    /// Lines longer than this are split into partial (`P`) records.
    public var maxLineBytes: Int

    public init(maxFileBytes: Int = 10 * 1024 * 1024, maxFiles: Int = 5, maxLineBytes: Int = 16 * 1024) {
        self.maxFileBytes = maxFileBytes
        self.maxFiles = max(1, maxFiles)
        self.maxLineBytes = max(1, maxLineBytes)
    }
}

/// Identifies one container instance: `<podUID>_<name>_<restartCount>` (pod UIDs and container names contain
/// no underscore).
public struct ContainerID: Sendable, Hashable, Codable, CustomStringConvertible {
    public var podUID: String
    public var name: String
    public var restartCount: Int

    public init(podUID: String, name: String, restartCount: Int) {
        self.podUID = podUID
        self.name = name
        self.restartCount = restartCount
    }

    /// Parses `<podUID>_<name>_<restartCount>`.
    public init?(_ string: String) {
        let parts = string.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, let count = Int(parts[2]) else { return nil }
        self.init(podUID: String(parts[0]), name: String(parts[1]), restartCount: count)
    }

    public var description: String { "\(podUID)_\(name)_\(restartCount)" }
}

/// Why a container exited (the Kubernetes `reason` of a terminated container).
public enum ContainerExitReason: String, Sendable, Hashable, Codable {
    case completed = "Completed"
    case error = "Error"
    case oomKilled = "OOMKilled"
    /// It exited while no runtime instance watched it; the exit code is not known (reported as 137, like the
    /// kubelet's `ContainerStatusUnknown`).
    case unknown = "ContainerStatusUnknown"
}

/// A container instance's state.
public enum ContainerState: Sendable, Hashable, Codable {
    case running(pid: Int32, startedAt: Timestamp)
    /// `exitCode` is `128 + signal` when a signal ended the main process.
    case exited(exitCode: Int32, signal: Int32?, reason: ContainerExitReason, startedAt: Timestamp, finishedAt: Timestamp)

    public var isRunning: Bool {
        if case .running = self { return true }
        return false
    }

    public var exitCode: Int32? {
        if case .exited(let code, _, _, _, _) = self { return code }
        return nil
    }

    public var exitReason: ContainerExitReason? {
        if case .exited(_, _, let reason, _, _) = self { return reason }
        return nil
    }
}

/// A container instance and its state, as listed by the runtime.
public struct ContainerInfo: Sendable, Hashable {
    public var id: ContainerID
    public var state: ContainerState
    /// The process group of the container (the main pid).
    public var processGroup: Int32
}

/// A container exited.
public struct ContainerEvent: Sendable, Hashable {
    public var id: ContainerID
    public var state: ContainerState
}

/// Errors of a ``ContainerRuntime``.
public enum ContainerRuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownSandbox(String)
    case unknownContainer(ContainerID)
    case alreadyStarted(ContainerID)
    case executableNotFound(String)
    case invalidSpec(String)
    case spawnFailed(String, errno: Int32)
    case io(String)

    public var description: String {
        switch self {
        case .unknownSandbox(let uid): "no sandbox for pod \(uid)"
        case .unknownContainer(let id): "no container \(id)"
        case .alreadyStarted(let id): "container \(id) was already started"
        case .executableNotFound(let name): "executable file not found in $PATH: \(name)"
        case .invalidSpec(let why): "invalid container spec: \(why)"
        case .spawnFailed(let what, let code): "cannot start \(what): \(String(cString: strerror(code)))"
        case .io(let what): what
        }
    }
}
