import Foundation

/// Which output stream a log record came from.
public enum LogStream: String, Sendable, Hashable, Codable {
    case stdout
    case stderr
}

/// One record of a CRI log file: `<RFC3339Nano timestamp> <stream> <F|P> <content>\n`.
/// `P` (partial) records are continued by the next record of the same stream; `F` ends a line.
public struct CRILogRecord: Sendable, Hashable {
    public var timestamp: Timestamp
    public var stream: LogStream
    public var isPartial: Bool
    public var content: [UInt8]

    public init(timestamp: Timestamp, stream: LogStream, isPartial: Bool, content: [UInt8]) {
        self.timestamp = timestamp
        self.stream = stream
        self.isPartial = isPartial
        self.content = content
    }

    /// The record as written to the file, newline included.
    public var encoded: [UInt8] {
        var bytes = Array("\(timestamp.rfc3339Nano) \(stream.rawValue) \(isPartial ? "P" : "F") ".utf8)
        bytes.append(contentsOf: content)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Parses one record (without its newline); nil for malformed lines.
    public init?(line: some Collection<UInt8>) {
        let bytes = Array(line)
        guard let firstSpace = bytes.firstIndex(of: UInt8(ascii: " ")),
              let timestamp = Timestamp(rfc3339: String(decoding: bytes[..<firstSpace], as: UTF8.self))
        else { return nil }
        let afterTime = bytes.index(after: firstSpace)
        guard let secondSpace = bytes[afterTime...].firstIndex(of: UInt8(ascii: " ")),
              let stream = LogStream(rawValue: String(decoding: bytes[afterTime..<secondSpace], as: UTF8.self))
        else { return nil }
        let tagIndex = secondSpace + 1
        guard tagIndex < bytes.count else { return nil }
        let tag = bytes[tagIndex]
        guard tag == UInt8(ascii: "F") || tag == UInt8(ascii: "P") else { return nil }
        let contentStart = tagIndex + 1 < bytes.count && bytes[tagIndex + 1] == UInt8(ascii: " ") ? tagIndex + 2 : tagIndex + 1
        self.init(timestamp: timestamp, stream: stream, isPartial: tag == UInt8(ascii: "P"), content: Array(bytes[contentStart...]))
    }
}

/// Cuts a byte stream into log records: one `F` record per newline-terminated line, `P` records for pieces of
/// a line longer than `maxLineBytes`. Pure; the caller stamps the time.
struct LineAssembler {
    let stream: LogStream
    let maxLineBytes: Int
    private var pending: [UInt8] = []

    init(stream: LogStream, maxLineBytes: Int) {
        self.stream = stream
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds bytes; returns the complete records (content, isPartial).
    mutating func feed(_ bytes: some Collection<UInt8>) -> [(content: [UInt8], isPartial: Bool)] {
        var records: [(content: [UInt8], isPartial: Bool)] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                records.append((pending, false))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                if pending.count >= maxLineBytes {
                    records.append((pending, true))
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        return records
    }

    /// At end of stream: the unterminated rest as a full line, if any.
    mutating func finish() -> [(content: [UInt8], isPartial: Bool)] {
        guard !pending.isEmpty else { return [] }
        defer { pending.removeAll() }
        return [(pending, false)]
    }
}
