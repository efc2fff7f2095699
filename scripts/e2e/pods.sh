#!/usr/bin/env bash
# End-to-end: pods run. `skiff server` with its node agent (the process runtime) and scheduler,
# driven by kubectl: a Pod serving HTTP on its pod IP becomes Running and Ready through an httpGet
# readiness probe; logs; exit codes with restartPolicy Never/OnFailure; a crash loop with
# back-off; a liveness failure restarts; OOMKilled under a memory limit (skipped with the reason
# when no cgroup is writable); deletion kills the process; a second agent (`skiff agent`) joins
# and pods spread; an impossible nodeSelector stays Pending with the condition and event; a taint
# keeps pods off; kill -9 and restart of an agent leaves no orphan and no duplicate.
#
#   scripts/e2e/pods.sh [path/to/skiff]      (default: .build/debug/skiff)
#
# Prints "N passed, M failed"; exits non-zero on any failure. Needs: kubectl, curl, python3.
set -uo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME=pods E2E_BINARY="${1:-}"
SERVER_FLAGS="--node-name e2e-main"
source scripts/e2e/lib/harness.sh
agent_pid=""
finish() { kubectl delete pods --all --grace-period=1 --timeout=30s >/dev/null 2>&1; [[ -n "$agent_pid" ]] && kill -KILL "$agent_pid" 2>/dev/null; cleanup; }
trap finish EXIT

# wait_for NAME SECONDS COMMAND...: passes once the command succeeds within SECONDS.
wait_for() {
  local name="$1" seconds="$2"; shift 2
  local output=""
  for _ in $(seq 1 $((seconds * 5))); do
    if output="$("$@" 2>&1)"; then pass "$name"; return 0; fi
    sleep 0.2
  done
  fail "$name" "$(echo "$output" | head -5)"
  return 1
}
jsonpath() { kubectl get "$1" -o "jsonpath=$2" 2>/dev/null; }
equals() { [[ "$(jsonpath "$1" "$2")" == "$3" ]]; }
at_least() { local v; v="$(jsonpath "$1" "$2")"; [[ -n "$v" && "$v" -ge "$3" ]]; }
alive() { pgrep -f "$1" >/dev/null; }   # read-only lookup; processes are stopped by PID or by Skiff
count_processes() { pgrep -f "$1" | wc -l; }

start_server || exit 1
pass "skiff server (with its agent) answers /readyz"
wait_for "node e2e-main becomes Ready" 20 equals node/e2e-main '{.status.conditions[?(@.type=="Ready")].status}' True
check "the node has a pod CIDR in 127.42.0.0/16" "127.42." kubectl get node e2e-main -o 'jsonpath={.spec.podCIDR}'
check "the node advertises pods=110" "110" kubectl get node e2e-main -o 'jsonpath={.status.allocatable.pods}'

cat >"$work/web.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: python
    command: ["python3", "-m", "http.server", "8080", "--bind", "$(POD_IP)"]
    ports:
    - containerPort: 8080
    readinessProbe:
      httpGet: {path: /, port: 8080}
      periodSeconds: 1
YAML
check "kubectl apply a pod serving HTTP on its pod IP" "pod/web created" kubectl apply -f "$work/web.yaml"
wait_for "the pod becomes Ready through its httpGet readiness probe" 30 \
  equals pod/web '{.status.conditions[?(@.type=="Ready")].status}' True
check "status.phase is Running" "Running" kubectl get pod web -o 'jsonpath={.status.phase}'
pod_ip="$(jsonpath pod/web '{.status.podIP}')"
if [[ "$pod_ip" == 127.42.* ]]; then pass "the pod IP $pod_ip is in the node's range"; else fail "pod IP" "$pod_ip"; fi
check "the pod answers on its IP" "Directory listing" curl -fsS "http://$pod_ip:8080/"
wait_for "kubectl logs shows the server's request log" 10 bash -c "kubectl logs web | grep -q 'GET / HTTP'"
check "kubectl logs --tail=1" "GET /" kubectl logs web --tail=1
check "kubectl logs --timestamps" "Z " kubectl logs web --tail=1 --timestamps
check "kubectl get pods -o wide shows the IP and node" "e2e-main" kubectl get pods -o wide
check "kubectl describe pod shows the Started event" "Started" kubectl describe pod web

cat >"$work/exits.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: exit-three}
spec:
  restartPolicy: Never
  containers:
  - {name: main, image: sh, command: ["/bin/sh", "-c", "echo bye; exit 3"]}
---
apiVersion: v1
kind: Pod
metadata: {name: done}
spec:
  restartPolicy: OnFailure
  containers:
  - {name: main, image: sh, command: ["/bin/sh", "-c", "exit 0"]}
---
apiVersion: v1
kind: Pod
metadata: {name: crasher}
spec:
  containers:
  - {name: main, image: sh, command: ["/bin/sh", "-c", "echo crashing; exit 1"]}
---
apiVersion: v1
kind: Pod
metadata: {name: unhealthy}
spec:
  containers:
  - name: main
    image: sh
    command: ["/bin/sh", "-c", "sleep 1000"]
    livenessProbe:
      exec: {command: ["/bin/false"]}
      periodSeconds: 1
      failureThreshold: 1
YAML
check "kubectl apply exit/crash/liveness pods" "pod/unhealthy created" kubectl apply -f "$work/exits.yaml"
wait_for "restartPolicy Never, exit 3 → Failed" 20 equals pod/exit-three '{.status.phase}' Failed
check "exit code 3, reason Error" "3 Error" kubectl get pod exit-three -o 'jsonpath={.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.reason}'
check "kubectl logs of a finished container" "bye" kubectl logs exit-three
wait_for "restartPolicy OnFailure, exit 0 → Succeeded" 20 equals pod/done '{.status.phase}' Succeeded
wait_for "a crashing container is restarted" 30 at_least pod/crasher '{.status.containerStatuses[0].restartCount}' 1
wait_for "and waits in CrashLoopBackOff" 30 equals pod/crasher '{.status.containerStatuses[0].state.waiting.reason}' CrashLoopBackOff
check "kubectl logs --previous" "crashing" kubectl logs crasher --previous
wait_for "a failing liveness probe restarts the container" 30 at_least pod/unhealthy '{.status.containerStatuses[0].restartCount}' 1
check "with an Unhealthy event" "Unhealthy" kubectl get events --field-selector involvedObject.name=unhealthy

if grep -q "containers run without cgroups" "$log"; then
  echo "skip  OOMKilled: the runtime found no writable cgroup ($(grep -m1 -o 'containers run without cgroups.*' "$log"))"
else
  cat >"$work/oom.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: hungry}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: python
    command: ["python3", "-c", "b = bytearray(300 * 1024 * 1024); print(len(b))"]
    resources:
      limits: {memory: 64Mi}
YAML
  check "kubectl apply a pod over its memory limit" "pod/hungry created" kubectl apply -f "$work/oom.yaml"
  wait_for "it is OOMKilled with exit code 137" 30 equals pod/hungry '{.status.containerStatuses[0].state.terminated.reason} {.status.containerStatuses[0].state.terminated.exitCode}' "OOMKilled 137"
fi

marker="sleep 4242.$$"
kubectl run sleeper --image=sh --restart=Never --command -- /bin/sh -c "exec $marker" >/dev/null
wait_for "a sleeping pod runs" 20 equals pod/sleeper '{.status.phase}' Running
if alive "$marker"; then pass "its process is alive"; else fail "its process is alive"; fi
check "kubectl delete pod waits for the agent to stop it" 'pod "sleeper" deleted' kubectl delete pod sleeper --timeout=60s
if alive "$marker"; then fail "deletion kills the process"; else pass "deletion kills the process"; fi

# An impossible nodeSelector stays Pending with the scheduler's condition and event.
kubectl run picky --image=x --overrides='{"spec":{"nodeSelector":{"disk":"none"}}}' --command -- /bin/true >/dev/null
wait_for "an impossible nodeSelector: PodScheduled=False Unschedulable" 20 \
  equals pod/picky '{.status.conditions[?(@.type=="PodScheduled")].reason}' Unschedulable
check "with a FailedScheduling event" "didn't match Pod's node affinity/selector" kubectl get events --field-selector involvedObject.name=picky
check "and it stays Pending" "Pending" kubectl get pod picky -o 'jsonpath={.status.phase}'

# A second agent joins.
second_data="$work/second"
"$binary" agent --server "http://127.0.0.1:$port" --token-file "$data/node-token" --node-name e2e-second \
  --data-dir "$second_data" >>"$work/agent.log" 2>&1 &
agent_pid=$!
wait_for "a second agent joins: node e2e-second Ready" 20 equals node/e2e-second '{.status.conditions[?(@.type=="Ready")].status}' True
check "the nodes have different pod CIDRs" "" bash -c '[[ "$(kubectl get node e2e-main -o jsonpath={.spec.podCIDR})" != "$(kubectl get node e2e-second -o jsonpath={.spec.podCIDR})" ]]'
for i in 1 2 3 4; do
  kubectl run "spread-$i" --image=sh --restart=Never --requests=cpu=500m --command -- /bin/sh -c "sleep 1000" >/dev/null 2>&1 \
    || kubectl run "spread-$i" --image=sh --restart=Never --overrides='{"spec":{"containers":[{"name":"spread-'"$i"'","image":"sh","command":["/bin/sh","-c","sleep 1000"],"resources":{"requests":{"cpu":"500m"}}}]}}' >/dev/null
done
wait_for "pods spread over both nodes" 30 bash -c \
  '[[ "$(kubectl get pods -l run -o jsonpath="{.items[*].spec.nodeName}" | tr " " "\n" | grep -c e2e-second)" -ge 1 ]]'
wait_for "and run there" 30 bash -c \
  '[[ "$(kubectl get pods -o jsonpath="{range .items[?(@.spec.nodeName==\"e2e-second\")]}{.status.phase}{\"\\n\"}{end}" | grep -c Running)" -ge 1 ]]'

check "kubectl taint the second node" "tainted" kubectl taint nodes e2e-second dedicated=db:NoSchedule
for i in 1 2 3; do kubectl run "tainted-$i" --image=sh --restart=Never --command -- /bin/sh -c "sleep 1000" >/dev/null; done
wait_for "pods without the toleration are scheduled" 20 bash -c \
  '[[ "$(kubectl get pods tainted-1 tainted-2 tainted-3 -o jsonpath="{.items[*].spec.nodeName}" | wc -w)" -eq 3 ]]'
check "none of them on the tainted node" "" bash -c \
  '! kubectl get pods tainted-1 tainted-2 tainted-3 -o jsonpath="{.items[*].spec.nodeName}" | grep -q e2e-second'

# kill -9 the second agent with a pod running there, restart it: no orphan, no duplicate.
agent_marker="sleep 4343.$$"
kubectl run survivor --image=sh --restart=Never --overrides='{"spec":{"nodeName":"e2e-second","tolerations":[{"operator":"Exists"}],"containers":[{"name":"survivor","image":"sh","command":["/bin/sh","-c","exec '"$agent_marker"'"]}]}}' >/dev/null
wait_for "a pod runs on the second node" 20 equals pod/survivor '{.status.phase}' Running
kill -KILL "$agent_pid"; wait "$agent_pid" 2>/dev/null; agent_pid=""
"$binary" agent --server "http://127.0.0.1:$port" --token-file "$data/node-token" --node-name e2e-second \
  --data-dir "$second_data" >>"$work/agent.log" 2>&1 &
agent_pid=$!
wait_for "the restarted agent reports the node Ready" 20 equals node/e2e-second '{.status.conditions[?(@.type=="Ready")].status}' True
sleep 2
if [[ "$(count_processes "$agent_marker")" -eq 1 ]]; then pass "exactly one process of the pod after the restart"; else fail "exactly one process after the restart" "$(count_processes "$agent_marker")"; fi
check "kubectl delete the pod on the restarted agent" 'pod "survivor" deleted' kubectl delete pod survivor --timeout=60s
if alive "$agent_marker"; then fail "no orphan: its process is gone"; else pass "no orphan: its process is gone"; fi

kubectl delete pods --all --grace-period=5 --timeout=60s >/dev/null 2>&1
kill -TERM "$agent_pid"; wait "$agent_pid" 2>/dev/null; agent_pid=""
stop_server
echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
