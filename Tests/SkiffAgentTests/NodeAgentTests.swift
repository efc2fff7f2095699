import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SkiffAPI
import SkiffAgent
import SkiffClient
import SkiffModel
import SkiffRuntime
import Testing

/// End to end: a real API server, a real agent, real processes.
@Suite(.serialized) struct NodeAgentTests {
    @Test func nodeRegistersWithCapacityAndReadyAndLeaseRenews() async throws {
        try await AgentHarness.with { harness in
            let node = try await harness.client.get(CoreV1.Node.self, name: harness.nodeName)
            #expect(node.metadata?.labels?["kubernetes.io/hostname"] == harness.nodeName)
            #expect(node.metadata?.labels?["kubernetes.io/os"] == "linux")
            #expect(node.metadata?.labels?["kubernetes.io/arch"] != nil)
            let capacity = node.status?.capacity ?? [:]
            #expect(capacity["pods"] == Quantity(110))
            #expect(capacity["nvidia.com/gpu"] == Quantity(2))
            #expect((capacity["cpu"]?.value ?? 0) >= 1)
            #expect((capacity["memory"]?.value ?? 0) > 100_000_000)
            #expect((capacity["ephemeral-storage"]?.value ?? 0) > 0)
            #expect(node.status?.allocatable == node.status?.capacity)
            let ready = node.status?.conditions?.first { $0.type == "Ready" }
            #expect(ready?.status == "True" && ready?.reason == "KubeletReady" && ready?.lastHeartbeatTime != nil)
            for pressure in ["MemoryPressure", "DiskPressure", "PIDPressure"] {
                #expect(node.status?.conditions?.first { $0.type == pressure }?.status == "False")
            }
            #expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port == Int32(harness.agentPort))
            #expect(node.status?.nodeInfo?.kubeletVersion == "v1.32.0+skiff")
            #expect(node.status?.nodeInfo?.containerRuntimeVersion == "skiff-process://0.1.0")
            #expect(node.status?.nodeInfo?.operatingSystem == "linux")
            #expect(node.status?.addresses?.contains { $0.type == "InternalIP" && $0.address == "127.0.0.1" } == true)
            #expect(node.spec?.podCIDR == "127.42.0.0/24")

            let lease = try await harness.client.get(CoordinationV1.Lease.self, name: harness.nodeName, namespace: "kube-node-lease")
            #expect(lease.spec?.holderIdentity == harness.nodeName)
            #expect(lease.spec?.leaseDurationSeconds == 40)
            let firstRenew = try #require(lease.spec?.renewTime)
            try await Task.sleep(for: .milliseconds(2200))
            let renewed = try await harness.client.get(CoordinationV1.Lease.self, name: harness.nodeName, namespace: "kube-node-lease")
            #expect((renewed.spec?.renewTime).map { $0 > firstRenew } == true)

            let (code, body) = try await harness.agentGET("/healthz")
            #expect(code == 200 && body == "ok")
        }
    }

    @Test func shellPodRunsGetsAPodIPAndLogs() async throws {
        try await AgentHarness.with { harness in
            try await harness.createPod("hello", containers: [shell("main", "echo hi; echo ip=$POD_IP; sleep 1000")])
            let pod = try await harness.waitForPod("hello", "Running") { $0.status?.phase == "Running" }
            let ip = try #require(pod.status?.podIP)
            #expect(ip.hasPrefix("127.42.0."))
            #expect(pod.status?.containerStatuses?.first?.state?.running?.startedAt != nil)
            #expect(pod.status?.conditions?.first { $0.type == "Ready" }?.status == "True")
            #expect(pod.status?.startTime != nil)
            var logs = ""
            for _ in 0..<50 {
                logs = try await harness.agentGET("/containerLogs/default/hello/main").1
                if logs.contains("ip=") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(logs == "hi\nip=\(ip)\n")
            let tail = try await harness.agentGET("/containerLogs/default/hello/main?tailLines=1&timestamps=true").1
            #expect(tail.hasSuffix(" ip=\(ip)\n") && tail.hasPrefix("20"))
            // kubectl logs goes through the API server, which proxies to this agent.
            let proxied = try await harness.client.subresourceBytes(.GET, CoreV1.Pod.self, name: "hello", namespace: "default",
                                                                    subresource: "log")
            #expect(String(decoding: proxied, as: UTF8.self) == "hi\nip=\(ip)\n")
            let missing = try await harness.agentGET("/containerLogs/default/hello/nope")
            #expect(missing.0 == 404)
            let nodeName = harness.nodeName
            #expect(await harness.eventAppears(of: "hello") { $0.reason == "Started" && $0.source?.component == "kubelet" && $0.source?.host == nodeName })
            // Nothing changes, so the agent writes nothing: the pod's resourceVersion stays put.
            let settled = try await harness.pod("hello").metadata?.resourceVersion
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await harness.pod("hello").metadata?.resourceVersion == settled)
            #expect(await harness.eventAppears(of: "hello") { $0.reason == "Created" })
        }
    }

    @Test func httpServerBecomesReadyThroughReadinessProbe() async throws {
        try await AgentHarness.with { harness in
            var container = CoreV1.Container(
                command: ["python3", "-m", "http.server", "8080", "--bind", "$(POD_IP)"], image: "python", name: "web",
                ports: [CoreV1.ContainerPort(containerPort: 8080, name: "http")])
            container.readinessProbe = CoreV1.Probe(
                httpGet: CoreV1.HTTPGetAction(path: "/", port: .string("http")), periodSeconds: 1)
            try await harness.createPod("web", containers: [container])
            let running = try await harness.waitForPod("web", "Running") { $0.status?.phase == "Running" }
            #expect(running.status?.containerStatuses?.first?.started == true)
            let ready = try await harness.waitForPod("web", timeout: 20, "Ready") {
                $0.status?.conditions?.first { $0.type == "Ready" }?.status == "True"
            }
            #expect(ready.status?.containerStatuses?.first?.ready == true)
            // The server answers on the pod IP.
            let ip = try #require(ready.status?.podIP)
            let (data, _) = try await URLSession.shared.data(from: URL(string: "http://\(ip):8080/")!)
            #expect(!data.isEmpty)
        }
    }

    @Test func exitThreeWithNeverFails() async throws {
        try await AgentHarness.with { harness in
            try await harness.createPod("fails", containers: [shell("main", "echo bye; exit 3")], restartPolicy: "Never")
            let pod = try await harness.waitForPod("fails", "Failed") { $0.status?.phase == "Failed" }
            let terminated = pod.status?.containerStatuses?.first?.state?.terminated
            #expect(terminated?.exitCode == 3)
            #expect(terminated?.reason == "Error")
            #expect(pod.status?.containerStatuses?.first?.restartCount == 0)
        }
    }

    @Test func onFailureRestartsIntoCrashLoopBackOff() async throws {
        try await AgentHarness.with(backOff: RestartBackOff(initial: 1, maximum: 4)) { harness in
            try await harness.createPod("crash", containers: [shell("main", "echo run; exit 1")], restartPolicy: "OnFailure")
            let looping = try await harness.waitForPod("crash", timeout: 30, "CrashLoopBackOff") {
                $0.status?.containerStatuses?.first?.state?.waiting?.reason == "CrashLoopBackOff"
            }
            #expect(looping.status?.phase == "Running")
            #expect(looping.status?.containerStatuses?.first?.lastState?.terminated?.exitCode == 1)
            let count = looping.status?.containerStatuses?.first?.restartCount ?? 0
            #expect(count >= 1)
            let later = try await harness.waitForPod("crash", timeout: 30, "restartCount rising") {
                ($0.status?.containerStatuses?.first?.restartCount ?? 0) > count
            }
            #expect((later.status?.containerStatuses?.first?.restartCount ?? 0) > count)
            #expect(await harness.eventAppears(of: "crash") { $0.reason == "BackOff" && $0.type == "Warning"
                && ($0.message ?? "").hasPrefix("Back-off restarting failed container main in pod crash_default(") })
            // The previous instance's log.
            let previous = try await harness.agentGET("/containerLogs/default/crash/main?previous=true")
            #expect(previous.0 == 200 && previous.1 == "run\n")
        }
    }

    @Test func deletionStopsTheProcessAndThePodGoes() async throws {
        try await AgentHarness.with { harness in
            try await harness.createPod("doomed", containers: [shell("main", "echo $$$$ > pid; exec sleep 1000")])
            let pod = try await harness.waitForPod("doomed", "Running") { $0.status?.phase == "Running" }
            let uid = try #require(pod.metadata?.uid)
            let pidFile = "\(harness.dataDirectory)/runtime/pods/\(uid)/pid"
            var pidText = ""
            for _ in 0..<50 where pidText.isEmpty {
                pidText = ((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if pidText.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            let pid = try #require(Int32(pidText))
            #expect(FileManager.default.fileExists(atPath: "/proc/\(pid)"))
            // The API server marks the bound pod (graceful deletion); the agent stops it and removes it.
            let marked = try await harness.client.delete(CoreV1.Pod.self, name: "doomed", namespace: "default")
            #expect(marked?.metadata?.deletionTimestamp != nil)
            #expect(marked?.metadata?.deletionGracePeriodSeconds == 5)
            let deadline = Date().addingTimeInterval(15)
            var gone = false
            while Date() < deadline {
                let objectGone = (try? await harness.pod("doomed")) == nil
                if objectGone && !FileManager.default.fileExists(atPath: "/proc/\(pid)") {
                    gone = true
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(gone)
        }
    }

    @Test func podWithoutCommandGetsAClearReason() async throws {
        try await AgentHarness.with { harness in
            try await harness.createPod("nginx", containers: [CoreV1.Container(image: "nginx", name: "web")])
            let pod = try await harness.waitForPod("nginx", "CreateContainerError") {
                $0.status?.containerStatuses?.first?.state?.waiting?.reason == "CreateContainerError"
            }
            #expect(pod.status?.phase == "Pending")
            #expect(pod.status?.containerStatuses?.first?.state?.waiting?.message
                    == "container has no command: the process runtime runs command and args, it has no images")
            #expect(await harness.eventAppears(of: "nginx") { $0.type == "Warning" && $0.reason == "Failed" && ($0.message ?? "").contains("no command") })
        }
    }
}

/// Probes, warnings, log following and agent restarts, end to end.
@Suite(.serialized) struct NodeAgentLifecycleTests {
    @Test func livenessFailureKillsAndRestarts() async throws {
        try await AgentHarness.with { harness in
            var container = shell("main", "touch healthy; sleep 1000")
            container.livenessProbe = CoreV1.Probe(
                exec: CoreV1.ExecAction(command: ["/bin/sh", "-c", "test -e healthy && rm healthy && exit 0; exit 1"]),
                failureThreshold: 1, periodSeconds: 1)
            try await harness.createPod("live", containers: [container])
            let restarted = try await harness.waitForPod("live", timeout: 20, "restarted by liveness") {
                ($0.status?.containerStatuses?.first?.restartCount ?? 0) >= 1
            }
            #expect(restarted.status?.containerStatuses?.first?.lastState?.terminated?.exitCode == 137
                    || restarted.status?.containerStatuses?.first?.lastState?.terminated?.exitCode == 143)
            #expect(await harness.eventAppears(of: "live") { $0.reason == "Unhealthy" && ($0.message ?? "").hasPrefix("Liveness probe failed") })
            #expect(await harness.eventAppears(of: "live") { $0.reason == "Killing" && $0.message == "Container main failed liveness probe, will be restarted" })
        }
    }

    @Test func wildcardListenGetsAWarning() async throws {
        try await AgentHarness.with { harness in
            let port = 20000 + Int.random(in: 0..<20000)
            try await harness.createPod("wild", containers: [CoreV1.Container(
                command: ["python3", "-m", "http.server", "\(port)", "--bind", "0.0.0.0"], image: "python", name: "web")])
            let deadline = Date().addingTimeInterval(15)
            var warning: CoreV1.Event?
            while Date() < deadline, warning == nil {
                warning = try await harness.events(of: "wild").first { $0.reason == "WildcardListen" }
                if warning == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(warning?.type == "Warning")
            #expect(warning?.message?.hasPrefix("container web listens on 0.0.0.0:\(port)") == true)
        }
    }

    @Test func followStreamsNewLines() async throws {
        try await AgentHarness.with { harness in
            try await harness.createPod("ticker", containers: [shell("main", "for i in 1 2 3; do echo line$i; sleep 0.3; done")],
                                        restartPolicy: "Never")
            _ = try await harness.waitForPod("ticker", "Running") { $0.status?.phase == "Running" || $0.status?.phase == "Succeeded" }
            let (code, body) = try await harness.agentGET("/containerLogs/default/ticker/main?follow=true")
            #expect(code == 200)
            #expect(body == "line1\nline2\nline3\n")
            let limited = try await harness.agentGET("/containerLogs/default/ticker/main?limitBytes=8").1
            #expect(limited == "line1\nli")
            let succeeded = try await harness.waitForPod("ticker", "Succeeded") { $0.status?.phase == "Succeeded" }
            #expect(succeeded.status?.containerStatuses?.first?.state?.terminated?.reason == "Completed")
        }
    }

    @Test func restartedAgentAdoptsItsContainersAndRemovesVanishedPods() async throws {
        try await TestCluster.with { cluster in
            let dataDirectory = cluster.directory.appending("agent").path
            var keepPID: Int32 = 0
            var gonePID: Int32 = 0
            try await cluster.runAgent(nodeName: "node-r", dataDirectory: dataDirectory) { harness in
                try await harness.createPod("keep", containers: [shell("main", "echo $$$$ > pid; exec sleep 1000")])
                try await harness.createPod("gone", containers: [shell("main", "echo $$$$ > pid; exec sleep 1000")])
                keepPID = try await harness.waitForPID(of: "keep")
                gonePID = try await harness.waitForPID(of: "gone")
            }
            // The agent is down; its containers run on.
            #expect(FileManager.default.fileExists(atPath: "/proc/\(keepPID)"))
            let client = KubernetesClient(configuration: ClientConfiguration(serverURL: "http://127.0.0.1:\(cluster.apiPort)"))
            _ = try await client.delete(CoreV1.Pod.self, name: "gone", namespace: "default")
            try await client.shutdown()
            try await cluster.runAgent(nodeName: "node-r", dataDirectory: dataDirectory) { harness in
                let deadline = Date().addingTimeInterval(15)
                while Date() < deadline, FileManager.default.fileExists(atPath: "/proc/\(gonePID)") {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(!FileManager.default.fileExists(atPath: "/proc/\(gonePID)"))
                try await Task.sleep(for: .milliseconds(500))
                let keep = try await harness.waitForPod("keep", "Running") { $0.status?.phase == "Running" }
                #expect(FileManager.default.fileExists(atPath: "/proc/\(keepPID)"))
                #expect(keep.status?.containerStatuses?.first?.restartCount == 0)
                #expect(try await harness.waitForPID(of: "keep") == keepPID)
                await harness.deleteAllPods()
                #expect(!FileManager.default.fileExists(atPath: "/proc/\(keepPID)"))
            }
        }
    }

    @Test func memoryLimitOverrunIsOOMKilled() async throws {
        let support = CgroupSupport.detect()
        guard support.isAvailable else {
            print("skipping OOM test: \(support)")
            return
        }
        try await AgentHarness.with { harness in
            var container = CoreV1.Container(
                command: ["python3", "-c", "b = bytearray(300 * 1024 * 1024); print('survived')"], image: "python", name: "hog")
            container.resources = CoreV1.ResourceRequirements(limits: ["memory": try Quantity(parsing: "64Mi")])
            try await harness.createPod("hog", containers: [container], restartPolicy: "Never")
            let pod = try await harness.waitForPod("hog", timeout: 30, "Failed") { $0.status?.phase == "Failed" }
            let terminated = pod.status?.containerStatuses?.first?.state?.terminated
            #expect(terminated?.reason == "OOMKilled")
            #expect(terminated?.exitCode == 137)
            #expect(pod.status?.qosClass == "Burstable")
        }
    }

    @Test func initContainersRunInOrderBeforeTheApp() async throws {
        try await AgentHarness.with { harness in
            try await harness.createPod(
                "staged", containers: [shell("app", "cat steps; sleep 1000")],
                initContainers: [shell("first", "echo one > steps"), shell("second", "echo two >> steps")])
            let pod = try await harness.waitForPod("staged", "Running") { $0.status?.phase == "Running" }
            #expect(pod.status?.conditions?.first { $0.type == "Initialized" }?.status == "True")
            #expect(pod.status?.initContainerStatuses?.map { $0.state?.terminated?.reason } == ["Completed", "Completed"])
            var logs = ""
            for _ in 0..<50 where logs.isEmpty {
                logs = try await harness.agentGET("/containerLogs/default/staged/app").1
                if logs.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(logs == "one\ntwo\n")
        }
    }

    @Test func secondAgentGetsTheNextPodCIDR() async throws {
        try await TestCluster.with { cluster in
            try await cluster.runAgent(nodeName: "first", dataDirectory: cluster.directory.appending("a1").path) { first in
                try await cluster.runAgent(nodeName: "second", dataDirectory: cluster.directory.appending("a2").path) { second in
                    let one = try await first.client.get(CoreV1.Node.self, name: "first")
                    let two = try await second.client.get(CoreV1.Node.self, name: "second")
                    #expect(one.spec?.podCIDR == "127.42.0.0/24")
                    #expect(two.spec?.podCIDR == "127.42.1.0/24")
                    #expect(first.agentPort != second.agentPort)
                    try await second.createPod("there", containers: [shell("main", "sleep 1000")])
                    let pod = try await second.waitForPod("there", "Running") { $0.status?.phase == "Running" }
                    #expect(pod.status?.podIP == "127.42.1.2")
                    await second.deleteAllPods()
                }
            }
        }
    }
}
