import Foundation
import SkiffAPI
import SkiffAgent
import SkiffModel
import SkiffRuntime
import Testing

/// The pure pod state machine: decisions, back-off and status, with an injected clock.
@Suite struct PodStateMachineTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func stamp(_ offset: TimeInterval) -> Timestamp { Timestamp(t0.addingTimeInterval(offset)) }
    func running(_ count: Int, at offset: TimeInterval) -> ContainerInstance {
        ContainerInstance(restartCount: count, state: .running(pid: 100, startedAt: stamp(offset)))
    }
    func exited(_ count: Int, code: Int32, from start: TimeInterval, to end: TimeInterval) -> ContainerInstance {
        ContainerInstance(restartCount: count, state: .exited(exitCode: code, signal: nil, reason: code == 0 ? .completed : .error,
                                                              startedAt: stamp(start), finishedAt: stamp(end)))
    }

    func pod(_ policy: String = "Always", initContainers: [String] = [], containers: [String] = ["main"],
             deleting: Bool = false) -> CoreV1.Pod {
        CoreV1.Pod(
            metadata: MetaV1.ObjectMeta(deletionGracePeriodSeconds: deleting ? 7 : nil,
                                        deletionTimestamp: deleting ? KubeTime(t0) : nil, name: "p", namespace: "ns", uid: "u1"),
            spec: CoreV1.PodSpec(
                containers: containers.map { CoreV1.Container(command: ["true"], image: "img", name: $0) },
                initContainers: initContainers.isEmpty ? nil : initContainers.map { CoreV1.Container(command: ["true"], name: $0) },
                nodeName: "n", restartPolicy: policy))
    }

    func observe(_ pairs: [String: [ContainerInstance]]) -> PodObservation {
        PodObservation(containers: pairs.mapValues { ContainerObservation(instances: $0) })
    }

    // MARK: back-off

    @Test func backOffIsImmediateThenDoublesToFiveMinutes() {
        let backOff = RestartBackOff()
        #expect(backOff.delay(after: [exited(0, code: 1, from: 0, to: 1)]) == 0)
        #expect(backOff.delay(after: [exited(0, code: 1, from: 0, to: 1), exited(1, code: 1, from: 2, to: 3)]) == 10)
        let many = (0..<12).map { exited($0, code: 1, from: Double($0) * 10, to: Double($0) * 10 + 1) }
        #expect(backOff.delay(after: Array(many.prefix(3))) == 20)
        #expect(backOff.delay(after: Array(many.prefix(4))) == 40)
        #expect(backOff.delay(after: many) == 300)
    }

    @Test func tenMinutesOfRunningResetsBackOff() {
        let backOff = RestartBackOff()
        let history = [exited(0, code: 1, from: 0, to: 1), exited(1, code: 1, from: 2, to: 3), exited(2, code: 1, from: 4, to: 4 + 601)]
        #expect(backOff.delay(after: history) == 0)
    }

    // MARK: decisions

    @Test func startsInitContainersInOrderThenAppContainers() {
        let spec = pod(initContainers: ["init-a", "init-b"], containers: ["app", "side"])
        #expect(PodSyncDecision.decide(pod: spec, observation: observe([:]), now: t0) == [.start(container: "init-a", restartCount: 0)])
        #expect(PodSyncDecision.decide(pod: spec, observation: observe(["init-a": [running(0, at: 0)]]), now: t0).isEmpty)
        #expect(PodSyncDecision.decide(pod: spec, observation: observe(["init-a": [exited(0, code: 0, from: 0, to: 1)]]), now: t0)
            == [.start(container: "init-b", restartCount: 0)])
        let initsDone = ["init-a": [exited(0, code: 0, from: 0, to: 1)], "init-b": [exited(0, code: 0, from: 1, to: 2)]]
        #expect(PodSyncDecision.decide(pod: spec, observation: observe(initsDone), now: t0)
            == [.start(container: "app", restartCount: 0), .start(container: "side", restartCount: 0)])
    }

    @Test func restartPolicies() {
        let failed = ["main": [exited(0, code: 3, from: 0, to: 1)]]
        let succeeded = ["main": [exited(0, code: 0, from: 0, to: 1)]]
        let now = t0.addingTimeInterval(2)
        #expect(PodSyncDecision.decide(pod: pod("Never"), observation: observe(failed), now: now).isEmpty)
        #expect(PodSyncDecision.decide(pod: pod("OnFailure"), observation: observe(succeeded), now: now).isEmpty)
        #expect(PodSyncDecision.decide(pod: pod("OnFailure"), observation: observe(failed), now: now)
            == [.start(container: "main", restartCount: 1)])
        #expect(PodSyncDecision.decide(pod: pod("Always"), observation: observe(succeeded), now: now)
            == [.start(container: "main", restartCount: 1)])
    }

    @Test func secondCrashWaitsOutTheBackOff() {
        let history = ["main": [exited(0, code: 1, from: 0, to: 1), exited(1, code: 1, from: 1, to: 2)]]
        #expect(PodSyncDecision.decide(pod: pod(), observation: observe(history), now: t0.addingTimeInterval(5))
            == [.recheck(at: t0.addingTimeInterval(12))])
        #expect(PodSyncDecision.decide(pod: pod(), observation: observe(history), now: t0.addingTimeInterval(12))
            == [.start(container: "main", restartCount: 2)])
    }

    @Test func livenessFailureKillsTheRunningInstance() {
        var observation = observe(["main": [running(0, at: 0)]])
        observation.containers["main"]?.mustKill = true
        #expect(PodSyncDecision.decide(pod: pod(), observation: observation, now: t0)
            == [.kill(container: "main", restartCount: 0, gracePeriodSeconds: 30, reason: .livenessFailed)])
    }

    @Test func deletionKillsWithTheGracePeriodThenDeletesTheObject() {
        let deleting = pod(deleting: true)
        #expect(PodSyncDecision.decide(pod: deleting, observation: observe(["main": [running(0, at: 0)]]), now: t0)
            == [.kill(container: "main", restartCount: 0, gracePeriodSeconds: 7, reason: .podDeleted)])
        #expect(PodSyncDecision.decide(pod: deleting, observation: observe(["main": [exited(0, code: 143, from: 0, to: 1)]]), now: t0)
            == [.deletePodObject])
    }

    @Test func failedStartIsRetriedAfterItsRetryTime() {
        var observation = PodObservation()
        observation.containers["main"] = ContainerObservation(startFailure: StartFailure(
            reason: "RunContainerError", message: "executable file not found", retryAt: t0.addingTimeInterval(10)))
        #expect(PodSyncDecision.decide(pod: pod(), observation: observation, now: t0) == [.recheck(at: t0.addingTimeInterval(10))])
        #expect(PodSyncDecision.decide(pod: pod(), observation: observation, now: t0.addingTimeInterval(10))
            == [.start(container: "main", restartCount: 0)])
    }

    @Test func finishedPodNeverRunsAgain() {
        var failed = pod("Always")
        failed.status = CoreV1.PodStatus(phase: "Failed")
        #expect(PodSyncDecision.decide(pod: failed, observation: observe([:]), now: t0).isEmpty)
        failed.metadata?.deletionTimestamp = KubeTime(t0)
        #expect(PodSyncDecision.decide(pod: failed, observation: observe([:]), now: t0) == [.deletePodObject])
    }

    @Test func containerThatCannotBeCreatedIsNotRetried() {
        var observation = PodObservation()
        observation.containers["main"] = ContainerObservation(startFailure: StartFailure(reason: "CreateContainerError", message: "no command"))
        #expect(PodSyncDecision.decide(pod: pod(), observation: observation, now: t0).isEmpty)
    }

    // MARK: status

    @Test func runningAndReadyStatus() {
        let builder = PodStatusBuilder(podIP: "127.42.0.2")
        let status = builder.build(pod: pod(), observation: observe(["main": [running(0, at: 0)]]), now: t0.addingTimeInterval(1))
        #expect(status.phase == "Running")
        #expect(status.podIP == "127.42.0.2" && status.podIPs?.first?.ip == "127.42.0.2" && status.hostIP == "127.0.0.1")
        #expect(status.qosClass == "BestEffort")
        #expect(status.startTime == KubeTime(t0.addingTimeInterval(1)))
        let main = status.containerStatuses?.first
        #expect(main?.state?.running?.startedAt == KubeTime(t0))
        #expect(main?.ready == true && main?.started == true && main?.restartCount == 0)
        #expect(main?.containerID == "skiff-process://u1_main_0")
        #expect(main?.image == "img")
        let conditions = Dictionary((status.conditions ?? []).map { ($0.type ?? "", $0.status ?? "") }, uniquingKeysWith: { $1 })
        #expect(conditions == ["PodScheduled": "True", "PodReadyToStartContainers": "True", "Initialized": "True",
                               "ContainersReady": "True", "Ready": "True"])
    }

    @Test func readinessGatesReadyAndTransitionTimesAreKept() {
        let builder = PodStatusBuilder(podIP: "127.42.0.2")
        var observation = observe(["main": [running(0, at: 0)]])
        observation.containers["main"]?.ready = false
        var current = pod()
        current.status = builder.build(pod: current, observation: observation, now: t0.addingTimeInterval(1))
        let ready = current.status?.conditions?.first { $0.type == "Ready" }
        #expect(ready?.status == "False" && ready?.reason == "ContainersNotReady")
        #expect(ready?.message == "containers with unready status: [main]")
        let scheduledAt = current.status?.conditions?.first { $0.type == "PodScheduled" }?.lastTransitionTime
        observation.containers["main"]?.ready = true
        let later = builder.build(pod: current, observation: observation, now: t0.addingTimeInterval(9))
        #expect(later.conditions?.first { $0.type == "Ready" }?.status == "True")
        #expect(later.conditions?.first { $0.type == "Ready" }?.lastTransitionTime == KubeTime(t0.addingTimeInterval(9)))
        #expect(later.conditions?.first { $0.type == "PodScheduled" }?.lastTransitionTime == scheduledAt)
        #expect(later.startTime == KubeTime(t0.addingTimeInterval(1)))
    }

    @Test func neverWithExitThreeFails() {
        let status = PodStatusBuilder(podIP: "127.42.0.2").build(
            pod: pod("Never"), observation: observe(["main": [exited(0, code: 3, from: 0, to: 1)]]), now: t0.addingTimeInterval(2))
        #expect(status.phase == "Failed")
        let terminated = status.containerStatuses?.first?.state?.terminated
        #expect(terminated?.exitCode == 3 && terminated?.reason == "Error")
        #expect(terminated?.startedAt == KubeTime(t0) && terminated?.finishedAt == KubeTime(t0.addingTimeInterval(1)))
    }

    @Test func completedPodSucceeds() {
        let status = PodStatusBuilder(podIP: "127.42.0.2").build(
            pod: pod("OnFailure"), observation: observe(["main": [exited(0, code: 0, from: 0, to: 1)]]), now: t0.addingTimeInterval(2))
        #expect(status.phase == "Succeeded")
        #expect(status.containerStatuses?.first?.state?.terminated?.reason == "Completed")
        #expect(status.conditions?.first { $0.type == "Ready" }?.reason == "PodCompleted")
    }

    @Test func crashLoopShowsBackOffWaitingAndLastState() {
        let history = ["main": [exited(0, code: 1, from: 0, to: 1), exited(1, code: 2, from: 1, to: 2)]]
        let status = PodStatusBuilder(podIP: "127.42.0.2").build(pod: pod("OnFailure"), observation: observe(history),
                                                                 now: t0.addingTimeInterval(5))
        #expect(status.phase == "Running")
        let main = status.containerStatuses?.first
        #expect(main?.state?.waiting?.reason == "CrashLoopBackOff")
        #expect(main?.state?.waiting?.message == "back-off 10s restarting failed container=main pod=p_ns(u1)")
        #expect(main?.lastState?.terminated?.exitCode == 2)
        #expect(main?.restartCount == 1)
        #expect(main?.ready == false)
    }

    @Test func initContainersHoldThePodPending() {
        let spec = pod(initContainers: ["setup"], containers: ["app"])
        let status = PodStatusBuilder(podIP: "127.42.0.2").build(pod: spec, observation: observe(["setup": [running(0, at: 0)]]), now: t0)
        #expect(status.phase == "Pending")
        #expect(status.conditions?.first { $0.type == "Initialized" }?.status == "False")
        #expect(status.containerStatuses?.first?.state?.waiting?.reason == "PodInitializing")
        #expect(status.initContainerStatuses?.first?.state?.running != nil)
        let failedNever = PodStatusBuilder(podIP: nil).build(
            pod: pod("Never", initContainers: ["setup"], containers: ["app"]),
            observation: observe(["setup": [exited(0, code: 1, from: 0, to: 1)]]), now: t0)
        #expect(failedNever.phase == "Failed")
    }

    @Test func createErrorIsReportedWhileWaiting() {
        var observation = PodObservation()
        observation.containers["main"] = ContainerObservation(startFailure: StartFailure(reason: "CreateContainerError", message: "container has no command"))
        let status = PodStatusBuilder(podIP: "127.42.0.2").build(pod: pod(), observation: observation, now: t0)
        #expect(status.phase == "Pending")
        #expect(status.containerStatuses?.first?.state?.waiting?.reason == "CreateContainerError")
        #expect(status.containerStatuses?.first?.state?.waiting?.message == "container has no command")
    }

    @Test func qosClasses() throws {
        let quantity = { (text: String) in try Quantity(parsing: text) }
        var guaranteed = CoreV1.PodSpec(containers: [CoreV1.Container(name: "a", resources: CoreV1.ResourceRequirements(
            limits: ["cpu": try quantity("1"), "memory": try quantity("1Gi")]))])
        #expect(PodStatusBuilder.qosClass(guaranteed) == "Guaranteed")
        guaranteed.containers?[0].resources?.requests = ["cpu": try quantity("500m")]
        #expect(PodStatusBuilder.qosClass(guaranteed) == "Burstable")
        #expect(PodStatusBuilder.qosClass(CoreV1.PodSpec(containers: [CoreV1.Container(name: "a")])) == "BestEffort")
    }

    // MARK: probes

    @Test func probeThresholds() {
        var readiness = ProbeTracker(successThreshold: 2, failureThreshold: 3, initial: false)
        let outcomes = [true, true, false, false, false].map { readiness.record(success: $0) }
        #expect(outcomes == [false, true, false, false, true])
        #expect(!readiness.result)
        var liveness = ProbeTracker(successThreshold: 1, failureThreshold: 1, initial: true)
        let flipped = liveness.record(success: false)
        #expect(flipped && !liveness.result)
    }
}
