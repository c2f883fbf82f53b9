#!/usr/bin/env bash
# make up-<cluster>: check the cluster's Kubernetes and Flux (2.6 or newer) versions, synthesize, refuse
# unless clusters/ and dist/ are committed and pushed (Flux reads Git), bring the Flux entry point
# `linkerd` up, then wait for each layer to become Ready.
#
# Environment: CLUSTER, CONTEXT (see lib.sh), TIMEOUT (how long to wait for every layer, e.g. 60m;
# default: per layer, a little longer than Flux's own timeout for it), POLL_INTERVAL (seconds, 5).
# The layers, their order and timeouts are the synthesized ones (scripts/cluster-facts.ts: LAYERS).
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
# shellcheck source=scripts/ops/lib.sh
source "$here/lib.sh"

require_cluster
require_tools kubectl flux git node npm
load_facts
check_context
POLL_INTERVAL=${POLL_INTERVAL:-5}
read -ra layers <<<"$LAYERS"
read -ra wait_seconds <<<"$LAYER_WAIT_SECONDS"
read -ra wait_timeouts <<<"$LAYER_WAIT_TIMEOUTS"

# The server's Kubernetes version against what the line's Linkerd major supports (docs/gateway-api.md "Gateway API"
# has the table): below the floor nothing is applied; above the newest version Linkerd names, a warning.
if [ -n "$KUBERNETES_MAX" ]; then supported="$KUBERNETES_MIN to $KUBERNETES_MAX"; else supported="$KUBERNETES_MIN or newer"; fi
step "Check the cluster's Kubernetes version against $RELEASE_LINE (Linkerd ${LINKERD_MAJOR:-?}: Kubernetes $supported)"
server=$(kubectl get --raw /version 2>&1) || die "cannot read the cluster's Kubernetes version (kubectl get --raw /version):" "$server"
[[ $server =~ \"gitVersion\"[[:space:]]*:[[:space:]]*\"v([0-9]+)\.([0-9]+)[^\"]*\" ]] ||
  die "cannot read the cluster's Kubernetes version from kubectl get --raw /version:" "$server"
server_major=${BASH_REMATCH[1]} server_minor=${BASH_REMATCH[2]}
version=$server_major.$server_minor
# minor_of 1.31 -> 31 (every range is within 1.x)
minor_of() { echo "${1#*.}" | cut -d. -f1; }
if [ "$server_major" -lt 1 ] || { [ "$server_major" -eq 1 ] && [ "$server_minor" -lt "$(minor_of "$KUBERNETES_MIN")" ]; }; then
  die "the cluster runs Kubernetes $version, and $RELEASE_LINE (Linkerd ${LINKERD_MAJOR:-?}) supports Kubernetes $supported; nothing was applied." \
    "Upgrade the cluster to Kubernetes $KUBERNETES_MIN or newer, or set releaseLine in $CONFIG to a line of an older Linkerd major (README \"Gateway API\" lists what each major supports)."
fi
if [ -n "$KUBERNETES_MAX" ] && [ "$server_major" -eq 1 ] && [ "$server_minor" -gt "$(minor_of "$KUBERNETES_MAX")" ]; then
  say "warning: the cluster runs Kubernetes $version, newer than the $KUBERNETES_MAX that Linkerd ${LINKERD_MAJOR} names as its newest; a newer release line may be needed (npm run outdated)."
else
  say "Kubernetes $version: supported by Linkerd ${LINKERD_MAJOR:-?}."
fi

# Flux 2.6 or newer: the oldest whose APIs serve every field dist/ uses (OCIRepository v1, GitRepository
# spec.sparseCheckout, Kustomization spec.healthCheckExprs and spec.deletionPolicy); the tests check every
# object against its CRDs (test/crd-schema.test.ts). Flux labels its CRDs with its version; a Flux
# installed otherwise (no label) passes when it serves OCIRepository v1, which came with 2.6.
FLUX_FLOOR=2.6
step "Check the cluster's Flux version (Flux $FLUX_FLOOR or newer)"
no_flux="Is Flux installed in this cluster? Check with: flux check (install: https://fluxcd.io/flux/installation/bootstrap/)"
flux_version=$(kubectl get crd kustomizations.kustomize.toolkit.fluxcd.io -o 'jsonpath={.metadata.labels.app\.kubernetes\.io/version}' 2>&1) ||
  die "cannot read Flux's Kustomization CRD (kubectl get crd kustomizations.kustomize.toolkit.fluxcd.io):" "$flux_version" "$no_flux"
too_old() {
  die "the cluster runs $1, and dist/ needs Flux $FLUX_FLOOR or newer (OCIRepository v1, GitRepository sparseCheckout, Kustomization healthCheckExprs and deletionPolicy); nothing was applied." \
    "Upgrade Flux first (https://fluxcd.io/flux/installation/upgrade/: flux bootstrap again with a newer flux CLI, or flux install), then run make up-$CLUSTER again."
}
if [[ $flux_version =~ ^v?([0-9]+)\.([0-9]+)(\.[0-9]+)?([-+].*)?$ ]]; then
  flux_major=${BASH_REMATCH[1]} flux_minor=${BASH_REMATCH[2]}
  if [ "$flux_major" -lt "${FLUX_FLOOR%%.*}" ] || { [ "$flux_major" -eq "${FLUX_FLOOR%%.*}" ] && [ "$flux_minor" -lt "${FLUX_FLOOR#*.}" ]; }; then
    too_old "Flux $flux_version"
  fi
  say "Flux $flux_version: $FLUX_FLOOR or newer."
else
  oci=$(kubectl get crd ocirepositories.source.toolkit.fluxcd.io -o 'jsonpath={.spec.versions[?(@.name=="v1")].served}' 2>&1) || oci=
  [ "$oci" = true ] || too_old "a Flux without source.toolkit.fluxcd.io/v1 OCIRepository (its CRDs name no version)"
  say "Flux (its CRDs name no version) serves OCIRepository v1: $FLUX_FLOOR or newer."
fi

step "Synthesize dist/ from clusters/"
synth

step "Check that clusters/ and dist/ are committed and pushed"
require_published
say "clusters/ and dist/ are committed and pushed: Flux will read exactly this."

step "Bring up the Flux entry point (Kustomization $ENTRY_KUSTOMIZATION in $FLUX_NAMESPACE)"
revision=
if probe=$(kubectl -n "$FLUX_NAMESPACE" get kustomization "$ENTRY_KUSTOMIZATION" 2>&1); then
  say "$probe" "flux reconcile kustomization $ENTRY_KUSTOMIZATION --with-source"
  flux reconcile kustomization "$ENTRY_KUSTOMIZATION" --with-source
  # The layers were Ready before: wait for them to apply this revision, not for their old state.
  revision=$(kubectl -n "$FLUX_NAMESPACE" get gitrepository "$FLUX_GIT_REPOSITORY" -o jsonpath='{.status.artifact.revision}') || revision=
  say "GitRepository $FLUX_GIT_REPOSITORY is at ${revision:-(unknown)}"
  head=$(git rev-parse HEAD)
  if [ -n "$revision" ] && [ "${revision##*:}" != "$head" ]; then
    say "warning: that is not this folder's commit ($head): does the GitRepository $FLUX_GIT_REPOSITORY track the branch you pushed (kubectl -n $FLUX_NAMESPACE get gitrepository $FLUX_GIT_REPOSITORY -o jsonpath='{.spec.ref}')? Waiting for the layers to apply its revision."
  fi
elif [[ $probe == *NotFound* || $probe == *"not found"* ]]; then
  # The entry Kustomization belongs in the Flux bootstrap folder (npm run bootstrap; flux-system applies it
  # from Git). Applied here once, it has no Flux owner, so a bootstrap file pushed later takes it over.
  say "The Kustomization $ENTRY_KUSTOMIZATION does not exist yet: applying dist/$CLUSTER/bootstrap once; from now on Flux applies what you push." \
    "To have a rebuilt cluster get Linkerd back, put it in your Flux bootstrap folder: npm run bootstrap -- $CLUSTER <folder> (docs/flux-repository.md)." \
    "kubectl apply -k dist/$CLUSTER/bootstrap"
  kubectl apply -k "dist/$CLUSTER/bootstrap"
else
  die "cannot read the Flux Kustomizations:" "$probe" "$no_flux"
fi

# hints LAYER: what to look at when that layer is stuck, one command a line (a layer this script has
# no hint for still gets the general ones in stuck()).
hints() {
  case $1 in
    *-prerequisites) say "kubectl describe helmrelease -n $FLUX_NAMESPACE cert-manager   # or trust-manager" ;;
    *-identity) say "kubectl get certificate -A" "kubectl describe certificate -n linkerd linkerd-identity-issuer" "kubectl get bundle linkerd-identity-trust-roots -o yaml" ;;
    *-mesh) say "kubectl describe helmrelease -n $FLUX_NAMESPACE linkerd-control-plane   # or linkerd-crds, linkerd-viz, jaeger" ;;
    *-gateway-api) say "kubectl -n $FLUX_NAMESPACE describe gitrepository gateway-api" "kubectl get crd httproutes.gateway.networking.k8s.io -o jsonpath='{.metadata.annotations}'" ;;
    *-alerts) say "kubectl get crd prometheusrules.monitoring.coreos.com   # the Prometheus Operator's CRD must exist" "kubectl get prometheusrule -A" ;;
    *) say "kubectl describe kustomization -n $FLUX_NAMESPACE $1" ;;
  esac
}
# stuck LAYER WHAT: says which layer is stuck and how to see why, then exit 1.
stuck() {
  local checks
  mapfile -t checks < <(hints "$1")
  die "$1 $2: this layer is stuck (the layers after it wait for it)." \
    "See why:" \
    "  flux get kustomizations                    # the layer's status message" \
    "  flux get hr -A                             # which HelmRelease is not ready" \
    "  kubectl describe helmrelease -n $FLUX_NAMESPACE <name>" \
    "  flux logs --kind=HelmRelease --level=error" \
    "For $1 in particular:" \
    "${checks[@]/#/  }" \
    "Then fix it, push, and run make up-$CLUSTER again (TIMEOUT=60m waits longer)."
}

count=${#layers[@]}
for index in "${!layers[@]}"; do
  layer=${layers[$index]}
  limit=${TIMEOUT_SECONDS:-${wait_seconds[$index]}}
  timeout=${TIMEOUT:-${wait_timeouts[$index]}}
  step "[$((index + 1))/$count] waiting for $layer to become Ready (timeout $timeout)"
  if [ -n "$revision" ]; then
    printf 'waiting for %s to apply %s ' "$layer" "$revision"
    started=$SECONDS
    until [ "$(kubectl -n "$FLUX_NAMESPACE" get kustomization "$layer" -o jsonpath='{.status.lastAppliedRevision}' 2>/dev/null)" = "$revision" ]; do
      if [ $((SECONDS - started)) -ge "$limit" ]; then
        printf '\n'
        stuck "$layer" "has not applied $revision after $timeout"
      fi
      printf '.'
      sleep "$POLL_INTERVAL"
    done
    printf ' done\n'
  fi
  say "kubectl -n $FLUX_NAMESPACE wait kustomization/$layer --for=condition=Ready --timeout=$timeout"
  kubectl -n "$FLUX_NAMESPACE" wait "kustomization/$layer" --for=condition=Ready "--timeout=$timeout" ||
    stuck "$layer" "is not Ready after $timeout"
done

step "$CLUSTER is up: every layer is Ready"
say "Next: make linkerd-check CLUSTER=$CLUSTER, make linkerd-dashboard CLUSTER=$CLUSTER"
