import Foundation
import Testing
@testable import SkiffRuntime

@Suite struct RecordJSONTests {
    private let started = Timestamp(seconds: 1_790_000_000, nanoseconds: 123_456_789)
    private let finished = Timestamp(seconds: 1_790_000_042, nanoseconds: 7)

    private func roundTrip<T: Decodable & Equatable>(_ value: T, _ bytes: [UInt8]) throws {
        let decoded = try JSONDecoder().decode(T.self, from: Data(bytes))
        #expect(decoded == value, "\(String(decoding: bytes, as: UTF8.self))")
    }

    /// What the hand-written writer makes reads back, field for field, through the synthesized `Codable` — and
    /// is the same document `JSONEncoder` makes (compared as parsed JSON: Foundation escapes `/`).
    @Test func recordsReadBackAsWritten() throws {
        let quoted = "we\"ird\\name\n\u{1}é/€"
        let states: [ContainerState] = [
            .running(pid: 4242, startedAt: started),
            .exited(exitCode: 137, signal: 9, reason: .oomKilled, startedAt: started, finishedAt: finished),
            .exited(exitCode: 0, signal: nil, reason: .completed, startedAt: started, finishedAt: finished),
        ]
        let cgroups: [ContainerCgroup?] = [nil, ContainerCgroup(version: 1, paths: ["/sys/fs/cgroup/memory/a", "/sys/fs/cgroup/cpu/a"]),
                                           ContainerCgroup(version: 2, paths: [])]
        for state in states {
            for cgroup in cgroups {
                let record = ContainerRecord(
                    id: ContainerID(podUID: "0b6f-uid", name: quoted, restartCount: 3), pid: 4242, processStartTime: 18_446_744_073_709_551_615,
                    processGroup: -4242, cgroup: cgroup, state: state, log: LogSettings(maxFileBytes: 1 << 40, maxFiles: 2, maxLineBytes: 7),
                    stdoutFIFO: "/dev/shm/x/\(quoted).stdout", stderrFIFO: "")
                let bytes = RecordJSON.encode(record)
                try roundTrip(record, bytes)
                try expectSameDocument(bytes, JSONEncoder().encode(record))
            }
        }
        let sandbox = Sandbox(podUID: "0b6f-uid", name: quoted, namespace: "default", podIP: "127.42.0.7", directory: "/data/pods/0b6f-uid",
                              createdAt: started)
        try roundTrip(sandbox, RecordJSON.encode(sandbox))
        try expectSameDocument(RecordJSON.encode(sandbox), JSONEncoder().encode(sandbox))
    }

    private func expectSameDocument(_ ours: [UInt8], _ foundation: Data) throws {
        let left = try JSONSerialization.jsonObject(with: Data(ours)) as? NSDictionary
        let right = try JSONSerialization.jsonObject(with: foundation) as? NSDictionary
        #expect(left != nil && left == right, "\(String(decoding: ours, as: UTF8.self)) vs \(String(decoding: foundation, as: UTF8.self))")
    }
}
