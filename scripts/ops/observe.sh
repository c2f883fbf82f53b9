#!/usr/bin/env bash
# The day-to-day look at the mesh: make linkerd-status, linkerd-check, linkerd-dashboard, linkerd-jaeger,
# linkerd-logs, linkerd-proxy-status, linkerd-metrics and linkerd-restart.
#
#   observe.sh status | check | dashboard | jaeger | logs | proxy-status | metrics | restart
#
# Environment: CLUSTER, CONTEXT (see lib.sh); NS (a namespace), PORT (local port of a
# port-forward), COMPONENT and TAIL and FOLLOW (logs), TARGET (metrics of one workload's proxies).
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
# shellcheck source=scripts/ops/lib.sh
source "$here/lib.sh"

command=${1:-}
require_cluster

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
    require_tools kubectl flux node
    check_context
    load_facts
    step "Flux Kustomizations (entry linkerd; layers linkerd-prerequisites, linkerd-identity, linkerd-mesh)"
    run flux get kustomizations
    step "Flux HelmReleases"
    run flux get helmreleases -A
    namespaces=(cert-manager)
    [ "$CNI_ENABLED" = true ] && namespaces+=(linkerd-cni)
    namespaces+=(linkerd)
    [ "$VIZ_ENABLED" = true ] && namespaces+=(linkerd-viz)
    case $TRACING in linkerd-jaeger | jaeger) namespaces+=(linkerd-jaeger) ;; esac
    for namespace in "${namespaces[@]}"; do
      step "Pods in $namespace"
      run kubectl -n "$namespace" get pods -o wide
    done
    finish
    ;;

  check)
    require_tools kubectl linkerd node
    check_context
    load_facts
    if [ "$CNI_ENABLED" = true ]; then
      # The control plane's cniEnabled turns on linkerd check's linkerd-cni-plugin checks (the DaemonSet runs on
      # every node); --cni-namespace names where this project installs the plugin.
      step "Control plane, data plane and the CNI plugin"
      run linkerd check --cni-namespace linkerd-cni
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
    require_tools kubectl node
    check_context
    load_facts
    require_viz "the dashboard"
    port=${PORT:-8084}
    say "The Linkerd dashboard (Service web, port 8084, in linkerd-viz): open http://localhost:$port" \
      "Ctrl-C stops the port-forward." \
      "\$ kubectl -n linkerd-viz port-forward svc/web $port:8084"
    exec kubectl -n linkerd-viz port-forward svc/web "$port:8084"
    ;;

  jaeger)
    require_tools kubectl node
    check_context
    load_facts
    case $TRACING in
      linkerd-jaeger | jaeger) ;;
      otlp) die "$CLUSTER sends traces to your own collector (tracing.backend: otlp in $CONFIG): open that backend's UI" ;;
      *) die "tracing is off on $CLUSTER (tracing.enabled: false in $CONFIG)" ;;
    esac
    port=${PORT:-16686}
    say "The Jaeger UI (Service jaeger, port 16686, in linkerd-jaeger): open http://localhost:$port" \
      "Ctrl-C stops the port-forward." \
      "\$ kubectl -n linkerd-jaeger port-forward svc/jaeger $port:16686"
    exec kubectl -n linkerd-jaeger port-forward svc/jaeger "$port:16686"
    ;;

  logs)
    require_tools kubectl
    check_context
    components=(destination identity proxy-injector)
    case ${COMPONENT:-all} in
      all) ;;
      destination | identity | proxy-injector) components=("$COMPONENT") ;;
      *) die "unknown COMPONENT=$COMPONENT: choose destination, identity or proxy-injector (or leave it out for all three)" ;;
    esac
    follow=()
    if [ "${FOLLOW:-}" = 1 ]; then
      [ ${#components[@]} -eq 1 ] || die "FOLLOW=1 follows one component: add COMPONENT=destination, identity or proxy-injector"
      follow=(--follow)
    fi
    for component in "${components[@]}"; do
      step "linkerd-$component (the control plane's $component, every container)"
      run kubectl -n linkerd logs "deploy/linkerd-$component" --all-containers --prefix "--tail=${TAIL:-100}" ${follow[@]+"${follow[@]}"}
    done
    finish
    ;;

  proxy-status)
    require_tools kubectl linkerd node
    check_context
    load_facts
    require_viz "linkerd viz stat"
    read -ra namespaces <<<"${NS:-$MESHED_NAMESPACES}"
    if [ ${#namespaces[@]} -eq 0 ]; then
      say "No meshedNamespaces in $CONFIG (and no NS=): showing the control plane's own proxies."
      namespaces=(linkerd)
    fi
    for namespace in "${namespaces[@]}"; do
      step "Meshed deployments in $namespace: MESHED counts pods with a proxy; success rate, RPS and latency from the proxies"
      run linkerd viz stat deploy -n "$namespace"
    done
    finish
    ;;

  metrics)
    if [ -n "${TARGET:-}" ]; then
      require_tools kubectl linkerd
      check_context
      [ -n "${NS:-}" ] || die "TARGET=$TARGET needs NS=<its namespace>, e.g. make linkerd-metrics NS=apps TARGET=deploy/web"
      step "Raw Prometheus metrics of the proxies of $TARGET in $NS"
      run linkerd diagnostics proxy-metrics -n "$NS" "$TARGET"
      finish
      exit 0
    fi
    require_tools kubectl node
    check_context
    load_facts
    require_viz "the metrics"
    if [ -n "$VIZ_PROMETHEUS_URL" ]; then
      say "linkerd-viz reads your own Prometheus ($VIZ_PROMETHEUS_URL) and runs none of its own: query it there," \
        "e.g. sum by (namespace, deployment) (rate(request_total{direction=\"inbound\"}[1m]))"
      exit 0
    fi
    port=${PORT:-9090}
    say "linkerd-viz's Prometheus (Service prometheus in linkerd-viz, in-memory, about 6h of data): open http://localhost:$port" \
      "Try: sum by (namespace, deployment) (rate(request_total{direction=\"inbound\"}[1m]))" \
      "     histogram_quantile(0.95, sum by (le, deployment) (rate(response_latency_ms_bucket{direction=\"inbound\"}[5m])))" \
      "Ctrl-C stops the port-forward." \
      "\$ kubectl -n linkerd-viz port-forward svc/prometheus $port:9090"
    exec kubectl -n linkerd-viz port-forward svc/prometheus "$port:9090"
    ;;

  restart)
    require_tools kubectl
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

  *)
    die "usage: observe.sh status|check|dashboard|jaeger|logs|proxy-status|metrics|restart"
    ;;
esac
