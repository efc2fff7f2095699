#!/usr/bin/env bash
# API server benchmark (not a test), through HTTP with real clients (wrk, curl):
#   scripts/bench/api-bench.sh [path/to/skiff]        (default: .build/release/skiff)
# Prints: start → /readyz (median of 10), idle RSS, creates/s with 16 connections (wrk, 3 runs),
# list of 10,000 pods (median/max of 10), create latency at 200/s with 10,000 objects stored. Needs wrk and curl (apt-get install -y wrk curl).
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="${1:-.build/release/skiff}"
work="$(mktemp -d -t skiff-api-bench.XXXXXX)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

start() { # start DATA PORT: starts the server, waits for /readyz, prints milliseconds taken
  local begin; begin=$(now_ms)
  "$binary" server --data-dir "$1" --port "$2" --disable-agent --disable-scheduler >"$work/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$2/readyz" >/dev/null 2>&1; do sleep 0.005; done
  echo $(( $(now_ms) - begin ))
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== start → /readyz (fresh data dir each time), 10 runs"
for i in $(seq 10); do port=$(free_port); start "$work/start-$i" "$port"; stop; done | median | sed 's/^/median ms: /'

port=$(free_port)
start "$work/data" "$port" >/dev/null
sleep 5
echo "== idle RSS after 5 s: $(awk '/VmRSS/ {print $2 " kB"}' /proc/$pid/status)"

echo "== creates/s, 16 connections, 10 s each (ConfigMap ~1 KiB, generateName)"
for run in 1 2 3; do
  wrk -t2 -c16 -d10s --latency -s scripts/bench/create-configmap.lua "http://127.0.0.1:$port/api/v1/namespaces/default/configmaps" \
    | awk '/Requests\/sec/ {print "run '"$run"': " $2 " creates/s"} /^ +99%/ {print "        p99 " $2} /^ +50%/ {print "        p50 " $2} /Non-2xx/ {print "        non-2xx responses: " $5}'
done
echo "== RSS after the create runs: $(awk '/VmRSS/ {print $2 " kB"}' /proc/$pid/status)"
stop

port=$(free_port)
start "$work/pods" "$port" >/dev/null
echo "== list 10,000 pods"
wrk -t2 -c16 -d120s -s scripts/bench/create-pod.lua "http://127.0.0.1:$port/api/v1/namespaces/default/pods" >/dev/null
count_pods() { curl -s "http://127.0.0.1:$port/api/v1/namespaces/default/pods" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))'; }
echo "pods stored: $(count_pods)"
echo "== create latency at a steady 200/s for 10 s, 10,000 objects stored (python http.client, one connection)"
python3 scripts/bench/paced-creates.py "$port" 200 10
for i in $(seq 10); do
  curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/api/v1/pods"
done | awk '{print $1 * 1000}' | sort -n | awk '{a[NR]=$1} END {print "list all pods: median " a[int((NR+1)/2)] " ms, max " a[NR] " ms"}'
stop
