/** The dashboards' checks of a whole config: the uid prefix they get from viz.grafana.uidPrefix. */
import type { ConfigBasis } from '../core/basis';
import type { FeatureChecks, FieldProblem } from '../feature';

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

export const dashboardsChecks: FeatureChecks = { problems };
