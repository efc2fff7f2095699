import Foundation

/// The fields of `/proc/<pid>/stat` the runtime needs.
struct ProcessStat: Sendable, Hashable {
    var pid: Int32
    /// `R`, `S`, `Z`, ...
    var state: Character
    var parent: Int32
    var processGroup: Int32
    /// Field 22: start time in clock ticks since boot; with the pid it identifies a process across pid reuse.
    var startTime: UInt64

    var isZombie: Bool { state == "Z" || state == "X" }

    /// Parses the text of `/proc/<pid>/stat` (the command name may contain spaces and parentheses).
    init?(statLine: String) {
        var line = statLine
        guard let parsed = line.withUTF8({ Self.parse($0) }) else { return nil }
        self = parsed
    }

    init(pid: Int32, state: Character, parent: Int32, processGroup: Int32, startTime: UInt64) {
        self.pid = pid
        self.state = state
        self.parent = parent
        self.processGroup = processGroup
        self.startTime = startTime
    }

    /// Parses the bytes of a stat line: `pid (comm) state ppid pgrp … starttime …`, fields after the last `)`
    /// separated by single spaces. Byte by byte: the agent reads one per container start and one per process
    /// of `/proc` when it looks for a process group's members.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ProcessStat? {
        let space = UInt8(ascii: " ")
        var index = 0
        while index < bytes.count, bytes[index] == space { index += 1 }
        guard let pid = decimal(bytes, from: &index), let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        // Field 3 (state) starts two bytes after the `)`; field N is the (N - 3)th after it.
        index = close + 2
        guard index < bytes.count else { return nil }
        let state = Character(Unicode.Scalar(bytes[index]))
        var field = 3
        var parent: Int64?, group: Int64?, start: Int64?
        while field < 22 {
            while index < bytes.count, bytes[index] != space { index += 1 }
            index += 1
            field += 1
            guard index < bytes.count else { return nil }
            switch field {
            case 4: parent = decimal(bytes, from: &index)
            case 5: group = decimal(bytes, from: &index)
            case 22: start = decimal(bytes, from: &index)
            default: break
            }
        }
        guard let parent, let group, let start, let parent32 = Int32(exactly: parent), let group32 = Int32(exactly: group),
              let pid32 = Int32(exactly: pid), start >= 0
        else { return nil }
        return ProcessStat(pid: pid32, state: state, parent: parent32, processGroup: group32, startTime: UInt64(start))
    }

    /// An optionally negative decimal number at `index` (moved past it), nil when no digit is there.
    private static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, from index: inout Int) -> Int64? {
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var value: Int64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), digits < 19 {
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            index += 1
            digits += 1
        }
        return digits == 0 ? nil : (negative ? -value : value)
    }
}

/// Reads process information from `/proc`.
enum ProcFS {
    /// Reads a whole pseudo-file with `read` until end of file (Foundation may stop after the first page of
    /// files that report size 0, like `/proc/net/tcp`).
    static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var data: [UInt8] = []
        let chunk = 4096
        while true {
            let start = data.count
            data.append(contentsOf: repeatElement(0, count: chunk))
            let count = data.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + start, chunk) }
            if count < 0 && errno == EINTR {
                data.removeLast(chunk)
                continue
            }
            if count < 0 { return nil }
            data.removeLast(chunk - count)
            if count == 0 { break }
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func stat(of pid: Int32) -> ProcessStat? {
        // One read into a stack buffer: a stat line is ~300 bytes (the command name is at most 64).
        let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { buffer -> ProcessStat? in
            var count = 0
            while count < buffer.count {
                let got = read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { break }
                count += got
            }
            return ProcessStat.parse(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Every pid in `/proc`.
    static func allPIDs() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }

    /// Processes (zombies included) whose process group is `group`.
    static func processes(inGroup group: Int32) -> [ProcessStat] {
        allPIDs().compactMap { pid in
            guard let info = stat(of: pid), info.processGroup == group else { return nil }
            return info
        }
    }

    /// Pids of this process's children (zombies included), from `/proc/self/task/<tid>/children` of every
    /// thread (a child belongs to the thread that created it, an orphan to the thread it was re-parented to);
    /// nil when the kernel lacks those files. A child that exits or is re-parented while the list is read may
    /// be missed, so callers repeat.
    static func childPIDs() -> Set<Int32>? {
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return nil }
        var pids = Set<Int32>()
        var sawFile = false
        for thread in threads {
            guard let text = readFile("/proc/self/task/\(thread)/children") else { continue }
            sawFile = true
            for field in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                if let pid = Int32(field) { pids.insert(pid) }
            }
        }
        return sawFile ? pids : nil
    }

    /// Whether `pid` is alive (not a zombie) and still the same process (`startTime`).
    static func isAlive(pid: Int32, startTime: UInt64) -> Bool {
        guard let info = stat(of: pid) else { return false }
        return info.startTime == startTime && !info.isZombie
    }
}
