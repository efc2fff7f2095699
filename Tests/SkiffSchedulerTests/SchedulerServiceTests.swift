import SkiffTesting
import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffModel
import Testing
@testable import SkiffScheduler

/// The scheduling loop against a real API server: Node objects only (no agents), pods bound
/// through pods/binding, unschedulable pods marked and retried when a node appears.
@Suite(.serialized) struct SchedulerServiceTests {
    func createNode(_ client: KubernetesClient, _ node: CoreV1.Node) async throws {
        var created = try await client.create(node)
        created.status = node.status
        _ = try await client.updateStatus(created)
    }

    func runScheduler(_ client: KubernetesClient, _ body: () async throws -> Void) async throws {
        var logger = Logger(label: "test.scheduler")
        logger.logLevel = .warning
        let service = SchedulerService(client: client, seed: 1, logger: logger)
        let task = Task { try await service.run() }
        defer { task.cancel() }
        try await body()
    }

    @Test func bindsPodsSpreadsReplicasAndReportsUnschedulable() async throws {
        try await InProcessAPIServer.withClient(prefix: "skiff-scheduler-test") { server, client in
            for name in ["node-a", "node-b", "node-c"] {
                try await createNode(client, Fixture.node(name, cpu: "2", labels: ["zone": name == "node-c" ? "z2" : "z1"]))
            }
            try await createNode(client, Fixture.node("tainted", taints: [Fixture.taint("dedicated", "db")]))
            try await runScheduler(client) {
                for index in 0..<6 {
                    _ = try await client.create(Fixture.pod("web-\(index)", cpu: "100m", ownerUID: "rs-1"))
                }
                var impossible = Fixture.pod("picky", cpu: "100m")
                impossible.spec?.nodeSelector = ["zone": "nowhere"]
                _ = try await client.create(impossible)

                let bound = await eventually {
                    let pods = (try? await client.list(CoreV1.Pod.self, namespace: "default").items) ?? []
                    return pods.filter { ($0.spec?.nodeName ?? "").hasPrefix("node-") }.count == 6
                }
                #expect(bound)
                let pods = try await client.list(CoreV1.Pod.self, namespace: "default").items
                var perNode: [String: Int] = [:]
                for pod in pods where pod.metadata?.name?.hasPrefix("web-") == true {
                    perNode[pod.spec?.nodeName ?? "", default: 0] += 1
                    let scheduled = pod.status?.conditions?.first { $0.type == "PodScheduled" }
                    #expect(scheduled?.status == "True")
                }
                // Replicas of one owner spread over the three untainted nodes; none on the tainted one.
                #expect(perNode == ["node-a": 2, "node-b": 2, "node-c": 2])

                let marked = await eventually {
                    let pod = try? await client.get(CoreV1.Pod.self, name: "picky", namespace: "default")
                    return pod?.status?.conditions?.contains { $0.type == "PodScheduled" && $0.reason == "Unschedulable" } == true
                }
                #expect(marked)
                let picky = try await client.get(CoreV1.Pod.self, name: "picky", namespace: "default")
                let condition = picky.status?.conditions?.first { $0.type == "PodScheduled" }
                #expect(condition?.status == "False")
                #expect(condition?.message == "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.")
                #expect(picky.spec?.nodeName == nil)
                let failedEvent = await eventually {
                    let events = (try? await client.list(CoreV1.Event.self, namespace: "default").items) ?? []
                    return events.contains { $0.reason == "FailedScheduling" && $0.involvedObject?.name == "picky" && $0.type == "Warning" }
                }
                #expect(failedEvent)
                let scheduledEvents = try await client.list(CoreV1.Event.self, namespace: "default").items.filter { $0.reason == "Scheduled" }
                #expect(scheduledEvents.count >= 1)

                // A node that matches appears: the pending pod is retried and bound there.
                try await createNode(client, Fixture.node("node-z", labels: ["zone": "nowhere"]))
                let rescheduled = await eventually {
                    (try? await client.get(CoreV1.Pod.self, name: "picky", namespace: "default"))?.spec?.nodeName == "node-z"
                }
                #expect(rescheduled)
            }
        }
    }

    @Test func preemptionEvictsLowerPriorityPodsForAHigherOne() async throws {
        try await InProcessAPIServer.withClient(prefix: "skiff-scheduler-test") { _, client in
            try await createNode(client, Fixture.node("small", cpu: "1"))
            for (name, value) in [("low", 10), ("high", 1000)] {
                _ = try await client.create(SchedulingV1.PriorityClass(metadata: MetaV1.ObjectMeta(name: name), value: Int32(value)))
            }
            try await runScheduler(client) {
                _ = try await client.create(Fixture.pod("filler", cpu: "800m") { $0.priorityClassName = "low" })
                let filled = await eventually {
                    (try? await client.get(CoreV1.Pod.self, name: "filler", namespace: "default"))?.spec?.nodeName == "small"
                }
                #expect(filled)
                _ = try await client.create(Fixture.pod("important", cpu: "500m") { $0.priorityClassName = "high" })
                // The scheduler deletes the victim (gracefully: it is bound) and nominates the node.
                let nominated = await eventually {
                    let important = try? await client.get(CoreV1.Pod.self, name: "important", namespace: "default")
                    let filler = try? await client.get(CoreV1.Pod.self, name: "filler", namespace: "default")
                    return important?.status?.nominatedNodeName == "small" && filler?.metadata?.deletionTimestamp != nil
                }
                #expect(nominated)
                // Events are queued and written by the recorder's writer: they may trail the deletion.
                let preemptedEvent = await eventually {
                    let events = (try? await client.list(CoreV1.Event.self, namespace: "default").items) ?? []
                    return events.contains { $0.reason == "Preempted" && $0.involvedObject?.name == "filler" }
                }
                #expect(preemptedEvent)
                // The node's agent would now stop the victim and remove it; the test does that part.
                _ = try await client.delete(CoreV1.Pod.self, name: "filler", namespace: "default",
                                            options: DeleteOptions(gracePeriodSeconds: 0))
                let bound = await eventually {
                    (try? await client.get(CoreV1.Pod.self, name: "important", namespace: "default"))?.spec?.nodeName == "small"
                }
                #expect(bound)
            }
        }
    }
}
