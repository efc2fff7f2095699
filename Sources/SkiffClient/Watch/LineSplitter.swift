/// Splits a byte stream into newline-terminated lines (the watch wire format: one JSON event per
/// line). Feed chunks as they arrive; each call returns the lines completed by that chunk.
/// Pure; empty lines are skipped.
struct LineSplitter {
    private var pending: [UInt8] = []
    /// Longest line accepted (a guard against a server that never sends a newline).
    let maximumLineLength: Int

    init(maximumLineLength: Int = 64 << 20) {
        self.maximumLineLength = maximumLineLength
    }

    enum Failure: Error { case lineTooLong }

    mutating func feed<Bytes: Collection>(_ chunk: Bytes) throws -> [[UInt8]] where Bytes.Element == UInt8 {
        var lines = [[UInt8]]()
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                if !pending.isEmpty { lines.append(pending) }
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                if pending.count > maximumLineLength { throw Failure.lineTooLong }
            }
        }
        return lines
    }

    /// The unterminated rest at the end of the stream, if any.
    mutating func finish() -> [UInt8]? {
        defer { pending.removeAll() }
        let rest = pending.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }
        return rest.isEmpty ? nil : pending
    }
}
