import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffScheduler

private func container(_ cpu: String?, _ memory: String?, sidecar: Bool = false) -> CoreV1.Container {
    var requests: [String: Quantity] = [:]
    if let cpu { requests["cpu"] = Fixture.quantity(cpu) }
    if let memory { requests["memory"] = Fixture.quantity(memory) }
    return CoreV1.Container(name: "c", resources: CoreV1.ResourceRequirements(requests: requests),
                            restartPolicy: sidecar ? "Always" : nil)
}

@Test func podRequestsTakeTheLargerOfAppContainersAndEachInitContainer() {
    let spec = CoreV1.PodSpec(containers: [container("100m", "100Mi"), container("200m", "100Mi")],
                              initContainers: [container("500m", "50Mi"), container("100m", "1Gi")])
    let requests = PodRequests.requests(of: spec)
    #expect(requests.milliCPU == 500)
    #expect(requests.memory == 1 << 30)
}

@Test func sidecarsCountInBothPhasesAndOverheadIsAdded() {
    // Sidecar 100m runs alongside the later init container (300m) and the app containers (200m).
    var spec = CoreV1.PodSpec(containers: [container("200m", "64Mi")],
                              initContainers: [container("100m", "32Mi", sidecar: true), container("300m", "16Mi")])
    #expect(PodRequests.requests(of: spec).milliCPU == 400)      // max(200+100, 300+100)
    #expect(PodRequests.requests(of: spec).memory == 96 << 20)    // max(64+32, 16+32)
    spec.overhead = ["cpu": Fixture.quantity("50m")]
    #expect(PodRequests.requests(of: spec).milliCPU == 450)
}

@Test func nonZeroRequestsFillOnlyMissingCPUAndMemory() {
    let spec = CoreV1.PodSpec(containers: [container(nil, nil), container("0", "1Gi")])
    let nonZero = PodRequests.nonZeroRequests(of: spec)
    #expect(nonZero.milliCPU == 100)                         // 100m default + explicit 0
    #expect(nonZero.memory == (200 << 20) + (1 << 30))
    #expect(PodRequests.requests(of: spec).milliCPU == 0)
}

@Test func extendedResourcesAreCountedAsWholeUnits() {
    let pod = Fixture.pod("gpu", cpu: "1", extra: ["nvidia.com/gpu": "2"])
    #expect(PodRequests.requests(of: pod.spec).scalar["nvidia.com/gpu"] == 2)
}
