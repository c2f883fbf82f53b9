import { Construct } from 'constructs';
import {
  PrometheusRule,
  type PrometheusRuleSpecGroupsRules,
  PrometheusRuleSpecGroupsRulesExpr,
} from '../../imports/monitoring.coreos.com';
import { isDnsLabel } from '../common/dns-label';
import { controlPlaneDeployments } from '../linkerd/components';
import {
  DEFAULT_ROUTE_KIND,
  ROUTE_LABELS,
  type RouteProtocol,
  routeMetrics,
  routeSuccessMatchers,
} from '../linkerd/route-metrics';
import { dnsLabelProp, durationProp, invalidProp } from './validate';

/** A certificate the alerts watch. */
export interface WatchedCertificate {
  /** The cert-manager Certificate's name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
}

/**
 * Who exposes a series an alert reads, and which scrape keeps it:
 * - `cert-manager`: cert-manager's controller, scraped by its own Helm chart's PodMonitor (with `honorLabels`);
 * - `linkerd-controller`: the control plane's Go processes, scraped by the Helm chart's `linkerd-controller` PodMonitor;
 * - `linkerd-proxy`: every proxy (data plane and control plane), scraped by the Helm chart's `linkerd-proxy` PodMonitor;
 * - `kube-state-metrics` and `kube-apiserver`: the person's, scraped by their Prometheus stack (docs/alerts.md "Alerts").
 */
export type AlertExporter =
  | 'cert-manager'
  | 'linkerd-controller'
  | 'linkerd-proxy'
  | 'kube-state-metrics'
  | 'kube-apiserver';

/** One series an alert reads: the metric, its exporter, and the labels the alert filters or groups by. */
export interface AlertSeries {
  readonly alert: string;
  readonly metric: string;
  readonly exporter: AlertExporter;
  /** Labels the expression filters or groups by (they must reach Prometheus with these names). */
  readonly labels: readonly string[];
}

/** Props of {@link MeshAlerts}. */
export interface MeshAlertsProps {
  /** Where the PrometheusRule lives (Linkerd's namespace). */
  readonly namespace: string;
  /**
   * Labels the Prometheus's ruleSelector matches.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** The page the runbook links point into (`<runbookUrl>#<alert>`, docs/alerts.md); not empty. */
  readonly runbookUrl: string;
  /** Every certificate we manage: trust anchor, identity issuer, webhook certificates (at least those two). */
  readonly certificates: readonly WatchedCertificate[];
  /** The trust anchor among them. */
  readonly trustAnchor: WatchedCertificate;
  /** The identity issuer among them (its series is the cert-manager guard's probe). */
  readonly identityIssuer: WatchedCertificate;
  /** Whether the trust bundle carries a previous anchor (then a renewal of the anchor is the planned rotation). */
  readonly bundleHasPreviousAnchor: boolean;
  /** Namespace of the control plane's deployments. */
  readonly controlPlaneNamespace: string;
  /**
   * The control plane's Deployments that must always have a ready replica (LinkerdControlPlaneDown); DNS labels.
   * @default - those of lib/linkerd/components.ts: linkerd-destination, linkerd-identity, linkerd-proxy-injector
   */
  readonly controlPlaneDeployments?: readonly string[];
  /** Whether the line's identity service exports `issuer_cert_ttl_seconds` (edge-25.2.1 on). */
  readonly identityReportsIssuerTtl: boolean;
  /** The proxy injector's webhook name in the MutatingWebhookConfiguration (the API server's metrics name it); a DNS name. */
  readonly injectorWebhookName: string;
  /**
   * Namespaces whose meshed pods deny by default or audit (their default inbound policy is not
   * `all-unauthenticated`): denials there are news.
   * @default - none (no denial alert)
   */
  readonly strictNamespaces?: readonly string[];
  /**
   * Namespaces of the Gateway API routes (HTTPRoute, GRPCRoute) the traffic layer writes: each route's success rate
   * there, from the client proxies' outbound route metrics, is watched (LinkerdRouteSuccessRateLow) at the workload
   * thresholds; DNS labels.
   * @default - no route alert
   */
  readonly routeNamespaces?: readonly string[];
  /**
   * This project's Flux objects for the cluster, watched through kube-state-metrics' `gotk_resource_info` (Flux's
   * custom resource state metrics, docs/alerts.md "LinkerdFluxNotReady"): LinkerdFluxNotReady and its guard.
   * @default - no Flux alert
   */
  readonly flux?: {
    /** Their namespace (flux-system); kube-state-metrics reports it as `exported_namespace`. */
    readonly namespace: string;
    /** The Kustomizations by name: the entry point's first (the guard looks for it). */
    readonly kustomizations: readonly string[];
    /** The HelmReleases by name. */
    readonly helmReleases: readonly string[];
    /** How long one may stay not Ready before it alerts, a Prometheus duration (longer than Flux's own timeout). */
    readonly notReadyFor: string;
  };
  /** When each alert fires; every number is positive. */
  readonly thresholds: {
    /** How long a certificate may be not Ready, a Prometheus duration. */
    readonly certificateNotReadyFor: string;
    /** Seconds before the anchor's renewal to warn. */
    readonly trustAnchorNoticeSeconds: number;
    /** Seconds of issuer life left, as the identity service sees it, below which it alerts. */
    readonly issuerTtlSeconds: number;
    /** Seconds of a proxy's own certificate left below which it alerts. */
    readonly proxyCertificateSeconds: number;
    /** Denials per second (requests and connections) of one workload below which a rise is not news. */
    readonly denialsPerSecond: number;
    /** The share of successful inbound requests (between 0 and 1) below which a workload alerts. */
    readonly successRate: number;
    /** The inbound p99 latency in milliseconds above which a workload alerts. */
    readonly p99LatencyMs: number;
    /** Requests per second a workload must serve to be judged at all. */
    readonly minRequestsPerSecond: number;
    /** The window rates and quantiles are taken over, a Go duration (a Prometheus duration too), e.g. `10m`. */
    readonly window: string;
  };
}

/**
 * The pod label that takes a workload out of the latency alert (streaming endpoints: gRPC streams, SSE,
 * websockets, whose `response_latency_ms` lasts until the stream ends). The proxy PodMonitor maps every pod
 * label onto the proxy's series, sanitized: `mesh-alerts/latency: ignore` arrives as `mesh_alerts_latency="ignore"`.
 */
export const LATENCY_OPT_OUT_LABEL = {
  pod: 'mesh-alerts/latency',
  series: 'mesh_alerts_latency',
  value: 'ignore',
} as const;

/** Prometheus Operator's job label of a PodMonitor: `<namespace>/<name>`. */
const podMonitorJob = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * The workload kinds the proxy PodMonitor carries as labels (from the injector's `linkerd.io/proxy-<kind>` pod
 * labels; `job` arrives as `k8s_job`), in increasing precedence: a Deployment's pods also carry their ReplicaSet,
 * a CronJob's their Job.
 */
const WORKLOAD_KINDS: ReadonlyArray<readonly [label: string, kind: string]> = [
  ['pod', 'pod'],
  ['replicationcontroller', 'replicationcontroller'],
  ['replicaset', 'replicaset'],
  ['k8s_job', 'job'],
  ['cronjob', 'cronjob'],
  ['daemonset', 'daemonset'],
  ['statefulset', 'statefulset'],
  ['deployment', 'deployment'],
];

/** `expr` with a `workload` label `<kind>/<name>` from whichever workload label its pod carries. */
export function withWorkload(expr: string): string {
  return WORKLOAD_KINDS.reduce(
    (inner, [label, kind]) => `label_replace(${inner}, "workload", "${kind}/$1", "${label}", "(.+)")`,
    expr,
  );
}

/**
 * PrometheusRules for the mesh, for a Prometheus Operator (kube-prometheus-stack): certificates (cert-manager's
 * metrics and the identity service's own view), the trust anchor's schedule, the control plane (kube-state-metrics,
 * the API server's webhook metrics and Linkerd's own), meshed workloads (the proxies' metrics), and a guard per
 * exporter so that a monitoring gap is itself an alert. Metric names and their sources: docs/alerts.md "Alerts".
 */
export class MeshAlerts extends Construct {
  /** The alert rules, for tests and the README table. */
  public readonly rules: readonly PrometheusRuleSpecGroupsRules[];
  /** The series each alert reads, with its exporter (for the scrape joins). */
  public readonly series: readonly AlertSeries[];

  public constructor(scope: Construct, id: string, props: MeshAlertsProps) {
    super(scope, id);
    checkProps(`MeshAlerts ${id}`, props);
    const t = props.thresholds;
    const cp = props.controlPlaneNamespace;
    const controllerJob = `job="${podMonitorJob(cp, 'linkerd-controller')}"`;
    const proxyJob = `job="${podMonitorJob(cp, 'linkerd-proxy')}"`;
    const certificates = `namespace=~"${unique(props.certificates.map((c) => c.namespace)).join('|')}",name=~"${unique(props.certificates.map((c) => c.name)).join('|')}"`;
    const anchor = `namespace="${props.trustAnchor.namespace}",name="${props.trustAnchor.name}"`;
    const inbound = `${proxyJob},direction="inbound"`;
    const traffic = `sum by (namespace, workload) (${withWorkload(`rate(response_total{${inbound}}[${t.window}])`)})`;
    const series: AlertSeries[] = [];
    const reads = (alert: string, exporter: AlertExporter, metric: string, labels: readonly string[]) =>
      series.push({ alert, metric, exporter, labels });
    const rule = (
      alert: string,
      severity: 'warning' | 'critical',
      expr: string,
      forDuration: string,
      summary: string,
      description: string,
    ): PrometheusRuleSpecGroupsRules => ({
      alert,
      expr: PrometheusRuleSpecGroupsRulesExpr.fromString(expr),
      for: forDuration,
      labels: { severity },
      annotations: { summary, description, runbook_url: `${props.runbookUrl}#${alert.toLowerCase()}` },
    });

    // cert-manager reports expiration and renewal timestamps as 0 until a certificate is issued (and again
    // after a restart until it syncs): every timestamp is read through `> 0`.
    const certificateRules = [
      rule(
        'LinkerdCertificateNotReady',
        'critical',
        `max by (namespace, name) (certmanager_certificate_ready_status{condition="True",${certificates}}) == 0`,
        t.certificateNotReadyFor,
        'Certificate {{ $labels.namespace }}/{{ $labels.name }} is not Ready',
        `cert-manager reports Certificate {{ $labels.namespace }}/{{ $labels.name }} not Ready for ${t.certificateNotReadyFor}: it is not being issued or renewed.`,
      ),
      rule(
        'LinkerdCertificateRenewalOverdue',
        'critical',
        `time() - (max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{${certificates}}) > 0) > 3600`,
        '15m',
        'Certificate {{ $labels.namespace }}/{{ $labels.name }} was due for renewal and was not renewed',
        'cert-manager should have renewed {{ $labels.namespace }}/{{ $labels.name }} {{ $value | humanizeDuration }} ago; it keeps counting down to expiry.',
      ),
      rule(
        'LinkerdTrustAnchorRotationDue',
        'warning',
        `(max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{${anchor}}) > 0) - time() < ${t.trustAnchorNoticeSeconds}`,
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
              // Changes among the real (non-zero) expirations only: the first issuance (0 -> t) is no renewal.
              `changes((max by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds{${anchor}}) > 0)[2h:1m]) > 0`,
              '0s',
              'The trust anchor was renewed while the trust bundle carries no previous anchor',
              'cert-manager renewed {{ $labels.namespace }}/{{ $labels.name }} (a new key) and identity.previousTrustAnchors is empty: proxies that know only the old anchor stop trusting certificates from the new one. Restart the mesh now (see the runbook).',
            ),
          ]),
      ...(props.identityReportsIssuerTtl
        ? [
            rule(
              'LinkerdIdentityIssuerExpiring',
              'critical',
              `min by (namespace, pod) (issuer_cert_ttl_seconds{${controllerJob},namespace="${cp}"}) < ${t.issuerTtlSeconds}`,
              '15m',
              'linkerd-identity signs with an issuer certificate that expires in {{ $value | humanizeDuration }}',
              `{{ $labels.pod }} still signs with an issuer certificate that has {{ $value | humanizeDuration }} left: cert-manager renews it earlier, so the identity service has not loaded the renewed one (or cert-manager has not renewed it). Once it expires, no proxy gets a certificate.`,
            ),
          ]
        : []),
      rule(
        'LinkerdProxyCertificateExpiring',
        'critical',
        // Old proxies name it identity_cert_expiration_timestamp_seconds, newer ones control_identity_...; 0 until the first certificate.
        `(max by (namespace, workload, pod) (${withWorkload(`{__name__=~"(control_)?identity_cert_expiration_timestamp_seconds",${proxyJob}}`)}) > 0) - time() < ${t.proxyCertificateSeconds}`,
        '10m',
        'The proxy of {{ $labels.namespace }}/{{ $labels.pod }} has a certificate that expires in {{ $value | humanizeDuration }}',
        'The proxy of {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.workload }}) did not renew its mTLS certificate (proxies renew well before this): once it expires, its connections fail.',
      ),
    ];
    reads('LinkerdCertificateNotReady', 'cert-manager', 'certmanager_certificate_ready_status', [
      'namespace',
      'name',
      'condition',
    ]);
    reads('LinkerdCertificateRenewalOverdue', 'cert-manager', 'certmanager_certificate_renewal_timestamp_seconds', [
      'namespace',
      'name',
    ]);
    reads('LinkerdTrustAnchorRotationDue', 'cert-manager', 'certmanager_certificate_renewal_timestamp_seconds', [
      'namespace',
      'name',
    ]);
    if (!props.bundleHasPreviousAnchor)
      reads(
        'LinkerdTrustAnchorRenewedWithoutPreviousAnchor',
        'cert-manager',
        'certmanager_certificate_expiration_timestamp_seconds',
        ['namespace', 'name'],
      );
    if (props.identityReportsIssuerTtl)
      reads('LinkerdIdentityIssuerExpiring', 'linkerd-controller', 'issuer_cert_ttl_seconds', [
        'job',
        'namespace',
        'pod',
      ]);
    reads('LinkerdProxyCertificateExpiring', 'linkerd-proxy', 'identity_cert_expiration_timestamp_seconds', [
      'job',
      'namespace',
      'pod',
    ]);

    const injector = `name="${props.injectorWebhookName}"`;
    const controlPlaneRules = [
      rule(
        'LinkerdControlPlaneDown',
        'critical',
        `max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="${cp}",deployment=~"${alternatives(props.controlPlaneDeployments ?? controlPlaneDeployments())}"}) == 0`,
        '5m',
        '{{ $labels.deployment }} has no ready replica',
        'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has had no available replica for 5 minutes.',
      ),
      rule(
        'LinkerdIdentityCertifyErrors',
        'critical',
        `sum by (grpc_code) (rate(grpc_server_handled_total{${controllerJob},namespace="${cp}",grpc_service="io.linkerd.proxy.identity.Identity",grpc_code!="OK"}[${t.window}])) > 0`,
        '10m',
        'The identity service fails to issue proxy certificates ({{ $labels.grpc_code }})',
        'linkerd-identity answers Certify with {{ $labels.grpc_code }} at {{ $value | humanize }}/s: proxies cannot renew their certificates.',
      ),
      // The injector counts a request after reading its config, the namespace and the object, and a response
      // only for pods; a handler error after the count (answered "not allowed") has no response. Services have
      // no owner (owner_kind=""), every pod has one ("pod" when bare): comparing pods only leaves the errors.
      rule(
        'LinkerdProxyInjectorErrors',
        'warning',
        `sum(increase(proxy_inject_admission_requests_total{${controllerJob},owner_kind!=""}[${t.window}])) - sum(increase(proxy_inject_admission_responses_total{${controllerJob},owner_kind!=""}[${t.window}])) >= 1`,
        '5m',
        'The proxy injector fails pod admission requests',
        `The proxy injector received {{ $value | humanize }} more pod admission requests than it answered in ${t.window}: its handler failed on them, and those pods were refused.`,
      ),
      // What the injector cannot count: it was unreachable, timed out, failed before its counter, or refused.
      // The API server counts every call: rejections (the pod is not created) and fail-open calls (the pod
      // starts without a proxy, failurePolicy Ignore).
      rule(
        'LinkerdProxyInjectorWebhookFailing',
        'critical',
        `sum by (name, error_type) (increase(apiserver_admission_webhook_rejection_count{${injector}}[${t.window}])) >= 1 or label_replace(sum by (name) (increase(apiserver_admission_webhook_fail_open_count{${injector}}[${t.window}])), "error_type", "fail_open", "", "") >= 1`,
        '0s',
        'The API server could not get an answer from the proxy injector ({{ $labels.error_type }})',
        `The API server reports {{ $value | humanize }} calls to {{ $labels.name }} in ${t.window} that failed ({{ $labels.error_type }}): pods were refused, or (fail_open) started without a proxy.`,
      ),
    ];
    reads('LinkerdControlPlaneDown', 'kube-state-metrics', 'kube_deployment_status_replicas_available', [
      'namespace',
      'deployment',
    ]);
    reads('LinkerdIdentityCertifyErrors', 'linkerd-controller', 'grpc_server_handled_total', [
      'job',
      'namespace',
      'grpc_service',
      'grpc_code',
    ]);
    reads('LinkerdProxyInjectorErrors', 'linkerd-controller', 'proxy_inject_admission_requests_total', [
      'job',
      'owner_kind',
    ]);
    reads('LinkerdProxyInjectorErrors', 'linkerd-controller', 'proxy_inject_admission_responses_total', [
      'job',
      'owner_kind',
    ]);
    reads('LinkerdProxyInjectorWebhookFailing', 'kube-apiserver', 'apiserver_admission_webhook_rejection_count', [
      'name',
      'error_type',
    ]);
    reads('LinkerdProxyInjectorWebhookFailing', 'kube-apiserver', 'apiserver_admission_webhook_fail_open_count', [
      'name',
    ]);

    const strict = (props.strictNamespaces ?? []).join('|');
    // HTTP and TCP denials of one server have the same labels once rate() drops the name: summed apart, then added.
    const denialsOf = (kind: 'http' | 'tcp', offset: string) =>
      `sum by (namespace, workload, srv_kind, srv_name) (${withWorkload(`rate(inbound_${kind}_authz_deny_total{${proxyJob},namespace=~"${strict}"}[${t.window}]${offset})`)})`;
    const denials = (offset: string) => {
      const [http, tcp] = [denialsOf('http', offset), denialsOf('tcp', offset)];
      return `((${http} + ${tcp}) or ${http} or ${tcp})`;
    };
    const workloadRules = [
      rule(
        'LinkerdWorkloadSuccessRateLow',
        'warning',
        `(sum by (namespace, workload) (${withWorkload(`rate(response_total{${inbound},classification="success"}[${t.window}])`)}) / ${traffic}) < ${t.successRate} and ${traffic} >= ${t.minRequestsPerSecond}`,
        '5m',
        '{{ $labels.namespace }}/{{ $labels.workload }} answers {{ $value | humanizePercentage }} of requests successfully',
        `Inbound success rate of {{ $labels.namespace }}/{{ $labels.workload }} is {{ $value | humanizePercentage }} over ${t.window}, below ${t.successRate * 100}%.`,
      ),
      rule(
        'LinkerdWorkloadLatencyHigh',
        'warning',
        `histogram_quantile(0.99, sum by (le, namespace, workload) (${withWorkload(`rate(response_latency_ms_bucket{${inbound},${LATENCY_OPT_OUT_LABEL.series}!="${LATENCY_OPT_OUT_LABEL.value}"}[${t.window}])`)})) > ${t.p99LatencyMs} and ${traffic} >= ${t.minRequestsPerSecond}`,
        '5m',
        '{{ $labels.namespace }}/{{ $labels.workload }} p99 latency is {{ $value | humanize }}ms',
        `Inbound p99 latency of {{ $labels.namespace }}/{{ $labels.workload }} is {{ $value | humanize }}ms over ${t.window}, above ${t.p99LatencyMs}ms. Streaming endpoints count until the stream ends: label their pods ${LATENCY_OPT_OUT_LABEL.pod}: ${LATENCY_OPT_OUT_LABEL.value} (see the runbook).`,
      ),
      ...(props.strictNamespaces && props.strictNamespaces.length > 0
        ? [
            rule(
              'LinkerdAuthorizationDenialsRising',
              'warning',
              `${denials('')} > ${t.denialsPerSecond} unless ${denials('')} <= 2 * ${denials(' offset 1h')}`,
              '10m',
              '{{ $labels.namespace }}/{{ $labels.workload }} denies {{ $value | humanize }}/s on {{ $labels.srv_kind }} {{ $labels.srv_name }}, more than twice as many as an hour ago',
              'Linkerd denies more requests and connections to {{ $labels.namespace }}/{{ $labels.workload }} than an hour ago: a new client without an AuthorizationPolicy, a changed identity, or someone probing.',
            ),
          ]
        : []),
      rule(
        'LinkerdProxyVersionMismatch',
        'warning',
        `count by (namespace, workload, version) (${withWorkload(`proxy_build_info{${proxyJob},namespace!="${cp}"}`)}) unless on (version) group by (version) (proxy_build_info{${proxyJob},namespace="${cp}"})`,
        '1h',
        '{{ $labels.namespace }}/{{ $labels.workload }} runs proxy {{ $labels.version }}, which the control plane does not',
        '{{ $value }} pods of {{ $labels.namespace }}/{{ $labels.workload }} run proxy {{ $labels.version }} while the control plane runs another: restart the workload after an upgrade (make linkerd-restart NS={{ $labels.namespace }}).',
      ),
    ];
    reads('LinkerdWorkloadSuccessRateLow', 'linkerd-proxy', 'response_total', [
      'job',
      'direction',
      'classification',
      'namespace',
      'pod',
    ]);
    reads('LinkerdWorkloadLatencyHigh', 'linkerd-proxy', 'response_latency_ms_bucket', [
      'job',
      'direction',
      'le',
      'namespace',
      'pod',
    ]);
    if (props.strictNamespaces && props.strictNamespaces.length > 0) {
      reads('LinkerdAuthorizationDenialsRising', 'linkerd-proxy', 'inbound_http_authz_deny_total', [
        'job',
        'namespace',
        'pod',
        'srv_kind',
        'srv_name',
      ]);
      reads('LinkerdAuthorizationDenialsRising', 'linkerd-proxy', 'inbound_tcp_authz_deny_total', [
        'job',
        'namespace',
        'pod',
        'srv_kind',
        'srv_name',
      ]);
    }
    reads('LinkerdProxyVersionMismatch', 'linkerd-proxy', 'proxy_build_info', ['job', 'namespace', 'pod', 'version']);

    // Routes: the final outcome of each request (after retries) as the client proxies count it, summed over clients.
    const routeRules: PrometheusRuleSpecGroupsRules[] = [];
    if (props.routeNamespaces && props.routeNamespaces.length > 0) {
      const { parentNamespace, parentName, routeNamespace, routeName, routeKind } = ROUTE_LABELS;
      const routeSelection = `${proxyJob},${routeNamespace}=~"${unique(props.routeNamespaces).join('|')}",${routeKind}!="${DEFAULT_ROUTE_KIND}"`;
      const protocols: readonly RouteProtocol[] = ['http', 'grpc'];
      const by = `${parentNamespace}, ${parentName}, ${routeName}`;
      // HTTP's and gRPC's series never share a label set (http_status, grpc_status): `or` keeps both.
      const routeRate = (success: boolean) =>
        `sum by (${by}) (${protocols.map((protocol) => `rate(${routeMetrics(protocol).requestStatuses}{${routeSelection}${success ? `,${routeSuccessMatchers(protocol)}` : ''}}[${t.window}])`).join(' or ')})`;
      const requests = routeRate(false);
      routeRules.push(
        rule(
          'LinkerdRouteSuccessRateLow',
          'warning',
          // A route that fails every request has no success series at all: `or <requests> * 0` counts it as 0.
          `((${routeRate(true)} or ${requests} * 0) / ${requests}) < ${t.successRate} and ${requests} >= ${t.minRequestsPerSecond}`,
          '5m',
          'Route {{ $labels.route_name }} of {{ $labels.parent_namespace }}/{{ $labels.parent_name }} succeeds for {{ $value | humanizePercentage }} of requests',
          `The clients of {{ $labels.parent_namespace }}/{{ $labels.parent_name }} see {{ $value | humanizePercentage }} of the requests on route {{ $labels.route_name }} succeed over ${t.window} (after retries), below ${t.successRate * 100}%.`,
        ),
      );
      for (const protocol of protocols)
        reads('LinkerdRouteSuccessRateLow', 'linkerd-proxy', routeMetrics(protocol).requestStatuses, [
          'job',
          routeNamespace,
          routeKind,
          parentNamespace,
          parentName,
          routeName,
          'error',
          protocol === 'http' ? 'http_status' : 'grpc_status',
        ]);
    }

    const scrapeRules = [
      rule(
        'LinkerdCertManagerMetricsMissing',
        'warning',
        `absent(certmanager_certificate_ready_status{namespace="${props.identityIssuer.namespace}",name="${props.identityIssuer.name}"})`,
        '15m',
        "No cert-manager series for Linkerd's certificates",
        `Prometheus has no certmanager_certificate_ready_status for ${props.identityIssuer.namespace}/${props.identityIssuer.name}: cert-manager is not scraped, or scraped without honorLabels (the namespace label becomes exported_namespace). The certificate alerts cannot fire, so silence is not health.`,
      ),
      rule(
        'LinkerdControlPlaneMetricsMissing',
        'warning',
        `absent(up{${controllerJob}} == 1)`,
        '10m',
        'No Linkerd control-plane metrics are scraped',
        'Prometheus has no healthy target of the linkerd-controller PodMonitor: the control-plane alerts cannot fire, so silence is not health.',
      ),
      rule(
        'LinkerdProxyMetricsMissing',
        'warning',
        `absent(up{${proxyJob}} == 1)`,
        '10m',
        'No Linkerd proxy metrics are scraped',
        'Prometheus has no healthy target of the linkerd-proxy PodMonitor: the workload alerts cannot fire, so silence is not health.',
      ),
      rule(
        'LinkerdKubeStateMetricsMissing',
        'warning',
        `absent(kube_deployment_status_replicas_available{namespace="${cp}",deployment="linkerd-identity"})`,
        '15m',
        'kube-state-metrics does not report the Linkerd control plane',
        'Prometheus has no kube_deployment_status_replicas_available for linkerd-identity: kube-state-metrics is not scraped (or not installed), so LinkerdControlPlaneDown cannot fire.',
      ),
      rule(
        'LinkerdKubeApiserverMetricsMissing',
        'warning',
        'absent(up{job="apiserver"} == 1)',
        '15m',
        "The API server's metrics are not scraped",
        "Prometheus has no healthy target of job apiserver (kube-prometheus-stack's): LinkerdProxyInjectorWebhookFailing cannot fire.",
      ),
    ];
    reads('LinkerdCertManagerMetricsMissing', 'cert-manager', 'certmanager_certificate_ready_status', [
      'namespace',
      'name',
    ]);
    reads('LinkerdKubeStateMetricsMissing', 'kube-state-metrics', 'kube_deployment_status_replicas_available', [
      'namespace',
      'deployment',
    ]);

    const fluxRules: PrometheusRuleSpecGroupsRules[] = [];
    if (props.flux) {
      const { namespace, kustomizations, helmReleases, notReadyFor } = props.flux;
      // kube-state-metrics' custom resource state (Flux's monitoring example): one info series per object, its
      // Ready condition in `ready`; the object's namespace is `exported_namespace` (ksm's own target has `namespace`).
      const selector = (kind: string, names: readonly string[]) =>
        `gotk_resource_info{customresource_kind="${kind}",exported_namespace="${namespace}",name=~"${alternatives(names)}",ready!="True",suspended!="true"}`;
      const selectors = [
        selector('Kustomization', kustomizations),
        ...(helmReleases.length > 0 ? [selector('HelmRelease', helmReleases)] : []),
      ];
      fluxRules.push(
        rule(
          'LinkerdFluxNotReady',
          'warning',
          // The max over `ready` (False once failed, Unknown while retrying): one series per object, whose `for` does not restart.
          `max by (exported_namespace, customresource_kind, name) (${selectors.join(' or ')}) > 0`,
          notReadyFor,
          'Flux {{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} is not Ready',
          `Flux has not got {{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} Ready for ${notReadyFor}, longer than it waits for any layer: a change of this project did not reach the cluster (flux get kustomizations; flux get helmreleases -A).`,
        ),
        rule(
          'LinkerdFluxMetricsMissing',
          'warning',
          `absent(gotk_resource_info{customresource_kind="Kustomization",exported_namespace="${namespace}",name="${kustomizations[0]}"})`,
          '15m',
          "kube-state-metrics does not report Flux's Kustomizations",
          `Prometheus has no gotk_resource_info for Kustomization ${namespace}/${kustomizations[0]}: kube-state-metrics lacks Flux's custom resource state configuration (docs/alerts.md), or is not scraped, so LinkerdFluxNotReady cannot fire.`,
        ),
      );
      const labels = ['customresource_kind', 'exported_namespace', 'name', 'ready', 'suspended'];
      reads('LinkerdFluxNotReady', 'kube-state-metrics', 'gotk_resource_info', labels);
      reads('LinkerdFluxMetricsMissing', 'kube-state-metrics', 'gotk_resource_info', labels.slice(0, 3));
    }

    const groups = [
      { name: 'linkerd-certificates', rules: certificateRules },
      { name: 'linkerd-control-plane', rules: controlPlaneRules },
      { name: 'linkerd-workloads', rules: workloadRules },
      ...(routeRules.length > 0 ? [{ name: 'linkerd-routes', rules: routeRules }] : []),
      { name: 'linkerd-scrape', rules: scrapeRules },
      ...(fluxRules.length > 0 ? [{ name: 'linkerd-flux', rules: fluxRules }] : []),
    ];
    this.rules = groups.flatMap((group) => group.rules);
    this.series = series;
    new PrometheusRule(this, 'Rule', {
      metadata: {
        name: 'linkerd',
        namespace: props.namespace,
        ...(props.labels && Object.keys(props.labels).length > 0 && { labels: { ...props.labels } }),
      },
      spec: { groups },
    });
  }
}

/**
 * Every name the expressions quote must be one that cannot end the quote or the regular expression it
 * sits in; every threshold a number the comparison means.
 */
function checkProps(what: string, props: MeshAlertsProps): void {
  dnsLabelProp(what, 'namespace', props.namespace);
  dnsLabelProp(what, 'controlPlaneNamespace', props.controlPlaneNamespace);
  if (props.runbookUrl.trim() === '')
    invalidProp(
      what,
      'runbookUrl',
      props.runbookUrl,
      'is empty: name the page the runbook links point into (docs/alerts.md)',
    );
  props.certificates.forEach((certificate, index) => {
    dnsLabelProp(what, `certificates[${index}].namespace`, certificate.namespace);
    dnsLabelProp(what, `certificates[${index}].name`, certificate.name);
  });
  for (const field of ['trustAnchor', 'identityIssuer'] as const) {
    const certificate = props[field];
    if (
      !props.certificates.some(
        (candidate) => candidate.name === certificate.name && candidate.namespace === certificate.namespace,
      )
    ) {
      invalidProp(what, field, `${certificate.namespace}/${certificate.name}`, 'is not among certificates');
    }
  }
  if (!props.injectorWebhookName.split('.').every((label) => isDnsLabel(label))) {
    invalidProp(
      what,
      'injectorWebhookName',
      props.injectorWebhookName,
      'is not a DNS name such as "linkerd-proxy-injector.linkerd.io"',
    );
  }
  (props.strictNamespaces ?? []).forEach((namespace, index) =>
    dnsLabelProp(what, `strictNamespaces[${index}]`, namespace),
  );
  (props.routeNamespaces ?? []).forEach((namespace, index) =>
    dnsLabelProp(what, `routeNamespaces[${index}]`, namespace),
  );
  if (props.controlPlaneDeployments?.length === 0)
    invalidProp(what, 'controlPlaneDeployments', '[]', 'names no Deployment: the alert would watch nothing');
  (props.controlPlaneDeployments ?? []).forEach((name, index) =>
    dnsLabelProp(what, `controlPlaneDeployments[${index}]`, name),
  );
  if (props.flux) {
    dnsLabelProp(what, 'flux.namespace', props.flux.namespace);
    if (props.flux.kustomizations.length === 0)
      invalidProp(what, 'flux.kustomizations', '[]', 'names no Kustomization: the guard would look for nothing');
    [...props.flux.kustomizations, ...props.flux.helmReleases].forEach((name, index) =>
      dnsLabelProp(what, `flux names[${index}]`, name),
    );
    durationProp(what, 'flux.notReadyFor', props.flux.notReadyFor);
  }
  const t = props.thresholds;
  durationProp(what, 'thresholds.certificateNotReadyFor', t.certificateNotReadyFor);
  durationProp(what, 'thresholds.window', t.window);
  for (const field of [
    'trustAnchorNoticeSeconds',
    'issuerTtlSeconds',
    'proxyCertificateSeconds',
    'denialsPerSecond',
    'p99LatencyMs',
    'minRequestsPerSecond',
  ] as const) {
    if (!Number.isFinite(t[field]) || t[field] <= 0)
      invalidProp(what, `thresholds.${field}`, t[field], 'is not a positive number');
  }
  if (!(t.successRate > 0 && t.successRate < 1))
    invalidProp(what, 'thresholds.successRate', t.successRate, 'is not a share between 0 and 1 (e.g. 0.95)');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * A PromQL regex matching exactly `names` (DNS labels, so nothing to escape), their common prefix up to a "-"
 * written once: `linkerd-(destination|identity|proxy-injector)`.
 */
function alternatives(names: readonly string[]): string {
  if (names.length === 1) return names[0];
  const first = names[0];
  let prefix = '';
  for (let end = first.indexOf('-'); end >= 0; end = first.indexOf('-', end + 1)) {
    const candidate = first.slice(0, end + 1);
    if (names.every((name) => name.startsWith(candidate) && name.length > candidate.length)) prefix = candidate;
  }
  return `${prefix}(${names.map((name) => name.slice(prefix.length)).join('|')})`;
}
