/**
 * MeshAlerts on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults, then its
 * output, then the props it refuses. That every alert fires on its series (promtool) and that the series
 * are scraped is tested from configs in features/alerts/alerts.test.ts and test/render.
 */
import { Testing } from 'cdk8s';
import { LATENCY_OPT_OUT_LABEL, MeshAlerts, type MeshAlertsProps } from './mesh-alerts';
import { crdProblems, EMITTED_CRD_FOLDERS } from '../../test/support/crd-problems';
import { loadCrdValidators } from '../../test/support/crd-schemas';
import { describeWithShared } from '../../test/support/shared';

const ANCHOR = { name: 'linkerd-trust-anchor', namespace: 'cert-manager' };
const ISSUER = { name: 'linkerd-identity-issuer', namespace: 'linkerd' };
const PROPS: MeshAlertsProps = {
  namespace: 'linkerd',
  runbookUrl: 'https://git.example/home/README.md',
  certificates: [ANCHOR, ISSUER, { name: 'tap', namespace: 'linkerd-viz' }],
  trustAnchor: ANCHOR,
  identityIssuer: ISSUER,
  bundleHasPreviousAnchor: false,
  controlPlaneNamespace: 'linkerd',
  identityReportsIssuerTtl: true,
  injectorWebhookName: 'linkerd-proxy-injector.linkerd.io',
  thresholds: {
    certificateNotReadyFor: '15m',
    trustAnchorNoticeSeconds: 3_628_800,
    issuerTtlSeconds: 86_400,
    proxyCertificateSeconds: 10_800,
    denialsPerSecond: 1 / 60,
    successRate: 0.95,
    p99LatencyMs: 1000,
    minRequestsPerSecond: 0.1,
    window: '10m',
  },
};

function synth(props: Partial<MeshAlertsProps> = {}) {
  const chart = Testing.chart();
  const alerts = new MeshAlerts(chart, 'MeshAlerts', { ...PROPS, ...props });
  const manifests = Testing.synth(chart) as any[];
  return { alerts, manifests, rules: manifests[0].spec.groups.flatMap((group: any) => group.rules) as any[] };
}

const names = (rules: readonly { alert?: string }[]) => rules.map((rule) => rule.alert);

describe('defaults', () => {
  const { alerts, manifests, rules } = synth();

  test('one PrometheusRule named linkerd, with no labels unless given', () => {
    expect(manifests).toHaveLength(1);
    expect(manifests[0]).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'linkerd', namespace: 'linkerd' },
    });
    expect(manifests[0].metadata.labels).toBeUndefined();
    expect(synth({ labels: {} }).manifests[0].metadata.labels).toBeUndefined();
    expect(synth({ labels: { release: 'kps' } }).manifests[0].metadata.labels).toEqual({ release: 'kps' });
  });

  test('no strict namespaces: no denial alert, and its series are not read', () => {
    expect(names(rules)).not.toContain('LinkerdAuthorizationDenialsRising');
    expect(alerts.series.filter((series) => series.metric.includes('authz_deny'))).toEqual([]);
  });

  test('four groups, in order: certificates, control plane, workloads, scrape', () => {
    expect(manifests[0].spec.groups.map((group: any) => group.name)).toEqual([
      'linkerd-certificates',
      'linkerd-control-plane',
      'linkerd-workloads',
      'linkerd-scrape',
    ]);
  });
});

describe('output', () => {
  const { alerts, rules } = synth({ strictNamespaces: ['payments', 'ledger'], routeNamespaces: ['media', 'shop'] });

  test('the rules property is what is emitted', () => {
    expect(alerts.rules.map((rule) => ({ ...rule, expr: rule.expr.value }))).toEqual(rules);
  });

  test('every rule has a severity, a summary, a description and a runbook link to <runbookUrl>#<alert in lowercase>', () => {
    for (const rule of rules) {
      expect([
        rule.alert,
        ['warning', 'critical'].includes(rule.labels.severity),
        rule.annotations.runbook_url,
      ]).toEqual([rule.alert, true, `${PROPS.runbookUrl}#${rule.alert.toLowerCase()}`]);
      expect(rule.annotations.summary.length * rule.annotations.description.length).toBeGreaterThan(0);
    }
    expect(new Set(names(rules)).size).toBe(rules.length);
  });

  test("every series the construct says an alert reads is in that alert's expression, with its filter labels", () => {
    expect(alerts.series.length).toBeGreaterThan(10);
    for (const series of alerts.series) {
      const rule = rules.find((candidate) => candidate.alert === series.alert);
      expect([series.alert, series.metric, rule !== undefined]).toEqual([series.alert, series.metric, true]);
      // Old proxies name the certificate series identity_..., newer ones control_identity_...: one regex reads both.
      expect([series.metric, rule.expr.includes(series.metric.replace(/^identity_/, '(control_)?identity_'))]).toEqual([
        series.metric,
        true,
      ]);
    }
  });

  test('the certificate alerts watch exactly the given certificates; the anchor ones only the anchor', () => {
    const notReady = rules.find((rule) => rule.alert === 'LinkerdCertificateNotReady').expr;
    expect(notReady).toContain(
      'namespace=~"cert-manager|linkerd|linkerd-viz",name=~"linkerd-trust-anchor|linkerd-identity-issuer|tap"',
    );
    expect(rules.find((rule) => rule.alert === 'LinkerdTrustAnchorRotationDue').expr).toContain(
      '{namespace="cert-manager",name="linkerd-trust-anchor"}) > 0) - time() < 3628800',
    );
    expect(rules.find((rule) => rule.alert === 'LinkerdCertManagerMetricsMissing').expr).toBe(
      'absent(certmanager_certificate_ready_status{namespace="linkerd",name="linkerd-identity-issuer"})',
    );
  });

  test('the denial alert reads the strict namespaces only; the latency alert leaves out pods that opt out', () => {
    expect(rules.find((rule) => rule.alert === 'LinkerdAuthorizationDenialsRising').expr).toContain(
      'namespace=~"payments|ledger"',
    );
    expect(rules.find((rule) => rule.alert === 'LinkerdWorkloadLatencyHigh').expr).toContain(
      `${LATENCY_OPT_OUT_LABEL.series}!="${LATENCY_OPT_OUT_LABEL.value}"`,
    );
  });

  test("the route alert reads its namespaces' routes (not the made-up default ones), HTTP and gRPC, in a group of its own", () => {
    const expr = rules.find((rule) => rule.alert === 'LinkerdRouteSuccessRateLow').expr;
    expect(expr).toContain(
      'outbound_http_route_request_statuses_total{job="linkerd/linkerd-proxy",route_namespace=~"media|shop",route_kind!="default",error="",http_status!~"5.."}',
    );
    expect(expr).toContain(
      'outbound_grpc_route_request_statuses_total{job="linkerd/linkerd-proxy",route_namespace=~"media|shop",route_kind!="default",error="",grpc_status="OK"}',
    );
    expect(expr).toContain('sum by (parent_namespace, parent_name, route_name)');
    expect(synth().rules.map((rule) => rule.alert)).not.toContain('LinkerdRouteSuccessRateLow');
    expect(synth({ routeNamespaces: [] }).rules.map((rule) => rule.alert)).not.toContain('LinkerdRouteSuccessRateLow');
  });

  test('a previous anchor in the bundle silences the unplanned-renewal page; a line without issuer_cert_ttl_seconds has no issuer-TTL alert', () => {
    expect(names(synth().rules)).toEqual(
      expect.arrayContaining(['LinkerdTrustAnchorRenewedWithoutPreviousAnchor', 'LinkerdIdentityIssuerExpiring']),
    );
    expect(names(synth({ bundleHasPreviousAnchor: true }).rules)).not.toContain(
      'LinkerdTrustAnchorRenewedWithoutPreviousAnchor',
    );
    const old = synth({ identityReportsIssuerTtl: false });
    expect(names(old.rules)).not.toContain('LinkerdIdentityIssuerExpiring');
    expect(old.alerts.series.map((series) => series.metric)).not.toContain('issuer_cert_ttl_seconds');
  });

  test('thresholds reach the expressions', () => {
    const tuned = synth({
      thresholds: { ...PROPS.thresholds, successRate: 0.8, p99LatencyMs: 250, window: '5m' },
    }).rules;
    expect(tuned.find((rule) => rule.alert === 'LinkerdWorkloadSuccessRateLow').expr).toMatch(/\[5m\].*< 0\.8 and/);
    expect(tuned.find((rule) => rule.alert === 'LinkerdWorkloadLatencyHigh').expr).toContain('> 250 and');
  });
});

describe('the control-plane Deployments LinkerdControlPlaneDown watches', () => {
  const watched = (props: Partial<MeshAlertsProps> = {}) => {
    const expr: string = synth(props).rules.find((rule) => rule.alert === 'LinkerdControlPlaneDown').expr;
    return new RegExp(`^(?:${/deployment=~"([^"]+)"/.exec(expr)![1]})$`);
  };
  const CONTROL_PLANE = ['linkerd-destination', 'linkerd-identity', 'linkerd-proxy-injector'];

  test('by default those of lib/linkerd/components.ts, and nothing else', () => {
    const regex = watched();
    for (const name of CONTROL_PLANE) expect(regex.test(name)).toBe(true);
    for (const name of ['linkerd-heartbeat', 'linkerd-destination-x', 'linkerd-', 'destination', 'metrics-api'])
      expect(regex.test(name)).toBe(false);
  });

  test.each<[string, string[]]>([
    ['one', ['linkerd-identity']],
    ['no common prefix', ['linkerd-identity', 'web', 'tap']],
    ['a common prefix that is no whole word', ['linkerd-ab', 'linkerd-ac']],
    ['one name the prefix of another', ['linkerd-id', 'linkerd-identity']],
  ])('given ones (%s): exactly those', (_case, names) => {
    const regex = watched({ controlPlaneDeployments: names });
    for (const name of names) expect(regex.test(name)).toBe(true);
    for (const name of [...CONTROL_PLANE, 'linkerd-a', 'linkerd-', 'linkerd-idx'].filter(
      (name) => !names.includes(name),
    ))
      expect(regex.test(name)).toBe(false);
  });
});

describe('validation: early, naming the field and the value', () => {
  const thresholds = (change: Partial<MeshAlertsProps['thresholds']>) => ({
    thresholds: { ...PROPS.thresholds, ...change },
  });
  test.each<[string, Partial<MeshAlertsProps>, string]>([
    [
      'a strict namespace that would break the regular expression',
      { strictNamespaces: ['apps|.*'] },
      'MeshAlerts MeshAlerts: strictNamespaces[0] "apps|.*" is not a DNS-1123 label',
    ],
    [
      'a route namespace that would break the regular expression',
      { routeNamespaces: ['media', 'a.*'] },
      'MeshAlerts MeshAlerts: routeNamespaces[1] "a.*" is not a DNS-1123 label',
    ],
    [
      'a certificate name with a quote',
      { certificates: [ANCHOR, ISSUER, { name: 'a"b', namespace: 'x' }] },
      'certificates[2].name "a\\"b" is not a DNS-1123 label',
    ],
    [
      'a trust anchor not among the certificates',
      { certificates: [ISSUER] },
      'trustAnchor "cert-manager/linkerd-trust-anchor" is not among certificates',
    ],
    [
      'an identity issuer not among the certificates',
      { certificates: [ANCHOR] },
      'identityIssuer "linkerd/linkerd-identity-issuer" is not among certificates',
    ],
    [
      'an injector webhook name with a quote',
      { injectorWebhookName: 'x"}' },
      'injectorWebhookName "x\\"}" is not a DNS name',
    ],
    ['an empty runbook URL', { runbookUrl: ' ' }, 'runbookUrl " " is empty'],
    [
      'a window that is no duration',
      thresholds({ window: 'ten minutes' }),
      'thresholds.window "ten minutes" is not a duration',
    ],
    [
      'a success rate given in percent',
      thresholds({ successRate: 95 }),
      'thresholds.successRate 95 is not a share between 0 and 1',
    ],
    ['a negative latency', thresholds({ p99LatencyMs: -1 }), 'thresholds.p99LatencyMs -1 is not a positive number'],
    [
      'a request rate that is no number',
      thresholds({ minRequestsPerSecond: Number.NaN }),
      'thresholds.minRequestsPerSecond null is not a positive number',
    ],
    [
      'a control-plane Deployment that would break the regular expression',
      { controlPlaneDeployments: ['linkerd-.*'] },
      'controlPlaneDeployments[0] "linkerd-.*" is not a DNS-1123 label',
    ],
    [
      'no control-plane Deployment to watch',
      { controlPlaneDeployments: [] },
      'controlPlaneDeployments "[]" names no Deployment',
    ],
  ])('%s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describeWithShared('against the PrometheusRule CRD in ../shared', () => {
  test('with every alert (strict namespaces, no previous anchor, issuer TTL) and with labels: accepted, no unknown field', () => {
    const { manifests } = synth({
      strictNamespaces: ['payments'],
      routeNamespaces: ['media'],
      labels: { release: 'kps' },
    });
    expect(crdProblems(loadCrdValidators(EMITTED_CRD_FOLDERS), manifests)).toEqual([]);
  });
});
