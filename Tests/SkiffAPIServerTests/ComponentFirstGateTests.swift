import SkiffTesting
import Testing
@testable import SkiffAPIServer

@Suite struct ComponentFirstGateTests {
    @Test func rolesFollowMethodSourceAndResource() {
        let pods = "/api/v1/namespaces/default/pods"
        #expect(ComponentFirstGate.role(method: "POST", path: pods, fromComponent: false) == .userWrite)
        #expect(ComponentFirstGate.role(method: "DELETE", path: pods + "/web", fromComponent: false) == .userWrite)
        #expect(ComponentFirstGate.role(method: "PATCH", path: "/apis/apps/v1/namespaces/default/deployments/web", fromComponent: false) == .userWrite)
        #expect(ComponentFirstGate.role(method: "PUT", path: pods + "/web/status", fromComponent: true) == .componentWrite)
        #expect(ComponentFirstGate.role(method: "POST", path: pods + "/web/binding", fromComponent: true) == .componentWrite)
        #expect(ComponentFirstGate.role(method: "GET", path: pods, fromComponent: false) == .passes)
        #expect(ComponentFirstGate.role(method: "GET", path: pods, fromComponent: true) == .passes)
        #expect(ComponentFirstGate.role(method: "POST", path: "/api/v1/namespaces/default/events", fromComponent: true) == .eventWrite)
        #expect(ComponentFirstGate.role(method: "PATCH", path: "/apis/events.k8s.io/v1/namespaces/default/events/e1", fromComponent: false) == .eventWrite)
    }

    @Test func aUserWriteWithNoComponentWriteInFlightPassesAtOnce() async {
        let gate = ComponentFirstGate(maximumWait: .seconds(3600))
        await gate.waitForComponentWork(atMost: gate.maximumWait)  // would hang the test if it waited
        #expect(gate.componentWorkInHand == 0)
    }

    /// A user write waits for the component write in flight and goes right after it.
    @Test func aUserWriteWaitsForTheComponentWrite() async throws {
        let gate = ComponentFirstGate(maximumWait: .seconds(3600))
        let order = Locked([String]())
        let release = AsyncStream.makeStream(of: Void.self)
        let component = Task {
            await gate.componentWork {
                order.withLock { $0.append("component began") }
                for await _ in release.stream { break }
                order.withLock { $0.append("component ended") }
            }
        }
        #expect(await eventually { gate.componentWorkInHand == 1 })
        let user = Task {
            await gate.waitForComponentWork(atMost: gate.maximumWait)
            order.withLock { $0.append("user went") }
        }
        try await Task.sleep(for: .milliseconds(50))
        release.continuation.yield()
        await component.value
        await user.value
        #expect(order.withLock { $0 } == ["component began", "component ended", "user went"])
        #expect(gate.componentWorkInHand == 0)
    }

    /// A steady stream of component writes holds a user back for at most the maximum wait.
    @Test func aUserWaitsAtMostTheMaximumWait() async throws {
        let gate = ComponentFirstGate(maximumWait: .milliseconds(20))
        let release = AsyncStream.makeStream(of: Void.self)
        let component = Task { await gate.componentWork { for await _ in release.stream { break } } }
        #expect(await eventually { gate.componentWorkInHand == 1 })
        await gate.waitForComponentWork(atMost: gate.maximumWait)
        #expect(gate.componentWorkInHand == 1, "the user went only after the component write ended")
        release.continuation.yield()
        await component.value
    }

    /// Through `handle`: a component write counts while it runs; an event write waits only the short event bound
    /// (a user write would wait the hour here).
    @Test func handleAppliesEachRole() async throws {
        let gate = ComponentFirstGate(maximumWait: .seconds(3600), maximumEventWait: .milliseconds(20))
        let release = AsyncStream.makeStream(of: Void.self)
        let component = Task {
            await gate.handle(.componentWrite) { for await _ in release.stream { break } }
        }
        #expect(await eventually { gate.componentWorkInHand == 1 })
        let inHandDuringEvent = await gate.handle(.eventWrite) { gate.componentWorkInHand }
        #expect(inHandDuringEvent == 1)
        #expect(await gate.handle(.passes) { gate.componentWorkInHand } == 1)
        release.continuation.yield()
        await component.value
        #expect(gate.componentWorkInHand == 0)
        #expect(await gate.handle(.userWrite) { 42 } == 42)
    }
}
