import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshAlerts } from '../lib/constructs/mesh-alerts';
import { IDENTITY_ISSUER, TRUST_ANCHOR } from '../lib/constructs/trust-chain';
import { WEBHOOK_CA } from '../lib/constructs/webhook-certificates';
import { parseDuration } from '../lib/config/duration';
import { CERT_MANAGER_NAMESPACE, LINKERD_NAMESPACE } from '../lib/linkerd/names';
import { ClusterPlan } from '../lib/plan/plan';

/** Props of the {@link AlertsChart}. */
export interface AlertsChartProps {
  readonly plan: ClusterPlan;
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
    const { config } = props.plan;
    const alerts = config.monitoring.alerts;
    const trustAnchor = { name: TRUST_ANCHOR, namespace: CERT_MANAGER_NAMESPACE };
    this.alerts = new MeshAlerts(this, 'MeshAlerts', {
      namespace: LINKERD_NAMESPACE,
      labels: alerts.labels,
      runbookUrl: alerts.runbookUrl,
      trustAnchor,
      certificates: [
        trustAnchor,
        { name: IDENTITY_ISSUER, namespace: LINKERD_NAMESPACE },
        { name: WEBHOOK_CA, namespace: CERT_MANAGER_NAMESPACE },
        ...props.plan.webhooks.map((webhook) => ({ name: webhook.certificate, namespace: webhook.namespace })),
      ],
      bundleHasPreviousAnchor: config.identity.previousTrustAnchors.length > 0,
      controlPlaneNamespace: LINKERD_NAMESPACE,
      thresholds: {
        // Go durations (`15m`, `1h30m`) are Prometheus durations too.
        certificateNotReadyFor: alerts.certificates.notReadyFor,
        trustAnchorNoticeSeconds: parseDuration(alerts.trustAnchor.rotationNotice)!,
        successRate: alerts.workloads.successRate,
        p99LatencyMs: alerts.workloads.p99LatencyMs,
        minRequestsPerSecond: alerts.workloads.minRequestsPerSecond,
        window: alerts.workloads.window,
      },
    });
  }
}
