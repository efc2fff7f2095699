import HTTPTypes
import Hummingbird
import NIOCore
import SkiffStore

/// Wraps the server's responder: answers `GET /metrics` itself and, for every other request,
/// counts it and times it (until the response head is ready; a watch is counted when it starts
/// and tracked in `apiserver_registered_watchers` while its body streams).
struct MetricsResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == BasicRequestContext {
    typealias Context = BasicRequestContext

    let inner: Inner
    let metrics: APIMetrics
    let registry: ResourceRegistry
    /// The store, for the SQLite group-commit figures.
    let storage: any Storage

    func respond(to request: Request, context: Context) async throws -> Response {
        let (path, query) = KubernetesResponder.splitTarget(request.head.path ?? "/")
        let labels = RequestLabels(method: request.method.rawValue, path: path, query: query, registry: registry)
        let start = ContinuousClock.now
        if path == "/metrics" && (request.method == .get || request.method == .head) {
            let response = metricsResponse(head: request.method == .head)
            metrics.recordRequest(labels, code: 200, duration: APIMetrics.seconds(since: start))
            return response
        }
        var response: Response
        do {
            response = try await inner.respond(to: request, context: context)
        } catch {
            metrics.recordRequest(labels, code: 500, duration: APIMetrics.seconds(since: start))
            throw error
        }
        let code = response.status.code
        if labels.verb == "WATCH" && code == 200 {
            metrics.recordRequest(labels, code: code, duration: nil)
            let body = response.body
            let metrics = self.metrics
            let key = labels.resourceKey
            response.body = ResponseBody { writer in
                metrics.watchStarted(key)
                defer { metrics.watchEnded(key) }
                try await body.write(writer)
            }
        } else {
            metrics.recordRequest(labels, code: code, duration: APIMetrics.seconds(since: start))
        }
        return response
    }

    private func metricsResponse(head: Bool) -> Response {
        let store = (storage as? SQLiteStorage).map { sqlite in
            let statistics = sqlite.writerStatistics
            return APIMetrics.StoreCommitStatistics(transactions: statistics.transactions, largestBatch: statistics.largestBatch)
        }
        let text = metrics.render(store: store, process: ProcessMetrics.current())
        return Response(
            status: .ok,
            headers: [.contentType: PrometheusText.contentType, .cacheControl: "no-cache, private"],
            body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

extension APIMetrics {
    /// Seconds elapsed since `start`, for request durations.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
