#!/usr/bin/env bash
# End-to-end: server-side Table output (meta.k8s.io/v1 Table) as the real kubectl prints it.
#
#   scripts/e2e/kubectl-table.sh [path/to/skiff]      (default: .build/debug/skiff)
#
# Starts `skiff server` with a temp data dir on a free loopback port, creates a namespace's worth
# of objects and checks the columns kubectl shows (kubectl get ns/cm/deploy/pods/svc, -o wide,
# get -w) and the Table document itself (curl with kubectl's Accept header, 406).
# Prints "N passed, M failed"; exits non-zero on any failure.
# Needs: kubectl, curl, python3 (to pick a free port).
set -uo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME=table E2E_BINARY="${1:-}"
source scripts/e2e/lib/harness.sh

# check_match NAME EXTENDED-REGEX COMMAND...: passes when the command succeeds and a line of its
# output matches the regex.
check_match() {
  local name="$1" pattern="$2"; shift 2
  local output
  if output="$("$@" 2>&1)" && grep -Eq -- "$pattern" <<<"$output"; then
    pass "$name"
  else
    fail "$name" "$(echo "$output" | head -5)"
  fi
}

start_server || exit 1
pass "skiff server answers /readyz on 127.0.0.1:$port"
table_accept='application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'

# Namespaces
check_match "kubectl get ns shows NAME STATUS AGE" '^NAME +STATUS +AGE$' kubectl get ns
check_match "kubectl get ns shows default Active" '^default +Active +[0-9]+s$' kubectl get ns default

# The Table document
check "GET with kubectl's Accept answers a Table" '"kind":"Table"' \
  curl -fsS -H "Accept: $table_accept" "http://127.0.0.1:$port/api/v1/namespaces"
check "rows carry PartialObjectMetadata" '"kind":"PartialObjectMetadata"' \
  curl -fsS -H "Accept: $table_accept" "http://127.0.0.1:$port/api/v1/namespaces/default"
check "includeObject=Object carries the object" '"kind":"Namespace"' \
  curl -fsS -H "Accept: $table_accept" "http://127.0.0.1:$port/api/v1/namespaces/default?includeObject=Object"
check "only unsupported as= forms: 406" '406' \
  curl -sS -o /dev/null -w '%{http_code}' -H 'Accept: application/json;as=Unknown;v=v1;g=meta.k8s.io' \
  "http://127.0.0.1:$port/api/v1/namespaces"
check "no Accept: the plain list" '"kind":"NamespaceList"' curl -fsS "http://127.0.0.1:$port/api/v1/namespaces"

# ConfigMaps
check "kubectl apply -f examples/configmap.yaml" "configmap/hello created" kubectl apply --validate=false -f examples/configmap.yaml
check_match "kubectl get cm shows NAME DATA AGE" '^NAME +DATA +AGE$' kubectl get cm
check_match "kubectl get cm shows hello with its data count" '^hello +[1-9][0-9]* +[0-9]+s$' kubectl get cm hello

# Deployments
check "kubectl apply -f examples/deployment.yaml" "deployment.apps/web created" kubectl apply --validate=false -f examples/deployment.yaml
check_match "kubectl get deploy shows READY UP-TO-DATE AVAILABLE" '^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$' kubectl get deploy
check_match "kubectl get deploy shows web 0/2 0 0" '^web +0/2 +0 +0 +[0-9]+s$' kubectl get deploy web
check_match "kubectl get deploy -o wide adds CONTAINERS IMAGES SELECTOR" \
  '^NAME +READY +UP-TO-DATE +AVAILABLE +AGE +CONTAINERS +IMAGES +SELECTOR$' kubectl get deploy -o wide
check_match "kubectl get deploy -o wide shows the containers and images" \
  '^web +0/2 +0 +0 +[0-9]+s +app,sidecar +x:1,y:1 +app=web$' kubectl get deploy web -o wide

# Pods
check "create a pod" "pod/box created" bash -c 'kubectl apply --validate=false -f - <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: box
spec:
  containers:
  - name: main
    image: busybox:1.36
YAML'
check_match "kubectl get pods shows NAME READY STATUS RESTARTS AGE" '^NAME +READY +STATUS +RESTARTS +AGE$' kubectl get pods
check_match "kubectl get pods shows box 0/1 Pending 0" '^box +0/1 +Pending +0 +[0-9]+s$' kubectl get pod box
check_match "kubectl get pods -o wide adds IP NODE NOMINATED NODE READINESS GATES" \
  '^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$' kubectl get pods -o wide

# Services
check "create a service" "service/front created" bash -c 'kubectl apply --validate=false -f - <<YAML
apiVersion: v1
kind: Service
metadata:
  name: front
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
YAML'
check_match "kubectl get svc shows TYPE CLUSTER-IP EXTERNAL-IP PORT(S)" '^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE$' kubectl get svc
check_match "kubectl get svc shows front ClusterIP 80/TCP" '^front +ClusterIP +[^ ]+ +<none> +80/TCP +[0-9]+s$' kubectl get svc front
check_match "kubectl get svc -o wide adds SELECTOR" '^front +ClusterIP +[^ ]+ +<none> +80/TCP +[0-9]+s +app=web$' kubectl get svc front -o wide

# Other kinds: the default convertor's CREATED AT
check "create a cluster role" "clusterrole.rbac.authorization.k8s.io/reader created" bash -c 'kubectl apply --validate=false -f - <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules: []
YAML'
check_match "kubectl get clusterrole shows NAME CREATED AT" '^reader +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' kubectl get clusterrole reader

# Watch: kubectl get cm -w prints rows as they change
watch_out="$work/watch.out"
kubectl get cm -w >"$watch_out" 2>&1 &
watch_pid=$!
sleep 1
kubectl apply --validate=false -f <(sed 's/name: hello/name: watched/' examples/configmap.yaml) >/dev/null 2>&1
seen=""
for _ in $(seq 1 100); do
  if grep -Eq '^watched +[1-9][0-9]* +[0-9]+s$' "$watch_out"; then seen=yes; break; fi
  sleep 0.1
done
kill "$watch_pid" 2>/dev/null; wait "$watch_pid" 2>/dev/null; watch_pid=""
if [[ -n "$seen" ]] && grep -Eq '^NAME +DATA +AGE$' "$watch_out" && grep -Eq '^hello +[1-9]' "$watch_out"; then
  pass "kubectl get cm -w prints the rows and the new one"
else
  fail "kubectl get cm -w prints the rows and the new one" "$(head -5 "$watch_out")"
fi

check "kubectl get priorityclasses (the system classes, their columns)" "2000001000   false            " kubectl get priorityclasses
if stop_server; then pass "SIGTERM stops the server with exit status 0"; else fail "SIGTERM stops the server with exit status 0" "$(tail -5 "$log")"; fi

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
