import Testing
@testable import SkiffRuntime

@Test func moduleLoads() { #expect(String(describing: SkiffRuntimeModule.self) == "SkiffRuntimeModule") }
