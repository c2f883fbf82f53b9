import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { DashboardsPlan } from '../features/dashboards/plan';
import { GrafanaOperatorDashboards } from '../lib/constructs/grafana-operator-dashboards';
import { GrafanaSidecarDashboards } from '../lib/constructs/grafana-sidecar-dashboards';

/** Props of the {@link DashboardsChart}. */
export interface DashboardsChartProps {
  /** The plan's dashboards (ClusterPlan.dashboards, features/dashboards/plan.ts). */
  readonly dashboards: DashboardsPlan;
}

/**
 * The dashboards layer (with `monitoring.dashboards.sidecar` or `.grafanaOperator` enabled): Linkerd's Grafana
 * dashboards of the cluster's release line, as sidecar ConfigMaps and/or GrafanaDashboards. A layer of its own
 * with no dependency: the GrafanaDashboard CRD is the person's, and dashboards help most while the mesh is broken.
 */
export class DashboardsChart extends Chart {
  public constructor(scope: Construct, id: string, props: DashboardsChartProps) {
    super(scope, id);
    const { sidecar, grafanaOperator } = props.dashboards;
    if (sidecar) new GrafanaSidecarDashboards(this, 'Sidecar', sidecar);
    if (grafanaOperator) new GrafanaOperatorDashboards(this, 'GrafanaOperator', grafanaOperator);
  }
}
