"""Creates ConfigMaps at a steady rate over one keep-alive HTTP connection (open loop: each
request starts at its scheduled time) and prints p50/p99 latency in ms.
Usage: paced-creates.py PORT RATE SECONDS"""
import http.client
import json
import sys
import time

port, rate, seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap",
                   "metadata": {"generateName": "paced-", "namespace": "default"},
                   "data": {"payload": "x" * 900}})
connection = http.client.HTTPConnection("127.0.0.1", port)
latencies = []
start = time.perf_counter()
for i in range(rate * seconds):
    due = start + i / rate
    delay = due - time.perf_counter()
    if delay > 0:
        time.sleep(delay)
    began = time.perf_counter()
    connection.request("POST", "/api/v1/namespaces/default/configmaps", body,
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    assert response.status == 201, response.status
    latencies.append((time.perf_counter() - began) * 1000)
latencies.sort()
print(f"p50 {latencies[len(latencies) // 2]:.2f} ms  p99 {latencies[int(len(latencies) * 0.99) - 1]:.2f} ms  (n={len(latencies)})")
