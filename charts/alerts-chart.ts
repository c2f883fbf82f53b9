import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { MeshAlerts } from '../lib/constructs/mesh-alerts';
import { IDENTITY_ISSUER, TRUST_ANCHOR } from '../lib/constructs/trust-chain';
import { WEBHOOK_CA } from '../lib/constructs/webhook-certificates';
import { parseDuration } from '../lib/config/duration';
import { CERT_MANAGER_NAMESPACE, LINKERD_NAMESPACE } from '../lib/linkerd/names';
import type { ClusterPlan } from '../lib/plan/plan';

/** The proxy injector's webhook in the control-plane Helm chart's MutatingWebhookConfiguration. */
export const INJECTOR_WEBHOOK = 'linkerd-proxy-injector.linkerd.io';

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
    const identityIssuer = { name: IDENTITY_ISSUER, namespace: LINKERD_NAMESPACE };
    this.alerts = new MeshAlerts(this, 'MeshAlerts', {
      namespace: LINKERD_NAMESPACE,
      labels: alerts.labels,
      runbookUrl: alerts.runbookUrl,
      trustAnchor,
      identityIssuer,
      certificates: [
        trustAnchor,
        identityIssuer,
        { name: WEBHOOK_CA, namespace: CERT_MANAGER_NAMESPACE },
        ...props.plan.webhooks.map((webhook) => ({ name: webhook.certificate, namespace: webhook.namespace })),
      ],
      bundleHasPreviousAnchor: config.identity.previousTrustAnchors.length > 0,
      controlPlaneNamespace: LINKERD_NAMESPACE,
      // issuer_cert_ttl_seconds arrived in edge-25.2.1: every supported edge line has it, stable-2.14 predates it.
      identityReportsIssuerTtl: props.plan.line.channel === 'edge',
      injectorWebhookName: INJECTOR_WEBHOOK,
      strictNamespaces: config.meshedNamespaces
        .filter(
          (namespace) =>
            (namespace.defaultInboundPolicy ?? config.proxy.defaultInboundPolicy) !== 'all-unauthenticated',
        )
        .map((namespace) => namespace.name),
      thresholds: {
        // Go durations (`15m`, `1h30m`) are Prometheus durations too.
        certificateNotReadyFor: alerts.certificates.notReadyFor,
        trustAnchorNoticeSeconds: parseDuration(alerts.trustAnchor.rotationNotice)!,
        // The issuer lives 48h and cert-manager renews it 25h before expiry (TrustChain): an identity service
        // still on it an hour after that did not load the renewed one.
        issuerTtlSeconds: 24 * 3600,
        // Proxies renew their 24h certificate at 70% of its life (about 7h left): 3h left is a failed renewal.
        proxyCertificateSeconds: 3 * 3600,
        // One denial a minute: below that, a rise is noise.
        denialsPerSecond: 1 / 60,
        successRate: alerts.workloads.successRate,
        p99LatencyMs: alerts.workloads.p99LatencyMs,
        minRequestsPerSecond: alerts.workloads.minRequestsPerSecond,
        window: alerts.workloads.window,
      },
    });
  }
}
