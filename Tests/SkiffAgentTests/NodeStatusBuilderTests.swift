import Foundation
import SkiffAPI
import SkiffAgent
import SkiffModel
import Testing

@Suite struct NodeStatusBuilderTests {
    let facts = HostFacts(cpuCores: 8, memoryBytes: 16 << 30, ephemeralStorageBytes: 100 << 30, hostname: "h",
                          osImage: "Ubuntu 24.04 LTS", kernelVersion: "6.8.0", architecture: "amd64",
                          machineID: "m1", bootID: "b1")

    @Test func capacityNodeInfoAndConditions() {
        let builder = NodeStatusBuilder(nodeName: "n1", facts: facts, extendedResources: ["nvidia.com/gpu": 2], httpPort: 10250)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let status = builder.status(previous: nil, now: t0)
        #expect(status.capacity?["cpu"] == Quantity(8))
        #expect(status.capacity?["memory"] == Quantity(16 << 30))
        #expect(status.capacity?["pods"] == Quantity(110))
        #expect(status.capacity?["nvidia.com/gpu"] == Quantity(2))
        #expect(status.allocatable == status.capacity)
        #expect(status.daemonEndpoints?.kubeletEndpoint?.Port == 10250)
        #expect(status.nodeInfo?.osImage == "Ubuntu 24.04 LTS" && status.nodeInfo?.machineID == "m1" && status.nodeInfo?.bootID == "b1")
        #expect(builder.labels["kubernetes.io/arch"] == "amd64" && builder.labels["kubernetes.io/hostname"] == "n1")
        let ready = status.conditions?.first { $0.type == "Ready" }
        #expect(ready?.status == "True" && ready?.reason == "KubeletReady" && ready?.lastHeartbeatTime == KubeTime(t0))

        // Later: heartbeat moves, transition stays; nothing else changed.
        let later = builder.status(previous: status, now: t0.addingTimeInterval(60))
        let readyLater = later.conditions?.first { $0.type == "Ready" }
        #expect(readyLater?.lastHeartbeatTime == KubeTime(t0.addingTimeInterval(60)))
        #expect(readyLater?.lastTransitionTime == KubeTime(t0))
        #expect(!NodeStatusBuilder.differsBeyondHeartbeat(status, later))
        let more = NodeStatusBuilder(nodeName: "n1", facts: facts, extendedResources: ["nvidia.com/gpu": 4], httpPort: 10250)
        #expect(NodeStatusBuilder.differsBeyondHeartbeat(status, more.status(previous: status, now: t0)))
    }
}
