#!/usr/bin/env bash
# Watch delivery through HTTP (not a test): 100 watches on configmaps, creates at 200/s for 10 s
# (open loop), latency from just before each create is sent to each watcher reading the event
# line; 3 runs on one server, p50/p99 per run and pooled.
#   scripts/bench/api-watch-bench.sh [path/to/skiff] [path/to/skiff-api-bench]
# Build first: swift build -c release --product skiff && swift build -c release --product skiff-api-bench
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="${1:-.build/release/skiff}"
client="${2:-$(dirname "$binary")/skiff-api-bench}"
work="$(mktemp -d -t skiff-watch-bench.XXXXXX)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$binary" server --data-dir "$work/data" --port "$port" --disable-agent --disable-scheduler >"$work/server.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.01; done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$client" watch --server "http://127.0.0.1:$port" --token-file "$work/data/token" --watchers "${WATCHERS:-100}" \
  --rate "${RATE:-200}" --seconds "${SECONDS_PER_RUN:-10}" --runs "${RUNS:-3}"
echo "server RSS after: $(awk '/VmRSS/ {print $2 " kB"}' /proc/$pid/status)"
kill -TERM "$pid"; wait "$pid" || true; pid=""
