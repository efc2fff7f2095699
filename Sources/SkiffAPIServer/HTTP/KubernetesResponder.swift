import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOCore
import SkiffAPI

/// The single Hummingbird responder: reads the request (body limited to 3 MiB), hands it to the
/// ``APIHandler`` and writes its answer, streaming watches with chunked encoding until they end
/// or the client goes away.
struct KubernetesResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let api: APIHandler
    let streamer: WatchStreamer
    let maximumBodyBytes: Int
    /// Holds user writes back while the in-process components write (nil: never).
    var gate: ComponentFirstGate? = nil

    func respond(to request: Request, context: Context) async throws -> Response {
        let target = request.head.path ?? "/"
        let (path, query) = Self.splitTarget(target)
        guard let parameters = QueryParameters(parsing: query) else {
            return Self.response(StatusEncoding.response(.badRequest("malformed query string")))
        }
        if OpenAPIEndpoint.handles(path) {
            return Self.response(OpenAPIEndpoint.answer(
                method: request.method.rawValue, path: path, query: parameters,
                accept: request.headers[.accept], ifNoneMatch: request.headers[.ifNoneMatch]),
                head: request.method == .head)
        }
        var request = request
        let body: [UInt8]
        switch await readBody(&request) {
        case .success(let bytes): body = bytes
        case .failure(let error): return Self.response(StatusEncoding.response(error))
        }
        let apiRequest = APIRequest(
            method: request.method.rawValue, path: path, query: parameters,
            contentType: request.headers[.contentType], body: body, accept: request.headers[.accept])
        let answer: APIResponse
        if let gate {
            let role = ComponentFirstGate.role(method: apiRequest.method, path: path, fromComponent: false)
            answer = await gate.handle(role) { await api.handle(apiRequest) }
        } else {
            answer = await api.handle(apiRequest)
        }
        if case .watch(let plan) = answer {
            return watchResponse(plan, request: request)
        }
        if case .proxy(let target) = answer {
            return await proxyResponse(target, request: request)
        }
        var response = Self.response(answer)
        if request.method == .head { response.body = ResponseBody() }
        return response
    }

    /// Splits `path?query`.
    static func splitTarget(_ target: String) -> (path: String, query: String?) {
        guard let mark = target.firstIndex(of: "?") else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    /// The whole body, or 413 when it is larger than the limit. Collected into the request (so
    /// that a watch can still notice the client closing the connection afterwards).
    private func readBody(_ request: inout Request) async -> Result<[UInt8], StatusError> {
        let tooLarge = StatusError.requestEntityTooLarge("limit is \(maximumBodyBytes)")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodyBytes {
            return .failure(tooLarge)
        }
        do {
            let buffer = try await request.collectBody(upTo: maximumBodyBytes)
            return .success(Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            return .failure(tooLarge)
        } catch {
            return .failure(.badRequest("error reading the request body: \(error)"))
        }
    }

    static func response(_ answer: APIResponse) -> Response {
        switch answer {
        case .json(let status, let body):
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "application/json", .cacheControl: "no-cache, private"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        case .document(let status, let contentType, let body):
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: contentType, .cacheControl: "no-cache, private", .vary: "Accept"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        case .text(let status, let body):
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-cache, private"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        case .watch, .proxy:
            return Response(status: .internalServerError)
        }
    }

    /// The HTTP form of an OpenAPI answer (``OpenAPIEndpoint``).
    static func response(_ answer: OpenAPIEndpoint.Answer, head: Bool) -> Response {
        switch answer {
        case .document(let bytes, let contentType, let etag, let immutable):
            return Response(
                status: .ok,
                headers: [.contentType: contentType, .eTag: etag,
                          .cacheControl: immutable ? "public, immutable" : "no-cache, private"],
                body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .notModified(let etag):
            return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: "no-cache, private"])
        case .failure(let error):
            return response(StatusEncoding.response(error))
        }
    }

    /// The answer of the proxied server, its body streamed through until it ends or the client
    /// goes away. A server that cannot be reached is a 500 Status, as Kubernetes answers when the
    /// kubelet is down.
    private func proxyResponse(_ target: ProxyTarget, request: Request) async -> Response {
        let upstream: HTTPClientResponse
        do {
            upstream = try await HTTPClient.shared.execute(HTTPClientRequest(url: target.url), deadline: .distantFuture)
        } catch {
            return Self.response(StatusEncoding.response(.internalError("Get \"\(target.url)\": \(error)")))
        }
        var headers: HTTPFields = [.cacheControl: "no-cache, private"]
        headers[.contentType] = upstream.headers.first(name: "Content-Type") ?? target.contentType
        return Response(
            status: HTTPResponse.Status(code: Int(upstream.status.code)),
            headers: headers,
            body: ResponseBody { writer in
                do {
                    try await request.body.consumeWithCancellationOnInboundClose { _ in
                        for try await chunk in upstream.body {
                            try await writer.write(chunk)
                        }
                    }
                } catch is CancellationError {
                    return
                }
                try await writer.finish(nil)
            })
    }

    /// A chunked 200 whose body is the watch's event stream.
    private func watchResponse(_ plan: WatchPlan, request: Request) -> Response {
        let streamer = self.streamer
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "no-cache, private"],
            body: ResponseBody { writer in
                var sink = BodyWriterSink(writer: writer)
                do {
                    try await request.body.consumeWithCancellationOnInboundClose { _ in
                        try await streamer.run(plan, into: &sink)
                    }
                } catch is CancellationError {
                    return  // The client went away: nothing more to write.
                }
                try await sink.writer.finish(nil)
            })
    }
}

/// A ``WatchSink`` writing each event as one chunk of the response body.
struct BodyWriterSink: WatchSink {
    var writer: any ResponseBodyWriter

    mutating func send(_ bytes: [UInt8]) async throws {
        try await writer.write(ByteBuffer(bytes: bytes))
    }
}
