import Testing
@testable import SkiffScheduler

@Test func moduleLoads() { #expect(String(describing: SkiffSchedulerModule.self) == "SkiffSchedulerModule") }
