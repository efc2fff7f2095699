import Foundation

/// Which cgroup hierarchy the runtime puts containers in, found once at start by ``CgroupSupport/detect(parentName:)``.
public enum CgroupSupport: Sendable, Hashable, CustomStringConvertible {
    /// cgroup v2: containers go under `base` (`<mount>/<parentName>`), with `memory.max`, `cpu.max`,
    /// `cgroup.kill` and `memory.events`.
    case v2(base: String)
    /// cgroup v1: one directory per container in the memory hierarchy (and the cpu one when writable), under
    /// `<hierarchy>/<this process's cgroup>/<parentName>`.
    case v1(memoryBase: String, cpuBase: String?)
    /// No writable memory cgroup: containers run without limits or OOM detection.
    case unavailable(reason: String)

    public var isAvailable: Bool {
        if case .unavailable = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .v2(let base): "cgroup v2 at \(base)"
        case .v1(let memory, let cpu): "cgroup v1 memory at \(memory)" + (cpu.map { ", cpu at \($0)" } ?? ", no cpu controller")
        case .unavailable(let reason): "no cgroups: \(reason)"
        }
    }

    /// Looks for a writable cgroup v2 hierarchy with the memory controller, then for writable v1 memory (and
    /// cpu) hierarchies. Creates the parent directory and probes it with a throw-away child.
    public static func detect(parentName: String = "skiff") -> CgroupSupport {
        #if os(Linux)
        let mounts = CgroupMount.all()
        let membership = CgroupMount.selfMembership()
        var reasons: [String] = []
        if let unified = mounts.first(where: { $0.isV2 }) {
            let controllers = CgroupFiles.read("\(unified.mountPoint)/cgroup.controllers") ?? ""
            if controllers.split(separator: " ").contains(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "memory" }) {
                let base = "\(unified.mountPoint)/\(parentName)"
                CgroupFiles.write("+memory", to: "\(unified.mountPoint)/cgroup.subtree_control")
                CgroupFiles.write("+cpu", to: "\(unified.mountPoint)/cgroup.subtree_control")
                if probe(base: base, file: "memory.max", enableControllers: true) { return .v2(base: base) }
                reasons.append("cgroup v2 at \(unified.mountPoint) is not writable")
            } else {
                reasons.append("cgroup v2 at \(unified.mountPoint) has no memory controller")
            }
        }
        func v1Base(_ controller: String) -> String? {
            guard let mount = mounts.first(where: { $0.controllers.contains(controller) }) else { return nil }
            let own = membership.first(where: { $0.controllers.contains(controller) })?.path ?? "/"
            var relative = own
            if mount.root != "/", relative.hasPrefix(mount.root) { relative = String(relative.dropFirst(mount.root.count)) }
            if !relative.hasPrefix("/") { relative = "/" + relative }
            let trimmed = relative == "/" ? "" : relative
            return "\(mount.mountPoint)\(trimmed)/\(parentName)"
        }
        if let memoryBase = v1Base("memory") {
            if probe(base: memoryBase, file: "memory.limit_in_bytes", enableControllers: false) {
                var cpuBase = v1Base("cpu")
                if let base = cpuBase, !probe(base: base, file: "cpu.cfs_quota_us", enableControllers: false) { cpuBase = nil }
                return .v1(memoryBase: memoryBase, cpuBase: cpuBase)
            }
            reasons.append("cgroup v1 memory at \(memoryBase) is not writable")
        } else {
            reasons.append("no cgroup v1 memory hierarchy")
        }
        return .unavailable(reason: reasons.joined(separator: "; "))
        #else
        return .unavailable(reason: "cgroups need Linux")
        #endif
    }

    private static func probe(base: String, file: String, enableControllers: Bool) -> Bool {
        guard CgroupFiles.makeDirectory(base) else { return false }
        if enableControllers {
            CgroupFiles.write("+memory", to: "\(base)/cgroup.subtree_control")
            CgroupFiles.write("+cpu", to: "\(base)/cgroup.subtree_control")
        }
        let probe = "\(base)/probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard CgroupFiles.makeDirectory(probe) else { return false }
        defer { rmdir(probe) }
        return FileManager.default.fileExists(atPath: "\(probe)/\(file)")
    }
}

/// One cgroup mount from `/proc/self/mountinfo`.
struct CgroupMount {
    var mountPoint: String
    var root: String
    var isV2: Bool
    var controllers: Set<String>

    static func all() -> [CgroupMount] {
        guard let text = ProcFS.readFile("/proc/self/mountinfo") else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2 else { return nil }
            let left = halves[0].split(separator: " ")
            let right = halves[1].split(separator: " ")
            guard left.count >= 5, right.count >= 3 else { return nil }
            let type = right[0]
            guard type == "cgroup" || type == "cgroup2" else { return nil }
            let options = Set(right[2].split(separator: ",").map(String.init))
            return CgroupMount(mountPoint: String(left[4]), root: String(left[3]), isV2: type == "cgroup2", controllers: options)
        }
    }

    /// Lines of `/proc/self/cgroup`: controllers and path per hierarchy.
    static func selfMembership() -> [(controllers: Set<String>, path: String)] {
        guard let text = ProcFS.readFile("/proc/self/cgroup") else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            return (Set(parts[1].split(separator: ",").map(String.init)), String(parts[2]))
        }
    }
}

/// Small file helpers for cgroupfs.
enum CgroupFiles {
    @discardableResult
    static func write(_ value: String, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let bytes = Array(value.utf8)
        return bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) } == bytes.count
    }

    static func read(_ path: String) -> String? {
        ProcFS.readFile(path)
    }

    static func makeDirectory(_ path: String) -> Bool {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return true }
        return (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil
    }

    /// A `key value` line of files like `memory.events` or `memory.oom_control`.
    static func counter(_ key: String, in path: String) -> Int64? {
        guard let text = read(path) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == key { return Int64(parts[1]) }
        }
        return nil
    }
}

/// The cgroup directories of one container (one per hierarchy; persisted in the container's state file).
struct ContainerCgroup: Sendable, Hashable, Codable {
    var version: Int
    /// v2: one path. v1: the memory path first, then the cpu path if any.
    var paths: [String]

    /// Creates the directories and writes the limits. `podSegment` is `pod<uid>`, `leaf` `<name>_<restartCount>`:
    /// v2 `<base>/pod<uid>/<name>_<restartCount>`, v1 `<base>/pod<uid>_<name>_<restartCount>`.
    /// On v1, `spares` (if any) gives the memory directory by a rename instead of a mkdir.
    static func create(
        support: CgroupSupport, spares: SpareDirectories? = nil, podSegment: String, leaf: String,
        memoryLimit: Int64?, cpuLimitMillis: Int64?, cpuRequestMillis: Int64?
    ) throws -> ContainerCgroup? {
        switch support {
        case .unavailable:
            return nil
        case .v2(let base):
            let pod = "\(base)/\(podSegment)"
            let path = "\(pod)/\(leaf)"
            guard CgroupFiles.makeDirectory(pod) else { throw ContainerRuntimeError.io("cannot create cgroup \(pod)") }
            CgroupFiles.write("+memory", to: "\(pod)/cgroup.subtree_control")
            CgroupFiles.write("+cpu", to: "\(pod)/cgroup.subtree_control")
            guard CgroupFiles.makeDirectory(path) else { throw ContainerRuntimeError.io("cannot create cgroup \(path)") }
            if let memoryLimit {
                guard CgroupFiles.write(String(memoryLimit), to: "\(path)/memory.max") else {
                    throw ContainerRuntimeError.io("cannot set memory.max in \(path)")
                }
                CgroupFiles.write("0", to: "\(path)/memory.swap.max")
            }
            if let cpuLimitMillis {
                CgroupFiles.write("\(max(1000, cpuLimitMillis * 100)) 100000", to: "\(path)/cpu.max")
            }
            if let cpuRequestMillis {
                let shares = max(2, cpuRequestMillis * 1024 / 1000)
                CgroupFiles.write(String(1 + ((shares - 2) * 9999) / 262_142), to: "\(path)/cpu.weight")
            }
            return ContainerCgroup(version: 2, paths: [path])
        case .v1(let memoryBase, let cpuBase):
            // Flat, `<base>/<podSegment>_<leaf>`: v1 has no pod-level limits to hold, and each level is a mkdir
            // (and an rmdir) in every hierarchy.
            let name = "\(podSegment)_\(leaf)"
            let memoryPath = "\(memoryBase)/\(name)"
            guard spares?.take(as: memoryPath) == true || CgroupFiles.makeDirectory(memoryPath) else {
                throw ContainerRuntimeError.io("cannot create cgroup \(memoryPath)")
            }
            if let memoryLimit {
                guard CgroupFiles.write(String(memoryLimit), to: "\(memoryPath)/memory.limit_in_bytes") else {
                    throw ContainerRuntimeError.io("cannot set memory.limit_in_bytes in \(memoryPath)")
                }
                CgroupFiles.write(String(memoryLimit), to: "\(memoryPath)/memory.memsw.limit_in_bytes")
            }
            var paths = [memoryPath]
            // (No cpu settings, no cpu cgroup: it would only hold the default shares, at two more mkdirs, a
            // cgroup.procs write and two rmdirs per container.)
            if let cpuBase, cpuLimitMillis != nil || cpuRequestMillis != nil {
                let cpuPath = "\(cpuBase)/\(name)"
                if CgroupFiles.makeDirectory(cpuPath) {
                    if let cpuLimitMillis {
                        CgroupFiles.write("100000", to: "\(cpuPath)/cpu.cfs_period_us")
                        CgroupFiles.write(String(max(1000, cpuLimitMillis * 100)), to: "\(cpuPath)/cpu.cfs_quota_us")
                    }
                    if let cpuRequestMillis {
                        CgroupFiles.write(String(max(2, cpuRequestMillis * 1024 / 1000)), to: "\(cpuPath)/cpu.shares")
                    }
                    paths.append(cpuPath)
                }
            }
            return ContainerCgroup(version: 1, paths: paths)
        }
    }

    /// The files the spawned child writes "0" to (joining the cgroups) before it execs. v1: `tasks`, which moves
    /// only the writing thread — the whole child, single-threaded until its exec — and so skips the global
    /// thread-group lock a `cgroup.procs` write takes, whose writer waits for an RCU grace period (8–20 ms
    /// per join measured on the development machine, 0.4 ms through `tasks`). v2: `cgroup.procs` (`tasks`
    /// is gone; `cgroup.threads` serves threaded subtrees only).
    var joinFiles: [String] { paths.map { version == 1 ? "\($0)/tasks" : "\($0)/cgroup.procs" } }

    /// Pids in the cgroup(s).
    func pids() -> [Int32] {
        var result = Set<Int32>()
        for path in paths {
            for line in (CgroupFiles.read("\(path)/cgroup.procs") ?? "").split(separator: "\n") {
                if let pid = Int32(line) { result.insert(pid) }
            }
        }
        return Array(result)
    }

    /// SIGKILL to everything in the cgroup (`cgroup.kill` on v2, each listed pid otherwise).
    func killAll() {
        if version == 2, CgroupFiles.write("1", to: "\(paths[0])/cgroup.kill") { return }
        for pid in pids() { kill(pid, SIGKILL) }
    }

    /// Whether the kernel OOM killer killed a process in this cgroup.
    func wasOOMKilled(signal: Int32?) -> Bool {
        guard let memory = paths.first else { return false }
        if version == 2 {
            return (CgroupFiles.counter("oom_kill", in: "\(memory)/memory.events") ?? 0) > 0
        }
        if let kills = CgroupFiles.counter("oom_kill", in: "\(memory)/memory.oom_control") { return kills > 0 }
        let failures = Int64((CgroupFiles.read("\(memory)/memory.failcnt") ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        return signal == SIGKILL && failures > 0
    }

    /// Removes the directories (retrying while the last processes leave), and a pod directory (`pod<uid>`: v2,
    /// or v1 cgroups made by earlier versions) when empty.
    func remove() {
        for path in paths {
            for attempt in 0..<50 {
                if rmdir(path) == 0 || errno == ENOENT { break }
                killAll()
                if attempt < 49 { usleep(10_000) }
            }
            let parent = (path as NSString).deletingLastPathComponent
            if (parent as NSString).lastPathComponent.hasPrefix("pod") { rmdir(parent) }
        }
    }
}
