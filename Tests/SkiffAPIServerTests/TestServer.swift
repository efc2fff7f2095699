import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import SkiffAPIServer
import SkiffModel
import SkiffStore
import SkiffTesting
@testable import SkiffAPIServer

/// A real API server on a free loopback port, on a real SQLite store in a temp dir, run in a
/// ServiceGroup as `skiff server` runs it; with a tiny HTTP client on plain Foundation.
struct TestServer {
    let storage: SQLiteStorage
    let port: Int

    /// Runs `body` against a fresh server, then shuts it down gracefully.
    static func with(configuration: APIServerConfiguration = APIServerConfiguration(port: 0),
                     _ body: (TestServer) async throws -> Void) async throws {
        try await InProcessAPIServer.with(configuration: configuration, prefix: "skiff-apiserver-test") { server in
            try await body(TestServer(storage: server.storage, port: server.port))
        }
    }

    /// A response: status code, parsed JSON body (nil when not JSON) and the raw bytes.
    struct Reply {
        var code: Int
        var json: JSONValue?
        var body: Data
        var contentType: String?

        var reason: String? { json?[member: "reason"]?.stringValue }
        var message: String? { json?[member: "message"]?.stringValue }
        var resourceVersion: String? { json?[member: "metadata"]?[member: "resourceVersion"]?.stringValue }
    }

    func request(_ method: String, _ path: String, body: String? = nil, bodyData: Data? = nil,
                 contentType: String? = "application/json", accept: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 60
        if let accept { request.setValue(accept, forHTTPHeaderField: "Accept") }
        if let data = bodyData ?? body.map({ Data($0.utf8) }) {
            request.httpBody = data
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(code: http.statusCode, json: try? JSONParser.parse(Array(data)), body: data,
                     contentType: http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// The events of a watch that the server ends after `timeoutSeconds`: (type, object) pairs.
    func watch(_ path: String) async throws -> [(type: String, object: JSONValue)] {
        let reply = try await request("GET", path)
        let lines = String(decoding: reply.body, as: UTF8.self).split(separator: "\n")
        return try lines.map { line in
            let event = try JSONParser.parse(Array(line.utf8))
            return (event[member: "type"]?.stringValue ?? "", event[member: "object"] ?? .null)
        }
    }
}
