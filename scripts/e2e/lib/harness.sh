# Shared harness of the end-to-end scripts (sourced, not run): finds the built `skiff` binary
# (E2E_BINARY, else .build/debug/skiff or .build/release/skiff), checks the tools, makes a temp
# dir with a data dir and a free loopback port, points kubectl at the server's kubeconfig, and
# provides pass/fail/check/check_fails, start_server/stop_server (by PID) and cleanup on exit.
# The sourcing script prints the final "N passed, M failed" line itself.

binary="${E2E_BINARY:-}"
if [[ -z "$binary" ]]; then
  for candidate in .build/debug/skiff .build/release/skiff; do
    if [[ -x "$candidate" ]]; then binary="$candidate"; break; fi
  done
fi
if [[ -z "$binary" || ! -x "$binary" ]]; then
  echo "no skiff binary: build it (swift build --product skiff) or pass its path" >&2
  exit 2
fi
for tool in kubectl curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done

work="$(mktemp -d -t "skiff-e2e-${E2E_NAME:-run}.XXXXXX")"
data="$work/data"
log="$work/server.log"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
export KUBECONFIG="$data/kubeconfig.yaml"
export KUBECACHEDIR="$work/kube-cache"
server_pid=""
watch_pid=""
passed=0
failed=0

cleanup() {
  [[ -n "$watch_pid" ]] && kill "$watch_pid" 2>/dev/null
  [[ -n "$server_pid" ]] && kill -KILL "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; [[ -n "${2:-}" ]] && printf '      %s\n' "$2"; }

# check NAME EXPECTED-SUBSTRING COMMAND...: runs the command, passes when it succeeds and its
# output (stdout+stderr) contains the expected text.
check() {
  local name="$1" expected="$2"; shift 2
  local output
  if output="$("$@" 2>&1)" && [[ "$output" == *"$expected"* ]]; then
    pass "$name"
  else
    fail "$name" "$(echo "$output" | head -5)"
  fi
}

# check_fails NAME EXPECTED-SUBSTRING COMMAND...: passes when the command fails with that text.
check_fails() {
  local name="$1" expected="$2"; shift 2
  local output
  if ! output="$("$@" 2>&1)" && [[ "$output" == *"$expected"* ]]; then
    pass "$name"
  else
    fail "$name" "$(echo "$output" | head -5)"
  fi
}

# The flags start_server adds (SERVER_FLAGS; default: no node agent, so that no pods run).
server_flags="${SERVER_FLAGS---disable-agent}"

start_server() {
  # shellcheck disable=SC2086
  "$binary" server --data-dir "$data" --port "$port" $server_flags >>"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "server did not become ready; log:" >&2
  cat "$log" >&2
  return 1
}

stop_server() {
  kill -TERM "$server_pid"
  local status=0
  for _ in $(seq 1 150); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      wait "$server_pid"; status=$?
      server_pid=""
      return "$status"
    fi
    sleep 0.1
  done
  return 124
}
