#!/usr/bin/env bash
# make linkerd-restart-outdated: after a control-plane upgrade, proxies keep their old version until their
# pods are re-created. This finds exactly the meshed workloads with a pod whose proxy
# (annotation linkerd.io/proxy-version) differs from the control plane's (the proxy version of the
# linkerd-proxy-injector, which is what it injects), lists them, and with RESTART=yes rolls each one.
#
# Environment: CLUSTER, CONTEXT (see lib.sh); RESTART=yes|no (yes: restart them; default: only list them),
# checked with every other variable (scripts/cluster-facts.ts) before anything runs.
#
# What the cluster returns is data, never words of a command: each pod is one record of five
# "|"-separated fields, each workload is kept as its own array elements, and every name is quoted
# where it is used (a name that is not a Kubernetes name is said and skipped, never passed to kubectl).
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
# shellcheck source=scripts/ops/lib.sh
source "$here/lib.sh"

require_cluster
require_tools node kubectl
load_facts
check_context

# A Kubernetes object name (DNS-1123 subdomain; namespaces are labels, a subset of it).
is_name() { [[ ${#1} -le 253 && $1 =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]]; }

step "The control plane's proxy version"
say "kubectl -n linkerd get deploy linkerd-proxy-injector -o jsonpath={.spec.template.metadata.annotations.linkerd\\.io/proxy-version}"
control_plane=$(kubectl -n linkerd get deploy linkerd-proxy-injector -o 'jsonpath={.spec.template.metadata.annotations.linkerd\.io/proxy-version}' 2>&1) ||
  die "cannot read the control plane's version:" "$control_plane" "Is Linkerd installed (make linkerd-status)?"
[ -n "$control_plane" ] || die "the linkerd-proxy-injector Deployment has no linkerd.io/proxy-version annotation: is Linkerd installed (make linkerd-status)?"
say "control plane: $control_plane"

step "Meshed workloads whose proxies are another version"
# Injected pods carry their proxy's version and the workload that owns them (label linkerd.io/proxy-<kind>).
query='jsonpath={range .items[*]}{.metadata.namespace}{"|"}{.metadata.annotations.linkerd\.io/proxy-version}{"|"}{.metadata.labels.linkerd\.io/proxy-deployment}{"|"}{.metadata.labels.linkerd\.io/proxy-statefulset}{"|"}{.metadata.labels.linkerd\.io/proxy-daemonset}{"\n"}{end}'
say "kubectl get pods --all-namespaces -o '$query'"
pods=$(kubectl get pods --all-namespaces -o "$query" 2>&1) || die "cannot list the pods:" "$pods"
# One workload is three elements of each array at the same index: no name is ever split or joined.
namespaces=()
workloads=()
versions=()
seen="|"
while IFS= read -r record; do
  # Five fields, four "|" (no Kubernetes name holds one): any other record is not split into a command.
  separators=${record//[^|]/}
  if [ ${#separators} -ne 4 ]; then
    [ -z "$record" ] || say "  skipped a pod record the cluster returned in another form: $(printf '%q' "$record")"
    continue
  fi
  IFS='|' read -r namespace version deployment statefulset daemonset <<<"$record"
  # Unmeshed pods have no version; pods already on the control plane's version are fine.
  [ -n "$namespace" ] && [ -n "$version" ] && [ "$version" != "$control_plane" ] || continue
  if [ -n "$deployment" ]; then
    kind=deployment name=$deployment
  elif [ -n "$statefulset" ]; then
    kind=statefulset name=$statefulset
  elif [ -n "$daemonset" ]; then
    kind=daemonset name=$daemonset
  else
    say "  a pod in $namespace runs proxy $version but belongs to no Deployment, StatefulSet or DaemonSet (a Job or a bare pod): it gets the new proxy when it is re-created"
    continue
  fi
  if ! is_name "$namespace" || ! is_name "$name"; then
    say "  skipped: the cluster returned $(printf '%q' "$namespace") $kind/$(printf '%q' "$name"), which is not a Kubernetes name; restart it by hand if it is real"
    continue
  fi
  # One entry per workload, however many of its pods (and old versions) there are.
  # (Names are checked above: no "|" and no pattern characters.)
  case $seen in *"|$namespace/$kind/$name|"*) continue ;; esac
  seen+="$namespace/$kind/$name|"
  namespaces+=("$namespace")
  workloads+=("$kind/$name")
  versions+=("$version")
done < <(printf '%s\n' "$pods" | LC_ALL=C sort -u)

if [ ${#workloads[@]} -eq 0 ]; then
  say "Every meshed pod runs proxy $control_plane: nothing to restart."
  exit 0
fi
for index in "${!workloads[@]}"; do
  say "  ${namespaces[index]} ${workloads[index]}: proxy ${versions[index]}"
done
if [ "${RESTART:-}" != yes ]; then
  say "" "${#workloads[@]} workload(s) to restart (dry run: nothing restarted). Restart them with:" "  make linkerd-restart-outdated CLUSTER=$CLUSTER RESTART=yes"
  exit 0
fi

step "Restarting them (their pods are re-created with proxy $control_plane)"
for index in "${!workloads[@]}"; do
  say "kubectl -n ${namespaces[index]} rollout restart ${workloads[index]}"
  kubectl -n "${namespaces[index]}" rollout restart "${workloads[index]}"
done
say "Follow with: make linkerd-proxy-status, or kubectl get pods -A -L linkerd.io/proxy-version"
