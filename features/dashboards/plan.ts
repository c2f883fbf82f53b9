/**
 * The dashboards layer, decided once: Linkerd's Grafana dashboards of the cluster's release line, for the
 * Grafana sidecar (ConfigMaps) and/or grafana-operator (GrafanaDashboards), and, when the traffic layer writes
 * HTTPRoutes or GRPCRoutes, the routes' dashboard of our own (route-dashboard.ts).
 */
import { type DashboardSource, linkerdDashboards } from '../../imports/linkerd-grafana';
import type { GrafanaOperatorDashboardsProps } from '../../lib/constructs/grafana-operator-dashboards';
import type { GrafanaSidecarDashboardsProps } from '../../lib/constructs/grafana-sidecar-dashboards';
import type { ClusterBasis } from '../core/basis';
import type { TrafficPlan } from '../traffic/plan';
import { routeDashboard } from './route-dashboard';

/** Where the sidecar's ConfigMaps go when `monitoring.dashboards.sidecar.namespace` is left out. */
export const DEFAULT_DASHBOARDS_NAMESPACE = 'linkerd';

/** What the dashboards layer holds; at least one of the two. */
export interface DashboardsPlan {
  readonly sidecar?: GrafanaSidecarDashboardsProps;
  readonly grafanaOperator?: GrafanaOperatorDashboardsProps;
}

/** Whether the traffic layer writes routes the proxies keep outbound route metrics of (HTTPRoute, GRPCRoute). */
export function hasMeteredRoutes(traffic: Pick<TrafficPlan, 'namespaces'> | undefined): boolean {
  return (traffic?.namespaces ?? []).some((namespace) =>
    namespace.routes.some((route) => route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute'),
  );
}

/** The dashboards of `basis`, or undefined when neither way is enabled; the routes' own with `traffic`'s routes. */
export function dashboardsPlan(
  { config, line }: ClusterBasis,
  traffic?: Pick<TrafficPlan, 'namespaces'>,
): DashboardsPlan | undefined {
  const { sidecar, grafanaOperator } = config.monitoring.dashboards;
  if (!sidecar.enabled && !grafanaOperator.enabled) return undefined;
  const dashboards: readonly DashboardSource[] | undefined = linkerdDashboards(line.name);
  if (!dashboards) {
    throw new Error(
      `release line ${line.name} has no generated dashboards (imports/linkerd-grafana): run npm run gen:dashboards`,
    );
  }
  const uidPrefix = config.viz.grafana.uidPrefix;
  const ownDashboards = hasMeteredRoutes(traffic) ? [routeDashboard()] : [];
  return {
    ...(sidecar.enabled && {
      sidecar: {
        dashboards,
        namespace: sidecar.namespace ?? DEFAULT_DASHBOARDS_NAMESPACE,
        labels: sidecar.labels,
        datasource: sidecar.datasource,
        uidPrefix,
        ...(ownDashboards.length > 0 && { ownDashboards }),
      },
    }),
    ...(grafanaOperator.enabled && {
      grafanaOperator: {
        dashboards,
        namespace: grafanaOperator.namespace,
        instanceSelector: grafanaOperator.instanceSelector,
        uidPrefix,
        ...(ownDashboards.length > 0 && { ownDashboards }),
      },
    }),
  };
}
