import Testing
@testable import SkiffClient

@Test func moduleLoads() { #expect(String(describing: SkiffClientModule.self) == "SkiffClientModule") }
