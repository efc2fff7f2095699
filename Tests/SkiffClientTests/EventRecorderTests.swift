import Foundation
import SkiffAPI
import SkiffModel
import SkiffTesting
import Testing
@testable import SkiffClient

@Suite struct EventRecorderTests {
    static func pod(_ name: String, uid: String) -> CoreV1.Pod {
        CoreV1.Pod(metadata: MetaV1.ObjectMeta(name: name, namespace: "default", uid: uid))
    }

    static func events(_ client: KubernetesClient) async throws -> [CoreV1.Event] {
        try await client.list(CoreV1.Event.self, namespace: "default").items
    }

    @Test func recordQueuesAndFlushWritesInOrderWithAggregation() async throws {
        try await InProcessAPIServer.withClient { _, client in
            let fixed = Date(timeIntervalSince1970: 1_800_000_000)
            let recorder = EventRecorder(client: client, component: "kubelet", host: "node-a", now: { fixed })
            let web = Self.pod("web", uid: "uid-web")
            recorder.record(web, reason: "Created", message: "Created container: main", fieldPath: "spec.containers{main}")
            recorder.record(web, reason: "Started", message: "Started container main", fieldPath: "spec.containers{main}")
            recorder.record(web, type: "Warning", reason: "BackOff", message: "Back-off restarting failed container main")
            recorder.record(web, type: "Warning", reason: "BackOff", message: "Back-off restarting failed container main")
            await recorder.flush()

            let written = try await Self.events(client)
            #expect(written.count == 3)
            let byReason = Dictionary(uniqueKeysWithValues: written.map { ($0.reason ?? "", $0) })
            #expect(byReason["Created"]?.involvedObject?.fieldPath == "spec.containers{main}")
            #expect(byReason["Created"]?.source?.host == "node-a")
            #expect(byReason["Created"]?.count == 1)
            #expect(byReason["BackOff"]?.count == 2)   // the repeat bumped the first one
            #expect(byReason["BackOff"]?.type == "Warning")
            #expect(byReason["Started"]?.lastTimestamp == KubeTime(fixed))
            #expect(recorder.droppedCount == 0)
            await recorder.shutdown()
        }
    }

    @Test func forgetAppliesAfterTheEventsQueuedBeforeIt() async throws {
        try await InProcessAPIServer.withClient { _, client in
            let recorder = EventRecorder(client: client, component: "default-scheduler")
            let pod = Self.pod("api", uid: "uid-api")
            recorder.record(pod, reason: "Scheduled", message: "Successfully assigned default/api to n1")
            recorder.forget(podUID: "uid-api")
            // The same event again: forgotten aggregation state means a second Event, not count 2.
            recorder.record(pod, reason: "Scheduled", message: "Successfully assigned default/api to n1")
            await recorder.flush()
            let written = try await Self.events(client)
            #expect(written.count == 2)
            #expect(written.allSatisfy { $0.count == 1 })
            await recorder.shutdown()
        }
    }

    @Test func eventsBeyondTheQueueLimitAreDroppedAndCounted() async throws {
        try await InProcessAPIServer.withClient { _, client in
            let recorder = EventRecorder(client: client, component: "kubelet", maximumQueuedEvents: 5)
            // Recording is synchronous and the writer needs a round trip per event, so a burst of
            // 200 cannot all fit in a queue of 5.
            for index in 0..<200 {
                recorder.record(Self.pod("p\(index)", uid: "uid-\(index)"), reason: "Started", message: "Started container main")
            }
            await recorder.flush()
            let written = try await Self.events(client)
            #expect(recorder.droppedCount > 0)
            #expect(written.count == 200 - recorder.droppedCount)
            #expect(written.count >= 5)
            await recorder.shutdown()
        }
    }

    @Test func afterShutdownNothingIsWrittenAndFlushReturns() async throws {
        try await InProcessAPIServer.withClient { _, client in
            let recorder = EventRecorder(client: client, component: "kubelet")
            recorder.record(Self.pod("before", uid: "uid-before"), reason: "Started", message: "Started container main")
            await recorder.shutdown()   // writes what was queued
            recorder.record(Self.pod("after", uid: "uid-after"), reason: "Started", message: "Started container main")
            await recorder.flush()
            let names = try await Self.events(client).compactMap { $0.involvedObject?.name }
            #expect(names == ["before"])
        }
    }
}
