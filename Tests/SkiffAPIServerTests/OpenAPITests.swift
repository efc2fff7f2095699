import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// /openapi/v2 and /openapi/v3: the generated documents (OpenAPI/Generated/OpenAPIData.swift),
/// the endpoint's negotiation and caching rules, and the routes over HTTP.
@Suite struct OpenAPITests {
    let documents = OpenAPIDocuments.shared

    private func answer(_ path: String, query: [String: String] = [:], accept: String? = "application/json",
                        ifNoneMatch: String? = nil, method: String = "GET") -> OpenAPIEndpoint.Answer {
        OpenAPIEndpoint.answer(method: method, path: path, query: QueryParameters(query), accept: accept,
                               ifNoneMatch: ifNoneMatch, documents: documents)
    }

    private func body(_ answer: OpenAPIEndpoint.Answer) throws -> (bytes: [UInt8], contentType: String, etag: String) {
        guard case .document(let bytes, let contentType, let etag, _) = answer else {
            Issue.record("not a document: \(answer)")
            throw CancellationError()
        }
        return (bytes, contentType, etag)
    }

    private func code(_ answer: OpenAPIEndpoint.Answer) -> Int32? {
        if case .failure(let error) = answer { return error.code }
        return nil
    }

    @Test func everyCatalogGroupVersionHasADocumentListedInTheIndex() throws {
        let index = try JSONParser.parse(try body(answer("/openapi/v3")).bytes)
        let paths = try #require(index[member: "paths"]?.objectMembers)
        let expected = ResourceCatalog.groupVersions.map { $0.group.isEmpty ? "api/\($0.version)" : "apis/\($0.group)/\($0.version)" }
        #expect(Set(paths.keys) == Set(expected))
        #expect(Set(documents.groupVersionPaths) == Set(expected))
        for (path, entry) in paths {
            let url = try #require(entry[member: "serverRelativeURL"]?.stringValue)
            let document = try #require(try documents.document(path))
            #expect(url == "/openapi/v3/\(path)?hash=\(document.hash)")
        }
    }

    @Test func v3DocumentsAreOpenAPI3WithComponentRefs() throws {
        let apps = try #require(try documents.document("apis/apps/v1"))
        let reply = try body(answer("/openapi/v3/apis/apps/v1", query: ["hash": apps.hash]))
        guard case .document(_, _, _, let immutable) = answer("/openapi/v3/apis/apps/v1", query: ["hash": apps.hash]) else { return }
        #expect(immutable)
        #expect(reply.contentType == "application/json")
        let text = String(decoding: reply.bytes, as: UTF8.self)
        #expect(!text.contains("#/definitions/"))
        let document = try JSONParser.parse(reply.bytes)
        #expect(document[member: "openapi"] == "3.0.0")
        let schemas = try #require(document[member: "components"]?[member: "schemas"]?.objectMembers)
        let deployment = try #require(schemas["io.k8s.api.apps.v1.Deployment"])
        #expect(deployment[member: "x-kubernetes-group-version-kind"]?.arrayElements?.first?[member: "kind"] == "Deployment")
        #expect(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] != nil)
        #expect(deployment[member: "properties"]?[member: "spec"]?[member: "allOf"]?.arrayElements?.first?[member: "$ref"]
                == "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec")
        let create = try #require(document[member: "paths"]?[member: "/apis/apps/v1/namespaces/{namespace}/deployments"]?[member: "post"])
        // The spec says `consumes: */*` for writes; kube-apiserver keeps that in v3.
        #expect(create[member: "requestBody"]?[member: "content"]?[member: "*/*"]?[member: "schema"]?[member: "$ref"]
                == "#/components/schemas/io.k8s.api.apps.v1.Deployment")
        #expect(create[member: "responses"]?[member: "201"]?[member: "content"]?[member: "application/json"] != nil)
        #expect(create[member: "x-kubernetes-action"] == "post")
        // Skiff does not implement server-side field validation, so the documents do not offer it.
        #expect(!text.contains("\"fieldValidation\""))
        #expect(create[member: "parameters"]?.arrayElements?.contains { $0[member: "name"] == "dryRun" } == true)
    }

    @Test func v2IsSwaggerJSONOrGnosticProtobufByAccept() throws {
        let json = try body(answer("/openapi/v2", accept: nil))
        #expect(json.contentType == "application/json")
        let swagger = try JSONParser.parse(json.bytes)
        #expect(swagger[member: "swagger"] == "2.0")
        #expect(swagger[member: "definitions"]?[member: "io.k8s.api.core.v1.Pod"] != nil)
        #expect(swagger[member: "paths"]?[member: "/api/v1/namespaces/{namespace}/pods"] != nil)
        #expect(swagger[member: "definitions"]?[member: "io.k8s.api.resource.v1.ResourceClaim"] == nil)

        let protobuf = try body(answer("/openapi/v2", accept: OpenAPIEndpoint.protobufV2))
        #expect(protobuf.contentType == OpenAPIEndpoint.protobufV2Dotted)
        #expect(protobuf.etag != json.etag)
        // gnostic Document: field 1 (swagger) = "2.0" first.
        #expect(Array(protobuf.bytes.prefix(5)) == [0x0A, 3, 0x32, 0x2E, 0x30])
        #expect(try body(answer("/openapi/v2", accept: "application/json, */*")).contentType == "application/json")
    }

    @Test func conditionalRequestsNegotiationAndErrors() throws {
        let first = try body(answer("/openapi/v3/api/v1"))
        #expect(answer("/openapi/v3/api/v1", ifNoneMatch: first.etag) == .notModified(etag: first.etag))
        guard case .document(_, _, _, let immutable) = answer("/openapi/v3/api/v1", query: ["hash": "stale"]) else {
            Issue.record("no document for a stale hash"); return
        }
        #expect(!immutable)
        #expect(code(answer("/openapi/v3/apis/nope.example.com/v1")) == 404)
        #expect(code(answer("/openapi/v3/apis/apps")) == 404)
        #expect(code(answer("/openapi/v3/v2")) == 404)
        #expect(code(answer("/openapi/v4")) == 404)
        #expect(code(answer("/openapi")) == 404)
        #expect(code(answer("/openapi/v3/api/v1", accept: "application/com.github.proto-openapi.spec.v3@v1.0+protobuf")) == 406)
        #expect(code(answer("/openapi/v2", accept: "application/yaml")) == 406)
        #expect(code(answer("/openapi/v2", method: "POST")) == 405)
        #expect(OpenAPIEndpoint.handles("/openapi/v2") && !OpenAPIEndpoint.handles("/openapiv2"))
    }

    @Test func servedOverHTTP() async throws {
        try await TestServer.with { server in
            let index = try await server.request("GET", "/openapi/v3")
            #expect(index.code == 200 && index.contentType == "application/json")
            let url = try #require(index.json?[member: "paths"]?[member: "apis/batch/v1"]?[member: "serverRelativeURL"]?.stringValue)
            let batch = try await server.request("GET", url)
            #expect(batch.code == 200)
            #expect(batch.json?[member: "components"]?[member: "schemas"]?[member: "io.k8s.api.batch.v1.Job"] != nil)
            let missing = try await server.request("GET", "/openapi/v3/apis/nope.example.com/v1")
            #expect(missing.code == 404 && missing.reason == "NotFound")

            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/openapi/v2")!)
            request.setValue(OpenAPIEndpoint.protobufV2, forHTTPHeaderField: "Accept")
            let session = URLSession(configuration: .ephemeral)
            request.cachePolicy = .reloadIgnoringLocalCacheData
            let (data, response) = try await session.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200)
            #expect(http.value(forHTTPHeaderField: "Content-Type") == OpenAPIEndpoint.protobufV2Dotted)
            let etag = try #require(http.value(forHTTPHeaderField: "ETag"))
            let protobuf = try #require(try documents.document("v2.pb"))
            #expect(Array(data) == protobuf.bytes)

            request.setValue(etag, forHTTPHeaderField: "If-None-Match")
            let (_, cached) = try await session.data(for: request)
            #expect((cached as? HTTPURLResponse)?.statusCode == 304)
        }
    }
}
