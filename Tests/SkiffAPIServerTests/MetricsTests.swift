import Foundation
import Testing
@testable import SkiffAPIServer

/// The Prometheus text format, the request labels, /proc parsing, and /metrics over HTTP.
struct MetricsTests {
    @Test func valueFormatting() {
        #expect(PrometheusText.format(1) == "1")
        #expect(PrometheusText.format(60) == "60")
        #expect(PrometheusText.format(0.005) == "0.005")
        #expect(PrometheusText.format(1.25) == "1.25")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(.nan) == "NaN")
        #expect(PrometheusText.format(0) == "0")
    }

    @Test func labelEscaping() {
        #expect(PrometheusText.escapeLabelValue(#"a"b\c"# + "\nd") == #"a\"b\\c\nd"#)
        #expect(PrometheusText.labelSet([]) == "")
        #expect(PrometheusText.labelSet([("a", "x"), ("b", "")]) == #"{a="x",b=""}"#)
        var text = PrometheusText()
        text.family("x_total", type: "counter", help: "line\none")
        text.sample("x_total", [("k", "v")], 3)
        #expect(text.output == "# HELP x_total line\\none\n# TYPE x_total counter\nx_total{k=\"v\"} 3\n")
    }

    @Test func histogramIsCumulative() {
        var histogram = Histogram(bounds: [0.1, 1])
        histogram.observe(0.05)
        histogram.observe(0.1)
        histogram.observe(0.5)
        histogram.observe(7)
        var text = PrometheusText()
        text.histogram("d_seconds", [("verb", "GET")], histogram)
        #expect(text.output == """
            d_seconds_bucket{verb="GET",le="0.1"} 2
            d_seconds_bucket{verb="GET",le="1"} 3
            d_seconds_bucket{verb="GET",le="+Inf"} 4
            d_seconds_sum{verb="GET"} 7.65
            d_seconds_count{verb="GET"} 4

            """)
        #expect(Histogram.kubernetesRequestBuckets.count == 23 && Histogram.kubernetesRequestBuckets.last == 60)
    }

    @Test func requestLabels() {
        let registry = ResourceRegistry.builtIn
        func labels(_ method: String, _ target: String) -> RequestLabels {
            let (path, query) = KubernetesResponder.splitTarget(target)
            return RequestLabels(method: method, path: path, query: query, registry: registry)
        }
        #expect(labels("GET", "/api/v1/namespaces/default/configmaps") == RequestLabels(verb: "LIST", version: "v1", resource: "configmaps"))
        #expect(labels("GET", "/api/v1/namespaces/default/configmaps/a") == RequestLabels(verb: "GET", version: "v1", resource: "configmaps"))
        #expect(labels("GET", "/api/v1/configmaps?watch=true").verb == "WATCH")
        #expect(labels("GET", "/api/v1/watch/namespaces/default/configmaps").verb == "WATCH")
        #expect(labels("DELETE", "/api/v1/namespaces/default/configmaps").verb == "DELETECOLLECTION")
        #expect(labels("PATCH", "/apis/apps/v1/namespaces/x/deployments/d") == RequestLabels(verb: "PATCH", group: "apps", version: "v1", resource: "deployments"))
        #expect(labels("GET", "/apis/nope.example.com/v1/things") == RequestLabels(verb: "GET"))
        #expect(labels("BREW", "/api/v1/namespaces") == RequestLabels(verb: "other", version: "v1", resource: "namespaces"))
        #expect(labels("GET", "/readyz") == RequestLabels(verb: "GET"))
    }

    @Test func procStatParsing() throws {
        let line = "1234 (skiff (a) b) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 5000 1000000 300 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n"
        let stat = try #require(ProcessMetrics.parseStat(line))
        #expect(stat == ProcessMetrics.Stat(userTicks: 250, systemTicks: 50, startTicks: 5000, virtualBytes: 1_000_000, residentPages: 300))
        #expect(ProcessMetrics.parseStat("garbage") == nil)
        #expect(ProcessMetrics.parseBootTime("cpu 1 2\nbtime 1700000000\nprocesses 5\n") == 1_700_000_000)
        let combined = ProcessMetrics.combine(stat, ticksPerSecond: 100, pageSize: 4096, bootTime: 1_700_000_000, openFileDescriptors: 7)
        #expect(combined == ProcessMetrics(residentMemoryBytes: 1_228_800, virtualMemoryBytes: 1_000_000, cpuSeconds: 3,
                                           startTimeSeconds: 1_700_000_050, openFileDescriptors: 7))
        #if os(Linux)
        let current = try #require(ProcessMetrics.current())
        #expect(current.residentMemoryBytes > 0)
        #endif
    }

    @Test func renderedFamilies() {
        let metrics = APIMetrics()
        metrics.recordRequest(RequestLabels(verb: "LIST", version: "v1", resource: "pods"), code: 200, duration: 0.01)
        metrics.recordRequest(RequestLabels(verb: "LIST", version: "v1", resource: "pods"), code: 200, duration: 0.02)
        metrics.recordStore("create", duration: 0.001, isSuccessfulWrite: true)
        metrics.watchStarted(.init(group: "", version: "v1", resource: "pods"))
        let text = metrics.render(store: .init(transactions: 4, largestBatch: 2), process: nil)
        #expect(text.contains(#"apiserver_request_total{code="200",group="",resource="pods",verb="LIST",version="v1"} 2"#))
        #expect(text.contains(#"apiserver_request_duration_seconds_bucket{group="",resource="pods",verb="LIST",version="v1",le="0.025"} 2"#))
        #expect(text.contains(#"apiserver_registered_watchers{group="",resource="pods",version="v1"} 1"#))
        #expect(text.contains("skiff_store_write_total 1\n"))
        #expect(text.contains("skiff_store_write_transactions_total 4\n"))
        #expect(text.contains(#"skiff_store_request_duration_seconds_count{operation="create"} 1"#))
    }
}

/// /metrics on a running server.
@Suite(.serialized) struct MetricsIntegrationTests {
    @Test func metricsEndpoint() async throws {
        try await TestServer.with { server in
            let configMaps = "/api/v1/namespaces/default/configmaps"
            #expect(try await server.request("POST", configMaps, body: #"{"metadata":{"name":"m"}}"#).code == 201)
            #expect(try await server.request("GET", configMaps + "/missing").code == 404)
            let watchKey = #"apiserver_registered_watchers{group="",resource="configmaps",version="v1"}"#
            let watch = Task { try await server.request("GET", configMaps + "?watch=true&timeoutSeconds=2") }
            var sawWatcher = false
            for _ in 0..<40 where !sawWatcher {
                try await Task.sleep(for: .milliseconds(50))
                let text = String(decoding: try await server.request("GET", "/metrics").body, as: UTF8.self)
                sawWatcher = text.contains(watchKey + " 1\n")
            }
            #expect(sawWatcher)
            _ = try await watch.value

            let reply = try await server.request("GET", "/metrics")
            #expect(reply.code == 200)
            #expect(reply.contentType == "text/plain; version=0.0.4; charset=utf-8")
            let text = String(decoding: reply.body, as: UTF8.self)
            #expect(text.contains(#"apiserver_request_total{code="201",group="",resource="configmaps",verb="POST",version="v1"} 1"#))
            #expect(text.contains(#"apiserver_request_total{code="404",group="",resource="configmaps",verb="GET",version="v1"} 1"#))
            #expect(text.contains(#"apiserver_request_total{code="200",group="",resource="configmaps",verb="WATCH",version="v1"} 1"#))
            #expect(text.contains(watchKey + " 0\n"))
            #expect(text.contains(#"apiserver_request_duration_seconds_count{group="",resource="configmaps",verb="POST",version="v1"} 1"#))
            #expect(text.contains("skiff_store_write_total "))
            #expect(text.contains("skiff_store_write_transactions_total "))
            #if os(Linux)
            #expect(text.contains("process_resident_memory_bytes "))
            #expect(text.contains("process_cpu_seconds_total "))
            #endif
        }
    }
}
