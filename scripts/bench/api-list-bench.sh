#!/usr/bin/env bash
# List of 10,000 pods through HTTP (not a test), served from the watch cache: creates 10,000 pods
# with wrk (create-pod.lua), then times `GET /api/v1/pods` with curl 20 times (median, p90, max).
# The scheduler is disabled so the pods stay as written (no status patches, no events).
#   scripts/bench/api-list-bench.sh [path/to/skiff]
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="${1:-.build/release/skiff}"
work="$(mktemp -d -t skiff-list-bench.XXXXXX)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$binary" server --data-dir "$work/data" --port "$port" --disable-agent --disable-scheduler >"$work/server.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.01; done
auth="Authorization: Bearer $(cat "$work/data/token")"
wrk -t2 -c16 -d120s -H "$auth" -s scripts/bench/create-pod.lua "http://127.0.0.1:$port/api/v1/namespaces/default/pods" >/dev/null
curl -s -H "$auth" "http://127.0.0.1:$port/api/v1/pods" -o "$work/list.json"
echo "pods stored: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$work/list.json"), list size $(stat -c %s "$work/list.json") bytes"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "${RUNS:-20}"); do
  curl -s -H "$auth" -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/api/v1/pods"
done | awk '{print $1 * 1000}' | sort -n \
  | awk '{a[NR]=$1} END {printf "list all pods: median %.1f ms, p90 %.1f ms, max %.1f ms (n = %d)\n", a[int((NR+1)/2)], a[int(NR*0.9+0.999)], a[NR], NR}'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server RSS: $(awk '/VmRSS/ {print $2 " kB"}' /proc/$pid/status)"
kill -TERM "$pid"; wait "$pid" || true; pid=""
