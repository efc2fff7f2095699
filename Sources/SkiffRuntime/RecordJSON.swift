/// The runtime's two records — ``Sandbox`` and ``ContainerRecord`` — as JSON, written by hand: the documents
/// their synthesized `Codable` conformances describe (keys sorted, a nil optional left out), read back with
/// `JSONDecoder` like any. Foundation's `JSONEncoder` spent ~2 % of the CPU of a 100-pod burst on them (two
/// records per pod start); this writes the same in a few microseconds. A new stored property of either type
/// must be added here too (the round-trip tests compare every field).
enum RecordJSON {
    static func encode(_ sandbox: Sandbox) -> [UInt8] {
        var output = Writer()
        output.sandbox(sandbox)
        return output.bytes
    }

    static func encode(_ record: ContainerRecord) -> [UInt8] {
        var output = Writer()
        output.record(record)
        return output.bytes
    }

    /// Appends JSON to `bytes`; members are written in the order given (callers give them sorted).
    private struct Writer {
        private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        private var needsComma = false

        init() { bytes.reserveCapacity(512) }

        mutating func sandbox(_ sandbox: Sandbox) {
            open()
            key("createdAt"); timestamp(sandbox.createdAt)
            key("directory"); string(sandbox.directory)
            key("name"); string(sandbox.name)
            key("namespace"); string(sandbox.namespace)
            key("podIP"); string(sandbox.podIP)
            key("podUID"); string(sandbox.podUID)
            close()
        }

        mutating func record(_ record: ContainerRecord) {
            open()
            if let cgroup = record.cgroup {
                key("cgroup")
                open()
                key("paths")
                bytes.append(UInt8(ascii: "["))
                needsComma = false
                for path in cgroup.paths { string(path) }
                bytes.append(UInt8(ascii: "]"))
                needsComma = true
                key("version"); integer(cgroup.version)
                close()
            }
            key("id")
            open()
            key("name"); string(record.id.name)
            key("podUID"); string(record.id.podUID)
            key("restartCount"); integer(record.id.restartCount)
            close()
            key("log")
            open()
            key("maxFileBytes"); integer(record.log.maxFileBytes)
            key("maxFiles"); integer(record.log.maxFiles)
            key("maxLineBytes"); integer(record.log.maxLineBytes)
            close()
            key("pid"); integer(record.pid)
            key("processGroup"); integer(record.processGroup)
            key("processStartTime"); integer(record.processStartTime)
            key("state"); state(record.state)
            key("stderrFIFO"); string(record.stderrFIFO)
            key("stdoutFIFO"); string(record.stdoutFIFO)
            close()
        }

        /// An enum with associated values: `{"<case>":{<labels>}}`.
        private mutating func state(_ state: ContainerState) {
            open()
            switch state {
            case .running(let pid, let startedAt):
                key("running")
                open()
                key("pid"); integer(pid)
                key("startedAt"); timestamp(startedAt)
                close()
            case .exited(let exitCode, let signal, let reason, let startedAt, let finishedAt):
                key("exited")
                open()
                key("exitCode"); integer(exitCode)
                key("finishedAt"); timestamp(finishedAt)
                key("reason"); string(reason.rawValue)
                if let signal { key("signal"); integer(signal) }
                key("startedAt"); timestamp(startedAt)
                close()
            }
            close()
        }

        private mutating func timestamp(_ timestamp: Timestamp) {
            open()
            key("nanoseconds"); integer(timestamp.nanoseconds)
            key("seconds"); integer(timestamp.seconds)
            close()
        }

        private mutating func open() {
            bytes.append(UInt8(ascii: "{"))
            needsComma = false
        }

        private mutating func close() {
            bytes.append(UInt8(ascii: "}"))
            needsComma = true
        }

        private mutating func key(_ name: StaticString) {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
            needsComma = false
        }

        private mutating func integer(_ value: some BinaryInteger) {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: String(value).utf8)
            needsComma = true
        }

        /// A JSON string: `"` and `\` escaped, control characters as `\u00XX`, everything else as is.
        private mutating func string(_ value: String) {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(byte)
                case 0..<0x20:
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                default:
                    bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
            needsComma = true
        }
    }
}
