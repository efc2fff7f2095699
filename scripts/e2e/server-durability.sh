#!/usr/bin/env bash
# End-to-end: durability of the built `skiff` binary's store across restarts and crashes.
#
#   scripts/e2e/server-durability.sh [path/to/skiff]      (default: .build/debug/skiff)
#
# (a) creates 200 ConfigMaps, stops the server with SIGTERM, starts it again on the same data
#     dir: all 200 are there with the same resourceVersions, and a new write gets a higher one;
# (b) three times: 8 concurrent curl writers POST ConfigMaps with generateName, each noting the
#     names acknowledged with 201; the server is killed with SIGKILL 1-2 s in and started again:
#     every acknowledged name must exist;
# (c) /metrics (Prometheus text) shows request counters that grow.
# Processes are stopped by PID only. Prints "N passed, M failed"; exits non-zero on any failure.
# Needs: kubectl (checked by the harness), curl, python3.
set -uo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME=durability E2E_BINARY="${1:-}"
source scripts/e2e/lib/harness.sh

writer_pids=()
stop_writers() {
  local pid
  for pid in "${writer_pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${writer_pids[@]}"; do wait "$pid" 2>/dev/null; done
  writer_pids=()
}
trap 'stop_writers; cleanup' EXIT

api="http://127.0.0.1:$port"

# name=resourceVersion lines, sorted, of the ConfigMaps in namespace $1 (those starting with $2).
versions() {
  curl -fsS "$api/api/v1/namespaces/$1/configmaps" | python3 -c '
import json, sys
prefix = sys.argv[1]
for item in json.load(sys.stdin)["items"]:
    meta = item["metadata"]
    if meta["name"].startswith(prefix):
        print(meta["name"] + "=" + meta["resourceVersion"])
' "$2" | sort
}

start_server || exit 1
pass "skiff server answers /readyz on 127.0.0.1:$port"

# (a) restart keeps every object and its resourceVersion
created=0
for i in $(seq 1 200); do
  code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"metadata\":{\"name\":\"restart-$i\"},\"data\":{\"i\":\"$i\"}}" "$api/api/v1/namespaces/default/configmaps")"
  [[ "$code" == 201 ]] && created=$((created + 1))
done
if [[ "$created" -eq 200 ]]; then pass "200 ConfigMaps created"; else fail "200 ConfigMaps created" "only $created"; fi
before="$(versions default restart-)"
if stop_server; then pass "SIGTERM stops the server with exit status 0"; else fail "SIGTERM stops the server with exit status 0" "$(tail -5 "$log")"; fi
if start_server; then pass "the server starts again on the same data dir"; else fail "the server starts again on the same data dir"; exit 1; fi
after="$(versions default restart-)"
if [[ "$(echo "$after" | grep -c .)" -eq 200 && "$before" == "$after" ]]; then
  pass "all 200 ConfigMaps survive the restart with the same resourceVersions"
else
  fail "all 200 ConfigMaps survive the restart with the same resourceVersions" "$(diff <(echo "$before") <(echo "$after") | head -5)"
fi
highest="$(echo "$before" | cut -d= -f2 | sort -n | tail -1)"
newest="$(curl -fsS -X POST -H 'Content-Type: application/json' -d '{"metadata":{"name":"after-restart"}}' \
  "$api/api/v1/namespaces/default/configmaps" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["resourceVersion"])')"
if [[ -n "$newest" && "$newest" -gt "$highest" ]]; then
  pass "a write after the restart gets a higher resourceVersion ($newest > $highest)"
else
  fail "a write after the restart gets a higher resourceVersion" "new: '$newest', highest before: '$highest'"
fi

# (b) SIGKILL under write load loses no acknowledged write
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"metadata":{"name":"load"}}' "$api/api/v1/namespaces" \
  || fail "create namespace load"

# writer N ROUND: POSTs until the server stops answering; appends acknowledged names to a file.
writer() {
  local acked="$work/acked-$2-$1" response="$work/response-$2-$1" code
  : >"$acked"
  while true; do
    code="$(curl -s -o "$response" -w '%{http_code}' --max-time 10 -X POST -H 'Content-Type: application/json' \
      -d '{"metadata":{"generateName":"load-"},"data":{"w":"'"$1"'"}}' "$api/api/v1/namespaces/load/configmaps")"
    if [[ "$code" == 201 ]]; then
      grep -o '"name":"load-[a-z0-9]*"' "$response" | head -1 | cut -d'"' -f4 >>"$acked"
    elif [[ "$code" == 000 ]]; then
      return 0
    fi
  done
}

for round in 1 2 3; do
  writer_pids=()
  for n in 1 2 3 4 5 6 7 8; do
    writer "$n" "$round" &
    writer_pids+=($!)
  done
  sleep "1.$((RANDOM % 10))"
  kill -KILL "$server_pid"
  wait "$server_pid" 2>/dev/null
  server_pid=""
  for pid in "${writer_pids[@]}"; do wait "$pid"; done
  writer_pids=()
  acked="$(cat "$work"/acked-"$round"-* | grep -c .)"
  if ! start_server; then fail "round $round: the server starts after SIGKILL"; break; fi
  stored="$(versions load load- | cut -d= -f1)"
  missing="$(cat "$work"/acked-"$round"-* | sort | comm -23 - <(echo "$stored" | sort))"
  if [[ "$acked" -gt 0 && -z "$missing" ]]; then
    pass "round $round: all $acked acknowledged writes survive SIGKILL"
  else
    fail "round $round: all acknowledged writes survive SIGKILL" "acknowledged: $acked, missing: $(echo "$missing" | head -5 | tr '\n' ' ')"
  fi
done

# (c) /metrics counts requests
total() { curl -fsS "$api/metrics" | awk '/^apiserver_request_total\{/ { sum += $NF } END { print sum + 0 }'; }
check "/metrics is Prometheus text" "text/plain; version=0.0.4" curl -fsS -o /dev/null -w '%{content_type}' "$api/metrics"
first="$(total)"
for _ in 1 2 3 4 5; do curl -fsS -o /dev/null "$api/api/v1/namespaces/default/configmaps/restart-1"; done
second="$(total)"
if [[ "$second" -ge $((first + 5)) ]]; then
  pass "apiserver_request_total grows with requests ($first → $second)"
else
  fail "apiserver_request_total grows with requests" "$first → $second"
fi
check "/metrics counts GETs of configmaps" 'apiserver_request_total{code="200",group="",resource="configmaps",verb="GET",version="v1"} 5' curl -fsS "$api/metrics"
check "/metrics reports the process's memory" "process_resident_memory_bytes " curl -fsS "$api/metrics"
check "/metrics reports store writes" "skiff_store_write_total " curl -fsS "$api/metrics"
if stop_server; then pass "SIGTERM stops the server with exit status 0"; else fail "SIGTERM stops the server with exit status 0" "$(tail -5 "$log")"; fi

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
