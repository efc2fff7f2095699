#!/usr/bin/env python3
"""Pod startup benchmark (not a test), issue 4 item 7, with the official Kubernetes Python client.

    python3 scripts/bench/pod-bench.py [path/to/skiff] [--pods 100] [--runs 3]

Each run starts a fresh `skiff server` (its scheduler and node agent, the process runtime) in a
temp dir on a free loopback port and measures:
  * start → node Ready: from spawning the server to the Node's Ready condition being True;
  * pod startup: N pods (`sleep 3600`, or `--command`) created at once by 16 threads; for each, the time from just
    before its create request to the watch showing it Running, and to it being Ready (p50/p99
    pooled over the runs);
  * idle RSS of the server process (API server + scheduler + agent in one process) 5 s after the
    pods were deleted, and with no pods at all right after start.
Needs: python3 with `kubernetes` (pip install kubernetes).
"""
import argparse, concurrent.futures, shlex, http.client, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, threading, time

from kubernetes import client, config


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_ms(pid):
    """utime + stime of a process (all its threads), in ms."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def one_run(binary, pods, command, node="bench-node", profile_to=None):
    work = tempfile.mkdtemp(prefix="skiff-pod-bench.")
    port = free_port()
    log = open(os.path.join(work, "server.log"), "w")
    began = time.monotonic()
    server = subprocess.Popen([binary, "server", "--data-dir", os.path.join(work, "data"), "--port", str(port),
                               "--node-name", node], stdout=log, stderr=subprocess.STDOUT)
    try:
        kubeconfig = os.path.join(work, "data", "kubeconfig.yaml")
        ready_after = None
        while time.monotonic() - began < 30:
            if os.path.exists(kubeconfig):
                try:
                    config.load_kube_config(kubeconfig)
                    core = client.CoreV1Api()
                    n = core.read_node(node, _request_timeout=1)
                    if any(c.type == "Ready" and c.status == "True" for c in (n.status.conditions or [])):
                        ready_after = time.monotonic() - began
                        break
                except Exception:
                    pass
            time.sleep(0.005)
        if ready_after is None:
            raise RuntimeError("node never became Ready; see " + log.name)
        time.sleep(1)
        idle_start_rss = rss_kb(server.pid)

        core = client.CoreV1Api()
        token = open(os.path.join(work, "data", "token")).read().strip()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"}
        sent, bound, running, ready = {}, {}, {}, {}
        created_all = [0.0]
        done = threading.Event()
        list_rv = core.list_namespaced_pod("default").metadata.resource_version

        # The watcher reads raw event lines and parses them with json.loads only: the official
        # client's model deserialization costs milliseconds per event and would be measured too.
        def follow():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", f"/api/v1/namespaces/default/pods?watch=true&resourceVersion={list_rv}&timeoutSeconds=120",
                               headers=headers)
            response = connection.getresponse()
            while len(ready) < pods or len(running) < pods:
                line = response.readline()
                if not line:
                    break
                now = time.monotonic()
                pod = json.loads(line)["object"]
                name = pod["metadata"]["name"]
                status = pod.get("status", {})
                if pod.get("spec", {}).get("nodeName") and name not in bound:
                    bound[name] = now
                if status.get("phase") == "Running" and name not in running:
                    running[name] = now
                if any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions", [])) and name not in ready:
                    ready[name] = now
            connection.close()
            done.set()

        watcher = threading.Thread(target=follow, daemon=True)
        watcher.start()
        time.sleep(0.3)

        local = threading.local()
        profiler = None
        if profile_to:
            # `perf record` of the server over exactly the startup window (diagnostics only).
            profiler = subprocess.Popen(["perf", "record", "-F", "4000", "-g", "-p", str(server.pid), "-o", profile_to],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)

        def create(i):
            if not hasattr(local, "connection"):
                local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            name = f"bench-{i}"
            body = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                    "spec": {"terminationGracePeriodSeconds": 1,
                             "containers": [{"name": "main", "image": "sh", "command": command}]}}
            payload = json.dumps(body)
            sent[name] = time.monotonic()
            local.connection.request("POST", "/api/v1/namespaces/default/pods", body=payload, headers=headers)
            response = local.connection.getresponse()
            response.read()
            if response.status != 201:
                raise RuntimeError(f"create {name}: {response.status}")

        cpu_before = cpu_ms(server.pid)
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            list(pool.map(create, range(pods)))
        created_all[0] = time.monotonic()
        done.wait(120)
        cpu_startup = cpu_ms(server.pid) - cpu_before
        if profiler:
            profiler.send_signal(signal.SIGINT)
            profiler.wait(30)
        to_running = [(running[n] - sent[n]) * 1000 for n in sent if n in running]
        to_ready = [(ready[n] - sent[n]) * 1000 for n in sent if n in ready]
        to_bound = [(bound[n] - sent[n]) * 1000 for n in sent if n in bound]
        first_sent = min(sent.values())
        print(f"  diagnostics: all {pods} creates answered after {(created_all[0] - first_sent) * 1000:.0f} ms; "
              f"create → bound p50 {percentile(to_bound, 50):.1f} ms, p99 {percentile(to_bound, 99):.1f} ms; "
              f"last Running {(max(running.values()) - first_sent) * 1000:.0f} ms after the first create; "
              f"server CPU {cpu_startup:.0f} ms from the first create to the last Running; load {os.getloadavg()[0]:.2f}", flush=True)

        core.delete_collection_namespaced_pod("default", grace_period_seconds=1)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and core.list_namespaced_pod("default").items:
            time.sleep(0.2)
        time.sleep(5)
        idle_after_rss = rss_kb(server.pid)
        return ready_after, to_running, to_ready, idle_start_rss, idle_after_rss
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/skiff")
    parser.add_argument("--pods", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--command", default="sleep 3600",
                        help="the pods' command, split as a shell would (default: sleep 3600 — one process spawn "
                             "per pod, as the issue describes the work; until 2026-11-27 the bench ran "
                             "/bin/sh -c 'exec sleep 3600', two execs per pod)")
    parser.add_argument("--profile-to", help="write a `perf record -g` of the server over the startup window of the last run here")
    args = parser.parse_args()
    starts, running, ready, idle_start, idle_after = [], [], [], [], []
    for run in range(args.runs):
        s, r, y, i0, i1 = one_run(args.binary, args.pods, shlex.split(args.command), profile_to=args.profile_to if run == args.runs - 1 else None)
        starts.append(s * 1000)
        running += r
        ready += y
        idle_start.append(i0)
        idle_after.append(i1)
        print(f"run {run + 1}: start→node Ready {s * 1000:.0f} ms; {len(r)}/{args.pods} Running, p50 {percentile(r, 50):.1f} ms, "
              f"p99 {percentile(r, 99):.1f} ms; Ready p50 {percentile(y, 50):.1f} ms, p99 {percentile(y, 99):.1f} ms; "
              f"RSS idle {i0} kB, after pods {i1} kB", flush=True)
    print(f"start → node Ready: median {statistics.median(starts):.0f} ms of {len(starts)}")
    print(f"create → Running: p50 {percentile(running, 50):.1f} ms, p99 {percentile(running, 99):.1f} ms (n = {len(running)})")
    print(f"create → Ready:   p50 {percentile(ready, 50):.1f} ms, p99 {percentile(ready, 99):.1f} ms (n = {len(ready)})")
    print(f"idle RSS (server + scheduler + agent): {statistics.median(idle_start) / 1024:.1f} MB after start, "
          f"{statistics.median(idle_after) / 1024:.1f} MB after {args.pods} pods came and went (medians)")


if __name__ == "__main__":
    sys.exit(main())
