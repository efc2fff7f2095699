import Foundation
import SkiffClient
import SkiffModel
import SkiffTesting
import Synchronization

/// One burst: `pods` pods created at once by `creators` concurrent connections; for each pod, the time from
/// just before its create request to a watch (opened before the burst) showing it bound, Running and Ready.
struct PodBurst {
    var pods: Int
    var creators: Int
    var command: [String]
    /// Pods are named `<namePrefix>-<index>`.
    var namePrefix = "bench"

    struct Result {
        /// Per pod, in ms.
        var toBound: [Double], toRunning: [Double], toReady: [Double]
        /// From the first create request, in ms.
        var createsAnswered: Double, lastRunning: Double
        /// The server's and this bench's CPU from the first create to the last Running, in ms.
        var serverCPU: Double, benchCPU: Double
    }

    private final class Counter: Sendable {
        let next = Atomic<Int>(0)
    }

    private final class Times: Sendable {
        struct Marks { var sent: [String: UInt64] = [:], bound: [String: UInt64] = [:], running: [String: UInt64] = [:], ready: [String: UInt64] = [:] }
        let marks = Mutex(Marks())
    }

    func run(on server: BenchServer) async throws -> Result {
        let transport = server.transport
        let list = try await transport.send(TransportRequest(method: "GET", path: "/api/v1/namespaces/default/pods"),
                                            timeout: .seconds(10), maximumBodyBytes: 64 << 20)
        guard case .object(let fields)? = try? JSONParser.parse(list.body), case .object(let metadata)? = fields["metadata"],
              case .string(let version)? = metadata["resourceVersion"] else { throw BenchFailure("cannot list pods: \(list.status)") }
        let times = Times()
        let pods = pods
        let namePrefix = namePrefix
        let watch = try await transport.stream(
            TransportRequest(method: "GET", path: "/api/v1/namespaces/default/pods",
                             query: "watch=true&resourceVersion=\(version)&timeoutSeconds=120"), timeout: .seconds(10))
        let watching = Task {
            var pending: [UInt8] = []
            for try await chunk in watch.body {
                let now = monotonicNanoseconds()
                pending.append(contentsOf: chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Array(pending[..<newline])
                    pending.removeSubrange(...newline)
                    guard let event = WatchLine(line) else { continue }
                    let done = times.marks.withLock { marks -> Bool in
                        if event.isBound, marks.bound[event.name] == nil { marks.bound[event.name] = now }
                        if event.isRunning, marks.running[event.name] == nil { marks.running[event.name] = now }
                        if event.isReady, marks.ready[event.name] == nil { marks.ready[event.name] = now }
                        return marks.running.count >= pods && marks.ready.count >= pods
                    }
                    if done { return }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(300))

        let commandJSON = String(decoding: try JSONEncoder().encode(command), as: UTF8.self)
        let counter = Counter()
        let cpuBefore = server.cpuMilliseconds
        let benchCPUBefore = processCPUSeconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<creators {
                group.addTask {
                    while true {
                        let index = counter.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < pods else { return }
                        let name = "\(namePrefix)-\(index)"
                        let body = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)"},"spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"main","image":"bench","command":\#(commandJSON)}]}}"#
                        times.marks.withLock { $0.sent[name] = monotonicNanoseconds() }
                        let answer = try await transport.send(
                            TransportRequest(method: "POST", path: "/api/v1/namespaces/default/pods", body: Array(body.utf8)),
                            timeout: .seconds(30), maximumBodyBytes: 1 << 20)
                        guard answer.status == 201 else { throw BenchFailure("create \(name): \(answer.status)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let createsAnswered = monotonicNanoseconds()
        let timeout = Task {
            try await Task.sleep(for: .seconds(120))
            watching.cancel()
        }
        try await watching.value
        timeout.cancel()
        let serverCPU = server.cpuMilliseconds - cpuBefore
        let benchCPU = (processCPUSeconds() - benchCPUBefore) * 1000

        let marks = times.marks.withLock { $0 }
        func since(_ end: [String: UInt64]) -> [Double] {
            marks.sent.compactMap { name, sent in end[name].map { Double($0 - sent) / 1e6 } }
        }
        let first = marks.sent.values.min() ?? 0
        return Result(toBound: since(marks.bound), toRunning: since(marks.running), toReady: since(marks.ready),
                      createsAnswered: Double(createsAnswered - first) / 1e6,
                      lastRunning: Double((marks.running.values.max() ?? first) - first) / 1e6, serverCPU: serverCPU,
                      benchCPU: benchCPU)
    }

    /// Deletes every pod in `default` (grace 1 s) and waits until none is listed.
    static func deleteAll(on server: BenchServer) async throws {
        let transport = server.transport
        _ = try await transport.send(TransportRequest(method: "DELETE", path: "/api/v1/namespaces/default/pods",
                                                      query: "gracePeriodSeconds=1"), timeout: .seconds(30), maximumBodyBytes: 64 << 20)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let list = try await transport.send(TransportRequest(method: "GET", path: "/api/v1/namespaces/default/pods"),
                                                timeout: .seconds(10), maximumBodyBytes: 64 << 20)
            if case .object(let fields)? = try? JSONParser.parse(list.body), case .array(let items)? = fields["items"], items.isEmpty {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchFailure("pods still listed 60 s after deleting them")
    }
}
