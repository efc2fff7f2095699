#!/usr/bin/env bash
# End-to-end: the OpenAPI documents (/openapi/v2, /openapi/v3) as the real kubectl uses them.
#
#   scripts/e2e/kubectl-openapi.sh [path/to/skiff]      (default: .build/debug/skiff)
#
# Starts `skiff server` with a temp data dir on a free loopback port, waits for /readyz, then:
# kubectl apply/create validate manifests client-side (no --validate=false), reject unknown fields
# and wrong types as kubectl reports them, `kubectl explain` prints the documentation (OpenAPI v3,
# and v2 with --output=plaintext-openapiv2), and the endpoints answer with ETags, 304s and 404s.
# Stops the server with SIGTERM. Prints "N passed, M failed"; exits non-zero on any failure.
# Needs: kubectl, curl, python3 (to pick a free port).
set -uo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME=openapi E2E_BINARY="${1:-}"
source scripts/e2e/lib/harness.sh

start_server || exit 1
pass "skiff server answers /readyz on 127.0.0.1:$port"
base="http://127.0.0.1:$port"

# The endpoints
check "/openapi/v3 lists group-versions with hashes" '"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=' curl -fsS "$base/openapi/v3"
check "/openapi/v3/api/v1 is OpenAPI 3.0" '"openapi":"3.0.0"' curl -fsS "$base/openapi/v3/api/v1"
check "/openapi/v2 is swagger JSON" '"swagger":"2.0"' curl -fsS "$base/openapi/v2"
check "/openapi/v2 answers protobuf to kubectl's Accept" "content-type: application/com.github.proto-openapi.spec.v2.v1.0+protobuf" \
  bash -c "curl -fsS -o /dev/null -D - -H 'Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf' '$base/openapi/v2' | tr 'A-Z' 'a-z'"
etag="$(curl -fsS -o /dev/null -D - "$base/openapi/v3/apis/apps/v1" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')"
check "If-None-Match with the ETag gives 304" "304" \
  curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/openapi/v3/apis/apps/v1"
check "unknown group-versions are 404 NotFound" '"reason":"NotFound"' curl -sS "$base/openapi/v3/apis/nope.example.com/v1"

# Validation: kubectl validates client-side (Skiff does not offer server-side fieldValidation)
check "kubectl apply -f examples/configmap.yaml (validated)" "configmap/hello created" kubectl apply -f examples/configmap.yaml
check "kubectl apply --validate=strict of a valid Deployment" "deployment.apps/web created" \
  kubectl apply --validate=strict -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
YAML
bad_configmap="$work/bad-configmap.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\nbogusField: 1\ndata:\n  a: b\n' >"$bad_configmap"
check_fails "kubectl apply rejects an unknown field" \
  'ValidationError(ConfigMap): unknown field "bogusField" in io.k8s.api.core.v1.ConfigMap' kubectl apply -f "$bad_configmap"
check_fails "kubectl create rejects an unknown field" 'unknown field "bogusField"' kubectl create -f "$bad_configmap"
check_fails "the rejected object was not created" "NotFound" kubectl get cm bad
broken_deployment="$work/broken-deployment.yaml"
cat >"$broken_deployment" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  replicas: "two"
  selector: {matchLabels: {app: broken}}
  template:
    metadata: {labels: {app: broken}}
    spec:
      containers:
      - name: c
        image: nginx
        imagePullPolicyy: Always
YAML
check_fails "kubectl apply rejects a wrong type" \
  'ValidationError(Deployment.spec.replicas): invalid type for io.k8s.api.apps.v1.DeploymentSpec.replicas: got "string", expected "integer"' \
  kubectl apply -f "$broken_deployment"
check_fails "kubectl apply rejects a nested unknown field" \
  'unknown field "imagePullPolicyy" in io.k8s.api.core.v1.Container' kubectl apply -f "$broken_deployment"
check "--validate=warn says it cannot validate without server-side validation" \
  "cannot perform warn validation if server-side field validation is unsupported, skipping validation" \
  kubectl apply --validate=warn -f "$bad_configmap"
check "... and creates the object" "configmap/bad" kubectl get cm bad -o name
check "--validate=false skips validation" "configmap/bad2 created" \
  bash -c "sed 's/name: bad\$/name: bad2/' '$bad_configmap' | kubectl apply --validate=false -f -"

# kubectl explain
check "kubectl explain pods.spec.containers" "List of containers belonging to the pod" kubectl explain pods.spec.containers
check "kubectl explain lists the fields" "imagePullPolicy" kubectl explain pods.spec.containers
check "kubectl explain deployment.spec.strategy" "The deployment strategy to use to replace existing pods with new ones" \
  kubectl explain deployment.spec.strategy
check "kubectl explain deployment.spec.strategy lists rollingUpdate" "rollingUpdate" kubectl explain deployment.spec.strategy
check "kubectl explain --recursive" "maxSurge" kubectl explain deployment.spec.strategy --recursive
check "kubectl explain a cluster-scoped kind of another group" "ClusterRole" kubectl explain clusterroles.rules
check "kubectl explain from OpenAPI v2" "RESOURCE: strategy <Object>" \
  kubectl explain --output=plaintext-openapiv2 deployment.spec.strategy

if stop_server; then pass "SIGTERM stops the server with exit status 0"; else fail "SIGTERM stops the server with exit status 0" "$(tail -5 "$log")"; fi

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
