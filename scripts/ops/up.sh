#!/usr/bin/env bash
# make up-<cluster>: synthesize, refuse unless clusters/ and dist/ are committed and pushed (Flux
# reads Git), bring the Flux entry point `linkerd` up, then wait for each layer to become Ready.
#
# Environment: CLUSTER, CONTEXT (see lib.sh), TIMEOUT (how long to wait for every layer, e.g. 60m;
# default: per layer, a little longer than Flux's own timeout for it), POLL_INTERVAL (seconds, 5).
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
# shellcheck source=scripts/ops/lib.sh
source "$here/lib.sh"

require_cluster
require_tools kubectl flux git node npm
check_context
load_facts
POLL_INTERVAL=${POLL_INTERVAL:-5}

step "Synthesize dist/ from clusters/"
synth

step "Check that clusters/ and dist/ are committed and pushed"
require_published
say "clusters/ and dist/ are committed and pushed: Flux will read exactly this."

step "Bring up the Flux entry point (Kustomization linkerd in flux-system)"
revision=
if probe=$(kubectl -n flux-system get kustomization linkerd 2>&1); then
  say "$probe" "flux reconcile kustomization linkerd --with-source"
  flux reconcile kustomization linkerd --with-source
  # The layers were Ready before: wait for them to apply this revision, not for their old state.
  revision=$(kubectl -n flux-system get gitrepository "$FLUX_GIT_REPOSITORY" -o jsonpath='{.status.artifact.revision}') || revision=
  say "GitRepository $FLUX_GIT_REPOSITORY is at ${revision:-(unknown)}"
  head=$(git rev-parse HEAD)
  if [ -n "$revision" ] && [ "${revision##*:}" != "$head" ]; then
    say "warning: that is not this folder's commit ($head): does the GitRepository $FLUX_GIT_REPOSITORY track the branch you pushed (kubectl -n flux-system get gitrepository $FLUX_GIT_REPOSITORY -o jsonpath='{.spec.ref}')? Waiting for the layers to apply its revision."
  fi
elif [[ $probe == *NotFound* || $probe == *"not found"* ]]; then
  say "The Kustomization linkerd does not exist yet: applying dist/$CLUSTER once; from now on Flux applies what you push." \
    "kubectl apply -k dist/$CLUSTER"
  kubectl apply -k "dist/$CLUSTER"
else
  die "cannot read the Flux Kustomizations:" "$probe" \
    "Is Flux installed in this cluster? Check with: flux check (install: https://fluxcd.io/flux/installation/bootstrap/)"
fi

# layer, default timeout, what to look at when it is stuck
layers=(
  "linkerd-prerequisites|25m|kubectl describe helmrelease -n flux-system cert-manager   # or trust-manager"
  "linkerd-identity|10m|kubectl get certificate -A;kubectl describe certificate -n linkerd linkerd-identity-issuer;kubectl get bundle linkerd-identity-trust-roots -o yaml"
  "linkerd-mesh|35m|kubectl describe helmrelease -n flux-system linkerd-control-plane   # or linkerd-crds, linkerd-viz, linkerd-jaeger"
)
# stuck LAYER WHAT: says which layer is stuck and how to see why, then exit 1.
stuck() {
  local checks
  IFS=';' read -ra checks <<<"$hint"
  die "$1 $2: this layer is stuck (the layers after it wait for it)." \
    "See why:" \
    "  flux get kustomizations                    # the layer's status message" \
    "  flux get hr -A                             # which HelmRelease is not ready" \
    "  kubectl describe helmrelease -n flux-system <name>" \
    "  flux logs --kind=HelmRelease --level=error" \
    "For $1 in particular:" \
    "${checks[@]/#/  }" \
    "Then fix it, push, and run make up-$CLUSTER again (TIMEOUT=60m waits longer)."
}

count=${#layers[@]}
index=0
for entry in "${layers[@]}"; do
  IFS='|' read -r layer default_timeout hint <<<"$entry"
  index=$((index + 1))
  timeout=${TIMEOUT:-$default_timeout}
  step "[$index/$count] waiting for $layer to become Ready (timeout $timeout)"
  if [ -n "$revision" ]; then
    printf 'waiting for %s to apply %s ' "$layer" "$revision"
    started=$SECONDS
    limit=$(seconds "$timeout")
    until [ "$(kubectl -n flux-system get kustomization "$layer" -o jsonpath='{.status.lastAppliedRevision}' 2>/dev/null)" = "$revision" ]; do
      if [ $((SECONDS - started)) -ge "$limit" ]; then
        printf '\n'
        stuck "$layer" "has not applied $revision after $timeout"
      fi
      printf '.'
      sleep "$POLL_INTERVAL"
    done
    printf ' done\n'
  fi
  say "kubectl -n flux-system wait kustomization/$layer --for=condition=Ready --timeout=$timeout"
  kubectl -n flux-system wait "kustomization/$layer" --for=condition=Ready "--timeout=$timeout" ||
    stuck "$layer" "is not Ready after $timeout"
done

step "$CLUSTER is up: every layer is Ready"
say "Next: make linkerd-check CLUSTER=$CLUSTER, make linkerd-dashboard CLUSTER=$CLUSTER"
