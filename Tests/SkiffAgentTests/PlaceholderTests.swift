import Testing
@testable import SkiffAgent
@Test func moduleLoads() { #expect(String(describing: SkiffAgentModule.self) == "SkiffAgentModule") }
