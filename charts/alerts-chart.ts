import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { MeshAlerts, type MeshAlertsProps } from '../lib/constructs/mesh-alerts';

/** Props of the {@link AlertsChart}. */
export interface AlertsChartProps {
  /** The plan's alerts (ClusterPlan.alerts, features/alerts/plan.ts). */
  readonly alerts: MeshAlertsProps;
}

/**
 * The alerts layer (only with `monitoring.alerts.enabled`): one PrometheusRule. A layer of its own, with
 * no dependency, because its CRD comes from the person's Prometheus Operator: if that is missing, only
 * this layer fails, and alerts still arrive while the mesh layers are broken.
 */
export class AlertsChart extends Chart {
  public readonly alerts: MeshAlerts;

  public constructor(scope: Construct, id: string, props: AlertsChartProps) {
    super(scope, id);
    this.alerts = new MeshAlerts(this, 'MeshAlerts', props.alerts);
  }
}
