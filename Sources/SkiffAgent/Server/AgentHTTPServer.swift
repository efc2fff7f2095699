import Foundation
import Hummingbird
import Logging
import NIOCore
import SkiffRuntime

/// The agent's HTTP endpoints (the kubelet's port, on 127.0.0.1): `GET /healthz` and
/// `GET /containerLogs/{namespace}/{pod}/{container}` streaming plain text like the kubelet.
struct AgentHTTPServer: Sendable {
    /// Finds the pod UID and the current restart count of a container; nil when unknown.
    typealias ContainerLocator = @Sendable (_ namespace: String, _ pod: String, _ container: String) async -> (uid: String, restartCount: Int)?

    let runtime: any ContainerRuntime
    let locate: ContainerLocator
    let now: @Sendable () -> Date

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in "ok" }
        router.get("/containerLogs/:namespace/:pod/:container") { request, context -> Response in
            let namespace = context.parameters.get("namespace") ?? ""
            let pod = context.parameters.get("pod") ?? ""
            let container = context.parameters.get("container") ?? ""
            let items = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
            let options: LogOptions
            switch LogOptions.parse(items) {
            case .success(let parsed): options = parsed
            case .failure(let error): return Self.text(.badRequest, error.message)
            }
            guard let target = await locate(namespace, pod, container) else {
                return Self.text(.notFound, "container \"\(container)\" in pod \"\(pod)\" (namespace \(namespace)) is not found")
            }
            if options.previous && target.restartCount == 0 {
                return Self.text(.badRequest, "previous terminated container \"\(container)\" in pod \"\(pod)\" not found")
            }
            let logRequest = LogRequest(
                podUID: target.uid, containerName: container, restartCount: target.restartCount, previous: options.previous,
                tailLines: options.tailLines, since: options.since(now: now()).map { Timestamp($0) }, follow: options.follow)
            let lines: AsyncThrowingStream<LogLine, any Error>
            do {
                lines = try runtime.logs(logRequest)
            } catch {
                return Self.text(.notFound, "\(error)")
            }
            let body = ResponseBody { writer in
                var remaining = options.limitBytes ?? Int.max
                for try await line in lines {
                    var text = (options.timestamps ? line.withTimestamp : line.content) + "\n"
                    if text.utf8.count > remaining { text = String(decoding: Array(text.utf8.prefix(remaining)), as: UTF8.self) }
                    remaining -= text.utf8.count
                    try await writer.write(ByteBuffer(string: text))
                    if remaining <= 0 { break }
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: body)
        }
        return router
    }

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
