/**
 * The dashboards' checks of a whole config: the uid prefix they get from viz.grafana.uidPrefix, and the
 * dashboards that would stay empty or unseen (no PodMonitor scrapes Linkerd; a namespace the sidecar skips).
 */
import type { ConfigBasis } from '../core/basis';
import type { FeatureChecks, FieldProblem, FieldWarning } from '../feature';
import { DEFAULT_DASHBOARDS_NAMESPACE } from './plan';

/** Dashboard uids are the prefix and Linkerd's uid (the longest, linkerd-replicationcontroller, has 29 of Grafana's 40). */
function problems({ config }: ConfigBasis): FieldProblem[] {
  const { dashboards } = config.monitoring;
  const prefix = config.viz.grafana.uidPrefix ?? '';
  if (!(dashboards.sidecar.enabled || dashboards.grafanaOperator.enabled) || /^[A-Za-z0-9_-]{0,11}$/.test(prefix)) {
    return [];
  }
  return [
    {
      path: ['viz', 'grafana', 'uidPrefix'],
      input: prefix,
      message:
        "prefixes the dashboards' uids: at most 11 letters, digits, - or _ (a Grafana uid has at most 40 characters)",
    },
  ];
}

/** Dashboards that synthesize cleanly and would show nothing. */
function warnings({ config }: ConfigBasis): FieldWarning[] {
  const { dashboards, podMonitors } = config.monitoring;
  const found: FieldWarning[] = [];
  if (!podMonitors.enabled) {
    for (const way of ['sidecar', 'grafanaOperator'] as const) {
      if (!dashboards[way].enabled) continue;
      found.push({
        field: `monitoring.dashboards.${way}.enabled`,
        message:
          "the dashboards read Linkerd's series from your Prometheus, and with monitoring.podMonitors.enabled: false no PodMonitor has it scrape Linkerd, so they stay empty; " +
          'set monitoring.podMonitors.enabled: true (with the labels your Prometheus selects PodMonitors by), or scrape the proxies with a scrape config of your own',
      });
    }
  }
  if (dashboards.sidecar.enabled && dashboards.sidecar.namespace === undefined) {
    found.push({
      field: 'monitoring.dashboards.sidecar.namespace',
      message:
        `is left at ${DEFAULT_DASHBOARDS_NAMESPACE}, where the Grafana Helm chart's dashboard sidecar does not look by default (it searches Grafana's own namespace unless sidecar.dashboards.searchNamespace is ALL or names ${DEFAULT_DASHBOARDS_NAMESPACE}; kube-prometheus-stack sets ALL from its 45.12.0 on); ` +
        `set it to your Grafana's namespace (e.g. monitoring), or, if your sidecar searches ${DEFAULT_DASHBOARDS_NAMESPACE} (searchNamespace: ALL), write namespace: ${DEFAULT_DASHBOARDS_NAMESPACE} to say so`,
    });
  }
  return found;
}

export const dashboardsChecks: FeatureChecks = { problems, warnings };
