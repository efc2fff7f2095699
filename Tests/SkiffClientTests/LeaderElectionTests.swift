import SkiffTesting
import Foundation
import SkiffAPI
import SkiffModel
import Synchronization
import Testing
@testable import SkiffClient

/// How many campaigns lead at once, the most ever, and who led in order.
struct LeaderCount: Sendable {
    var current = 0
    var most = 0
    var log: [String] = []
}

@Suite struct LeaderElectionTests {
    static let wall = MicroTime(microsecondsSinceEpoch: 1_800_000_000_000_000)

    static func lease(holder: String?, duration: Int32 = 10, transitions: Int32 = 0) -> CoordinationV1.Lease {
        CoordinationV1.Lease(metadata: MetaV1.ObjectMeta(name: "l", namespace: "kube-system", resourceVersion: "5"),
                             spec: CoordinationV1.LeaseSpec(acquireTime: wall, holderIdentity: holder,
                                                            leaseDurationSeconds: duration, leaseTransitions: transitions,
                                                            renewTime: wall))
    }

    @Test func noLeaseMeansCreate() {
        var observation: LeaderElectionDecision.Observation?
        let action = LeaderElectionDecision.decide(lease: nil, identity: "a", now: .zero, wallTime: Self.wall,
                                                   leaseDuration: .seconds(15), observation: &observation)
        guard case .create(let spec) = action else { Issue.record("expected create"); return }
        #expect(spec.holderIdentity == "a")
        #expect(spec.leaseDurationSeconds == 15)
        #expect(spec.leaseTransitions == 0)
    }

    @Test func anotherHoldersLeaseExpiresOnlyAfterItStopsChanging() {
        var observation: LeaderElectionDecision.Observation?
        let held = Self.lease(holder: "b", duration: 10, transitions: 2)
        func decide(_ lease: CoordinationV1.Lease, at seconds: Int64) -> LeaderElectionDecision.Action {
            LeaderElectionDecision.decide(lease: lease, identity: "a", now: .seconds(seconds), wallTime: Self.wall,
                                          leaseDuration: .seconds(15), observation: &observation)
        }
        #expect(decide(held, at: 100) == .wait(holder: "b"))
        #expect(decide(held, at: 109) == .wait(holder: "b"))
        var renewed = held
        renewed.spec?.renewTime = MicroTime(microsecondsSinceEpoch: Self.wall.microsecondsSinceEpoch + 5_000_000)
        #expect(decide(renewed, at: 109) == .wait(holder: "b"))   // a renewal restarts the count
        #expect(decide(renewed, at: 118) == .wait(holder: "b"))
        guard case .update(let spec) = decide(renewed, at: 119) else { Issue.record("expected takeover"); return }
        #expect(spec.holderIdentity == "a")
        #expect(spec.leaseTransitions == 3)
        #expect(spec.leaseDurationSeconds == 15)
    }

    @Test func holderRenewsAndReleasedLeaseIsTakenAtOnce() {
        var observation: LeaderElectionDecision.Observation?
        let mine = Self.lease(holder: "a", transitions: 4)
        let later = MicroTime(microsecondsSinceEpoch: Self.wall.microsecondsSinceEpoch + 1_000_000)
        guard case .update(let renewal) = LeaderElectionDecision.decide(
            lease: mine, identity: "a", now: .seconds(1), wallTime: later, leaseDuration: .seconds(10), observation: &observation)
        else { Issue.record("expected renew"); return }
        #expect(renewal.leaseTransitions == 4)
        #expect(renewal.acquireTime == Self.wall)
        #expect(renewal.renewTime == later)

        var released = mine
        released.spec = LeaderElectionDecision.releasing(mine.spec!, wallTime: later)
        #expect(released.spec?.holderIdentity == nil)
        var otherObservation: LeaderElectionDecision.Observation?
        guard case .update(let taken) = LeaderElectionDecision.decide(
            lease: released, identity: "b", now: .seconds(1), wallTime: later, leaseDuration: .seconds(10),
            observation: &otherObservation)
        else { Issue.record("expected immediate acquire"); return }
        #expect(taken.holderIdentity == "b")
        #expect(taken.leaseTransitions == 5)
    }

    @Test func twoElectorsOnOneLease() async throws {
        try await InProcessAPIServer.withClient { _, client in
            func elector(_ identity: String) -> LeaderElector {
                LeaderElector(client: client, leaseName: "controller", namespace: "kube-system", identity: identity,
                              leaseDuration: .seconds(1), renewDeadline: .milliseconds(800), retryPeriod: .milliseconds(100))
            }
            let a = elector("a"), b = elector("b")
            #expect(try await a.tryAcquireOrRenew())
            #expect(try await !b.tryAcquireOrRenew())
            #expect(try await a.tryAcquireOrRenew())  // renew
            let lease = try await client.get(CoordinationV1.Lease.self, name: "controller", namespace: "kube-system")
            #expect(lease.spec?.holderIdentity == "a")

            // a releases: b takes over at once.
            try await a.release()
            #expect(try await b.tryAcquireOrRenew())
            #expect(try await !a.tryAcquireOrRenew())

            // b stops renewing: a takes over once the lease went unchanged for its duration.
            #expect(try await eventually { try await a.tryAcquireOrRenew() })
            let taken = try await client.get(CoordinationV1.Lease.self, name: "controller", namespace: "kube-system")
            #expect(taken.spec?.holderIdentity == "a")
            #expect(taken.spec?.leaseTransitions == 2)
            #expect(try await !b.tryAcquireOrRenew())
        }
    }

    @Test func runLeadsOneAtATimeAndHandsOverWhenTheLeaderStops() async throws {
        try await InProcessAPIServer.withClient { _, client in
            let leaders = Locked<LeaderCount>(LeaderCount())
            func campaign(_ identity: String) -> Task<Bool, any Error> {
                let elector = LeaderElector(client: client, leaseName: "run", namespace: "default", identity: identity,
                                            leaseDuration: .seconds(2), renewDeadline: .seconds(1), retryPeriod: .milliseconds(100))
                return Task {
                    try await elector.run {
                        leaders.withLock {
                            $0.current += 1
                            $0.most = max($0.most, $0.current)
                            $0.log.append(identity)
                        }
                        defer { leaders.withLock { $0.current -= 1 } }
                        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                    }
                }
            }
            let first = campaign("one")
            #expect(await eventually { leaders.withLock { $0.current == 1 } })
            let second = campaign("two")
            try await Task.sleep(for: .milliseconds(500))
            #expect(leaders.withLock { $0.log } == ["one"])   // two waits while one renews
            first.cancel()                                    // one stops and releases
            _ = try? await first.value
            #expect(await eventually { leaders.withLock { $0.log } == ["one", "two"] })
            second.cancel()
            _ = try? await second.value
            #expect(leaders.withLock { $0.most } == 1)
        }
    }

    struct WorkFailed: Error {}

    @Test func runRethrowsAndReleasesWhenTheWorkFails() async throws {
        try await InProcessAPIServer.withClient { _, client in
            let elector = LeaderElector(client: client, leaseName: "failing", namespace: "default", identity: "solo",
                                        leaseDuration: .seconds(5), retryPeriod: .milliseconds(100))
            await #expect(throws: WorkFailed.self) {
                try await elector.run { throw WorkFailed() }
            }
            #expect(!elector.isLeader)
            let lease = try await client.get(CoordinationV1.Lease.self, name: "failing", namespace: "default")
            #expect(lease.spec?.holderIdentity == nil)
            #expect(try await elector.run { } == true)
        }
    }
}
