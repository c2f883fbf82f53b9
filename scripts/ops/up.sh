#!/usr/bin/env bash
# make up-<cluster>: synthesize, refuse unless clusters/ and dist/ are committed and pushed (Flux
# reads Git), bring the Flux entry point `linkerd` up, then wait for each layer to become Ready.
#
# Environment: CLUSTER, CONTEXT (see lib.sh), TIMEOUT (kubectl wait timeout for every layer;
# default: per layer, a little longer than Flux's own timeout for it).
set -euo pipefail
source "${BASH_SOURCE[0]%/*}/lib.sh"

require_cluster
require_tools kubectl flux git node npm
check_context

step "Synthesize dist/ from clusters/"
synth

step "Check that clusters/ and dist/ are committed and pushed"
require_published
say "clusters/ and dist/ are committed and pushed: Flux will read exactly this."

step "Bring up the Flux entry point (Kustomization linkerd in flux-system)"
if probe=$(kubectl -n flux-system get kustomization linkerd 2>&1); then
  say "$probe" "flux reconcile kustomization linkerd --with-source"
  flux reconcile kustomization linkerd --with-source
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
count=${#layers[@]}
index=0
for entry in "${layers[@]}"; do
  IFS='|' read -r layer default_timeout hint <<<"$entry"
  index=$((index + 1))
  timeout=${TIMEOUT:-$default_timeout}
  step "[$index/$count] waiting for $layer to become Ready (timeout $timeout)"
  say "kubectl -n flux-system wait kustomization/$layer --for=condition=Ready --timeout=$timeout"
  if ! kubectl -n flux-system wait "kustomization/$layer" --for=condition=Ready "--timeout=$timeout"; then
    IFS=';' read -ra checks <<<"$hint"
    die "$layer is not Ready after $timeout: this layer is stuck (the layers after it wait for it)." \
      "See why:" \
      "  flux get kustomizations                    # the layer's status message" \
      "  flux get hr -A                             # which HelmRelease is not ready" \
      "  kubectl describe helmrelease -n flux-system <name>" \
      "  flux logs --kind=HelmRelease --level=error" \
      "For $layer in particular:" \
      "${checks[@]/#/  }" \
      "Then fix it, push, and run make up-$CLUSTER again (TIMEOUT=60m waits longer)."
  fi
done

step "$CLUSTER is up: every layer is Ready"
say "Next: make linkerd-check CLUSTER=$CLUSTER, make linkerd-dashboard CLUSTER=$CLUSTER"
