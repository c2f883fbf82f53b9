/**
 * The dashboards layer, decided once: Linkerd's Grafana dashboards of the cluster's release line, for the
 * Grafana sidecar (ConfigMaps) and/or grafana-operator (GrafanaDashboards).
 */
import { type DashboardSource, linkerdDashboards } from '../../imports/linkerd-grafana';
import type { GrafanaOperatorDashboardsProps } from '../../lib/constructs/grafana-operator-dashboards';
import type { GrafanaSidecarDashboardsProps } from '../../lib/constructs/grafana-sidecar-dashboards';
import type { ClusterBasis } from '../core/basis';

/** Where the sidecar's ConfigMaps go when `monitoring.dashboards.sidecar.namespace` is left out. */
export const DEFAULT_DASHBOARDS_NAMESPACE = 'linkerd';

/** What the dashboards layer holds; at least one of the two. */
export interface DashboardsPlan {
  readonly sidecar?: GrafanaSidecarDashboardsProps;
  readonly grafanaOperator?: GrafanaOperatorDashboardsProps;
}

/** The dashboards of `basis`, or undefined when neither way is enabled. */
export function dashboardsPlan({ config, line }: ClusterBasis): DashboardsPlan | undefined {
  const { sidecar, grafanaOperator } = config.monitoring.dashboards;
  if (!sidecar.enabled && !grafanaOperator.enabled) return undefined;
  const dashboards: readonly DashboardSource[] | undefined = linkerdDashboards(line.name);
  if (!dashboards) {
    throw new Error(
      `release line ${line.name} has no generated dashboards (imports/linkerd-grafana): run npm run gen:dashboards`,
    );
  }
  const uidPrefix = config.viz.grafana.uidPrefix;
  return {
    ...(sidecar.enabled && {
      sidecar: {
        dashboards,
        namespace: sidecar.namespace ?? DEFAULT_DASHBOARDS_NAMESPACE,
        labels: sidecar.labels,
        datasource: sidecar.datasource,
        uidPrefix,
      },
    }),
    ...(grafanaOperator.enabled && {
      grafanaOperator: {
        dashboards,
        namespace: grafanaOperator.namespace,
        instanceSelector: grafanaOperator.instanceSelector,
        uidPrefix,
      },
    }),
  };
}
