#!/usr/bin/env bash
# End-to-end: kubectl's typed create commands, which send Kubernetes protobuf bodies.
#
#   scripts/e2e/kubectl-create.sh [path/to/skiff]      (default: .build/debug/skiff)
#
# Starts `skiff server` with a temp data dir on a free loopback port, checks that kubectl sends
# `application/vnd.kubernetes.protobuf` (and accepts Skiff's JSON answer), then runs
# `kubectl create configmap|secret|namespace|deployment|service|job|quota|pdb|cronjob|role`,
# `kubectl run` and `kubectl expose` (JSON in kubectl 1.32) and reads each object back with
# `kubectl get -o json`; a malformed protobuf body gets a 400 Status. Stops
# the server with SIGTERM. Prints "N passed, M failed"; exits non-zero on any failure.
# Needs: kubectl, curl, python3 (to pick a free port and read JSON).
set -uo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME=create E2E_BINARY="${1:-}"
source scripts/e2e/lib/harness.sh

start_server || exit 1
pass "skiff server answers /readyz on 127.0.0.1:$port"

# field NAME EXPECTED RESOURCE PYTHON-EXPRESSION: `kubectl get RESOURCE -o json` read as `o`;
# passes when str(expression) is exactly EXPECTED.
field() {
  local name="$1" expected="$2" resource="$3" expression="$4" output
  output="$(kubectl get $resource -o json 2>&1 | python3 -c "import json,sys; o=json.load(sys.stdin); print($expression)" 2>&1)"
  if [[ "$output" == "$expected" ]]; then pass "$name"; else fail "$name" "got: $(echo "$output" | head -3)"; fi
}

# created KIND EXPECTED COMMAND...: runs `kubectl -v=8 COMMAND`; passes when it prints EXPECTED
# and its request body was KIND (protobuf or json), the Content-Type kubectl 1.32 uses for it.
created() {
  local kind="$1" expected="$2"; shift 2
  local name="kubectl $*" output content_type
  output="$(kubectl -v=8 "$@" 2>&1)"
  content_type="$(echo "$output" | grep -m1 -o 'Content-Type: application/[a-z.+-]*' | head -1)"
  case "$kind" in
    protobuf) [[ "$content_type" == "Content-Type: application/vnd.kubernetes.protobuf" ]] ;;
    json) [[ "$content_type" == "Content-Type: application/json" ]] ;;
  esac || { fail "$name (sends $kind)" "request $content_type"; return; }
  if [[ "$output" == *"$expected"* ]]; then
    pass "$name (sends $kind)"
  else
    fail "$name (sends $kind)" "$(echo "$output" | grep -v round_trippers | tail -5)"
  fi
}

# kubectl sends protobuf and takes the JSON answer.
created protobuf "configmap/app created" create configmap app --from-literal=a=b
field "configmap data" "{'a': 'b'}" "configmap app" "o['data']"
field "configmap has server-set metadata" "True True True" "configmap app" \
  "bool(o['metadata']['uid']), o['metadata']['namespace'] == 'default', bool(o['metadata']['creationTimestamp'])"

created protobuf "secret/s created" create secret generic s --from-literal=p=q
field "secret data is base64 of the value" "{'p': 'cQ=='}" "secret s" "o['data']"
check "kubectl get secret decodes to the value" "q" \
  bash -c "kubectl get secret s -o jsonpath='{.data.p}' | base64 -d"

created protobuf "namespace/x created" create namespace x
field "namespace is Active" "x Active" "namespace x" "o['metadata']['name'], o['status']['phase']"

created protobuf "deployment.apps/web created" create deployment web --image=nginx --replicas=2
field "deployment replicas, selector, image" "2 {'app': 'web'} nginx nginx {'app': 'web'}" "deployment web" \
  "o['spec']['replicas'], o['spec']['selector']['matchLabels'], o['spec']['template']['spec']['containers'][0]['name'], o['spec']['template']['spec']['containers'][0]['image'], o['spec']['template']['metadata']['labels']"
field "deployment strategy (defaulted) and generation" "{'rollingUpdate': {'maxSurge': '25%', 'maxUnavailable': '25%'}, 'type': 'RollingUpdate'} 1" "deployment web" "o['spec']['strategy'], o['metadata']['generation']"

created protobuf "service/web created" create service clusterip web --tcp=80:8080
field "service ports and type" "ClusterIP 80 8080 TCP 80-8080 {'app': 'web'}" "service web" \
  "o['spec']['type'], o['spec']['ports'][0]['port'], o['spec']['ports'][0]['targetPort'], o['spec']['ports'][0]['protocol'], o['spec']['ports'][0]['name'], o['spec']['selector']"

created protobuf "job.batch/j created" create job j --image=busybox
field "job template" "j busybox Never" "job j" \
  "o['spec']['template']['spec']['containers'][0]['name'], o['spec']['template']['spec']['containers'][0]['image'], o['spec']['template']['spec']['restartPolicy']"

# kubectl 1.32's run and expose build unstructured objects and send JSON.
created json "pod/p created" run p --image=busybox -- sleep 10
field "pod container, args, labels" "p busybox ['sleep', '10'] {'run': 'p'}" "pod p" \
  "o['spec']['containers'][0]['name'], o['spec']['containers'][0]['image'], o['spec']['containers'][0]['args'], o['metadata']['labels']"

created protobuf "configmap/inx created" create configmap inx -n x --from-literal=k=v
field "the configmap is in namespace x" "x {'k': 'v'}" "configmap inx -n x" "o['metadata']['namespace'], o['data']"
check_fails "kubectl create of an existing name" 'configmaps "app" already exists' kubectl create configmap app --from-literal=a=b

created json "service/p exposed" expose pod p --port=80 --target-port=8080
field "exposed service" "80 8080 {'run': 'p'}" "service p" \
  "o['spec']['ports'][0]['port'], o['spec']['ports'][0]['targetPort'], o['spec']['selector']"
created protobuf "resourcequota/q created" create quota q --hard=cpu=1,pods=2
field "quota quantities" "{'cpu': '1', 'pods': '2'}" "quota q" "o['spec']['hard']"
created protobuf "poddisruptionbudget.policy/b created" create pdb b --selector=app=web --min-available=50%
field "pdb IntOrString" "50% {'app': 'web'}" "pdb b" "o['spec']['minAvailable'], o['spec']['selector']['matchLabels']"
created protobuf "cronjob.batch/c created" create cronjob c --image=busybox --schedule=*/5\ *\ *\ *\ *
field "cronjob schedule and template" "*/5 * * * * busybox OnFailure" "cronjob c" \
  "o['spec']['schedule'], o['spec']['jobTemplate']['spec']['template']['spec']['containers'][0]['image'], o['spec']['jobTemplate']['spec']['template']['spec']['restartPolicy']"
created protobuf "role.rbac.authorization.k8s.io/r created" create role r --verb=get --resource=pods
field "role rules" "[{'apiGroups': [''], 'resources': ['pods'], 'verbs': ['get']}]" "role r" "o['rules']"

# A malformed protobuf body is a 400 Status, and the server keeps serving.
token="$(cat "$data/token" 2>/dev/null || true)"
status="$(printf 'k8s\000\012\377' | curl -sS -o "$work/bad.json" -w '%{http_code}' -X POST \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/vnd.kubernetes.protobuf' \
  --data-binary @- "http://127.0.0.1:$port/api/v1/namespaces/default/configmaps")"
if [[ "$status" == 400 ]] && grep -q '"reason":"BadRequest"' "$work/bad.json"; then
  pass "malformed protobuf body → 400 BadRequest"
else
  fail "malformed protobuf body → 400 BadRequest" "$status $(head -c 300 "$work/bad.json")"
fi
check "the server still answers" "app" kubectl get configmap app -o name

if stop_server; then pass "SIGTERM stops the server"; else fail "SIGTERM stops the server" "$(tail -5 "$log")"; fi

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
