#!/usr/bin/env bash
# End-to-end: what kubectl does with workloads beyond plain CRUD — `kubectl scale` (the scale
# subresource), aggregated discovery (what kubectl 1.32 asks for first), pods/binding, graceful
# deletion of a bound pod, and a watch that asks for bookmarks.
#
#   scripts/e2e/kubectl-workloads.sh [path/to/skiff]      (default: .build/debug/skiff)
#
# Prints "N passed, M failed"; exits non-zero on any failure. Needs: kubectl, curl, python3.
set -uo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME=workloads E2E_BINARY="${1:-}"
source scripts/e2e/lib/harness.sh

start_server || exit 1
pass "skiff server answers /readyz on 127.0.0.1:$port"
api="http://127.0.0.1:$port"
token="$(cat "$data/token")"
auth=(-H "Authorization: Bearer $token")

# Aggregated discovery: kubectl 1.32 reads it (no fallback request to /apis/apps/v1 appears).
discovery="$(kubectl -v=6 api-resources 2>&1)"
if [[ "$discovery" == *"deployments"*"deploy"*"apps/v1"* && "$discovery" != *"GET $api/apis/apps/v1 "* ]]; then
  pass "kubectl api-resources reads aggregated discovery"
else
  fail "kubectl api-resources reads aggregated discovery" "$(echo "$discovery" | grep -E 'GET|deploy' | head -5)"
fi
check "aggregated /apis content type" "as=APIGroupDiscoveryList" \
  curl -fsS -o /dev/null -w '%{content_type}' "${auth[@]}" \
  -H 'Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' "$api/apis"

cat >"$work/deploy.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: example/web:1
YAML
check "kubectl apply deployment" "deployment.apps/web created" kubectl apply -f "$work/deploy.yaml"
check "kubectl scale --replicas=4" "deployment.apps/web scaled" kubectl scale deployment web --replicas=4
check "spec.replicas is 4" "4" kubectl get deployment web -o 'jsonpath={.spec.replicas}'
check_fails "kubectl scale with a stale --current-replicas fails" "Expected replicas to be 2, was 4" \
  kubectl scale deployment web --current-replicas=2 --replicas=1
check "kubectl get --raw scale" '"kind":"Scale"' kubectl get --raw /apis/apps/v1/namespaces/default/deployments/web/scale
check_fails "a negative scale is refused by the server (422)" "spec.replicas: Invalid value: -1: must be greater than or equal to 0" \
  kubectl patch deployment web --subresource=scale --type=merge -p '{"spec":{"replicas":-1}}'
check "kubectl patch --subresource=scale" "scale.autoscaling/web patched" \
  kubectl patch deployment web --subresource=scale --type=merge -p '{"spec":{"replicas":2}}'
check "spec.replicas is 2" "2" kubectl get deployment web -o 'jsonpath={.spec.replicas}'

# Binding and graceful deletion, as the scheduler and the node agent use them.
check "kubectl run (unscheduled pod)" "pod/p created" kubectl run p --image=example/p:1 --restart=Never
check "bind the pod" '"status":"Success"' \
  curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -X POST "$api/api/v1/namespaces/default/pods/p/binding" \
  -d '{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"kind":"Node","name":"node-a"}}'
check "the pod is on node-a" "node-a" kubectl get pod p -o 'jsonpath={.spec.nodeName}'
check "kubectl delete --wait=false marks the bound pod" 'pod "p" deleted' kubectl delete pod p --wait=false
check "the bound pod stays, Terminating" "Terminating" kubectl get pod p
check "kubectl delete --grace-period=0 --force removes it" 'pod "p"' kubectl delete pod p --grace-period=0 --force
check_fails "the pod is gone" "NotFound" kubectl get pod p

# A watch that allows bookmarks is told the revision it reached (Skiff's interval is 60 s, so
# only the initial-events-end bookmark is checked here; the periodic ones in the Swift tests).
check "watch with sendInitialEvents ends the initial events with a bookmark" "k8s.io/initial-events-end" \
  curl -fsS "${auth[@]}" "$api/apis/apps/v1/namespaces/default/deployments?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1"

stop_server
echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
