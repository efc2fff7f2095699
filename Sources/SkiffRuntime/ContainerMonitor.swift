import Foundation
import Synchronization

#if os(Linux)
@_silgen_name("pidfd_open")
private func skiff_pidfd_open(_ pid: Int32, _ flags: UInt32) -> Int32
#endif

/// Opens a pidfd for `pid` (readable once the process exits); -1 when the kernel has none.
func openPIDFD(_ pid: Int32) -> Int32 {
    #if os(Linux)
    let descriptor = skiff_pidfd_open(pid, 0)
    if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    return descriptor
    #else
    return -1
    #endif
}

/// One watched container process: its exit and its output FIFOs. Created by the runtime, then owned by the
/// monitor thread only (hence unchecked).
final class ContainerWatch: @unchecked Sendable {
    let id: ContainerID
    let pid: Int32
    let startTime: UInt64
    /// Whether `waitpid` can collect the exit status (false for processes adopted from another agent).
    let isChild: Bool
    var pidDescriptor: Int32
    var outputs: [(descriptor: Int32, assembler: LineAssembler)]
    let writer: LogWriter?

    init(id: ContainerID, pid: Int32, startTime: UInt64, isChild: Bool, outputs: [(Int32, LogStream)], writer: LogWriter?, maxLineBytes: Int) {
        self.id = id
        self.pid = pid
        self.startTime = startTime
        self.isChild = isChild
        self.pidDescriptor = openPIDFD(pid)
        self.outputs = outputs.map { ($0.0, LineAssembler(stream: $0.1, maxLineBytes: maxLineBytes)) }
        self.writer = writer
    }

    func closeAll() {
        if pidDescriptor >= 0 { close(pidDescriptor) }
        pidDescriptor = -1
        for index in outputs.indices where outputs[index].descriptor >= 0 {
            close(outputs[index].descriptor)
            outputs[index].descriptor = -1
        }
        writer?.close()
    }
}

/// What the monitor tells the runtime. Called on the monitor thread.
protocol ContainerMonitorDelegate: AnyObject, Sendable {
    /// The main process exited (`waitStatus` nil when it was not our child): kill what is left of it.
    func monitorKillRemaining(_ id: ContainerID)
    /// Output drained and log closed: record the final state and publish it.
    func monitorExited(_ id: ContainerID, waitStatus: Int32?)
    /// Periodic chance to reap orphaned zombies.
    func monitorIdle()
}

/// A dedicated thread that `poll`s the pidfds of container processes (exit without polling latency) and
/// their output FIFOs (copied into the CRI log files).
final class ContainerMonitor: Sendable {
    private struct Shared {
        var pending: [ContainerWatch] = []
        var stopping = false
        var stopped = false
    }

    private let shared = Mutex(Shared())
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private weak let delegate: (any ContainerMonitorDelegate)?

    init(delegate: any ContainerMonitorDelegate) {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        for descriptor in fds {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        self.delegate = delegate
        let thread = Thread { [self] in
            try? "skiff-monitor".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)  // ≤ 15 bytes: top, perf
            self.run()
        }
        thread.start()
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    func add(_ watch: ContainerWatch) {
        let accepted = shared.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.pending.append(watch)
            return true
        }
        if accepted { wake() } else { watch.closeAll() }
    }

    /// Stops the thread; watched processes keep running (their FIFOs stay readable for a next runtime).
    func stop() {
        shared.withLock { $0.stopping = true }
        wake()
        for _ in 0..<500 where !shared.withLock({ $0.stopped }) { usleep(2000) }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func run() {
        var watches: [ContainerWatch] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var lastIdle = ContinuousClock.now
        while true {
            let (added, stopping) = shared.withLock { state -> ([ContainerWatch], Bool) in
                defer { state.pending.removeAll() }
                return (state.pending, state.stopping)
            }
            watches += added
            if stopping {
                for watch in watches { watch.closeAll() }
                shared.withLock { $0.stopped = true }
                return
            }
            var descriptors = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            var owners: [(watch: Int, output: Int?)] = [(-1, nil)]
            var needsProcPolling = false
            for (index, watch) in watches.enumerated() {
                if watch.pidDescriptor >= 0 {
                    descriptors.append(pollfd(fd: watch.pidDescriptor, events: Int16(POLLIN), revents: 0))
                    owners.append((index, nil))
                } else {
                    needsProcPolling = true
                }
                for (outputIndex, output) in watch.outputs.enumerated() where output.descriptor >= 0 {
                    descriptors.append(pollfd(fd: output.descriptor, events: Int16(POLLIN), revents: 0))
                    owners.append((index, outputIndex))
                }
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), needsProcPolling ? 50 : 500)
            if ready > 0, descriptors[0].revents != 0 {
                var sink = [UInt8](repeating: 0, count: 64)
                while read(wakeRead, &sink, sink.count) > 0 {}
            }
            var exited = Set<Int>()
            if ready > 0 {
                for (slot, descriptor) in descriptors.enumerated().dropFirst() where descriptor.revents != 0 {
                    let owner = owners[slot]
                    if let output = owner.output {
                        drain(watches[owner.watch], output: output, buffer: &buffer)
                    } else {
                        exited.insert(owner.watch)
                    }
                }
            }
            if needsProcPolling {
                for (index, watch) in watches.enumerated() where watch.pidDescriptor < 0 {
                    if !ProcFS.isAlive(pid: watch.pid, startTime: watch.startTime) { exited.insert(index) }
                }
            }
            for index in exited.sorted() {
                finish(watches[index], buffer: &buffer)
            }
            if !exited.isEmpty {
                let finished = exited
                watches = watches.enumerated().filter { !finished.contains($0.offset) }.map(\.element)
            }
            if !exited.isEmpty || ContinuousClock.now - lastIdle > .seconds(1) {
                lastIdle = ContinuousClock.now
                delegate?.monitorIdle()
            }
        }
    }

    /// Reads what is available from one FIFO into the log.
    private func drain(_ watch: ContainerWatch, output: Int, buffer: inout [UInt8]) {
        let descriptor = watch.outputs[output].descriptor
        guard descriptor >= 0 else { return }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                let records = watch.outputs[output].assembler.feed(buffer[0..<count])
                watch.writer?.write(stream: watch.outputs[output].assembler.stream, records: records)
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count == 0 {
                // Every writer is gone.
                let rest = watch.outputs[output].assembler.finish()
                watch.writer?.write(stream: watch.outputs[output].assembler.stream, records: rest)
                close(descriptor)
                watch.outputs[output].descriptor = -1
            }
            return
        }
    }

    /// The main process exited: collect the status, kill the rest, drain the output, report.
    private func finish(_ watch: ContainerWatch, buffer: inout [UInt8]) {
        var status: Int32? = nil
        if watch.isChild {
            var raw: Int32 = 0
            var result: Int32
            repeat { result = waitpid(watch.pid, &raw, 0) } while result == -1 && errno == EINTR
            if result == watch.pid { status = raw }
        }
        delegate?.monitorKillRemaining(watch.id)
        for output in watch.outputs.indices {
            drain(watch, output: output, buffer: &buffer)
            let rest = watch.outputs[output].assembler.finish()
            watch.writer?.write(stream: watch.outputs[output].assembler.stream, records: rest)
        }
        watch.closeAll()
        delegate?.monitorExited(watch.id, waitStatus: status)
    }
}
