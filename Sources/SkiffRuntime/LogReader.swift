import Foundation

/// What to read of a container's log (the options of `kubectl logs`).
public struct LogRequest: Sendable, Hashable {
    public var podUID: String
    public var containerName: String
    /// The instance whose log is read; with `previous` the instance before it (`restartCount - 1`).
    public var restartCount: Int
    public var previous: Bool
    /// Only the last N lines (before following).
    public var tailLines: Int?
    /// Only lines stamped at or after this time.
    public var since: Timestamp?
    /// Keep streaming new lines until the instance has exited and its output is drained.
    public var follow: Bool

    public init(
        podUID: String, containerName: String, restartCount: Int, previous: Bool = false,
        tailLines: Int? = nil, since: Timestamp? = nil, follow: Bool = false
    ) {
        self.podUID = podUID
        self.containerName = containerName
        self.restartCount = restartCount
        self.previous = previous
        self.tailLines = tailLines
        self.since = since
        self.follow = follow
    }
}

/// One line of a container's output; partial records are joined. `content` has no trailing newline.
public struct LogLine: Sendable, Hashable {
    public var timestamp: Timestamp
    public var stream: LogStream
    public var content: String

    /// `kubectl logs --timestamps` form: `<RFC3339Nano> <content>`.
    public var withTimestamp: String { "\(timestamp.rfc3339Nano) \(content)" }
}

/// Joins partial records into lines, per stream. Pure.
struct LogLineMerger {
    private var pending: [LogStream: (Timestamp, [UInt8])] = [:]

    mutating func add(_ record: CRILogRecord) -> LogLine? {
        if record.isPartial {
            if var existing = pending[record.stream] {
                existing.1.append(contentsOf: record.content)
                pending[record.stream] = existing
            } else {
                pending[record.stream] = (record.timestamp, record.content)
            }
            return nil
        }
        var timestamp = record.timestamp
        var content = record.content
        if let existing = pending.removeValue(forKey: record.stream) {
            timestamp = existing.0
            content = existing.1 + content
        }
        return LogLine(timestamp: timestamp, stream: record.stream, content: String(decoding: content, as: UTF8.self))
    }
}

/// Reads a container instance's log files (rotated ones first) and optionally follows the current file.
struct LogReader {
    let directory: String
    let stem: String
    let restartCount: Int
    let request: LogRequest
    /// True once the instance's output is completely written (it exited and was drained).
    let isComplete: @Sendable () -> Bool

    func stream() -> AsyncThrowingStream<LogLine, any Error> {
        let reader = self
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await reader.run(continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func run(_ continuation: AsyncThrowingStream<LogLine, any Error>.Continuation) async throws {
        let currentPath = LogFiles.current(directory: directory, stem: stem, restartCount: restartCount)
        var follower = request.follow ? FileFollower(path: currentPath) : nil
        var merger = LogLineMerger()
        var lines: [LogLine] = []
        func accept(_ data: [UInt8], into lines: inout [LogLine]) {
            for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
                guard let record = CRILogRecord(line: line), let merged = merger.add(record) else { continue }
                if let since = request.since, merged.timestamp < since { continue }
                lines.append(merged)
            }
        }
        for path in LogFiles.rotated(directory: directory, stem: stem, restartCount: restartCount) {
            if let data = FileManager.default.contents(atPath: path) { accept(Array(data), into: &lines) }
        }
        if follower != nil {
            accept(follower!.readAvailable(), into: &lines)
        } else if let data = FileManager.default.contents(atPath: currentPath) {
            accept(Array(data), into: &lines)
        }
        if let tail = request.tailLines { lines = Array(lines.suffix(max(0, tail))) }
        for line in lines { continuation.yield(line) }
        guard var active = follower else { return }
        defer { active.close() }
        while !Task.isCancelled {
            let complete = isComplete()
            var fresh: [LogLine] = []
            accept(active.readAvailable(), into: &fresh)
            for line in fresh { continuation.yield(line) }
            if complete && fresh.isEmpty { return }
            if fresh.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        }
    }
}

/// Reads whole lines appended to a file, following renames (rotation) to the new file at the same path.
struct FileFollower {
    let path: String
    private var descriptor: Int32 = -1
    private var inode: UInt64 = 0
    private var carry: [UInt8] = []

    init(path: String) {
        self.path = path
        reopen()
    }

    mutating func close() {
        if descriptor >= 0 { _ = Foundation.close(descriptor) }
        descriptor = -1
    }

    private mutating func reopen() {
        close()
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        var info = stat()
        inode = descriptor >= 0 && fstat(descriptor, &info) == 0 ? UInt64(info.st_ino) : 0
    }

    /// Complete lines (newline-terminated) appended since the last call, across a rotation.
    mutating func readAvailable() -> [UInt8] {
        if descriptor < 0 { reopen() }
        var output = drain()
        var info = stat()
        if stat(path, &info) == 0, UInt64(info.st_ino) != inode {
            output += drain()
            carry.removeAll()
            reopen()
            output += drain()
        }
        return output
    }

    private mutating func drain() -> [UInt8] {
        guard descriptor >= 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            carry.append(contentsOf: buffer[0..<count])
        }
        guard let lastNewline = carry.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let complete = Array(carry[...lastNewline])
        carry.removeSubrange(...lastNewline)
        return complete
    }
}
