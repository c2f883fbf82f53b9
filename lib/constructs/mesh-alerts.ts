import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRules, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com';

/** A certificate the alerts watch. */
export interface WatchedCertificate {
  readonly name: string;
  readonly namespace: string;
}

/** Props of {@link MeshAlerts}. */
export interface MeshAlertsProps {
  /** Where the PrometheusRule lives (Linkerd's namespace). */
  readonly namespace: string;
  /** Labels the Prometheus's ruleSelector matches. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The README the runbook links point into (`<runbookUrl>#<section>`). */
  readonly runbookUrl: string;
  /** Every certificate we manage: trust anchor, identity issuer, webhook certificates. */
  readonly certificates: readonly WatchedCertificate[];
  /** The trust anchor among them. */
  readonly trustAnchor: WatchedCertificate;
  /** Whether the trust bundle carries a previous anchor (then a renewal of the anchor is the planned rotation). */
  readonly bundleHasPreviousAnchor: boolean;
  /** Namespace of the control plane's deployments. */
  readonly controlPlaneNamespace: string;
  readonly thresholds: {
    /** How long a certificate may be not Ready, a Prometheus duration. */
    readonly certificateNotReadyFor: string;
    /** Seconds before the anchor's renewal to warn. */
    readonly trustAnchorNoticeSeconds: number;
    readonly successRate: number;
    readonly p99LatencyMs: number;
    readonly minRequestsPerSecond: number;
    /** A Prometheus duration, e.g. `10m`. */
    readonly window: string;
  };
}

/** The README section each alert's runbook link points to. */
export const RUNBOOK_SECTION = 'alerts';

/**
 * PrometheusRules for the mesh, for a Prometheus Operator (kube-prometheus-stack): certificates (cert-manager's
 * metrics), the trust anchor's schedule, the control plane (kube-state-metrics and Linkerd's own metrics),
 * meshed workloads (the proxies' metrics) and scrape health. Metric names and their sources: README "Alerts".
 */
export class MeshAlerts extends Construct {
  /** The alert rules, for tests and the README table. */
  public readonly rules: readonly PrometheusRuleSpecGroupsRules[];

  public constructor(scope: Construct, id: string, props: MeshAlertsProps) {
    super(scope, id);
    const t = props.thresholds;
    const certificates = `namespace=~"${unique(props.certificates.map((c) => c.namespace)).join('|')}",name=~"${unique(props.certificates.map((c) => c.name)).join('|')}"`;
    const anchor = `namespace="${props.trustAnchor.namespace}",name="${props.trustAnchor.name}"`;
    const inbound = `direction="inbound"`;
    const traffic = `sum by (namespace, deployment) (rate(response_total{${inbound}}[${t.window}]))`;
    const rule = (alert: string, severity: 'warning' | 'critical', expr: string, forDuration: string, summary: string, description: string): PrometheusRuleSpecGroupsRules => ({
      alert,
      expr: PrometheusRuleSpecGroupsRulesExpr.fromString(expr),
      for: forDuration,
      labels: { severity },
      annotations: { summary, description, runbook_url: `${props.runbookUrl}#${alert.toLowerCase()}` },
    });

    const certificateRules = [
      rule(
        'LinkerdCertificateNotReady',
        'critical',
        `max by (namespace, name) (certmanager_certificate_ready_status{condition="True",${certificates}}) == 0`,
        t.certificateNotReadyFor,
        'Certificate {{ $labels.namespace }}/{{ $labels.name }} is not Ready',
        'cert-manager reports Certificate {{ $labels.namespace }}/{{ $labels.name }} not Ready for ' + t.certificateNotReadyFor + ': it is not being issued or renewed.',
      ),
      rule(
        'LinkerdCertificateRenewalOverdue',
        'critical',
        `time() - max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{${certificates}}) > 3600`,
        '15m',
        'Certificate {{ $labels.namespace }}/{{ $labels.name }} was due for renewal and was not renewed',
        'cert-manager should have renewed {{ $labels.namespace }}/{{ $labels.name }} {{ $value | humanizeDuration }} ago; it keeps counting down to expiry.',
      ),
      rule(
        'LinkerdTrustAnchorRotationDue',
        'warning',
        `max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{${anchor}}) - time() < ${t.trustAnchorNoticeSeconds}`,
        '1h',
        'The trust anchor renews in {{ $value | humanizeDuration }}: rotate it first',
        'cert-manager renews {{ $labels.namespace }}/{{ $labels.name }} with a new key in {{ $value | humanizeDuration }}; proxies that know only the old anchor then stop trusting new certificates. Run the rotation procedure (make linkerd-rotate-trust-anchor) before then.',
      ),
      ...(props.bundleHasPreviousAnchor
        ? []
        : [
            rule(
              'LinkerdTrustAnchorRenewedWithoutPreviousAnchor',
              'critical',
              `changes(certmanager_certificate_expiration_timestamp_seconds{${anchor}}[2h]) > 0`,
              '0s',
              'The trust anchor was renewed while the trust bundle carries no previous anchor',
              'cert-manager renewed {{ $labels.namespace }}/{{ $labels.name }} (a new key) and identity.previousTrustAnchors is empty: proxies that know only the old anchor stop trusting certificates from the new one. Restart the mesh now (README "Alerts").',
            ),
          ]),
    ];
    const controlPlaneRules = [
      rule(
        'LinkerdControlPlaneDown',
        'critical',
        `max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="${props.controlPlaneNamespace}",deployment=~"linkerd-(destination|identity|proxy-injector)"}) == 0`,
        '5m',
        '{{ $labels.deployment }} has no ready replica',
        'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has had no available replica for 5 minutes.',
      ),
      rule(
        'LinkerdIdentityCertifyErrors',
        'critical',
        `sum by (grpc_code) (rate(grpc_server_handled_total{namespace="${props.controlPlaneNamespace}",grpc_service="io.linkerd.proxy.identity.Identity",grpc_code!="OK"}[${t.window}])) > 0`,
        '10m',
        'The identity service fails to issue proxy certificates ({{ $labels.grpc_code }})',
        'linkerd-identity answers Certify with {{ $labels.grpc_code }} at {{ $value | humanize }}/s: proxies cannot renew their certificates.',
      ),
      rule(
        'LinkerdProxyInjectorErrors',
        'warning',
        `sum(increase(proxy_inject_admission_requests_total[${t.window}])) - sum(increase(proxy_inject_admission_responses_total[${t.window}])) > 0`,
        '10m',
        'The proxy injector fails admission requests',
        'The proxy injector answered {{ $value | humanize }} fewer admission requests than it received in ' + t.window + ': new pods may start without a proxy.',
      ),
    ];
    const workloadRules = [
      rule(
        'LinkerdWorkloadSuccessRateLow',
        'warning',
        `(sum by (namespace, deployment) (rate(response_total{${inbound},classification="success"}[${t.window}])) / ${traffic}) < ${t.successRate} and ${traffic} >= ${t.minRequestsPerSecond}`,
        '5m',
        '{{ $labels.namespace }}/{{ $labels.deployment }} answers {{ $value | humanizePercentage }} of requests successfully',
        `Inbound success rate of {{ $labels.namespace }}/{{ $labels.deployment }} is {{ $value | humanizePercentage }} over ${t.window}, below ${t.successRate * 100}%.`,
      ),
      rule(
        'LinkerdWorkloadLatencyHigh',
        'warning',
        `histogram_quantile(0.99, sum by (le, namespace, deployment) (rate(response_latency_ms_bucket{${inbound}}[${t.window}]))) > ${t.p99LatencyMs} and ${traffic} >= ${t.minRequestsPerSecond}`,
        '5m',
        '{{ $labels.namespace }}/{{ $labels.deployment }} p99 latency is {{ $value | humanize }}ms',
        `Inbound p99 latency of {{ $labels.namespace }}/{{ $labels.deployment }} is {{ $value | humanize }}ms over ${t.window}, above ${t.p99LatencyMs}ms.`,
      ),
    ];
    const scrapeRules = [
      rule(
        'LinkerdControlPlaneMetricsMissing',
        'warning',
        'absent(up{job=~".*linkerd-controller"} == 1)',
        '10m',
        'No Linkerd control-plane metrics are scraped',
        'Prometheus has no healthy target of the linkerd-controller PodMonitor: the control-plane alerts cannot fire, so silence is not health.',
      ),
      rule(
        'LinkerdProxyMetricsMissing',
        'warning',
        'absent(up{job=~".*linkerd-proxy"} == 1)',
        '10m',
        'No Linkerd proxy metrics are scraped',
        'Prometheus has no healthy target of the linkerd-proxy PodMonitor: the workload alerts cannot fire, so silence is not health.',
      ),
    ];
    const groups = [
      { name: 'linkerd-certificates', rules: certificateRules },
      { name: 'linkerd-control-plane', rules: controlPlaneRules },
      { name: 'linkerd-workloads', rules: workloadRules },
      { name: 'linkerd-scrape', rules: scrapeRules },
    ];
    this.rules = groups.flatMap((group) => group.rules);
    new PrometheusRule(this, 'Rule', {
      metadata: { name: 'linkerd', namespace: props.namespace, ...(props.labels && Object.keys(props.labels).length > 0 && { labels: { ...props.labels } }) },
      spec: { groups },
    });
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
