#!/usr/bin/env bash
# The day-to-day look at the mesh: make linkerd-status, linkerd-check, linkerd-dashboard, linkerd-jaeger,
# linkerd-logs, linkerd-proxy-status, linkerd-metrics and linkerd-restart.
#
#   observe.sh status | check | dashboard | jaeger | logs | proxy-status | metrics | restart
#
# Environment: CLUSTER, CONTEXT (see lib.sh); NS (a namespace), PORT (local port of a
# port-forward), COMPONENT and TAIL and FOLLOW (logs), TARGET (metrics of one workload's proxies).
# Namespaces, Services, ports and layer names come from scripts/cluster-facts.ts (load_facts).
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
# shellcheck source=scripts/ops/lib.sh
source "$here/lib.sh"

command=${1:-}
# The tools each command needs.
case $command in
  status) tools=(kubectl flux) ;;
  check | proxy-status) tools=(kubectl linkerd) ;;
  metrics) tools=(kubectl) && { [ -z "${TARGET:-}" ] || tools+=(linkerd); } ;;
  dashboard | jaeger | logs | restart) tools=(kubectl) ;;
  *) die "usage: observe.sh status|check|dashboard|jaeger|logs|proxy-status|metrics|restart" ;;
esac
require_cluster
# Every variable checked, every fact read, before anything runs (linkerd's install hint names the
# cluster's release line, so it is looked for after the facts).
require_tools node "${tools[@]/linkerd/kubectl}"
load_facts
require_tools "${tools[@]}"

# run COMMAND...: prints and runs it; a failure is remembered, not fatal.
failed=()
run() {
  say "\$ $*"
  "$@" || failed+=("$*")
}

finish() {
  [ ${#failed[@]} -eq 0 ] && return 0
  printf '\nfailed:\n' >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
}

require_viz() {
  [ "$VIZ_ENABLED" = true ] ||
    die "linkerd-viz is not installed on $CLUSTER (viz.enabled: false in $CONFIG): $1 needs it"
}

case $command in
  status)
    check_context
    read -ra layers <<<"$LAYERS"
    step "Flux Kustomizations (entry $ENTRY_KUSTOMIZATION; layers ${layers[*]})"
    run flux get kustomizations
    step "Flux HelmReleases"
    run flux get helmreleases -A
    read -ra namespaces <<<"$MESH_NAMESPACES"
    for namespace in "${namespaces[@]}"; do
      step "Pods in $namespace"
      run kubectl -n "$namespace" get pods -o wide
    done
    finish
    ;;

  check)
    check_context
    if [ "$CNI_ENABLED" = true ]; then
      # The control plane's cniEnabled turns on linkerd check's linkerd-cni-plugin checks (the DaemonSet runs on
      # every node); --cni-namespace names where this project installs the plugin.
      step "Control plane, data plane and the CNI plugin"
      run linkerd check --cni-namespace "$CNI_NAMESPACE"
    else
      step "Control plane and data plane"
      run linkerd check
    fi
    if [ "$VIZ_ENABLED" = true ]; then
      step "linkerd-viz"
      run linkerd viz check
    fi
    # Only the linkerd-jaeger extension has a check; Jaeger v2 (edge-26.8.3 on) is a plain workload.
    if [ "$TRACING" = linkerd-jaeger ]; then
      step "linkerd-jaeger"
      run linkerd jaeger check
    fi
    finish
    ;;

  dashboard)
    check_context
    require_viz "the dashboard"
    read -r namespace service service_port <<<"$DASHBOARD"
    port=${PORT:-$service_port}
    say "The Linkerd dashboard (Service $service, port $service_port, in $namespace): open http://localhost:$port" \
      "Ctrl-C stops the port-forward." \
      "\$ kubectl -n $namespace port-forward svc/$service $port:$service_port"
    exec kubectl -n "$namespace" port-forward "svc/$service" "$port:$service_port"
    ;;

  jaeger)
    check_context
    case $TRACING in
      linkerd-jaeger | jaeger) ;;
      otlp) die "$CLUSTER sends traces to your own collector (tracing.backend: otlp in $CONFIG): open that backend's UI" ;;
      *) die "tracing is off on $CLUSTER (tracing.enabled: false in $CONFIG)" ;;
    esac
    read -r namespace service service_port <<<"$JAEGER_UI"
    port=${PORT:-$service_port}
    say "The Jaeger UI (Service $service, port $service_port, in $namespace): open http://localhost:$port/jaeger/" \
      "Ctrl-C stops the port-forward." \
      "\$ kubectl -n $namespace port-forward svc/$service $port:$service_port"
    exec kubectl -n "$namespace" port-forward "svc/$service" "$port:$service_port"
    ;;

  logs)
    # COMPONENT (checked by load_facts) is one of them without the linkerd- prefix.
    read -ra deployments <<<"$CONTROL_PLANE_DEPLOYMENTS"
    [ -z "${COMPONENT:-}" ] || deployments=("linkerd-$COMPONENT")
    follow=()
    if [ "${FOLLOW:-}" = 1 ]; then
      components=${CONTROL_PLANE_DEPLOYMENTS//linkerd-/}
      [ ${#deployments[@]} -eq 1 ] || die "FOLLOW=1 follows one component: add COMPONENT= one of ${components// /, }"
      follow=(--follow)
    fi
    check_context
    for deployment in "${deployments[@]}"; do
      step "$deployment (the control plane's ${deployment#linkerd-}, every container)"
      run kubectl -n "$CONTROL_PLANE_NAMESPACE" logs "deploy/$deployment" --all-containers --prefix "--tail=${TAIL:-100}" ${follow[@]+"${follow[@]}"}
    done
    finish
    ;;

  proxy-status)
    check_context
    require_viz "linkerd viz stat"
    read -ra namespaces <<<"${NS:-$MESHED_NAMESPACES}"
    if [ ${#namespaces[@]} -eq 0 ]; then
      say "No meshedNamespaces in $CONFIG (and no NS=): showing the control plane's own proxies."
      namespaces=("$CONTROL_PLANE_NAMESPACE")
    fi
    for namespace in "${namespaces[@]}"; do
      step "Meshed deployments in $namespace: MESHED counts pods with a proxy; success rate, RPS and latency from the proxies"
      run linkerd viz stat deploy -n "$namespace"
    done
    finish
    ;;

  metrics)
    if [ -n "${TARGET:-}" ]; then
      check_context
      [ -n "${NS:-}" ] || die "TARGET=$TARGET needs NS=<its namespace>, e.g. make linkerd-metrics NS=apps TARGET=deploy/web"
      step "Raw Prometheus metrics of the proxies of $TARGET in $NS"
      run linkerd diagnostics proxy-metrics -n "$NS" "$TARGET"
      finish
      exit 0
    fi
    check_context
    require_viz "the metrics"
    if [ -n "$VIZ_PROMETHEUS_URL" ]; then
      say "linkerd-viz reads your own Prometheus ($VIZ_PROMETHEUS_URL) and runs none of its own: query it there," \
        "e.g. sum by (namespace, deployment) (rate(request_total{direction=\"inbound\"}[1m]))"
      exit 0
    fi
    read -r namespace service service_port <<<"$PROMETHEUS"
    port=${PORT:-$service_port}
    say "linkerd-viz's Prometheus (Service $service in $namespace, in-memory, about 6h of data): open http://localhost:$port" \
      "Try: sum by (namespace, deployment) (rate(request_total{direction=\"inbound\"}[1m]))" \
      "     histogram_quantile(0.95, sum by (le, deployment) (rate(response_latency_ms_bucket{direction=\"inbound\"}[5m])))" \
      "Ctrl-C stops the port-forward." \
      "\$ kubectl -n $namespace port-forward svc/$service $port:$service_port"
    exec kubectl -n "$namespace" port-forward "svc/$service" "$port:$service_port"
    ;;

  restart)
    check_context
    [ -n "${NS:-}" ] || die "which namespace? make linkerd-restart NS=<namespace>"
    inject=$(kubectl get namespace "$NS" -o jsonpath='{.metadata.annotations.linkerd\.io/inject}') ||
      die "cannot read namespace $NS (see above)"
    case $inject in
      enabled | ingress) say "namespace $NS has the annotation linkerd.io/inject: $inject" ;;
      *) die "namespace $NS has no annotation linkerd.io/inject (a label of that name does nothing): restarting would not add proxies." \
        "Add it to meshedNamespaces in $CONFIG (make linkerd-inject NS=$NS), commit, push, let Flux apply it, then restart." ;;
    esac
    if ! confirm "Restart every Deployment, StatefulSet and DaemonSet in $NS (their pods are re-created with proxies)?"; then
      say "Nothing restarted."
      exit 0
    fi
    restart_namespace "$NS"
    ;;

esac
