/// One API request, independent of the HTTP library: method, path, query, body and the
/// headers the API reads.
struct APIRequest: Sendable {
    var method: String
    var path: String
    var query: QueryParameters
    /// The `Content-Type` header, if any.
    var contentType: String?
    /// The `Accept` header, if any (reads answer a Table for `as=Table`, see TableNegotiation).
    var accept: String?
    /// The complete body (already limited in size).
    var body: [UInt8]

    init(method: String, path: String, query: QueryParameters = QueryParameters(), contentType: String? = nil, body: [UInt8] = [],
         accept: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.contentType = contentType
        self.body = body
        self.accept = accept
    }
}

/// What the API answers: a JSON document, plain text, or a watch to stream.
enum APIResponse: Sendable {
    /// A JSON body with its HTTP status code.
    case json(status: Int, body: [UInt8])
    /// A JSON body of a specific media type (aggregated discovery), with `Vary: Accept`.
    case document(status: Int, contentType: String, body: [UInt8])
    /// A `text/plain` body (health checks).
    case text(status: Int, body: String)
    /// A request proxied to another server (pods/log → the node's agent), streamed back.
    case proxy(ProxyTarget)
    /// A stream of watch events.
    case watch(WatchPlan)
}
