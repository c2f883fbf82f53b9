#!/usr/bin/env bash
# make linkerd-rotate-trust-anchor: replace Linkerd's trust anchor (the root of every proxy's mTLS
# identity) without breaking mTLS between proxies. The procedure of Linkerd's "Automatically
# Rotating Control Plane TLS Credentials" (section "Rotating the trust anchor"), with the previous
# anchor kept in Git (identity.previousTrustAnchors) instead of a copied Secret:
#
#   1. put the current anchor's PUBLIC certificate into identity.previousTrustAnchors
#   2. synthesize, commit and push, let Flux apply it
#   3. wait until the Bundle in the cluster lists that certificate
#   4. renew the anchor (a new key); wait until the trust bundle carries both anchors
#   5. restart the control plane, the meshed workloads, viz and jaeger (every proxy trusts both)
#   6. renew the identity issuer, so it is signed by the new anchor; restart everything again
#   7. remove the previous anchor from the config, synthesize, commit and push
#
# Every step that changes the cluster (or pushes) asks first; YES=1 answers yes. Stopped halfway,
# it can be run again: it finds where it was from the config and the cluster.
#
# Environment: CLUSTER, CONTEXT, YES (see lib.sh); WAIT_TIMEOUT (seconds per wait, default 600);
# POLL_INTERVAL (seconds between looks, default 5). Which namespaces restart, and the PEM bodies
# compared, come from scripts/cluster-facts.ts.
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
# shellcheck source=scripts/ops/lib.sh
source "$here/lib.sh"

require_cluster
require_tools kubectl flux git node npm base64
load_facts
check_context

if [ "$PREVIOUS_TRUST_ANCHORS" = 0 ]; then
  # A new rotation commits and pushes clusters/ and dist/: start from a state that is all pushed.
  step "Check that clusters/ and dist/ are committed and pushed (the rotation commits and pushes its own changes)"
  require_published
fi

WAIT_TIMEOUT=${WAIT_TIMEOUT:-600}
POLL_INTERVAL=${POLL_INTERVAL:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The base64 body of each certificate of a PEM text on stdin, one a line: two texts of one certificate compare equal.
body() { run_ts scripts/cluster-facts.ts pem-bodies; }

# Public certificates only: tls.crt and ca.crt; this script never reads tls.key.
current_anchor() {
  kubectl -n cert-manager get secret linkerd-trust-anchor -o jsonpath='{.data.tls\.crt}' | base64 -d
}
trust_bundle() {
  kubectl -n linkerd get configmap linkerd-identity-trust-roots -o jsonpath='{.data.ca-bundle\.crt}'
}
bundle_inline_sources() {
  kubectl get bundle linkerd-identity-trust-roots -o jsonpath='{.spec.sources[*].inLine}'
}
issuer_ca() {
  kubectl -n linkerd get secret linkerd-identity-issuer -o jsonpath='{.data.ca\.crt}' | base64 -d
}
# contains HAYSTACK_PEM NEEDLE_PEM
contains() { grep -qxF -- "$(body <<<"$2")" <(body <<<"$1"); }
certificates_in() { grep -c -- '-----BEGIN CERTIFICATE-----' <<<"$1" || true; }

# wait_until DESCRIPTION FUNCTION: polls FUNCTION until it succeeds, printing progress.
wait_until() {
  local started=$SECONDS
  printf 'waiting for %s ' "$1"
  until "$2"; do
    if [ $((SECONDS - started)) -ge "$WAIT_TIMEOUT" ]; then
      printf '\n'
      die "gave up after ${WAIT_TIMEOUT}s waiting for $1." "$3" \
        "Run make linkerd-rotate-trust-anchor again when it is fixed: it continues from where it is (WAIT_TIMEOUT=1800 waits longer)."
    fi
    printf '.'
    sleep "$POLL_INTERVAL"
  done
  printf ' done\n'
}

# publish MESSAGE WHEN-DECLINED: synthesize; commit and push clusters/ and dist/ if they changed; let Flux apply.
publish() {
  synth
  if [ -n "$(unpublished_reason)" ]; then
    git --no-pager diff --stat -- clusters dist
    if confirm "Commit $CONFIG and dist/ (\"$1\") and push?"; then
      say "git add -- $CONFIG dist && git commit -m \"$1\" && git push"
      git add -- "$CONFIG" dist
      git commit -q -m "$1"
      git push -q
    else
      die "stopped before committing. Commit and push it yourself:" \
        "  git add $CONFIG dist && git commit -m \"$1\" && git push" \
        "$2"
    fi
  fi
  require_published
  if confirm "Have Flux apply it now (flux reconcile kustomization linkerd-identity --with-source)?"; then
    flux reconcile kustomization linkerd-identity --with-source
  else
    say "Flux applies it at its next interval (flux.interval); the next step waits for that."
  fi
}

# Restarts the control plane, then (once it is back) the meshed namespaces, viz and jaeger, and
# waits until every rollout is done: no pod from before the restart is left.
restart_everything() {
  local namespace namespaces=() extensions=()
  say "kubectl -n $CONTROL_PLANE_NAMESPACE rollout restart deploy"
  kubectl -n "$CONTROL_PLANE_NAMESPACE" rollout restart deploy
  say "kubectl -n $CONTROL_PLANE_NAMESPACE rollout status deploy --timeout=5m"
  kubectl -n "$CONTROL_PLANE_NAMESPACE" rollout status deploy --timeout=5m
  read -ra namespaces <<<"$MESHED_NAMESPACES"
  read -ra extensions <<<"$EXTENSION_NAMESPACES"
  namespaces+=(${extensions[@]+"${extensions[@]}"})
  for namespace in ${namespaces[@]+"${namespaces[@]}"}; do
    restart_namespace "$namespace"
  done
  for namespace in ${namespaces[@]+"${namespaces[@]}"}; do
    say "kubectl -n $namespace rollout status deploy,statefulset,daemonset --timeout=10m"
    kubectl -n "$namespace" rollout status deploy,statefulset,daemonset --timeout=10m ||
      say "(see above: make sure every pod in $namespace was re-created before going on)"
  done
  say "Pods that no Deployment, StatefulSet or DaemonSet owns (Jobs, CronJobs, bare pods) were not restarted: re-create them yourself."
}

previous_pem=$work/previous.pem
current_pem=$work/current.pem

step "1/7  Keep the current trust anchor: put its public certificate into identity.previousTrustAnchors"
say "kubectl -n cert-manager get secret linkerd-trust-anchor -o jsonpath='{.data.tls\\.crt}' | base64 -d   (the public certificate; never tls.key)"
current_anchor >"$current_pem" || die "cannot read the trust anchor's certificate (see above); is the linkerd-identity layer Ready? (make linkerd-status)"
grep -q -- '-----BEGIN CERTIFICATE-----' "$current_pem" ||
  die "the Secret linkerd-trust-anchor in cert-manager holds no certificate in tls.crt" \
    "See: kubectl describe certificate -n cert-manager linkerd-trust-anchor"
state=$(run_ts scripts/previous-trust-anchors.ts keep "$CONFIG" "$current_pem") || exit 1
case $state in
  added)
    say "$CONFIG: added the current anchor to identity.previousTrustAnchors"
    cp "$current_pem" "$previous_pem"
    ;;
  listed)
    say "The current anchor is already in identity.previousTrustAnchors (a rotation was started before): continuing."
    cp "$current_pem" "$previous_pem"
    ;;
  renewed)
    say "identity.previousTrustAnchors lists an anchor and the cluster's anchor is another one: it was renewed already." \
      "Continuing at step 4 (waiting for the bundle to carry both)."
    ;;
  *) die "unexpected answer from scripts/previous-trust-anchors.ts: $state" ;;
esac

step "2/7  Synthesize, commit and push, let Flux apply it"
publish "Linkerd trust anchor rotation ($CLUSTER): keep trusting the current anchor" \
  "then run make linkerd-rotate-trust-anchor CLUSTER=$CLUSTER again: it continues from there."

if [ "$state" != renewed ]; then
  step "3/7  Wait until the Bundle in the cluster lists the previous anchor"
  bundle_lists_previous() { contains "$(bundle_inline_sources 2>/dev/null)" "$(cat "$previous_pem")" && contains "$(trust_bundle 2>/dev/null)" "$(cat "$previous_pem")"; }
  wait_until "Bundle linkerd-identity-trust-roots to list the previous anchor" bundle_lists_previous \
    "See: flux get kustomizations (linkerd-identity applied the new revision?); kubectl get bundle linkerd-identity-trust-roots -o yaml"
  say "The trust bundle now keeps the current anchor even after cert-manager replaces it."

  step "4/7  Renew the trust anchor (a new key), wait until the bundle carries both anchors"
  if command -v cmctl >/dev/null 2>&1; then
    renew=(cmctl renew -n cert-manager linkerd-trust-anchor)
    how="cmctl asks cert-manager to re-issue the Certificate now"
  else
    renew=(kubectl -n cert-manager delete secret linkerd-trust-anchor)
    how="cmctl is not installed ($(install_hint cmctl)); deleting the Secret makes cert-manager issue the Certificate again, with a new key (rotationPolicy: Always). Nothing else reads that Secret's key"
  fi
  say "$how."
  confirm "Renew the trust anchor now (${renew[*]})?" || die "stopped before renewing the anchor; run make linkerd-rotate-trust-anchor again to continue."
  say "${renew[*]}"
  "${renew[@]}"
else
  step "3/7, 4/7  (the anchor was renewed already)"
  run_ts scripts/previous-trust-anchors.ts print "$CONFIG" >"$previous_pem"
fi

anchor_renewed() { current_anchor >"$current_pem" 2>/dev/null && grep -q 'BEGIN CERTIFICATE' "$current_pem" && ! contains "$(cat "$previous_pem")" "$(cat "$current_pem")"; }
wait_until "cert-manager to issue the new anchor" anchor_renewed \
  "See: kubectl describe certificate -n cert-manager linkerd-trust-anchor"
bundle_has_both() {
  local bundle
  bundle=$(trust_bundle 2>/dev/null) || return 1
  contains "$bundle" "$(cat "$current_pem")" && contains "$bundle" "$(cat "$previous_pem")" && [ "$(certificates_in "$bundle")" -ge 2 ]
}
wait_until "ConfigMap linkerd-identity-trust-roots (ns linkerd) to carry the new and the previous anchor" bundle_has_both \
  "See: kubectl get bundle linkerd-identity-trust-roots -o yaml"
say "The trust bundle carries $(certificates_in "$(trust_bundle)") certificates: the new anchor and the previous one."

step "5/7  Restart the control plane, the meshed workloads, viz and jaeger: every proxy loads the bundle with both anchors"
confirm "Restart them now?" || die "stopped before restarting; run make linkerd-rotate-trust-anchor again to continue."
restart_everything

step "6/7  Renew the identity issuer so that it is signed by the new anchor, then restart again"
if issuer_ca 2>/dev/null | grep -q 'BEGIN CERTIFICATE' && contains "$(cat "$current_pem")" "$(issuer_ca)"; then
  say "The identity issuer is signed by the new anchor already."
else
  if command -v cmctl >/dev/null 2>&1; then
    renew=(cmctl renew -n linkerd linkerd-identity-issuer)
  else
    renew=(kubectl -n linkerd delete secret linkerd-identity-issuer)
    say "cmctl is not installed: deleting the Secret makes cert-manager issue the identity issuer again (Linkerd's identity service reloads it)."
  fi
  say "cert-manager does not re-issue the identity issuer when its anchor changes; until it does, every new workload certificate still chains to the previous anchor."
  confirm "Renew the identity issuer now (${renew[*]})?" || die "stopped before renewing the identity issuer; run make linkerd-rotate-trust-anchor again to continue."
  say "${renew[*]}"
  "${renew[@]}"
  issuer_signed_by_new() { issuer_ca 2>/dev/null | grep -q 'BEGIN CERTIFICATE' && contains "$(cat "$current_pem")" "$(issuer_ca)"; }
  wait_until "the identity issuer to be signed by the new anchor" issuer_signed_by_new \
    "See: kubectl describe certificate -n linkerd linkerd-identity-issuer"
fi
confirm "Restart the control plane, the meshed workloads, viz and jaeger again (their certificates then chain to the new anchor)?" ||
  die "stopped before the second restart; run make linkerd-rotate-trust-anchor again to continue."
restart_everything

step "7/7  Stop trusting the previous anchor: remove it from the config, synthesize, commit and push"
run_ts scripts/previous-trust-anchors.ts remove "$CONFIG"
publish "Linkerd trust anchor rotation ($CLUSTER): drop the previous anchor" \
  "and Flux removes the previous anchor from the trust bundle: that is the last step. Do not run make linkerd-rotate-trust-anchor again for this rotation (it would start a new one)."
bundle_only_new() {
  local bundle
  bundle=$(trust_bundle 2>/dev/null) || return 1
  ! contains "$bundle" "$(cat "$previous_pem")"
}
wait_until "the trust bundle to drop the previous anchor" bundle_only_new \
  "See: flux get kustomizations; kubectl get bundle linkerd-identity-trust-roots -o yaml"

say "" "The trust anchor is rotated: everything uses the new anchor and the previous one is no longer trusted." \
  "Proxies started before this last step still list the previous anchor among their roots until they restart;" \
  "to drop it everywhere now, restart once more: make linkerd-restart NS=<namespace> (and kubectl -n linkerd rollout restart deploy)." \
  "Check: make linkerd-check CLUSTER=$CLUSTER"
