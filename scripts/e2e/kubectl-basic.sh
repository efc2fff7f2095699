#!/usr/bin/env bash
# End-to-end: the built `skiff` binary driven by the real kubectl.
#
#   scripts/e2e/kubectl-basic.sh [path/to/skiff]      (default: .build/debug/skiff)
#
# Starts `skiff server` with a temp data dir on a free loopback port, waits for /readyz, runs
# kubectl against it (namespaces, apply, get -o yaml/json/jsonpath, label, annotate, patch,
# get -w, delete, api-resources), checks a restart keeps the data, stops the server with SIGTERM
# and checks it exits cleanly. Prints "N passed, M failed"; exits non-zero on any failure.
# Needs: kubectl, curl, python3 (to pick a free port).
set -uo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME=basic E2E_BINARY="${1:-}"
source scripts/e2e/lib/harness.sh

start_server || exit 1
pass "skiff server answers /readyz on 127.0.0.1:$port"
check "kubeconfig is written" "current-context: skiff" cat "$data/kubeconfig.yaml"
check "/version reports a Kubernetes version" '"gitVersion":"v1.32.0+skiff"' curl -fsS "http://127.0.0.1:$port/version"

# Namespaces
namespaces="$(kubectl get ns -o name 2>&1)"
if [[ "$namespaces" == *namespace/default* && "$namespaces" == *namespace/kube-system* \
   && "$namespaces" == *namespace/kube-public* && "$namespaces" == *namespace/kube-node-lease* ]]; then
  pass "kubectl get ns lists the 4 system namespaces"
else
  fail "kubectl get ns lists the 4 system namespaces" "$namespaces"
fi
check "kubectl get ns prints a table" "kube-system" kubectl get ns

# Create with apply (validated by kubectl against /openapi/v2; see kubectl-openapi.sh)
check "kubectl apply -f examples/configmap.yaml" "configmap/hello created" kubectl apply -f examples/configmap.yaml
check "kubectl apply of an unchanged manifest" "configmap/hello unchanged" kubectl apply --validate=false -f examples/configmap.yaml
check "kubectl get cm" "hello" kubectl get cm
check "kubectl get cm -A" "default" kubectl get cm -A
check "kubectl get cm -o yaml" "greeting: Hello from Skiff" kubectl get cm hello -o yaml
check "kubectl get cm -o json" '"greeting": "Hello from Skiff"' kubectl get cm hello -o json
check "kubectl get cm -o jsonpath" "Hello from Skiff" kubectl get cm hello -o 'jsonpath={.data.greeting}'
check "kubectl get cm -o name" "configmap/hello" kubectl get cm -o name
check "kubectl describe cm" "Hello from Skiff" kubectl describe cm hello

# Changes through merge and JSON patches
check "kubectl label" "configmap/hello labeled" kubectl label cm hello tier=web
check "label is stored" "web" kubectl get cm hello -o 'jsonpath={.metadata.labels.tier}'
check "kubectl get -l selects by label" "hello" kubectl get cm -l tier=web -o name
check "kubectl annotate" "configmap/hello annotated" kubectl annotate cm hello note=hi
check "annotation is stored" "hi" kubectl get cm hello -o 'jsonpath={.metadata.annotations.note}'
check "kubectl patch --type=merge" "configmap/hello patched" kubectl patch cm hello --type=merge -p '{"data":{"extra":"1"}}'
check "kubectl patch --type=json" "configmap/hello patched" kubectl patch cm hello --type=json -p '[{"op":"replace","path":"/data/extra","value":"2"}]'
check "patched value is stored" "2" kubectl get cm hello -o 'jsonpath={.data.extra}'
check "kubectl label --overwrite removes a label" "configmap/hello unlabeled" kubectl label cm hello tier-

# Watch: kubectl get -w sees a change
watch_out="$work/watch.out"
kubectl get cm hello -w --output-watch-events >"$watch_out" 2>&1 &
watch_pid=$!
sleep 1
kubectl label cm hello watched=yes >/dev/null 2>&1
seen=""
for _ in $(seq 1 100); do
  if grep -q "MODIFIED" "$watch_out"; then seen=yes; break; fi
  sleep 0.1
done
kill "$watch_pid" 2>/dev/null; wait "$watch_pid" 2>/dev/null; watch_pid=""
if [[ -n "$seen" ]]; then pass "kubectl get cm -w sees the change"; else fail "kubectl get cm -w sees the change" "$(cat "$watch_out")"; fi

# Namespaces of one's own
check "kubectl apply -f examples/namespace.yaml" "namespace/playground created" kubectl apply --validate=false -f examples/namespace.yaml
check "kubectl create -f into the new namespace" "configmap/in-playground created" \
  bash -c "kubectl get cm hello -o json | python3 -c 'import json,sys; o=json.load(sys.stdin); m=o[\"metadata\"]; o[\"metadata\"]={\"name\":\"in-playground\",\"namespace\":\"playground\"}; print(json.dumps(o))' | kubectl create --validate=false -f -"
check "kubectl delete ns" 'namespace "playground" deleted' kubectl delete ns playground
check_fails "the deleted namespace's objects are gone" "NotFound" kubectl get cm in-playground -n playground
check_fails "system namespaces cannot be deleted" "this namespace may not be deleted" kubectl delete ns default

# Discovery
check "kubectl api-resources lists pods" "pods " kubectl api-resources
check "kubectl api-resources lists deployments" "deployments " kubectl api-resources
check "kubectl api-resources knows short names" "deploy" kubectl api-resources --api-group=apps

# Delete
check "kubectl delete cm" 'configmap "hello" deleted' kubectl delete cm hello
check_fails "deleted object is gone" "NotFound" kubectl get cm hello

# Errors reach kubectl as Kubernetes errors
check_fails "invalid names are refused (422)" "is invalid" \
  bash -c 'printf "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n" | kubectl apply --validate=false -f -'
check "kubectl create configmap (a protobuf request) creates it" "configmap/typed created" kubectl create configmap typed --from-literal=a=b

# Restart keeps the data; SIGTERM stops cleanly
check "create an object before a restart" "configmap/survivor created" kubectl apply --validate=false -f <(sed 's/name: hello/name: survivor/' examples/configmap.yaml)
if stop_server; then pass "SIGTERM stops the server with exit status 0"; else fail "SIGTERM stops the server with exit status 0" "$(tail -5 "$log")"; fi
if start_server; then pass "the server starts again on the same data dir"; else fail "the server starts again on the same data dir"; fi
check "objects survive a restart" "configmap/survivor" kubectl get cm -o name
if stop_server; then pass "SIGTERM stops the restarted server"; else fail "SIGTERM stops the restarted server" "$(tail -5 "$log")"; fi

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
