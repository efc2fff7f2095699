import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SkiffAPI
import SkiffModel
import Testing
@testable import SkiffAPIServer

extension TestServer {
    /// A GET with an `Accept` header.
    func request(_ method: String, _ path: String, accept: String) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 60
        request.setValue(accept, forHTTPHeaderField: "Accept")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(code: http.statusCode, json: try? JSONParser.parse(Array(data)), body: data,
                     contentType: http.value(forHTTPHeaderField: "Content-Type"))
    }
}

@Suite struct TableNegotiationTests {
    static let kubectl = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

    private func form(_ accept: String?, query: String? = nil) throws -> TableNegotiation.Form {
        try TableNegotiation.form(accept: accept, query: QueryParameters(parsing: query)!)
    }

    @Test(arguments: [
        (String?.none, TableNegotiation.Form.object),
        ("", .object),
        ("application/json", .object),
        ("*/*", .object),
        ("application/vnd.kubernetes.protobuf, */*", .object),
        (kubectl, .table(TableRequest(version: "v1", includeObject: .metadata))),
        ("application/json;as=Table;v=v1beta1;g=meta.k8s.io", .table(TableRequest(version: "v1beta1", includeObject: .metadata))),
        ("application/json; as=Table; g=meta.k8s.io; v=v1", .table(TableRequest(version: "v1", includeObject: .metadata))),
        // Preference order: q first, then position.
        ("application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io", .table(TableRequest(version: "v1", includeObject: .metadata))),
        ("application/json;as=Table;v=v1;g=meta.k8s.io;q=0.1,application/json", .object),
        // Unsupported as= forms are skipped.
        ("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json", .object),
        ("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1;g=meta.k8s.io",
         .table(TableRequest(version: "v1", includeObject: .metadata))),
    ])
    func negotiates(accept: String?, expected: TableNegotiation.Form) throws {
        #expect(try form(accept) == expected)
    }

    @Test(arguments: [
        "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io",
        "application/json;as=Table;v=v2;g=meta.k8s.io",
        "application/json;as=Table;v=v1;g=example.com",
        "application/json;as=Table;v=v1",
        "application/yaml;as=Table;v=v1;g=meta.k8s.io",
        "application/json;as=Table;v=v1;g=meta.k8s.io;q=0",
    ])
    func refusesOnlyUnsupportedForms(accept: String) {
        #expect { try form(accept) } throws: { ($0 as? StatusError)?.status.code == 406 }
    }

    @Test func includeObject() throws {
        #expect(try form(Self.kubectl, query: "includeObject=Object") == .table(TableRequest(version: "v1", includeObject: .object)))
        #expect(try form(Self.kubectl, query: "includeObject=None") == .table(TableRequest(version: "v1", includeObject: .none)))
        #expect(try form(Self.kubectl, query: "includeObject=Metadata") == .table(TableRequest(version: "v1", includeObject: .metadata)))
        #expect { try form(Self.kubectl, query: "includeObject=Everything") } throws: { ($0 as? StatusError)?.status.code == 400 }
        // Ignored when no Table is asked for.
        #expect(try form("application/json", query: "includeObject=Everything") == .object)
    }
}

/// Tables over HTTP: get, list and watch with kubectl's Accept header.
@Suite(.serialized) struct TableIntegrationTests {
    @Test func getListWatchAndNotAcceptable() async throws {
        try await TestServer.with { server in
            let created = try await server.request("POST", "/api/v1/namespaces/default/configmaps",
                                                   body: #"{"metadata":{"name":"hello"},"data":{"a":"1","b":"2"}}"#)
            #expect(created.code == 201)
            let list = try await server.request("GET", "/api/v1/namespaces/default/configmaps", accept: TableNegotiationTests.kubectl)
            #expect(list.code == 200)
            #expect(list.json?[member: "kind"] == "Table")
            let row = list.json?[member: "rows"]?.arrayElements?.first
            #expect(row?[member: "cells"]?.arrayElements?.prefix(2) == ["hello", 2])
            #expect(list.json?[member: "metadata"]?[member: "resourceVersion"] != nil)

            let one = try await server.request("GET", "/api/v1/namespaces/default/configmaps/hello?includeObject=Object",
                                               accept: TableNegotiationTests.kubectl)
            #expect(one.json?[member: "rows"]?.arrayElements?.first?[member: "object"]?[member: "kind"] == "ConfigMap")
            #expect(one.json?[member: "metadata"]?[member: "resourceVersion"] == created.resourceVersion.map { .string($0) })

            let plain = try await server.request("GET", "/api/v1/namespaces/default/configmaps/hello", accept: "application/json")
            #expect(plain.json?[member: "kind"] == "ConfigMap")

            let refused = try await server.request("GET", "/api/v1/namespaces/default/configmaps",
                                                   accept: "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io")
            #expect(refused.code == 406)
            #expect(refused.reason == "NotAcceptable")

            let watch = try await server.request("GET", "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1",
                                                 accept: TableNegotiationTests.kubectl)
            let lines = String(decoding: watch.body, as: UTF8.self).split(separator: "\n")
            let event = try JSONParser.parse(Array(try #require(lines.first).utf8))
            #expect(event[member: "type"] == "ADDED")
            #expect(event[member: "object"]?[member: "kind"] == "Table")
            #expect(event[member: "object"]?[member: "rows"]?.arrayElements?.count == 1)
        }
    }
}
