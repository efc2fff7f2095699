import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SkiffModel
import Testing
@testable import SkiffAPIServer

/// Deterministic fuzzing over HTTP: mutated bodies, paths, queries, methods and content types
/// against a real server. Every answer must be < 500 (503/504 allowed), every failure a Status
/// with the matching code, the server must stay ready, and objects made before must not change.
@Suite(.serialized) struct FuzzTests {
    static let requestCount = 3_000
    static let batchSize = 100

    @Test func mutatedRequestsNeverBreakTheServer() async throws {
        try await TestServer.with { server in
            let keep = try await Self.seedKeptObjects(server)
            let before = try await Self.snapshot(server)
            #expect(before.count == 6)

            // SKIFF_FUZZ_SEED=<n> explores other sequences; the default one is what CI runs.
            let seed = ProcessInfo.processInfo.environment["SKIFF_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_F022
            var random = SplitMix64(seed: seed)
            var skipped = 0
            var failures: [String] = []
            var codes: [Int: Int] = [:]
            let session = URLSession(configuration: .ephemeral)
            for batch in 0..<(Self.requestCount / Self.batchSize) {
                _ = try await server.request("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"fuzz"}}"#)
                for index in 0..<Self.batchSize {
                    let fuzz = FuzzRequest.make(&random, keep: keep)
                    let reply: TestServer.Reply
                    do {
                        guard let answer = try await Self.send(fuzz, port: server.port, session: session) else { skipped += 1; continue }
                        reply = answer
                    } catch {
                        failures.append("#\(batch * Self.batchSize + index) \(fuzz.summary): transport error \(error)")
                        continue
                    }
                    codes[reply.code, default: 0] += 1
                    if let problem = Self.problem(with: reply, for: fuzz) {
                        failures.append("#\(batch * Self.batchSize + index) \(fuzz.summary): \(problem)")
                    }
                }
                let ready = try await server.request("GET", "/readyz")
                #expect(ready.code == 200, "not ready after batch \(batch)")
            }
            print("fuzz seed \(seed): \(skipped) unsendable URLs skipped, answers by code: \(codes.sorted { $0.key < $1.key })")
            #expect(failures.isEmpty, "\(failures.count) bad answers:\n\(failures.prefix(30).joined(separator: "\n"))")
            #expect(try await Self.snapshot(server) == before)
            #expect(codes.keys.contains(201) && codes.keys.contains(400), "codes seen: \(codes.sorted { $0.key < $1.key })")
        }
    }

    /// What is wrong with an answer, or nil.
    static func problem(with reply: TestServer.Reply, for request: FuzzRequest) -> String? {
        if reply.code >= 500 && reply.code != 503 && reply.code != 504 {
            return "HTTP \(reply.code): \(String(decoding: reply.body.prefix(300), as: UTF8.self))"
        }
        if (200..<300).contains(reply.code) || reply.code == 304 || request.method == "HEAD" { return nil }
        guard let status = reply.json, status[member: "kind"] == "Status" else {
            return "HTTP \(reply.code) without a Status: \(String(decoding: reply.body.prefix(200), as: UTF8.self))"
        }
        if status[member: "code"] != .integer(Int64(reply.code)) {
            return "HTTP \(reply.code) with a Status of code \(String(describing: status[member: "code"]))"
        }
        return nil
    }

    static func send(_ fuzz: FuzzRequest, port: Int, session: URLSession) async throws -> TestServer.Reply? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(fuzz.target)") else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = fuzz.method
        request.timeoutInterval = 30
        if let body = fuzz.body {
            request.httpBody = body
            if let contentType = fuzz.contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return TestServer.Reply(code: http.statusCode, json: try? JSONParser.parse(Array(data)), body: data,
                                contentType: http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// Objects the fuzzer must never change: a namespace and five objects in it.
    static func seedKeptObjects(_ server: TestServer) async throws -> String {
        let namespace = "kept-objects"
        #expect(try await server.request("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"\#(namespace)"}}"#).code == 201)
        let base = "/api/v1/namespaces/\(namespace)"
        for (path, body) in [
            ("/configmaps", #"{"metadata":{"name":"one","labels":{"a":"b"}},"data":{"k":"v"}}"#),
            ("/configmaps", #"{"metadata":{"name":"two","finalizers":["example.com/f"]},"data":{"x":"y"}}"#),
            ("/secrets", #"{"metadata":{"name":"s"},"stringData":{"p":"w"}}"#),
            ("/services", #"{"metadata":{"name":"svc"},"spec":{"ports":[{"port":80}]}}"#),
        ] {
            #expect(try await server.request("POST", base + path, body: body).code == 201)
        }
        #expect(try await server.request("POST", "/apis/apps/v1/namespaces/\(namespace)/deployments", body: FuzzRequest.deployment).code == 201)
        return namespace
    }

    /// Every kept object, as served (resourceVersion included).
    static func snapshot(_ server: TestServer) async throws -> [JSONValue] {
        var objects: [JSONValue] = []
        let base = "/api/v1/namespaces/kept-objects"
        objects.append(try await server.request("GET", base).json ?? .null)
        for path in [base + "/configmaps", base + "/secrets", base + "/services", "/apis/apps/v1/namespaces/kept-objects/deployments"] {
            objects += try await server.request("GET", path).json?[member: "items"]?.arrayElements ?? []
        }
        return objects.filter { $0[member: "kind"] != "ConfigMap" || $0[member: "metadata"]?[member: "name"] != "kube-root-ca.crt" }
    }
}

/// SplitMix64: a small deterministic generator.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One generated request.
struct FuzzRequest {
    var method: String
    var target: String
    var contentType: String?
    var body: Data?

    var summary: String {
        let preview = body.map { bytes in
            String(bytes.prefix(120).map { (32..<127).contains($0) ? Character(UnicodeScalar($0)) : "." })
        } ?? "-"
        return "\(method) \(target.prefix(200)) [\(contentType ?? "no content type")] \(body?.count ?? 0) bytes: \(preview)"
    }

    static let deployment = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}"#

    /// Valid objects and where they are created (in the `fuzz` namespace).
    static let templates: [(collection: String, object: String)] = [
        ("/api/v1/namespaces/fuzz/configmaps", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","labels":{"a":"b"},"annotations":{"n":"v"}},"data":{"k":"v","n":"1"}}"#),
        ("/api/v1/namespaces/fuzz/secrets", #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"sec"},"type":"Opaque","data":{"p":"d29yZA=="}}"#),
        ("/api/v1/namespaces/fuzz/pods", #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["a.io/b"]},"spec":{"containers":[{"name":"c","image":"busybox","args":["sleep","1"]}],"tolerations":[{"key":"k","operator":"Exists"}]}}"#),
        ("/apis/apps/v1/namespaces/fuzz/deployments", deployment),
        ("/api/v1/namespaces/fuzz/services", #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"svc"},"spec":{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080}]}}"#),
        ("/api/v1/namespaces", #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"fuzz-extra"}}"#),
        ("/apis/rbac.authorization.k8s.io/v1/clusterroles", #"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"fuzz:role"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}"#),
    ]

    /// Methods the HTTP parser knows (it answers 400 without a body to an unknown token such as
    /// `BREW`, before the request reaches Skiff).
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "TRACE", "MKCOL"]
    static let contentTypes: [String?] = [
        "application/json", "application/yaml", "application/merge-patch+json", "application/json-patch+json",
        "application/strategic-merge-patch+json", "application/apply-patch+yaml", "application/vnd.kubernetes.protobuf",
        "text/plain", "application/json; charset=utf-16", "application/json;;;=", "multipart/form-data; boundary=",
        "*/*", "application/", nil,
    ]
    static let junk = ["%", "%zz", "%00", "%2F", "%ff%fe", "..", "//", "ü", "😀", "\u{202E}", "%C3%28", "~", "'", "\"", "<", "{", "%25", "+", " ", "\\"]
    static let queryJunk = [
        "labelSelector=a%20in%20(", "labelSelector=!!", "labelSelector=%3Dx", "labelSelector=a%3D%3D%3Db", "labelSelector=%E2%9C%93",
        "labelSelector=a,,b", "labelSelector=a%20notin%20()", "fieldSelector=metadata.name%3D%3D%3Dx", "fieldSelector=spec.bogus%3Dx",
        "fieldSelector=metadata.name!", "resourceVersion=abc", "resourceVersion=-1", "resourceVersion=99999999999999999999",
        "resourceVersion=1.5", "resourceVersion=", "resourceVersion=0", "resourceVersion=999999", "resourceVersionMatch=Exact",
        "resourceVersionMatch=Bogus", "resourceVersionMatch=NotOlderThan", "limit=-1", "limit=abc", "limit=99999999999999999999",
        "limit=1", "continue=abc", "continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTF9", "continue=%FF", "dryRun=All",
        "dryRun=Bogus", "propagationPolicy=Nope", "gracePeriodSeconds=-5", "timeoutSeconds=abc", "pretty=maybe", "%=%",
        "a=%", "&&&", "==", "fieldManager=%00", "sendInitialEvents=true", "allowWatchBookmarks=x",
    ]

    static func make(_ random: inout SplitMix64, keep: String) -> FuzzRequest {
        let template = templates.randomElement(using: &random)!
        let objectPath = template.collection + "/" + objectName(template.object)
        var path: String
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<4: path = template.collection
        case 4..<7: path = objectPath
        case 7: path = objectPath + ["/status", "/scale", "/log", "/bogus", "/status/extra"].randomElement(using: &random)!
        case 8: path = ["/api", "/apis", "/api/v1", "/apis/apps", "/apis/apps/v1", "/version", "/healthz", "/openapi/v2",
                        "/openapi/v3", "/openapi/v3/api/v1", "/metrics", "/", "/apis/nope/v1/things"].randomElement(using: &random)!
        default: path = template.collection
        }
        if Int.random(in: 0..<3, using: &random) == 0 { path = mutatePath(path, &random) }
        var queryParts: [String] = []
        for _ in 0..<Int.random(in: 0..<3, using: &random) { queryParts.append(queryJunk.randomElement(using: &random)!) }
        if Int.random(in: 0..<400, using: &random) == 0 { queryParts.append("watch=true") }
        // A watch must end: timeoutSeconds comes first (the first value of a parameter wins).
        var target = path + "?timeoutSeconds=1"
        if !queryParts.isEmpty { target += "&" + queryParts.joined(separator: "&") }
        if path.contains(keep) { target = "/api/v1/namespaces/fuzz/configmaps" }  // never aim at the kept objects

        let method: String
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<3: method = "POST"
        case 3: method = "PUT"
        case 4: method = "PATCH"
        default: method = methods.randomElement(using: &random)!
        }
        var contentType = contentTypes.randomElement(using: &random)!
        if Bool.random(using: &random) { contentType = method == "PATCH" ? "application/merge-patch+json" : "application/json" }
        let body = method == "GET" || method == "HEAD" ? nil : mutatedBody(template.object, &random)
        return FuzzRequest(method: method, target: target, contentType: contentType, body: body)
    }

    static func objectName(_ object: String) -> String {
        (try? JSONParser.parse(Array(object.utf8)))?[member: "metadata"]?[member: "name"]?.stringValue ?? "x"
    }

    static func mutatePath(_ path: String, _ random: inout SplitMix64) -> String {
        var characters = Array(path)
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            let index = Int.random(in: 0...characters.count, using: &random)
            characters.insert(contentsOf: junk.randomElement(using: &random)!, at: index)
        case 1:
            characters = Array(characters.prefix(Int.random(in: 1...characters.count, using: &random)))
        case 2:
            characters += Array("/" + junk.randomElement(using: &random)! + "/x")
        case 3:
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            let doubled = segments + segments.suffix(2)
            characters = Array(doubled.joined(separator: "/"))
        default:
            if !characters.isEmpty {
                characters[Int.random(in: 0..<characters.count, using: &random)] = Character(UnicodeScalar(UInt8.random(in: 33...126, using: &random)))
            }
        }
        var result = String(characters)
        if !result.hasPrefix("/") { result = "/" + result }
        return result
    }

    static func mutatedBody(_ object: String, _ random: inout SplitMix64) -> Data {
        let bytes = Array(object.utf8)
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<15:  // byte flips
            var copy = bytes
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                copy[Int.random(in: 0..<copy.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            return Data(copy)
        case 15..<25:  // truncation
            return Data(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
        case 25..<32:  // a duplicated key
            let duplicate = [#""kind":"Pod","#, #""metadata":{"name":"dup"},"#, #""metadata":null,"#, #""apiVersion":7,"#, #""data":{"a":"b"},"#].randomElement(using: &random)!
            return Data(("{" + duplicate + object.dropFirst()).utf8)
        case 32..<50:  // a deleted member
            guard var tree = try? JSONParser.parse(bytes) else { return Data(bytes) }
            tree.mutateRandomMember(&random, delete: true)
            return Data(JSONWriter.encode(tree))
        case 50..<72:  // a member of the wrong type
            guard var tree = try? JSONParser.parse(bytes) else { return Data(bytes) }
            tree.mutateRandomMember(&random, delete: false)
            return Data(JSONWriter.encode(tree))
        case 72:  // huge strings: just under and over the 3 MiB limit
            let size = Bool.random(using: &random) ? 2_900_000 : 3_500_000
            let huge = String(repeating: "x", count: size)
            return Data(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge-\#(size)"},"data":{"k":"\#(huge)"}}"#.utf8)
        case 73..<78:  // deep nesting, JSON or YAML flow style
            let depth = [100, 600, 5_000, 50_000].randomElement(using: &random)!
            if Bool.random(using: &random) {
                return Data((#"{"metadata":{"name":"deep"},"data":"# + String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth + 1)).utf8)
            }
            return Data(("metadata: {name: deep}\ndata: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n").utf8)
        case 78..<82:  // YAML forms: block style, aliases, tags, junk
            return Data([
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n  k: &a v\n  j: *a\n",
                "a: &a [1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f]\n",
                "metadata: !!binary aGVsbG8=\n", "--- \n...\n---\nkind: ConfigMap\n", "metadata:\n  name: [\n", "\t- x: :\n",
                "metadata: {name: a, name: b}\n", "? [a, b]\n: c\n", "metadata: *undefined\n", "%YAML 9.9\n---\na: b\n",
                "metadata:\n  name: x\n  labels: {a: 1.5e400, b: 0x10, c: .inf, d: ~}\n",
            ].randomElement(using: &random)!.utf8)
        case 82..<86:  // patches
            return Data([
                #"[{"op":"replace","path":"/data/k","value":"x"}]"#, #"[{"op":"move","from":"/a","path":"/a/b"}]"#,
                #"[{"op":"add","path":"/metadata/labels/~2","value":1}]"#, #"[{"op":"test"}]"#, #"[1,2,3]"#, #"{"$patch":"bogus"}"#,
                #"{"spec":{"containers":[{"$patch":"delete"}]}}"#, #"{"$setElementOrder/containers":[{"name":"zz"}]}"#,
                #"{"$retainKeys":7}"#, #"{"metadata":{"$deleteFromPrimitiveList/finalizers":"x"}}"#, "null", "\"str\"", "[]",
                #"{"spec":{"template":{"spec":{"containers":[[1]]}}}}"#, #"{"metadata":{"resourceVersion":"abc"}}"#,
            ].randomElement(using: &random)!.utf8)
        case 86..<90:  // random bytes
            return Data((0..<Int.random(in: 0..<200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
        default:
            return Data(bytes)
        }
    }
}

extension JSONValue {
    /// Deletes, or replaces with a value of another type, one member picked at random at any depth.
    mutating func mutateRandomMember(_ random: inout SplitMix64, delete: Bool) {
        switch self {
        case .object(var members):
            guard let key = members.keys.sorted().randomElement(using: &random) else { return }
            let descend = Int.random(in: 0..<3, using: &random) != 0
            if descend, var child = members[key], child.isContainer {
                child.mutateRandomMember(&random, delete: delete)
                members[key] = child
            } else if delete {
                members[key] = nil
            } else {
                members[key] = Self.wrongValues.randomElement(using: &random)!
            }
            self = .object(members)
        case .array(var elements):
            guard !elements.isEmpty else { return }
            let index = Int.random(in: 0..<elements.count, using: &random)
            if elements[index].isContainer && Bool.random(using: &random) {
                elements[index].mutateRandomMember(&random, delete: delete)
            } else if delete {
                elements.remove(at: index)
            } else {
                elements[index] = Self.wrongValues.randomElement(using: &random)!
            }
            self = .array(elements)
        default:
            return
        }
    }

    var isContainer: Bool {
        switch self {
        case .object, .array: return true
        default: return false
        }
    }

    static let wrongValues: [JSONValue] = [
        .null, .bool(true), .integer(-1), .integer(Int64.max), .number(1e308), .number(-0.5), .string(""),
        .string("ünïcødé \u{0000} 😀"), .array([]), .array([.null, .integer(1)]), .object([:]), .object(["x": .array([.object([:])])]),
        .string(String(repeating: "a", count: 300)),
    ]
}
