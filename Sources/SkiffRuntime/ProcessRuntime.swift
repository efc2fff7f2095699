import Foundation
import Logging
import Synchronization

/// The process runtime: containers are plain host processes (one process group and one cgroup per container),
/// sandboxes are directories under `<root>/pods/<uid>/`, records and output FIFOs live in a state directory on
/// tmpfs (see ``RuntimeLayout`` and docs/runtime.md).
public final class ProcessRuntime: ContainerRuntime, ContainerMonitorDelegate {
    /// The runtime's data directory (sandbox directories and logs).
    public let root: String
    /// Where the volatile state lives (container and sandbox records, FIFOs); see ``RuntimeStateDirectory``.
    public let stateDirectory: String
    /// The cgroup hierarchy in use, detected at start.
    public let cgroupSupport: CgroupSupport
    /// Whether this process became a child subreaper.
    public let isSubreaper: Bool

    private struct State {
        var sandboxes: [String: Sandbox] = [:]
        var records: [ContainerID: ContainerRecord] = [:]
        /// Pods whose every record is in `records` (created by this instance, or recovered): listed from memory.
        var completePods: Set<String> = []
        /// Whether `recover()` has loaded every pod on disk: from then on a pod not in `completePods` has no
        /// records at all (only this instance writes them), and is listed as empty without a disk read.
        var recoveredAll = false
        var subscribers: [UUID: AsyncStream<ContainerEvent>.Continuation] = [:]
    }

    private let layout: RuntimeLayout
    private let logger: Logger
    private let now: WallClock
    private let state = Mutex(State())
    private let monitorBox = Mutex<ContainerMonitor?>(nil)
    /// Where sandbox preparation, container starts and sandbox removal run: their system calls block (see
    /// ``BlockingCallPool``).
    private let blockingCalls = BlockingCallPool(name: "skiff-blocking", maximumThreads: 8)
    /// Sandbox directories made ahead (`<root>/pods/_spare-<n>`; pod UIDs never contain `_`).
    private let sandboxSpares: SpareDirectories
    /// Memory cgroups made ahead (cgroup v1 only: v2 refuses to rename a cgroup).
    private let cgroupSpares: SpareDirectories?

    /// - Parameters:
    ///   - root: the data directory (created if missing).
    ///   - stateDirectory: where records and FIFOs go; nil chooses one on tmpfs for this root
    ///     (``RuntimeStateDirectory/choose(forRoot:)``). A runtime restarted over the same root must get the same.
    ///   - cgroupParent: name of the parent cgroup the per-pod cgroups go under.
    ///   - cgroupSupport: override detection (e.g. `.unavailable` to run without cgroups).
    ///   - spareDirectories: how many empty sandbox directories (and, on cgroup v1, memory cgroups) to keep
    ///     made ahead, so a pod start renames one instead of making one (``SpareDirectories``); made in the
    ///     background after init and after each sandbox removal. 0: none.
    public init(
        root: String, stateDirectory: String? = nil, cgroupParent: String = "skiff", cgroupSupport: CgroupSupport? = nil,
        spareDirectories: Int = 0,
        logger: Logger = Logger(label: "skiff.runtime"), now: @escaping WallClock = { Timestamp.now() }
    ) throws {
        try FileManager.default.createDirectory(atPath: "\(root)/pods", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/logs", withIntermediateDirectories: true)
        let state = stateDirectory ?? RuntimeStateDirectory.choose(forRoot: root)
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        self.root = root
        self.stateDirectory = state
        self.layout = RuntimeLayout(root: root, state: state)
        self.logger = logger
        self.now = now
        self.cgroupSupport = cgroupSupport ?? CgroupSupport.detect(parentName: cgroupParent)
        self.isSubreaper = Subreaper.enable()
        self.sandboxSpares = SpareDirectories(parent: "\(root)/pods", prefix: RuntimeLayout.sparePrefix, target: spareDirectories)
        if case .v1(let memoryBase, _) = self.cgroupSupport, spareDirectories > 0 {
            self.cgroupSpares = SpareDirectories(parent: memoryBase, prefix: "spare-", target: spareDirectories)
        } else {
            self.cgroupSpares = nil
        }
        logger.debug("runtime state in \(state)")
        if case .unavailable(let reason) = self.cgroupSupport {
            logger.warning("containers run without cgroups (no memory/cpu limits, no OOM detection): \(reason)")
        } else {
            logger.debug("container cgroups: \(self.cgroupSupport)")
        }
        if !isSubreaper { logger.warning("cannot become a child subreaper; orphaned container processes go to init") }
        monitorBox.withLock { $0 = ContainerMonitor(delegate: self) }
        if spareDirectories > 0 {
            blockingCalls.detach { [sandboxSpares, cgroupSpares] in
                sandboxSpares.replenish()
                cgroupSpares?.replenish()
            }
        }
    }

    deinit {
        monitorBox.withLock { $0 }?.stop()
    }

    /// Stops watching without touching any container (what an agent exit looks like): a later runtime over the
    /// same root adopts them with ``recover()``. With no sandbox left, the state directory is removed; spare
    /// cgroups are removed.
    public func shutdown() {
        let monitor = monitorBox.withLock { box -> ContainerMonitor? in
            defer { box = nil }
            return box
        }
        monitor?.stop()
        let subscribers = state.withLock { state -> [AsyncStream<ContainerEvent>.Continuation] in
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
        // Spare cgroups are kernel objects: none outlives the agent (spare sandbox directories are its files,
        // kept for the next one).
        cgroupSpares?.close(removingSpares: true)
        sandboxSpares.close(removingSpares: false)
        if layout.podUIDs().isEmpty { RuntimeStateDirectory.removeIfEmpty(stateDirectory) }
    }

    // MARK: Sandboxes

    public func prepareSandbox(_ request: SandboxRequest) async throws -> Sandbox {
        if let existing = state.withLock({ $0.sandboxes[request.podUID] }) { return existing }
        return try await blockingCalls.run { try self.prepareSandboxNow(request) }
    }

    private func prepareSandboxNow(_ request: SandboxRequest) throws -> Sandbox {
        if let existing = state.withLock({ $0.sandboxes[request.podUID] }) { return existing }
        guard !request.podUID.isEmpty, !request.podUID.contains("/"), !request.podUID.contains("_"), request.podUID != "..",
              request.podUID != "."
        else { throw ContainerRuntimeError.invalidSpec("pod UID \(request.podUID)") }
        if let onDisk = layout.load(Sandbox.self, from: layout.sandboxFile(request.podUID)) {
            state.withLock { $0.sandboxes[request.podUID] = onDisk }
            return onDisk
        }
        let directory = layout.sandboxDirectory(request.podUID)
        if !sandboxSpares.take(as: directory) { try makeDirectories([directory]) }
        // A state directory made just now holds no record of an earlier instance.
        let fresh = mkdir(layout.podStateDirectory(request.podUID), 0o755) == 0
        if !fresh { try makeDirectories([layout.podStateDirectory(request.podUID)]) }
        let sandbox = Sandbox(
            podUID: request.podUID, name: request.name, namespace: request.namespace, podIP: request.podIP,
            directory: directory, createdAt: now())
        try layout.save(sandbox, to: layout.sandboxFile(request.podUID))
        state.withLock { state in
            state.sandboxes[request.podUID] = sandbox
            if fresh { state.completePods.insert(request.podUID) }
        }
        return sandbox
    }

    /// Sandboxes with state, then sandbox directories without any (left from before a reboot, which cleared the
    /// state directory: nothing of theirs runs; name, namespace and pod IP are unknown, so empty).
    public func listSandboxes() async throws -> [Sandbox] {
        let stored = layout.podUIDs().compactMap { layout.load(Sandbox.self, from: layout.sandboxFile($0)) }
        let known = Set(stored.map(\.podUID))
        let leftovers = layout.sandboxDirectoryUIDs().filter { !known.contains($0) }.map { uid in
            var info = stat()
            let directory = layout.sandboxDirectory(uid)
            let created = stat(directory, &info) == 0
                ? Timestamp(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int32(info.st_mtim.tv_nsec)) : now()
            return Sandbox(podUID: uid, name: "", namespace: "", podIP: "", directory: directory, createdAt: created)
        }
        return stored + leftovers
    }

    public func removeSandbox(podUID: String) async throws {
        let tracked = state.withLock { state in state.records.values.filter { $0.id.podUID == podUID } }
        let trackedIDs = Set(tracked.map(\.id))
        let records = tracked + layout.records(podUID: podUID).filter { !trackedIDs.contains($0.id) }
        for record in records where record.state.isRunning {
            killContainerProcesses(record)
        }
        // Watched containers report their exit (and flush their logs) through the monitor.
        for record in tracked where record.state.isRunning {
            _ = await waitForExit(record.id, timeout: .seconds(5))
        }
        // Grandchildren in the process groups or cgroups, orphans included, until none is left.
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            var alive = false
            for record in records {
                for process in members(of: record) {
                    if process.isZombie {
                        if process.parent == getpid() { reapZombie(process.pid) } else { alive = true }
                    } else {
                        kill(process.pid, SIGKILL)
                        alive = true
                    }
                }
            }
            if !alive { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        try await blockingCalls.run { self.removeSandboxFiles(podUID: podUID, records: records) }
    }

    /// The cgroups, the sandbox directory, the logs and the state of a pod none of whose processes is left.
    private func removeSandboxFiles(podUID: String, records: [ContainerRecord]) {
        for record in records { record.cgroup?.remove() }
        state.withLock { state in
            state.sandboxes[podUID] = nil
            state.completePods.remove(podUID)
            for record in records { state.records[record.id] = nil }
        }
        // The state last: while it exists, a restarted agent still knows the pod (and removes it again).
        try? FileManager.default.removeItem(atPath: layout.sandboxDirectory(podUID))
        let logPrefix = "\(podUID)_"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: layout.logDirectory)) ?? [] where name.hasPrefix(logPrefix) {
            unlink("\(layout.logDirectory)/\(name)")
        }
        removeStateDirectory(of: podUID)
        sandboxSpares.replenish()
        cgroupSpares?.replenish()
    }

    /// Deletes `<state>/<uid>/` (records, leftover FIFOs and temporary files; no subdirectories).
    private func removeStateDirectory(of podUID: String) {
        let directory = layout.podStateDirectory(podUID)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            unlink("\(directory)/\(name)")
        }
        rmdir(directory)
    }

    // MARK: Containers

    public func startContainer(in sandbox: Sandbox, spec: ContainerSpec) async throws -> ContainerID {
        try await blockingCalls.run { try self.startContainerNow(in: sandbox, spec: spec) }
    }

    public func prepareSandboxAndStart(_ request: SandboxRequest, spec: ContainerSpec) async throws -> (Sandbox, ContainerID) {
        if let known = state.withLock({ $0.sandboxes[request.podUID] }) {
            return (known, try await startContainer(in: known, spec: spec))
        }
        return try await blockingCalls.run {
            let sandbox = try self.prepareSandboxNow(request)
            return (sandbox, try self.startContainerNow(in: sandbox, spec: spec))
        }
    }

    private func startContainerNow(in sandbox: Sandbox, spec: ContainerSpec) throws -> ContainerID {
        guard state.withLock({ $0.sandboxes[sandbox.podUID] != nil }) || access(layout.sandboxFile(sandbox.podUID), F_OK) == 0 else {
            throw ContainerRuntimeError.unknownSandbox(sandbox.podUID)
        }
        guard !spec.name.isEmpty, !spec.name.contains("_"), !spec.name.contains("/"), spec.restartCount >= 0 else {
            throw ContainerRuntimeError.invalidSpec("container name \(spec.name)")
        }
        guard let commandName = spec.command.first else { throw ContainerRuntimeError.invalidSpec("empty command") }
        let id = ContainerID(podUID: sandbox.podUID, name: spec.name, restartCount: spec.restartCount)
        if state.withLock({ $0.records[id] != nil }) || access(layout.recordFile(id), F_OK) == 0 {
            throw ContainerRuntimeError.alreadyStarted(id)
        }
        let workingDirectory = spec.workingDirectory ?? sandbox.directory
        var info = stat()
        guard stat(workingDirectory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw ContainerRuntimeError.invalidSpec("working directory \(workingDirectory) does not exist")
        }
        let executable = try ProcessSpawner.resolveExecutable(commandName, environment: spec.environment, workingDirectory: workingDirectory)

        // Logs: keep the previous instance's, drop older ones.
        let logDirectory = layout.logDirectory
        let logStem = layout.logStem(sandbox.podUID, spec.name)
        if spec.restartCount >= 2 {
            for count in LogFiles.restartCounts(directory: logDirectory, stem: logStem) where count < spec.restartCount - 1 {
                for path in LogFiles.all(directory: logDirectory, stem: logStem, restartCount: count) { unlink(path) }
            }
        }
        // Present since init and prepareSandbox. Checked with a lookup: a `mkdir` of an existing directory takes the
        // parent's lock, which another pod's (slow) sandbox mkdir holds.
        for directory in [logDirectory, layout.podStateDirectory(sandbox.podUID)] where access(directory, F_OK) != 0 {
            try makeDirectories([directory])
        }
        let writer = LogWriter(
            directory: logDirectory, stem: logStem, restartCount: spec.restartCount, settings: spec.log, now: now)

        var readEnds: [(Int32, LogStream)] = []
        var cgroup: ContainerCgroup?
        func cleanUp() {
            for (descriptor, _) in readEnds { close(descriptor) }
            for stream in [LogStream.stdout, .stderr] { unlink(layout.fifo(id, stream)) }
            cgroup?.remove()
            writer.close()
        }
        for stream in [LogStream.stdout, .stderr] {
            let path = layout.fifo(id, stream)
            unlink(path)
            guard mkfifo(path, 0o600) == 0 else {
                cleanUp()
                throw ContainerRuntimeError.io("cannot create FIFO \(path): errno \(errno)")
            }
            let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else {
                cleanUp()
                throw ContainerRuntimeError.io("cannot open FIFO \(path): errno \(errno)")
            }
            readEnds.append((descriptor, stream))
        }
        let pid: Int32
        do {
            cgroup = try ContainerCgroup.create(
                support: cgroupSupport, spares: cgroupSpares, podSegment: "pod\(sandbox.podUID)", leaf: "\(spec.name)_\(spec.restartCount)",
                memoryLimit: spec.memoryLimitBytes, cpuLimitMillis: spec.cpuLimitMillis, cpuRequestMillis: spec.cpuRequestMillis)
            pid = try ProcessSpawner.spawn(SpawnRequest(
                executable: executable, arguments: Array(spec.command.dropFirst()), environment: spec.environment,
                workingDirectory: workingDirectory, stdoutFIFO: layout.fifo(id, .stdout), stderrFIFO: layout.fifo(id, .stderr),
                cgroupJoinFiles: cgroup?.joinFiles ?? []))
        } catch {
            cleanUp()
            throw error
        }
        let startedAt = now()
        let record = ContainerRecord(
            id: id, pid: pid, processStartTime: ProcFS.stat(of: pid)?.startTime ?? 0, processGroup: pid, cgroup: cgroup,
            state: .running(pid: pid, startedAt: startedAt), log: spec.log,
            stdoutFIFO: layout.fifo(id, .stdout), stderrFIFO: layout.fifo(id, .stderr))
        state.withLock { $0.records[id] = record }
        try? layout.save(record, to: layout.recordFile(id))
        let watch = ContainerWatch(
            id: id, pid: pid, startTime: record.processStartTime, isChild: true, outputs: readEnds, writer: writer,
            maxLineBytes: spec.log.maxLineBytes)
        monitorBox.withLock { $0 }?.add(watch)
        logger.debug("started container \(id) pid \(pid)")
        return id
    }

    public func containerStatus(_ id: ContainerID) async throws -> ContainerState {
        try record(id).state
    }

    /// The record from memory, else from disk.
    private func record(_ id: ContainerID) throws -> ContainerRecord {
        if let record = state.withLock({ $0.records[id] }) { return record }
        if let record = layout.load(ContainerRecord.self, from: layout.recordFile(id)) { return record }
        throw ContainerRuntimeError.unknownContainer(id)
    }

    @discardableResult
    public func stopContainer(_ id: ContainerID, gracePeriod: Duration) async throws -> ContainerState {
        let current = try record(id)
        guard current.state.isRunning else { return current.state }
        if ProcFS.isAlive(pid: current.pid, startTime: current.processStartTime) {
            kill(-current.processGroup, SIGTERM)
        }
        if let state = await waitForExit(id, timeout: gracePeriod) { return state }
        killContainerProcesses(current)
        if let state = await waitForExit(id, timeout: .seconds(10)) { return state }
        return try record(id).state
    }

    /// Waits until the container is recorded as exited; nil on timeout.
    public func waitForExit(_ id: ContainerID, timeout: Duration) async -> ContainerState? {
        let deadline = ContinuousClock.now + timeout
        while true {
            guard let state = try? record(id).state else { return nil }
            if !state.isRunning { return state }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// From memory for pods whose records this instance all holds, else from the state directory (memory wins
    /// for the records it has).
    public func listContainers(podUID: String?) async throws -> [ContainerInfo] {
        let pods = podUID.map { [$0] } ?? layout.podUIDs()
        let (memory, complete, recoveredAll) = state.withLock { ($0.records, $0.completePods, $0.recoveredAll) }
        return pods.flatMap { pod -> [ContainerInfo] in
            if complete.contains(pod) || recoveredAll {
                return memory.values.filter { $0.id.podUID == pod }
                    .sorted { ($0.id.name, $0.id.restartCount) < ($1.id.name, $1.id.restartCount) }.map(\.info)
            }
            return layout.records(podUID: pod).map { (memory[$0.id] ?? $0).info }
        }
    }

    /// Live processes of a container: its process group and its cgroup.
    public func processIDs(of id: ContainerID) throws -> [Int32] {
        liveMembers(of: try record(id)).map(\.pid).sorted()
    }

    /// Listening TCP sockets of a container's processes (the agent warns about wildcard ones).
    public func listeningSockets(of id: ContainerID) throws -> [ListeningSocket] {
        ListeningSockets.find(pids: try processIDs(of: id))
    }

    public func events() -> AsyncStream<ContainerEvent> {
        let (stream, continuation) = AsyncStream<ContainerEvent>.makeStream()
        let key = UUID()
        state.withLock { $0.subscribers[key] = continuation }
        continuation.onTermination = { [weak self] _ in self?.state.withLock { _ = $0.subscribers.removeValue(forKey: key) } }
        return stream
    }

    public func logs(_ request: LogRequest) throws -> AsyncThrowingStream<LogLine, any Error> {
        let restartCount = request.previous ? request.restartCount - 1 : request.restartCount
        let id = ContainerID(podUID: request.podUID, name: request.containerName, restartCount: restartCount)
        let directory = layout.logDirectory
        let stem = layout.logStem(request.podUID, request.containerName)
        // (An instance that has written nothing yet has no file.)
        guard restartCount >= 0,
              !LogFiles.all(directory: directory, stem: stem, restartCount: restartCount).isEmpty || (try? record(id)) != nil
        else {
            throw ContainerRuntimeError.unknownContainer(id)
        }
        let reader = LogReader(directory: directory, stem: stem, restartCount: restartCount, request: request) { [weak self] in
            guard let self, let record = try? self.record(id) else { return true }
            return !record.state.isRunning || self.monitorBox.withLock({ $0 }) == nil
        }
        return reader.stream()
    }

    // MARK: Recovery

    @discardableResult
    public func recover() async throws -> [ContainerInfo] {
        var result: [ContainerInfo] = []
        for podUID in layout.podUIDs() {
            if let sandbox = layout.load(Sandbox.self, from: layout.sandboxFile(podUID)) {
                state.withLock { $0.sandboxes[podUID] = sandbox }
            }
            for stored in layout.records(podUID: podUID) {
                if let known = state.withLock({ $0.records[stored.id] }) {
                    result.append(known.info)
                    continue
                }
                var record = stored
                if case .running(let pid, let startedAt) = record.state {
                    if ProcFS.isAlive(pid: pid, startTime: record.processStartTime) {
                        adopt(record)
                    } else {
                        killContainerProcesses(record)
                        let oom = record.cgroup?.wasOOMKilled(signal: nil) ?? false
                        record.state = .exited(
                            exitCode: 137, signal: nil, reason: oom ? .oomKilled : .unknown, startedAt: startedAt, finishedAt: now())
                        record.cgroup?.remove()
                        state.withLock { $0.records[record.id] = record }
                        try? layout.save(record, to: layout.recordFile(record.id))
                        logger.info("container \(record.id) exited while no runtime watched it")
                    }
                } else {
                    state.withLock { $0.records[record.id] = record }
                }
                result.append(record.info)
            }
            state.withLock { _ = $0.completePods.insert(podUID) }
        }
        state.withLock { $0.recoveredAll = true }
        return result
    }

    /// Watches a live container of a previous runtime instance: exit through its pidfd (or /proc), output
    /// through its FIFOs, appended to the same log file.
    private func adopt(_ record: ContainerRecord) {
        state.withLock { $0.records[record.id] = record }
        var readEnds: [(Int32, LogStream)] = []
        for (path, stream) in [(record.stdoutFIFO, LogStream.stdout), (record.stderrFIFO, .stderr)] {
            let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            if descriptor >= 0 { readEnds.append((descriptor, stream)) }
        }
        let writer = LogWriter(
            directory: layout.logDirectory, stem: layout.logStem(record.id.podUID, record.id.name), restartCount: record.id.restartCount,
            settings: record.log, now: now)
        let isChild = ProcFS.stat(of: record.pid)?.parent == getpid()
        let watch = ContainerWatch(
            id: record.id, pid: record.pid, startTime: record.processStartTime, isChild: isChild, outputs: readEnds,
            writer: writer, maxLineBytes: record.log.maxLineBytes)
        monitorBox.withLock { $0 }?.add(watch)
        logger.info("adopted running container \(record.id) pid \(record.pid)")
    }

    // MARK: Process helpers

    /// Processes of a container, zombies included. With a cgroup: its members (complete: children inherit it,
    /// whatever their process group) plus this process's zombie children of the container's process group (an
    /// exited process leaves the cgroup before it is reaped; orphans are re-parented to this subreaper; main
    /// processes of running containers are the monitor's to reap, so not even read). Without one: every process
    /// of its process group, from a scan of `/proc`. Group members count only when started no earlier than the
    /// container (guards against a reused group id).
    private func members(of record: ContainerRecord) -> [ProcessStat] {
        func belongs(_ process: ProcessStat) -> Bool {
            process.processGroup == record.processGroup && process.startTime >= record.processStartTime
        }
        guard let cgroup = record.cgroup, let children = ProcFS.childPIDs() else {
            return ProcFS.processes(inGroup: record.processGroup).filter(belongs)
        }
        var found: [Int32: ProcessStat] = [:]
        for pid in cgroup.pids() {
            if let info = ProcFS.stat(of: pid) { found[pid] = info }
        }
        let watched = watchedMainPIDs()
        for pid in children where found[pid] == nil && !watched.contains(pid) {
            if let child = ProcFS.stat(of: pid), child.isZombie, belongs(child) { found[pid] = child }
        }
        return Array(found.values)
    }

    /// Main pids of the containers recorded as running (the monitor waits for each).
    private func watchedMainPIDs() -> Set<Int32> {
        state.withLock { state in Set(state.records.values.filter(\.state.isRunning).map(\.pid)) }
    }

    /// The live processes of a container, cheaply: with a cgroup its member list is complete
    /// (children inherit it, whatever their process group), so only those are read; without one,
    /// ``members(of:)``'s scan of every process.
    private func liveMembers(of record: ContainerRecord) -> [ProcessStat] {
        guard let cgroup = record.cgroup else { return members(of: record).filter { !$0.isZombie } }
        return cgroup.pids().compactMap { ProcFS.stat(of: $0) }.filter { !$0.isZombie }
    }

    /// SIGKILL to the container's process group and cgroup.
    private func killContainerProcesses(_ record: ContainerRecord) {
        if ProcFS.isAlive(pid: record.pid, startTime: record.processStartTime) || !members(of: record).isEmpty {
            kill(-record.processGroup, SIGKILL)
        }
        record.cgroup?.killAll()
    }

    /// `mkdir` each path in order (parents first); existing directories are fine.
    private func makeDirectories(_ paths: [String]) throws {
        for path in paths where mkdir(path, 0o755) != 0 && errno != EEXIST {
            guard errno == ENOENT else { throw ContainerRuntimeError.io("cannot create \(path): errno \(errno)") }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }

    private func reapZombie(_ pid: Int32) {
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
    }

    // MARK: ContainerMonitorDelegate

    func monitorKillRemaining(_ id: ContainerID) {
        guard let record = state.withLock({ $0.records[id] }) else { return }
        kill(-record.processGroup, SIGKILL)
        record.cgroup?.killAll()
    }

    func monitorExited(_ id: ContainerID, waitStatus: Int32?) {
        guard var record = state.withLock({ $0.records[id] }), case .running(_, let startedAt) = record.state else { return }
        var exitCode: Int32 = 137
        var signal: Int32?
        if let waitStatus {
            if waitStatus & 0x7f == 0 {
                exitCode = (waitStatus >> 8) & 0xff
            } else {
                signal = waitStatus & 0x7f
                exitCode = 128 + (waitStatus & 0x7f)
            }
        }
        let reason: ContainerExitReason
        if record.cgroup?.wasOOMKilled(signal: signal) ?? false {
            reason = .oomKilled
        } else if waitStatus == nil {
            reason = .unknown
        } else {
            reason = exitCode == 0 ? .completed : .error
        }
        record.state = .exited(exitCode: exitCode, signal: signal, reason: reason, startedAt: startedAt, finishedAt: now())
        record.cgroup?.remove()
        try? layout.save(record, to: layout.recordFile(id))
        let finished = record
        let subscribers = state.withLock { state in
            state.records[id] = finished
            return Array(state.subscribers.values)
        }
        unlink(record.stdoutFIFO)
        unlink(record.stderrFIFO)
        let event = ContainerEvent(id: id, state: record.state)
        for subscriber in subscribers { subscriber.yield(event) }
        logger.debug("container \(id) exited: \(record.state)")
    }

    /// Reaps zombie children (orphans re-parented to this subreaper) in a known container's process group.
    func monitorIdle() {
        let (groups, watched) = state.withLock { state -> (Set<Int32>, Set<Int32>) in
            (Set(state.records.values.map(\.processGroup)), Set(state.records.values.filter(\.state.isRunning).map(\.pid)))
        }
        guard !groups.isEmpty else { return }
        let me = getpid()
        for pid in ProcFS.childPIDs() ?? Set(ProcFS.allPIDs()) where !watched.contains(pid) {
            guard let info = ProcFS.stat(of: pid), info.parent == me, info.isZombie, groups.contains(info.processGroup) else { continue }
            reapZombie(pid)
        }
    }
}
