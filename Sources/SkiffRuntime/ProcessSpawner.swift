import CSkiffSpawn
import Foundation


/// What ``ProcessSpawner/spawn(_:)`` needs to start one container process.
struct SpawnRequest {
    var executable: String
    var arguments: [String]
    var environment: [EnvironmentVariable]
    var workingDirectory: String
    var stdoutFIFO: String
    var stderrFIFO: String
    /// The process joins these cgroups before it execs (see ``ProcessSpawner``).
    var cgroupJoinFiles: [String]
}

/// Starts container processes with ``skiff_spawn`` (the `CSkiffSpawn` target: `clone` with
/// `CLONE_VM | CLONE_VFORK`, then only system calls in the child until `execve`).
///
/// - New process group (pgid = pid), all signal dispositions default, empty signal mask.
/// - Exactly the given environment (nothing added, not even `PWD`); stdin `/dev/null`; stdout and stderr are
///   FIFOs opened read-write by the child (so a write never raises SIGPIPE while no agent reads, and a
///   restarted agent can reopen them); every other descriptor closed; the working directory set.
/// - cgroups without a race: the child writes "0" to each join file (`tasks` on v1, `cgroup.procs` on v2;
///   ``ContainerCgroup/joinFiles``), moving itself, before it execs, so
///   nothing of the command ever runs outside them. A cgroup it cannot join fails the spawn.
enum ProcessSpawner {
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Resolves `command[0]` like a container runtime: names with a slash are taken as is (relative to the
    /// working directory), others are searched in the spec's `PATH` (or the default path).
    static func resolveExecutable(_ name: String, environment: [EnvironmentVariable], workingDirectory: String) throws -> String {
        func isExecutable(_ path: String) -> Bool {
            var info = stat()
            return stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFDIR && access(path, X_OK) == 0
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

    /// Spawns the process; returns its pid.
    static func spawn(_ request: SpawnRequest) throws -> Int32 {
        let argv = [request.executable] + request.arguments
        let environment = request.environment.map { "\($0.name)=\($0.value)" }
        var result = skiff_spawn_result()
        withCStrings(argv) { argvPointer in
            withCStrings(environment) { environmentPointer in
                withCStrings(request.cgroupJoinFiles) { cgroupPointer in
                    request.executable.withCString { executable in
                        request.workingDirectory.withCString { workingDirectory in
                            request.stdoutFIFO.withCString { stdoutPath in
                                request.stderrFIFO.withCString { stderrPath in
                                    cgroupPointer.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: request.cgroupJoinFiles.count + 1) {
                                        var spawnRequest = skiff_spawn_request(
                                            executable: executable, argv: argvPointer, envp: environmentPointer,
                                            working_directory: workingDirectory, stdout_path: stdoutPath, stderr_path: stderrPath,
                                            cgroup_join_files: $0, cgroup_join_count: request.cgroupJoinFiles.count)
                                        skiff_spawn(&spawnRequest, &result)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard result.pid > 0 else { throw failure(result, request) }
        return result.pid
    }

    /// The error for a failed step of the child.
    private static func failure(_ result: skiff_spawn_result, _ request: SpawnRequest) -> ContainerRuntimeError {
        let what: String
        switch skiff_spawn_step(rawValue: UInt32(result.step)) {
        case SKIFF_SPAWN_CGROUP:
            let index = Int(result.cgroup_index)
            let file = request.cgroupJoinFiles.indices.contains(index) ? request.cgroupJoinFiles[index] : "a cgroup"
            what = "\(request.executable) in cgroup \(file)"
        case SKIFF_SPAWN_STDOUT: what = "\(request.executable) with output \(request.stdoutFIFO)"
        case SKIFF_SPAWN_STDERR: what = "\(request.executable) with output \(request.stderrFIFO)"
        case SKIFF_SPAWN_CHDIR: what = "\(request.executable) in working directory \(request.workingDirectory)"
        default: what = request.executable
        }
        return ContainerRuntimeError.spawnFailed(what, errno: result.error)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        let terminated: [UnsafeMutablePointer<CChar>?] = pointers + [nil]
        return terminated.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
