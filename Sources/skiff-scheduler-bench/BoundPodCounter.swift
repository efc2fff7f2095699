import SkiffTesting
import AsyncHTTPClient
import NIOCore
import Synchronization

/// Counts pods as they get bound, through one watch on `pods?fieldSelector=spec.nodeName!=`: the
/// server reports a pod that starts matching (its binding) as ADDED. Lines are counted without
/// decoding, so the counter costs the scheduler (same process) next to nothing.
final class BoundPodCounter: Sendable {
    private let boundCount = Atomic<Int>(0)
    private let firstBoundAt = Atomic<UInt64>(0)
    private let lastBoundAt = Atomic<UInt64>(0)

    var bound: Int { boundCount.load(ordering: .acquiring) }
    var first: UInt64 { firstBoundAt.load(ordering: .acquiring) }
    var last: UInt64 { lastBoundAt.load(ordering: .acquiring) }

    private static let addedPrefix = Array(#"{"type":"ADDED""#.utf8)

    /// Watches from `resourceVersion` until cancelled.
    func run(client: HTTPClient, serverURL: String, resourceVersion: String) async throws {
        var request = HTTPClientRequest(url: serverURL + "/api/v1/pods?watch=true&fieldSelector=spec.nodeName%21%3D&resourceVersion=\(resourceVersion)")
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await client.execute(request, timeout: .seconds(30))
        guard response.status == .ok else { throw BenchError("bound-pod watch answered HTTP \(response.status.code)") }
        var pending: [UInt8] = []
        for try await chunk in response.body {
            let arrived = monotonicNanoseconds()
            pending.append(contentsOf: chunk.readableBytesView)
            var lineStart = 0
            var added = 0
            for index in pending.indices where pending[index] == 0x0A {
                if index - lineStart >= Self.addedPrefix.count,
                   pending[lineStart..<(lineStart + Self.addedPrefix.count)].elementsEqual(Self.addedPrefix) {
                    added += 1
                }
                lineStart = index + 1
            }
            pending.removeFirst(lineStart)
            if added > 0 {
                if boundCount.load(ordering: .relaxed) == 0 { firstBoundAt.store(arrived, ordering: .releasing) }
                lastBoundAt.store(arrived, ordering: .releasing)
                boundCount.add(added, ordering: .releasing)
            }
        }
    }
}
