#!/usr/bin/env bash
# End-to-end: changing objects with the real kubectl (strategic merge patch).
#
#   scripts/e2e/kubectl-apply.sh [path/to/skiff]      (default: .build/debug/skiff)
#
# Starts `skiff server` with a temp data dir on a free loopback port, applies a two-container
# Deployment (examples/deployment.yaml), changes it in the file and re-applies it (`configured`,
# `unchanged`, a removed container goes away, RollingUpdate -> Recreate), and changes it with
# `kubectl patch` (strategic by default), `kubectl set image` and `kubectl edit`; then stops the
# server with SIGTERM. Prints "N passed, M failed"; exits non-zero on any failure.
# Needs: kubectl, curl, python3 (to pick a free port).
set -uo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME=apply E2E_BINARY="${1:-}"
source scripts/e2e/lib/harness.sh

start_server || exit 1
pass "skiff server answers /readyz on 127.0.0.1:$port"

manifest="$work/deployment.yaml"
cp examples/deployment.yaml "$manifest"
get() { kubectl get deployment web -o "jsonpath=$1"; }
images='{range .spec.template.spec.containers[*]}{.name}={.image} {end}'

# check_eq NAME EXPECTED COMMAND...: passes when the command's output is exactly EXPECTED.
check_eq() {
  local name="$1" expected="$2"; shift 2
  local output
  output="$("$@" 2>&1)"
  if [[ "$output" == "$expected" ]]; then pass "$name"; else fail "$name" "got: $output"; fi
}

check "kubectl apply creates the Deployment" "deployment.apps/web created" kubectl apply --validate=false -f "$manifest"
check_eq "both containers are stored" "app=x:1 sidecar=y:1 " get "$images"

# Change one container's image and a label in the file, apply again.
sed -i 's/image: x:1/image: x:2/; 0,/app: web/s//app: web\n    tier: front/' "$manifest"
check "kubectl apply of a changed manifest" "deployment.apps/web configured" kubectl apply --validate=false -f "$manifest"
check_eq "the image changed, the other container is untouched" "app=x:2 sidecar=y:1 " get "$images"
check_eq "the new label is stored" "front" get '{.metadata.labels.tier}'
check_eq "the untouched container fields survive" "--port 8080" get '{.spec.template.spec.containers[0].args[*]}'
check "kubectl apply of the same manifest again" "deployment.apps/web unchanged" kubectl apply --validate=false -f "$manifest"
check_eq "generation counts the spec change only" "2" get '{.metadata.generation}'

# kubectl patch without --type is a strategic merge patch: containers merge by name.
check "kubectl patch (strategic) merges containers by name" "deployment.apps/web patched" \
  kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"x:2b"}]}}}}'
check_eq "the patched container changed, the other did not" "app=x:2b sidecar=y:1 " get "$images"
check "kubectl patch --type=strategic adds a container" "deployment.apps/web patched" \
  kubectl patch deployment web --type=strategic -p '{"spec":{"template":{"spec":{"containers":[{"name":"extra","image":"z:1"}]}}}}'
check_eq "the added container comes first (as Kubernetes orders it)" "extra=z:1 app=x:2b sidecar=y:1 " get "$images"
check "kubectl patch with \$patch: delete removes it" "deployment.apps/web patched" \
  kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"extra","$patch":"delete"}]}}}}'
check_eq "the deleted container is gone" "app=x:2b sidecar=y:1 " get "$images"

# kubectl set image
check "kubectl set image" "deployment.apps/web image updated" kubectl set image deployment/web app=x:3
check_eq "set image changed only that container" "app=x:3 sidecar=y:1 " get "$images"

# kubectl edit (the editor is a sed command)
check "kubectl edit" "deployment.apps/web edited" env KUBE_EDITOR="sed -i s/y:1/y:2/" kubectl edit deployment web
check_eq "the edit is stored" "app=x:3 sidecar=y:2 " get "$images"

# Removing a container from the file and re-applying removes it (the file still says x:2 for
# app, and its last-applied state is the one kubectl apply recorded).
python3 - "$manifest" <<'PY'
import sys
path = sys.argv[1]
lines = open(path).read().split("\n")
cut = next(i for i, line in enumerate(lines) if "- name: sidecar" in line)
open(path, "w").write("\n".join(lines[:cut] + lines[cut + 2:]))
PY
check "kubectl apply without the sidecar" "deployment.apps/web configured" kubectl apply --validate=false -f "$manifest"
check_eq "the removed container is gone" "app=x:2 " get "$images"

# retainKeys: switching the strategy to Recreate drops rollingUpdate.
python3 - "$manifest" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
text = text.replace("    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 30%\n      maxUnavailable: 30%\n", "    type: Recreate\n")
open(path, "w").write(text)
PY
check "kubectl apply switching to Recreate" "deployment.apps/web configured" kubectl apply --validate=false -f "$manifest"
check_eq "the strategy is Recreate without rollingUpdate" '{"type":"Recreate"}' get '{.spec.strategy}'

# Errors
check_fails "a strategic patch without the merge key is refused" "does not contain declared merge key: name" \
  kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"image":"x:9"}]}}}}'

if stop_server; then pass "SIGTERM stops the server with exit status 0"; else fail "SIGTERM stops the server with exit status 0" "$(tail -5 "$log")"; fi

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
