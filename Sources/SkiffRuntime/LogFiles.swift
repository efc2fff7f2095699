import Foundation

/// Naming of container log files, all in one directory (`DATA/logs`, see ``RuntimeLayout``): the current file of
/// an instance is `<stem>_<restartCount>.log` with `stem` = `<podUID>_<container>`; rotation renames it to
/// `<stem>_<restartCount>.log.<yyyyMMdd-HHmmss.nnnnnnnnn>` (UTC), so rotated files sort oldest first by name.
/// Pod UIDs and container names contain no `_`.
enum LogFiles {
    static func current(directory: String, stem: String, restartCount: Int) -> String {
        "\(directory)/\(stem)_\(restartCount).log"
    }

    /// Rotated files of one instance, oldest first.
    static func rotated(directory: String, stem: String, restartCount: Int) -> [String] {
        let prefix = "\(stem)_\(restartCount).log."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { "\(directory)/\($0)" }
    }

    /// All files of one instance in write order: rotated ones, then the current one (if present).
    static func all(directory: String, stem: String, restartCount: Int) -> [String] {
        let current = current(directory: directory, stem: stem, restartCount: restartCount)
        var files = rotated(directory: directory, stem: stem, restartCount: restartCount)
        if access(current, F_OK) == 0 { files.append(current) }
        return files
    }

    /// Restart counts of one container that have log files.
    static func restartCounts(directory: String, stem: String) -> [Int] {
        let prefix = "\(stem)_"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let counts = names.compactMap { name -> Int? in
            guard name.hasPrefix(prefix) else { return nil }
            let rest = name.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: ".") else { return nil }
            return Int(rest[..<dot])
        }
        return Array(Set(counts)).sorted()
    }
}

/// Appends CRI records to an instance's current log file and rotates it by size. Owned by one thread (the
/// monitor's). The file is created with the first record, not before: a container that writes nothing costs
/// no inode, and the creation happens on the monitor thread instead of the caller's.
final class LogWriter {
    let directory: String
    let stem: String
    let restartCount: Int
    let settings: LogSettings
    private let now: WallClock
    private var descriptor: Int32 = -1
    private var size: Int = 0
    /// The stamp of the newest rotated file: rotation names must grow even when the clock does not. Read
    /// from the directory at the first rotation (an adopted instance may have rotated files already).
    private var lastRotation: Timestamp?
    private var lastRotationKnown = false
    private var isClosed = false

    /// Appends to the instance's current file from the first record on; the directory must exist.
    init(directory: String, stem: String, restartCount: Int, settings: LogSettings, now: @escaping WallClock) {
        self.directory = directory
        self.stem = stem
        self.restartCount = restartCount
        self.settings = settings
        self.now = now
    }

    deinit { close() }

    private var currentPath: String { LogFiles.current(directory: directory, stem: stem, restartCount: restartCount) }

    private func open() throws {
        descriptor = Foundation.open(currentPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw ContainerRuntimeError.io("cannot open log \(currentPath): errno \(errno)") }
        var info = stat()
        size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Ends the writer: later records are dropped.
    func close() {
        closeFile()
        isClosed = true
    }

    private func closeFile() {
        if descriptor >= 0 { _ = Foundation.close(descriptor) }
        descriptor = -1
    }

    /// Writes records stamped now, rotating first when the file would exceed the size limit.
    func write(stream: LogStream, records: [(content: [UInt8], isPartial: Bool)]) {
        guard !records.isEmpty, !isClosed else { return }
        if descriptor < 0 { try? open() }
        guard descriptor >= 0 else { return }
        let timestamp = now()
        var buffer: [UInt8] = []
        for record in records {
            let bytes = CRILogRecord(timestamp: timestamp, stream: stream, isPartial: record.isPartial, content: record.content).encoded
            if size + buffer.count + bytes.count > settings.maxFileBytes, size + buffer.count > 0 {
                flush(&buffer)
                rotate(at: timestamp)
            }
            buffer.append(contentsOf: bytes)
        }
        flush(&buffer)
    }

    private func flush(_ buffer: inout [UInt8]) {
        guard !buffer.isEmpty, descriptor >= 0 else { return }
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
        size += offset
        buffer.removeAll(keepingCapacity: true)
    }

    private func rotate(at now: Timestamp) {
        closeFile()
        if !lastRotationKnown {
            lastRotation = LogFiles.rotated(directory: directory, stem: stem, restartCount: restartCount).last
                .flatMap { Timestamp(compactSuffixOf: $0) }
            lastRotationKnown = true
        }
        var stamp = now
        if let last = lastRotation, stamp <= last {
            stamp = last.nanoseconds == 999_999_999
                ? Timestamp(seconds: last.seconds + 1, nanoseconds: 0)
                : Timestamp(seconds: last.seconds, nanoseconds: last.nanoseconds + 1)
        }
        lastRotation = stamp
        _ = Foundation.rename(currentPath, "\(currentPath).\(stamp.compact)")
        let rotated = LogFiles.rotated(directory: directory, stem: stem, restartCount: restartCount)
        let excess = rotated.count - (settings.maxFiles - 1)
        if excess > 0 {
            for path in rotated.prefix(excess) { _ = unlink(path) }
        }
        try? open()
    }
}
