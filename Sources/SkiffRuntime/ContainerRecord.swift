import Foundation

/// Everything the runtime keeps about one container instance, persisted as
/// `<sandbox>/containers/<name>_<restartCount>.json` so that a new runtime instance can find it again.
struct ContainerRecord: Sendable, Hashable, Codable {
    var id: ContainerID
    var pid: Int32
    /// Field 22 of `/proc/<pid>/stat` at start: guards against a reused pid.
    var processStartTime: UInt64
    var processGroup: Int32
    var cgroup: ContainerCgroup?
    var state: ContainerState
    var log: LogSettings
    var stdoutFIFO: String
    var stderrFIFO: String

    var info: ContainerInfo { ContainerInfo(id: id, state: state, processGroup: processGroup) }
}

/// On-disk layout of the runtime root and atomic JSON files.
struct RuntimeLayout: Sendable {
    let root: String

    var podsDirectory: String { "\(root)/pods" }
    func sandboxDirectory(_ podUID: String) -> String { "\(root)/pods/\(podUID)" }
    func sandboxFile(_ podUID: String) -> String { "\(sandboxDirectory(podUID))/sandbox.json" }
    func containersDirectory(_ podUID: String) -> String { "\(sandboxDirectory(podUID))/containers" }
    func recordFile(_ id: ContainerID) -> String { "\(containersDirectory(id.podUID))/\(id.name)_\(id.restartCount).json" }
    func fifo(_ id: ContainerID, _ stream: LogStream) -> String {
        "\(containersDirectory(id.podUID))/\(id.name)_\(id.restartCount).\(stream.rawValue)"
    }
    func logDirectory(_ podUID: String, container: String) -> String {
        LogFiles.directory(sandboxDirectory: sandboxDirectory(podUID), container: container)
    }

    /// Writes `value` as JSON to `path` through a temporary file and a rename, so a reader (a
    /// restarted agent) sees the old or the new record, never half of one. No fsync: the records
    /// must survive the agent's crash, not the machine's (a power loss ends the containers too),
    /// and an fsync per container start costs more than the rest of the start.
    func save(_ value: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        let temporary = "\(path).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ContainerRuntimeError.io("cannot write \(path)") }
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
            throw ContainerRuntimeError.io("cannot write \(path)")
        }
    }

    func load<T: Decodable>(_ type: T.Type, from path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    func podUIDs() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: podsDirectory)) ?? []).sorted()
    }

    func records(podUID: String) -> [ContainerRecord] {
        let directory = containersDirectory(podUID)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { load(ContainerRecord.self, from: "\(directory)/\($0)") }
    }
}
