import SkiffAPI

/// `GET /openapi/v2`, `/openapi/v3` and `/openapi/v3/{api/v1 | apis/{group}/{version}}`, as
/// kube-apiserver serves them (pure; the responder turns an ``Answer`` into HTTP).
///
/// - `/openapi/v2`: swagger JSON, or the gnostic protobuf (`application/com.github.proto-openapi.
///   spec.v2@v1.0+protobuf`, all kubectl accepts there; answered as `...spec.v2.v1.0+protobuf`)
///   when the `Accept` header asks for it.
/// - `/openapi/v3`: the index; `/openapi/v3/{gv}`: OpenAPI 3.0 JSON (no protobuf: kubectl asks
///   for JSON). A `?hash=` equal to the document's makes the answer `public, immutable`.
/// - Every answer has an `ETag`; `If-None-Match` with it gives 304. Unknown paths: 404 Status;
///   an `Accept` header nothing served matches: 406; methods other than GET/HEAD: 405.
enum OpenAPIEndpoint {
    /// What kubectl asks for at /openapi/v2 (its only choice).
    static let protobufV2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
    /// The same type as kube-apiserver names it in `Content-Type` (Go's `mime` package rejects
    /// the `@`, and client-go parses the answer's type: kubectl fails on the other spelling).
    static let protobufV2Dotted = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"

    enum Answer: Equatable {
        case document(bytes: [UInt8], contentType: String, etag: String, immutable: Bool)
        case notModified(etag: String)
        case failure(StatusError)

        static func == (lhs: Answer, rhs: Answer) -> Bool {
            switch (lhs, rhs) {
            case let (.document(a, b, c, d), .document(e, f, g, h)): a == e && b == f && c == g && d == h
            case let (.notModified(a), .notModified(b)): a == b
            case let (.failure(a), .failure(b)): a.code == b.code && a.status.message == b.status.message
            default: false
            }
        }
    }

    /// True for the paths this endpoint answers (`/openapi` and below).
    static func handles(_ path: String) -> Bool {
        path == "/openapi" || path.hasPrefix("/openapi/")
    }

    static func answer(method: String, path: String, query: QueryParameters, accept: String?,
                       ifNoneMatch: String?, documents: OpenAPIDocuments = .shared) -> Answer {
        guard let segments = RouteParser.splitPath(path), segments.first == "openapi", segments.count >= 2 else {
            return .failure(StatusEncoding.pathNotFound)
        }
        guard method == "GET" || method == "HEAD" else { return .failure(StatusEncoding.methodNotAllowed) }
        let ranges = acceptedRanges(accept)
        do {
            switch (segments[1], segments.count) {
            case ("v2", 2):
                let wantsProtobuf: Bool
                switch preferred(ranges, among: [MediaType.json, protobufV2, protobufV2Dotted]) {
                case protobufV2?, protobufV2Dotted?: wantsProtobuf = true
                case MediaType.json?: wantsProtobuf = false
                default: return .failure(notAcceptable([MediaType.json, protobufV2]))
                }
                guard let document = try documents.document(wantsProtobuf ? "v2.pb" : "v2") else {
                    return .failure(StatusEncoding.pathNotFound)
                }
                return reply(document, contentType: wantsProtobuf ? protobufV2Dotted : MediaType.json,
                             ifNoneMatch: ifNoneMatch, immutable: false)
            case ("v3", 2):
                guard preferred(ranges, among: [MediaType.json]) != nil else {
                    return .failure(notAcceptable([MediaType.json]))
                }
                return reply(documents.index, contentType: MediaType.json, ifNoneMatch: ifNoneMatch, immutable: false)
            case ("v3", _):
                let key = segments.dropFirst(2).joined(separator: "/")
                guard key != "v2", key != "v2.pb", let document = try documents.document(key) else {
                    return .failure(StatusEncoding.pathNotFound)
                }
                guard preferred(ranges, among: [MediaType.json]) != nil else {
                    return .failure(notAcceptable([MediaType.json]))
                }
                let immutable = query["hash"] == document.hash
                return reply(document, contentType: MediaType.json, ifNoneMatch: ifNoneMatch, immutable: immutable)
            default:
                return .failure(StatusEncoding.pathNotFound)
            }
        } catch {
            return .failure(StatusError(Status(
                message: "the OpenAPI document \(error.key) could not be loaded", reason: .internalError,
                details: StatusDetails(), code: 500)))
        }
    }

    private static func reply(_ document: OpenAPIDocuments.Document, contentType: String, ifNoneMatch: String?,
                              immutable: Bool) -> Answer {
        let etag = "\"\(document.hash)\""
        if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: {
            let tag = $0.trimmingWhitespace()
            return tag == etag || tag == "W/" + etag || tag == "*"
        }) {
            return .notModified(etag: etag)
        }
        return .document(bytes: document.bytes, contentType: contentType, etag: etag, immutable: immutable)
    }

    private static func notAcceptable(_ types: [String]) -> StatusError {
        .notAcceptable("only the following media types are accepted: " + types.joined(separator: ", "))
    }

    /// The media ranges of an `Accept` header with a non-zero quality, best first (stable); no
    /// header means anything.
    static func acceptedRanges(_ accept: String?) -> [MediaType] {
        guard let accept, !accept.allSatisfy({ $0 == " " }) else { return [MediaType(parsing: "*/*")] }
        let ranges = accept.split(separator: ",").map { MediaType(parsing: String($0)) }
        let weighted = ranges.enumerated().compactMap { offset, range -> (Double, Int, MediaType)? in
            let quality = range.parameters["q"].flatMap(Double.init) ?? 1
            return quality > 0 ? (quality, offset, range) : nil
        }
        return weighted.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.map(\.2)
    }

    /// The first of `offered` (in the client's order of preference) that a range matches.
    static func preferred(_ ranges: [MediaType], among offered: [String]) -> String? {
        for range in ranges {
            for type in offered {
                if range.essence == type || range.essence == "*/*" { return type }
                if range.essence.hasSuffix("/*"), type.hasPrefix(range.essence.dropLast()) { return type }
            }
        }
        return nil
    }
}
