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
        guard let open = statLine.firstIndex(of: "("), let close = statLine.lastIndex(of: ")"),
              let pid = Int32(statLine[..<open].trimmingCharacters(in: .whitespaces))
        else { return nil }
        let fields = statLine[statLine.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field N is fields[N - 3].
        guard fields.count >= 20, let state = fields[0].first, let parent = Int32(fields[1]),
              let group = Int32(fields[2]), let start = UInt64(fields[19])
        else { return nil }
        self.pid = pid
        self.state = state
        self.parent = parent
        self.processGroup = group
        self.startTime = start
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
        guard let text = readFile("/proc/\(pid)/stat") else { return nil }
        return ProcessStat(statLine: text)
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
