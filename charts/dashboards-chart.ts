import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { linkerdDashboards } from '../imports/linkerd-grafana';
import { GrafanaOperatorDashboards } from '../lib/constructs/grafana-operator-dashboards';
import { GrafanaSidecarDashboards } from '../lib/constructs/grafana-sidecar-dashboards';
import type { ClusterPlan } from '../lib/plan/plan';

/** Props of the {@link DashboardsChart}. */
export interface DashboardsChartProps {
  readonly plan: ClusterPlan;
}

/**
 * The dashboards layer (with `monitoring.dashboards.sidecar` or `.grafanaOperator` enabled): Linkerd's Grafana
 * dashboards of the cluster's release line, as sidecar ConfigMaps and/or GrafanaDashboards. A layer of its own
 * with no dependency: the GrafanaDashboard CRD is the person's, and dashboards help most while the mesh is broken.
 */
export class DashboardsChart extends Chart {
  public constructor(scope: Construct, id: string, props: DashboardsChartProps) {
    super(scope, id);
    const { config, line } = props.plan;
    const { sidecar, grafanaOperator } = config.monitoring.dashboards;
    const dashboards = linkerdDashboards(line.name);
    if (!dashboards)
      throw new Error(
        `release line ${line.name} has no generated dashboards (imports/linkerd-grafana): run npm run gen:dashboards`,
      );
    const uidPrefix = config.viz.grafana.uidPrefix;
    if (sidecar.enabled) {
      new GrafanaSidecarDashboards(this, 'Sidecar', {
        dashboards,
        namespace: sidecar.namespace,
        labels: sidecar.labels,
        datasource: sidecar.datasource,
        uidPrefix,
      });
    }
    if (grafanaOperator.enabled) {
      new GrafanaOperatorDashboards(this, 'GrafanaOperator', {
        dashboards,
        namespace: grafanaOperator.namespace,
        instanceSelector: grafanaOperator.instanceSelector,
        uidPrefix,
      });
    }
  }
}
