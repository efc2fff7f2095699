import Logging
import SkiffAPI
import SkiffModel
import SkiffStore

/// The whole API behind one entry point, independent of the HTTP library: routes a request
/// (health, version, discovery, resources) and turns every failure into a Kubernetes `Status`.
struct APIHandler: Sendable {
    let resources: ResourceHandler
    let shutdown: ShutdownSignal
    /// `host:port` clients reach the server at (for `/api`).
    let serverAddress: String
    let logger: Logger

    var registry: ResourceRegistry { resources.registry }

    func handle(_ request: APIRequest) async -> APIResponse {
        do {
            return try await route(request)
        } catch {
            let status = StatusMapping.status(for: error)
            if status.code >= 500 {
                logger.error("request failed", metadata: [
                    "method": "\(request.method)", "path": "\(request.path)", "error": "\(status.message)"])
            }
            return StatusEncoding.response(status)
        }
    }

    private func route(_ request: APIRequest) async throws -> APIResponse {
        let route = RouteParser.parse(request.path)
        if case .resource(let path) = route {
            return try await resources.handle(request, path: path)
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            if case .notFound = route { throw StatusEncoding.pathNotFound }
            throw StatusEncoding.methodNotAllowed
        }
        switch route {
        case .health(let check):
            if check.hasPrefix("readyz") && shutdown.isTriggered {
                return .text(status: 500, body: "[-]shutdown failed: reason withheld\nreadyz check failed")
            }
            return .text(status: 200, body: "ok")
        case .version:
            return .json(status: 200, body: JSONWriter.encode(ServerVersion.document()))
        case .coreVersions:
            if let version = AggregatedDiscovery.requestedVersion(accept: request.accept) {
                return aggregated(core: true, version: version)
            }
            return .json(status: 200, body: JSONWriter.encode(DiscoveryDocuments.coreVersions(serverAddress: serverAddress)))
        case .groupList:
            if let version = AggregatedDiscovery.requestedVersion(accept: request.accept) {
                return aggregated(core: false, version: version)
            }
            return .json(status: 200, body: JSONWriter.encode(DiscoveryDocuments.groupList(registry)))
        case .group(let name):
            guard let document = DiscoveryDocuments.group(registry, name: name) else { throw StatusEncoding.pathNotFound }
            return .json(status: 200, body: JSONWriter.encode(document))
        case .resourceList(let group, let version):
            guard let document = DiscoveryDocuments.resourceList(registry, group: group, version: version) else {
                throw StatusEncoding.pathNotFound
            }
            return .json(status: 200, body: JSONWriter.encode(document))
        case .openAPI, .notFound, .resource:
            throw StatusEncoding.pathNotFound
        }
    }

    /// The aggregated discovery document of `/api` or `/apis`.
    private func aggregated(core: Bool, version: String) -> APIResponse {
        .document(status: 200, contentType: AggregatedDiscovery.contentType(version: version),
                  body: JSONWriter.encode(AggregatedDiscovery.document(registry, core: core, version: version)))
    }
}
