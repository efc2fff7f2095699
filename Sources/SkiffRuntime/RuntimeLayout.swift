import Foundation

/// Where the process runtime keeps things (docs/runtime.md, "Layout").
///
/// Persistent, under the runtime root (on disk): `<root>/pods/<uid>/` (the sandbox: the containers' default
/// working directory, left to them) and `<root>/logs/<uid>_<name>_<restartCount>.log*` (one directory for all
/// pods: no directory to create per pod).
///
/// Volatile, under the state directory (tmpfs, see ``RuntimeStateDirectory``): `<state>/<uid>/sandbox.json`,
/// `<state>/<uid>/<name>_<restartCount>.json` (container records) and `<state>/<uid>/<name>_<restartCount>.stdout`
/// / `.stderr` (the output FIFOs).
struct RuntimeLayout: Sendable {
    let root: String
    let state: String

    var podsDirectory: String { "\(root)/pods" }
    /// Names of spare sandbox directories in `podsDirectory` start with this (pod UIDs never contain `_`).
    static let sparePrefix = "_spare-"

    func sandboxDirectory(_ podUID: String) -> String { "\(root)/pods/\(podUID)" }
    var logDirectory: String { "\(root)/logs" }
    /// The log file name stem of a container (``LogFiles``).
    func logStem(_ podUID: String, _ container: String) -> String { "\(podUID)_\(container)" }

    func podStateDirectory(_ podUID: String) -> String { "\(state)/\(podUID)" }
    func sandboxFile(_ podUID: String) -> String { "\(state)/\(podUID)/sandbox.json" }
    func recordFile(_ id: ContainerID) -> String { "\(state)/\(id.podUID)/\(id.name)_\(id.restartCount).json" }
    func fifo(_ id: ContainerID, _ stream: LogStream) -> String {
        "\(state)/\(id.podUID)/\(id.name)_\(id.restartCount).\(stream.rawValue)"
    }

    /// Writes the sandbox record to `path` (see ``writeAtomically(_:to:)``).
    func save(_ sandbox: Sandbox, to path: String) throws {
        try writeAtomically(RecordJSON.encode(sandbox), to: path)
    }

    /// Writes the container record to `path` (see ``writeAtomically(_:to:)``).
    func save(_ record: ContainerRecord, to path: String) throws {
        try writeAtomically(RecordJSON.encode(record), to: path)
    }

    /// Writes `data` (a record's JSON) to `path` through a temporary file and a rename, so a reader (a
    /// restarted agent) sees the old or the new record, never half of one. No fsync: the records
    /// must survive the agent's crash, not the machine's (a power loss ends the containers too).
    private func writeAtomically(_ data: [UInt8], to path: String) throws {
        let temporary = "\(path).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ContainerRuntimeError.io("cannot write \(path): errno \(errno)") }
        let written = data.withUnsafeBytes { buffer -> Int in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return -1
                }
                offset += count
            }
            return offset
        }
        close(descriptor)
        guard written == data.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ContainerRuntimeError.io("cannot write \(path)")
        }
    }

    func load<T: Decodable>(_ type: T.Type, from path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    /// Pods with state (a directory in the state directory), sorted.
    func podUIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? []
        return names.filter { $0 != RuntimeStateDirectory.ownerMarker && !$0.contains("_") }.sorted()
    }

    /// Sandbox directories on disk, sorted (after a reboot some have no state left).
    func sandboxDirectoryUIDs() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: podsDirectory)) ?? [])
            .filter { !$0.hasPrefix(Self.sparePrefix) }.sorted()
    }

    func records(podUID: String) -> [ContainerRecord] {
        let directory = podStateDirectory(podUID)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") && $0 != "sandbox.json" }.sorted()
            .compactMap { load(ContainerRecord.self, from: "\(directory)/\($0)") }
    }
}
