#!/usr/bin/env bash
# make linkerd-inject: mesh one more namespace. Adds it to meshedNamespaces in clusters/<cluster>.yaml
# (comments and formatting kept), re-synthesizes, shows the diff and what to commit, and optionally
# restarts the namespace's workloads so their pods are re-created with a proxy.
#
# Environment: CLUSTER, CONTEXT, YES (see lib.sh); NS (asked for when empty); INJECT=ingress for an
# ingress controller's namespace (default enabled); RESTART=yes|no (answers the restart question).
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
# shellcheck source=scripts/ops/lib.sh
source "$here/lib.sh"

require_cluster

namespace=${NS:-}
if [ -z "$namespace" ]; then
  printf 'Namespace to mesh (added to meshedNamespaces in %s): ' "$CONFIG"
  read -r namespace || namespace=
fi
[ -n "$namespace" ] || die "no namespace given: make linkerd-inject NS=<namespace>"
# NS (as typed or given), INJECT and RESTART are checked with the rest before the config is touched.
export NS=$namespace
require_tools git node npm
load_facts

step "Add $namespace to meshedNamespaces in $CONFIG"
backup=$(mktemp)
trap 'rm -f "$backup"' EXIT
cp "$CONFIG" "$backup"
inject_mode=${INJECT:-enabled}
added=$(run_ts scripts/add-meshed-namespace.ts "$CONFIG" "$namespace" "$inject_mode") || exit 1
say "$added" | grep -v '^manifest' || true
# A namespace your own manifests declare keeps that one owner: the annotation went into its manifest.
manifest=$(say "$added" | sed -n 's/^manifest: //p')
manifest_backup=$(say "$added" | sed -n 's/^manifest-backup: //p')

step "Synthesize dist/"
if ! npm run --silent synth; then
  cp "$backup" "$CONFIG"
  [ -z "$manifest" ] || cp "$manifest_backup" "$manifest"
  die "npm run synth failed (see above); $CONFIG${manifest:+ and $manifest} were put back as they were"
fi

step "What changed (git diff -- clusters dist${manifest:+ and the manifest})"
git --no-pager diff -- clusters dist
[ -z "$manifest" ] || git --no-pager diff -- "$manifest"
while IFS= read -r added; do
  [ -n "$added" ] || continue
  git --no-pager diff --no-index -- /dev/null "$added" || true
done < <(git ls-files --others --exclude-standard -- clusters dist)

say "" \
  "The namespace $namespace gets the annotation linkerd.io/inject: $inject_mode once Flux applies this." \
  "Commit and push it (Flux reads Git, not this folder):" \
  "  git add $CONFIG dist${manifest:+ $manifest} && git commit -m \"Mesh namespace $namespace\" && git push" \
  "  flux reconcile kustomization linkerd-mesh --with-source   # optional: apply now instead of at the next interval" \
  "Pods that exist already keep running without a proxy until they are re-created."

answer=${RESTART:-}
case $answer in
  yes | no) ;;
  "")
    if confirm "Restart the workloads of $namespace now (kubectl -n $namespace rollout restart deploy,statefulset,daemonset)?"; then
      answer=yes
    else
      answer=no
    fi
    ;;
  *) die "RESTART=$answer: use RESTART=yes or RESTART=no" ;;
esac
if [ "$answer" = no ]; then
  say "Not restarted. Once Flux has applied the annotation: make linkerd-restart NS=$namespace"
  exit 0
fi

require_tools kubectl
check_context
inject=$(kubectl get namespace "$namespace" -o jsonpath='{.metadata.annotations.linkerd\.io/inject}' 2>/dev/null) || inject=
case $inject in
  enabled | ingress)
    restart_namespace "$namespace"
    say "Check the new pods: kubectl -n $namespace get pods (each pod shows one more container, linkerd-proxy)"
    ;;
  *)
    say "Not restarted: namespace $namespace does not carry the annotation linkerd.io/inject in the cluster yet" \
      "(Flux adds it after you push), so new pods would start without a proxy." \
      "After the push and Flux's reconcile: make linkerd-restart NS=$namespace"
    ;;
esac
