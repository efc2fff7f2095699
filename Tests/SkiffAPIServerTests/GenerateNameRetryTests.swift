import Foundation
import SkiffAPI
import SkiffModel
import SkiffStore
import SkiffTesting
import Synchronization
import Testing
@testable import SkiffAPIServer

/// A create with `generateName` whose random name is taken tries fresh names, as Kubernetes does
/// since RetryGenerateName (1.32), and answers 409 only when every attempt collided.
@Suite struct GenerateNameRetryTests {
    let registry = ResourceRegistry.builtIn
    var namespaces: ResourceInfo { registry.lookup(group: "", version: "v1", resource: "namespaces")! }

    /// An environment whose generated-name suffixes come from `suffixes`, in order.
    func environment(_ suffixes: [String]) -> ServerEnvironment {
        let next = Mutex(suffixes[...])
        return ServerEnvironment(
            now: { KubeTime(secondsSinceEpoch: 1_700_000_000) },
            makeUID: { UUID().uuidString.lowercased() },
            makeNameSuffix: { next.withLock { $0.popFirst() ?? "zzzzz" } })
    }

    func create(_ handler: ResourceHandler) async throws -> APIResponse {
        try await handler.create(
            namespaces, namespace: nil,
            request: APIRequest(method: "POST", path: "/api/v1/namespaces", body: Array(#"{"metadata":{"generateName":"ns-"}}"#.utf8)))
    }

    func createdName(_ response: APIResponse) -> String? {
        guard case .json(201, let body) = response else { return nil }
        return (try? JSONParser.parse(body))?[member: "metadata"]?[member: "name"]?.stringValue
    }

    @Test func aCollidingGeneratedNameIsRetriedWithAFreshOne() async throws {
        let directory = try TemporaryDirectory()
        let storage = try SQLiteStorage(directory: directory.url)
        let handler = ResourceHandler(storage: storage, registry: registry, environment: environment(["aaaaa", "aaaaa", "bbbbb"]))
        #expect(createdName(try await create(handler)) == "ns-aaaaa")
        #expect(createdName(try await create(handler)) == "ns-bbbbb")
        await storage.close()
    }

    @Test func everyAttemptCollidingGives409() async throws {
        let directory = try TemporaryDirectory()
        let storage = try SQLiteStorage(directory: directory.url)
        let attempts = ResourceHandler.generateNameAttempts
        let handler = ResourceHandler(
            storage: storage, registry: registry, environment: environment(Array(repeating: "ccccc", count: attempts + 1)))
        #expect(createdName(try await create(handler)) == "ns-ccccc")
        await #expect(throws: StatusError.self) { try await create(handler) }
        let listed = try await storage.list(ListRequest(prefix: "/registry"))
        #expect(listed.items.count == 1)
        await storage.close()
    }
}
