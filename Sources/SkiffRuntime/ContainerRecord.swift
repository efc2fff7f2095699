import Foundation

/// Everything the runtime keeps about one container instance, persisted as
/// `<state>/<podUID>/<name>_<restartCount>.json` (see ``RuntimeLayout``) so that a new runtime instance can find it again.
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
