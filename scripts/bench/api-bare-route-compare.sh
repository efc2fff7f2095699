#!/usr/bin/env bash
# The issue's scale comparison (not a test): wrk -t2 -c16 -d10s with create-configmap.lua against
# a bare Hummingbird route that decodes and re-encodes the ConfigMap with Foundation's JSON
# (skiff-api-bench bare-route) and against `skiff server` (POST configmaps), alternating, 3 runs
# each; prints every run, the medians and skiff's share of the bare route's rate.
#   scripts/bench/api-bare-route-compare.sh [path/to/skiff] [path/to/skiff-api-bench]
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="${1:-.build/release/skiff}"
bench="${2:-$(dirname "$binary")/skiff-api-bench}"
runs="${RUNS:-3}"
work="$(mktemp -d -t skiff-bare-compare.XXXXXX)"
skiff_pid=""; bare_pid=""
cleanup() {
  [[ -n "$skiff_pid" ]] && kill -KILL "$skiff_pid" 2>/dev/null
  [[ -n "$bare_pid" ]] && kill -KILL "$bare_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { until curl -s -o /dev/null "http://127.0.0.1:$1/"; do sleep 0.01; done; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

skiff_port=$(free_port); bare_port=$(free_port)
"$binary" server --data-dir "$work/data" --port "$skiff_port" --disable-agent --disable-scheduler >"$work/skiff.log" 2>&1 &
skiff_pid=$!
"$bench" bare-route --port "$bare_port" >"$work/bare.log" 2>&1 &
bare_pid=$!
wait_port "$skiff_port"; wait_port "$bare_port"
token="$(cat "$work/data/token")"

run_wrk() { # run_wrk NAME PORT
  local out
  out=$(wrk -t2 -c16 -d10s --latency -H "Authorization: Bearer $token" -s scripts/bench/create-configmap.lua \
        "http://127.0.0.1:$2/api/v1/namespaces/default/configmaps")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '/^ +50%/ {print $2}' <<<"$out"); p99=$(awk '/^ +99%/ {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$1 run: $rps requests/s (p50 $p50, p99 $p99, non-2xx ${non2xx:-0}; load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  echo "$rps"
}
: >"$work/bare.rps"; : >"$work/skiff.rps"
for run in $(seq "$runs"); do
  run_wrk bare "$bare_port" >>"$work/bare.rps"
  run_wrk skiff "$skiff_port" >>"$work/skiff.rps"
done
bare=$(median <"$work/bare.rps"); skiff=$(median <"$work/skiff.rps")
echo "bare Hummingbird route (decode + re-encode, Foundation JSON): median $bare requests/s"
echo "skiff POST configmaps (SQLite, watch cache): median $skiff creates/s"
awk -v s="$skiff" -v b="$bare" 'BEGIN {printf "skiff / bare = %.2f (the issue asks for >= 0.5)\n", s / b}'
echo "bare route RSS $(awk '/VmRSS/ {print $2 " kB"}' /proc/$bare_pid/status), skiff RSS $(awk '/VmRSS/ {print $2 " kB"}' /proc/$skiff_pid/status)"
