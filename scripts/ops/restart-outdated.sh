#!/usr/bin/env bash
# make linkerd-restart-outdated: after a control-plane upgrade, proxies keep their old version until their
# pods are re-created. This finds exactly the meshed workloads with a pod whose proxy
# (annotation linkerd.io/proxy-version) differs from the control plane's (the proxy version of the
# linkerd-proxy-injector, which is what it injects), lists them, and with RESTART=yes rolls each one.
#
# Environment: CLUSTER, CONTEXT (see lib.sh); RESTART=yes (restart them; default: only list them).
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
# shellcheck source=scripts/ops/lib.sh
source "$here/lib.sh"

require_cluster
require_tools kubectl
check_context

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
outdated=()
while IFS='|' read -r namespace version deployment statefulset daemonset; do
  # Unmeshed pods have no version; pods already on the control plane's version are fine.
  [ -n "$namespace" ] && [ -n "$version" ] && [ "$version" != "$control_plane" ] || continue
  if [ -n "$deployment" ]; then
    workload=deployment/$deployment
  elif [ -n "$statefulset" ]; then
    workload=statefulset/$statefulset
  elif [ -n "$daemonset" ]; then
    workload=daemonset/$daemonset
  else
    say "  a pod in $namespace runs proxy $version but belongs to no Deployment, StatefulSet or DaemonSet (a Job or a bare pod): it gets the new proxy when it is re-created"
    continue
  fi
  # One entry per workload, however many of its pods (and old versions) there are.
  case "|${seen:-}|" in *"|$namespace $workload|"*) continue ;; esac
  seen="${seen:-}|$namespace $workload"
  outdated+=("$namespace $workload $version")
done < <(printf '%s\n' "$pods" | LC_ALL=C sort -u)

if [ ${#outdated[@]} -eq 0 ]; then
  say "Every meshed pod runs proxy $control_plane: nothing to restart."
  exit 0
fi
for entry in "${outdated[@]}"; do
  read -r namespace workload version <<<"$entry"
  say "  $namespace $workload: proxy $version"
done
if [ "${RESTART:-}" != yes ]; then
  say "" "${#outdated[@]} workload(s) to restart (dry run: nothing restarted). Restart them with:" "  make linkerd-restart-outdated CLUSTER=$CLUSTER RESTART=yes"
  exit 0
fi

step "Restarting them (their pods are re-created with proxy $control_plane)"
for entry in "${outdated[@]}"; do
  read -r namespace workload version <<<"$entry"
  say "kubectl -n $namespace rollout restart $workload"
  kubectl -n "$namespace" rollout restart "$workload"
done
say "Follow with: make linkerd-proxy-status, or kubectl get pods -A -L linkerd.io/proxy-version"
