import Foundation

#if os(Linux)
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func skiff_addclosefrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func skiff_addchdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32
#endif

/// What ``ProcessSpawner/spawn(_:)`` needs to start one container process.
struct SpawnRequest {
    var executable: String
    var arguments: [String]
    var environment: [EnvironmentVariable]
    var workingDirectory: String
    var stdoutFIFO: String
    var stderrFIFO: String
    /// When set, the process joins these cgroups before it execs (see ``ProcessSpawner``).
    var cgroupProcsFiles: [String]
}

/// Starts container processes with `posix_spawn`.
///
/// - New process group (`POSIX_SPAWN_SETPGROUP`, pgid = pid), all signal dispositions default, empty signal mask.
/// - Exactly the given environment; stdin `/dev/null`; stdout and stderr are FIFOs in the sandbox opened
///   read-write by the child (so a write never raises SIGPIPE while no agent reads, and a restarted agent can
///   reopen them); every other descriptor closed.
/// - cgroups without a race: the process is `/bin/sh -c 'echo $$ > <cgroup.procs>...; exec "$@"'`, which
///   moves itself into the container's cgroups and only then execs the container command, so nothing of the
///   command ever runs outside them. The shell would export `PWD`; the script unsets it unless the spec sets it.
enum ProcessSpawner {
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Resolves `command[0]` like a container runtime: names with a slash are taken as is (relative to the
    /// working directory), others are searched in the spec's `PATH` (or the default path).
    static func resolveExecutable(_ name: String, environment: [EnvironmentVariable], workingDirectory: String) throws -> String {
        func isExecutable(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && access(path, X_OK) == 0
        }
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : "\(workingDirectory)/\(name)"
            guard isExecutable(path) else { throw ContainerRuntimeError.executableNotFound(name) }
            return path
        }
        let searchPath = environment.last(where: { $0.name == "PATH" })?.value ?? defaultPath
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if isExecutable(candidate) { return candidate }
        }
        throw ContainerRuntimeError.executableNotFound(name)
    }

    static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Spawns the process; returns its pid.
    static func spawn(_ request: SpawnRequest) throws -> Int32 {
        #if os(Linux)
        var argv: [String]
        if request.cgroupProcsFiles.isEmpty {
            argv = [request.executable] + request.arguments
        } else {
            var script = request.cgroupProcsFiles.map { "echo $$ > \(shellQuote($0)) || exit 125; " }.joined()
            if !request.environment.contains(where: { $0.name == "PWD" }) { script += "unset PWD; " }
            script += "exec \"$@\""
            argv = ["/bin/sh", "-c", script, "skiff-init", request.executable] + request.arguments
        }
        let path = argv[0]
        let environment = request.environment.map { "\($0.name)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, request.stdoutFIFO, O_RDWR, 0)
        posix_spawn_file_actions_addopen(&actions, 2, request.stderrFIFO, O_RDWR, 0)
        _ = skiff_addclosefrom(&actions, 3)
        _ = request.workingDirectory.withCString { skiff_addchdir(&actions, $0) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaults, Int32(signal))
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let result = withCStrings(argv) { argvPointer in
            withCStrings(environment) { environmentPointer in
                posix_spawn(&pid, path, &actions, &attributes, argvPointer, environmentPointer)
            }
        }
        guard result == 0 else { throw ContainerRuntimeError.spawnFailed(request.executable, errno: result) }
        return pid
        #else
        throw ContainerRuntimeError.spawnFailed(request.executable, errno: ENOSYS)
        #endif
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        let terminated: [UnsafeMutablePointer<CChar>?] = pointers + [nil]
        return terminated.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
