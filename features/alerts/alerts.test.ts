/**
 * The mesh's alerts: the PrometheusRule validates against its CRD, `promtool check rules` accepts it, and
 * `promtool test rules` shows, for every alert, series that make it fire and series that must not (no
 * traffic included), at the default thresholds and at tuned ones.
 *
 * promtool comes from Debian's `prometheus` package (.ci/run unpacks it into .build/promtool without
 * starting a server). Where it is absent these tests say they were skipped; under CI=true they fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadCrdValidators } from '../../test/support/crd-schemas';
import { describeWithPromtool, PROMTOOL } from '../../test/support/promtool';
import { describeWithShared } from '../../test/support/shared';
import { binaryIdentity, cachedRun } from '../../test/support/tool-cache';
import { synthesizeConfig } from '../../test/support/synth';

const BASE =
  'meshedNamespaces: [apps, {name: payments, defaultInboundPolicy: deny}]\n' +
  'monitoring: {podMonitors: {enabled: true, labels: {release: kps}}, alerts: {enabled: true, labels: {release: kps}}}\n';
const TUNED =
  'meshedNamespaces: [apps, {name: payments, defaultInboundPolicy: deny}]\n' +
  'monitoring: {podMonitors: {enabled: true}, alerts: {enabled: true, certificates: {notReadyFor: 30m}, trustAnchor: {rotationNotice: 100h}, ' +
  'workloads: {successRate: 0.8, p99LatencyMs: 10000, minRequestsPerSecond: 2, window: 5m}}}\n';

/** The alerts BASE emits: every one has a firing and a quiet case below. */
const ALERT_COUNT = 21;

/** BASE with Gateway API routes in `apps` (an HTTPRoute and a GRPCRoute, each with the catch-all beside it). */
const TRAFFIC =
  'traffic: {apps: {web: {service: {selector: {app: web}, ports: [{name: http, port: 8080}]}, routes: [{name: api, http: {pathPrefix: /api}}]}, ' +
  'transcoder: {service: {selector: {app: transcoder}, ports: [{name: grpc, port: 9090}]}, routes: [{name: transcode, grpc: {service: transcoder.v1.Transcoder}}]}}}\n';
const ROUTES = `${BASE}${TRAFFIC}`;

function ruleObject(text: string) {
  return synthesizeConfig(text).objects.find(({ object }) => object.kind === 'PrometheusRule');
}

test('alerts off: no alerts layer; on: a layer of its own with no dependency, applied without waiting for the mesh', () => {
  expect(ruleObject('{}')).toBeUndefined();
  const { objects } = synthesizeConfig(BASE);
  expect(objects.find(({ object }) => object.kind === 'PrometheusRule')?.layer).toBe('alerts');
  const layer = objects.find(
    ({ object }) => object.kind === 'Kustomization' && object.metadata.name === 'linkerd-alerts',
  )!.object.spec as any;
  expect(layer.dependsOn).toBeUndefined();
  expect(layer.path).toBe('./dist/test/alerts');
});

test('every alert has a severity, a summary, a description and a runbook link into docs/alerts.md', () => {
  const groups = (ruleObject(BASE)!.object.spec as any).groups;
  const rules = groups.flatMap((group: any) => group.rules);
  expect(rules.length).toBe(ALERT_COUNT);
  for (const rule of rules) {
    expect([rule.alert, rule.labels.severity]).toEqual([rule.alert, expect.stringMatching(/^(warning|critical)$/)]);
    expect(rule.annotations.summary).toBeTruthy();
    expect(rule.annotations.description).toBeTruthy();
    expect(rule.annotations.runbook_url).toBe(`docs/alerts.md#${rule.alert.toLowerCase()}`);
  }
  // Every runbook anchor exists: a heading per alert in docs/alerts.md (test/docs.test.ts checks the anchors).
  const page = require('node:fs').readFileSync(resolve(__dirname, '../../docs/alerts.md'), 'utf8') as string;
  for (const rule of rules) expect(page).toContain(`### ${rule.alert}\n`);
});

test('the route alert exists only with routes in the traffic layer, with its runbook, reading the routes of their namespaces only', () => {
  const alerts = (text: string) =>
    (ruleObject(text)!.object.spec as any).groups.flatMap((group: any) => group.rules.map((rule: any) => rule));
  expect(alerts(BASE).map((rule: any) => rule.alert)).not.toContain('LinkerdRouteSuccessRateLow');
  // Traffic without routes (retries on the Service only): no route series of ours, no alert.
  expect(
    alerts(`${BASE}traffic: {apps: {web: {retries: {http: [5xx], limit: 2}}}}\n`).map((rule: any) => rule.alert),
  ).not.toContain('LinkerdRouteSuccessRateLow');
  const rules = alerts(ROUTES);
  expect(rules).toHaveLength(ALERT_COUNT + 1);
  const route = rules.find((rule: any) => rule.alert === 'LinkerdRouteSuccessRateLow');
  expect(route.labels).toEqual({ severity: 'warning' });
  expect(route.annotations.runbook_url).toBe('docs/alerts.md#linkerdroutesuccessratelow');
  expect(String(route.expr)).toContain('route_namespace=~"apps"');
  const page = require('node:fs').readFileSync(resolve(__dirname, '../../docs/alerts.md'), 'utf8') as string;
  expect(page).toContain('### LinkerdRouteSuccessRateLow\n');
  // Routes but alerts off: no PrometheusRule at all.
  expect(
    ruleObject(`meshedNamespaces: [apps]\nmonitoring: {podMonitors: {enabled: true}}\n${TRAFFIC}`),
  ).toBeUndefined();
});

test('the renewal of the anchor pages only while the bundle carries no previous anchor', () => {
  const alerts = (text: string) =>
    (ruleObject(text)!.object.spec as any).groups.flatMap((group: any) => group.rules.map((rule: any) => rule.alert));
  expect(alerts(BASE)).toContain('LinkerdTrustAnchorRenewedWithoutPreviousAnchor');
  const pem = require('node:fs').readFileSync(
    resolve(__dirname, '../../test/fixtures/trust-anchor-old.pem'),
    'utf8',
  ) as string;
  expect(alerts(`${BASE}identity: {previousTrustAnchors: [${JSON.stringify(pem)}]}\n`)).not.toContain(
    'LinkerdTrustAnchorRenewedWithoutPreviousAnchor',
  );
});

test("the identity issuer's own TTL is read only on lines whose identity service exports it (edge; stable 2.14 predates it)", () => {
  const { RELEASE_LINE_NAMES } = require('../../lib/linkerd/catalog') as typeof import('../../lib/linkerd/catalog');
  for (const line of RELEASE_LINE_NAMES) {
    const alerts = (ruleObject(`releaseLine: ${line}\n${BASE}`)!.object.spec as any).groups.flatMap((group: any) =>
      group.rules.map((rule: any) => rule.alert),
    );
    expect([line, alerts.includes('LinkerdIdentityIssuerExpiring')]).toEqual([line, line.startsWith('edge-')]);
  }
});

describeWithShared('the PrometheusRule', () => {
  test('validates against the CRD in ../shared, with the selector labels', () => {
    const validators = loadCrdValidators(['prometheus-operator-crds']);
    const { object } = ruleObject(BASE)!;
    const validator = validators.get('monitoring.coreos.com/v1/PrometheusRule')!;
    expect(validator.validate(object) ? [] : validator.validate.errors).toEqual([]);
    expect(object.metadata.labels).toEqual({ release: 'kps' });
  });
});

/** One promtool unit test: series, and at one time the alerts expected (none: `[]`). */
interface Case {
  readonly name: string;
  readonly series: Record<string, string>;
  readonly at: string;
  readonly alert: string;
  readonly fires: ReadonlyArray<Record<string, string>>;
}

/*
 * Series as Prometheus stores them: the exporter's own labels plus what the scrape adds. Prometheus Operator
 * gives every PodMonitor target job="<namespace>/<PodMonitor>", namespace, pod, container, endpoint (the port
 * name) and instance; the Helm chart's relabelings add the rest (test "the scrape labels these series carry are
 * the ones the rendered PodMonitors produce" below checks them against the Helm chart).
 */
const labels = (entries: Record<string, string>) =>
  Object.entries(entries)
    .map(([key, value]) => `${key}="${value}"`)
    .join(',');
/** A proxy scraped by the linkerd-proxy PodMonitor: pod labels `linkerd.io/proxy-<kind>` arrive as `<kind>` (a Job's as `k8s_job`), every other pod label sanitized. */
const proxy = (namespace: string, pod: string, workload: Record<string, string>, extra: Record<string, string> = {}) =>
  labels({
    job: 'linkerd/linkerd-proxy',
    namespace,
    pod,
    container: 'linkerd-proxy',
    endpoint: 'linkerd-admin',
    instance: '10.42.0.17:4191',
    control_plane_ns: 'linkerd',
    workload_ns: namespace,
    ...workload,
    ...extra,
  });
const web = proxy('apps', 'web-6d4cf56db6-x7k2p', { deployment: 'web', pod_template_hash: '6d4cf56db6', app: 'web' });
const db = proxy('apps', 'db-0', {
  statefulset: 'db',
  app: 'db',
  controller_revision_hash: 'db-7b9c',
  statefulset_kubernetes_io_pod_name: 'db-0',
});
const streaming = proxy('apps', 'feed-5f7b9-abcde', {
  deployment: 'feed',
  pod_template_hash: '5f7b9',
  mesh_alerts_latency: 'ignore',
});
const controlPlaneProxy = proxy('linkerd', 'linkerd-destination-7c9d8-qwert', {
  deployment: 'linkerd-destination',
  control_plane_component: 'destination',
});
/** A control-plane process scraped by the linkerd-controller PodMonitor (its `*-admin` port; `component` is the container). */
const controller = (container: string, port: string, pod: string) =>
  labels({
    job: 'linkerd/linkerd-controller',
    namespace: 'linkerd',
    pod,
    container,
    endpoint: port,
    instance: '10.42.0.9:9990',
    component: container,
  });
const identity = controller('identity', 'ident-admin', 'linkerd-identity-5b7d9c-abcde');
const injector = controller('proxy-injector', 'injector-admin', 'linkerd-proxy-injector-6f8d-fghij');
/** cert-manager's controller scraped by its Helm chart's PodMonitor with honorLabels: the Certificate's namespace is `namespace`. */
const certManager = (namespace: string, name: string, extra: Record<string, string> = {}) =>
  labels({
    job: 'cert-manager',
    pod: 'cert-manager-7d9f8c-lmnop',
    container: 'cert-manager-controller',
    endpoint: 'http-metrics',
    instance: '10.42.0.5:9402',
    namespace,
    name,
    issuer_group: 'cert-manager.io',
    issuer_kind: 'ClusterIssuer',
    issuer_name: 'linkerd-trust-anchor',
    ...extra,
  });
/** The same without honorLabels: the target's namespace wins, the Certificate's becomes exported_namespace. */
const certManagerWithoutHonorLabels = (namespace: string, name: string) =>
  labels({
    job: 'cert-manager',
    pod: 'cert-manager-7d9f8c-lmnop',
    container: 'cert-manager-controller',
    endpoint: 'http-metrics',
    instance: '10.42.0.5:9402',
    namespace: 'cert-manager',
    exported_namespace: namespace,
    name,
    condition: 'True',
  });
const ksm = (deployment: string) =>
  labels({
    job: 'kube-state-metrics',
    namespace: 'linkerd',
    deployment,
    container: 'kube-state-metrics',
    endpoint: 'http',
    instance: '10.42.0.4:8080',
    pod: 'kps-kube-state-metrics-6c7d-zzzzz',
    service: 'kps-kube-state-metrics',
  });
const apiserver = (extra: Record<string, string>) =>
  labels({
    job: 'apiserver',
    namespace: 'default',
    service: 'kubernetes',
    endpoint: 'https',
    instance: '192.168.1.10:6443',
    name: 'linkerd-proxy-injector.linkerd.io',
    type: 'admit',
    ...extra,
  });

const ready = (namespace: string, name: string, isReady: boolean) => ({
  [`certmanager_certificate_ready_status{${certManager(namespace, name, { condition: 'True' })}}`]: isReady
    ? '1x30'
    : '0x30',
  [`certmanager_certificate_ready_status{${certManager(namespace, name, { condition: 'False' })}}`]: isReady
    ? '0x30'
    : '1x30',
  [`certmanager_certificate_ready_status{${certManager(namespace, name, { condition: 'Unknown' })}}`]: '0x30',
});
const latency = (series: string, fast: string, slow: string) => ({
  [`response_latency_ms_bucket{${series},direction="inbound",tls="true",le="100"}`]: fast,
  [`response_latency_ms_bucket{${series},direction="inbound",tls="true",le="1000"}`]: fast,
  [`response_latency_ms_bucket{${series},direction="inbound",tls="true",le="10000"}`]: slow,
  [`response_latency_ms_bucket{${series},direction="inbound",tls="true",le="+Inf"}`]: slow,
  [`response_total{${series},direction="inbound",tls="true",status_code="200",classification="success"}`]: slow,
});
const responses = (series: string, success: string, failure?: string) => ({
  [`response_total{${series},direction="inbound",tls="true",status_code="200",classification="success",srv_kind="default",srv_name="all-unauthenticated"}`]:
    success,
  ...(failure && {
    [`response_total{${series},direction="inbound",tls="true",status_code="500",classification="failure",srv_kind="default",srv_name="all-unauthenticated"}`]:
      failure,
  }),
});
const payments = proxy('payments', 'api-7f9c-abcde', { deployment: 'api', pod_template_hash: '7f9c' });
const deny = (series: string, kind: 'http' | 'tcp') =>
  `inbound_${kind}_authz_deny_total{${series},target_addr="10.42.0.30:8080",target_ip="10.42.0.30",target_port="8080",srv_group="policy.linkerd.io",srv_kind="Server",srv_name="api",srv_port="8080",tls="true"}`;
const buildInfo = (series: string, version: string) =>
  `proxy_build_info{${series},date="2026-08-20T10:00:00Z",git_sha="0123abc",profile="release",vendor="linkerd.io",version="${version}"}`;
const up = (job: string, pod: string) =>
  `up{${labels({ job, namespace: 'linkerd', pod, instance: '10.42.0.9:9990' })}}`;
const present = {
  [`certmanager_certificate_ready_status{${certManager('linkerd', 'linkerd-identity-issuer', { condition: 'True' })}}`]:
    '1x30',
};

/**
 * A Flux object as kube-state-metrics reports it with Flux's custom resource state configuration (flux2-monitoring-example,
 * docs/alerts.md): an info series per object, its namespace as `exported_namespace` (ksm's own target has `namespace`).
 */
const gotk = (kind: 'Kustomization' | 'HelmRelease', name: string, ready: string, suspended = 'false') =>
  `gotk_resource_info{${labels({
    job: 'kube-state-metrics',
    namespace: 'monitoring',
    instance: '10.42.0.4:8080',
    service: 'kps-kube-state-metrics',
    customresource_group: kind === 'Kustomization' ? 'kustomize.toolkit.fluxcd.io' : 'helm.toolkit.fluxcd.io',
    customresource_kind: kind,
    customresource_version: kind === 'Kustomization' ? 'v1' : 'v2',
    exported_namespace: 'flux-system',
    name,
    ready,
    suspended,
  })}}`;
/** Ready False for 10 minutes, then Unknown for 10 while Flux retries, and again: the series of each `ready` comes and goes. */
const FLAPPING = { False: '1x9 stale _x9 '.repeat(4).trim(), Unknown: 'stale _x9 1x9 '.repeat(4).trim() };

/** The cases at the default thresholds (BASE: an edge line, a strict namespace `payments`, no previous anchor). */
const CASES: Case[] = [
  {
    name: 'a layer of this project stays not Ready',
    series: {
      [gotk('Kustomization', 'linkerd-mesh', 'False')]: '1x70',
      [gotk('Kustomization', 'linkerd', 'True')]: '1x70',
    },
    at: '60m',
    alert: 'LinkerdFluxNotReady',
    fires: [
      {
        severity: 'warning',
        customresource_kind: 'Kustomization',
        exported_namespace: 'flux-system',
        name: 'linkerd-mesh',
      },
    ],
  },
  {
    name: 'a Helm release fails, retries (Unknown) and fails again',
    series: {
      [gotk('HelmRelease', 'linkerd-control-plane', 'False')]: FLAPPING.False,
      [gotk('HelmRelease', 'linkerd-control-plane', 'Unknown')]: FLAPPING.Unknown,
    },
    at: '60m',
    alert: 'LinkerdFluxNotReady',
    fires: [
      {
        severity: 'warning',
        customresource_kind: 'HelmRelease',
        exported_namespace: 'flux-system',
        name: 'linkerd-control-plane',
      },
    ],
  },
  {
    name: "every Flux object Ready; a suspended one, another project's and a short failure do not count",
    series: {
      [gotk('Kustomization', 'linkerd', 'True')]: '1x70',
      [gotk('Kustomization', 'linkerd-identity', 'False', 'true')]: '1x70',
      [gotk('Kustomization', 'apps', 'False')]: '1x70',
      [gotk('HelmRelease', 'podinfo', 'False')]: '1x70',
      [gotk('HelmRelease', 'linkerd-viz', 'False')]: '1x20 stale',
      [gotk('HelmRelease', 'linkerd-viz', 'True')]: '_x21 1x48',
    },
    at: '60m',
    alert: 'LinkerdFluxNotReady',
    fires: [],
  },
  {
    name: "kube-state-metrics does not report Flux's objects",
    series: { [`kube_deployment_status_replicas_available{${ksm('linkerd-identity')}}`]: '1x30' },
    at: '20m',
    alert: 'LinkerdFluxMetricsMissing',
    fires: [
      { severity: 'warning', customresource_kind: 'Kustomization', exported_namespace: 'flux-system', name: 'linkerd' },
    ],
  },
  {
    name: "kube-state-metrics reports Flux's entry point",
    series: { [gotk('Kustomization', 'linkerd', 'True')]: '1x30' },
    at: '20m',
    alert: 'LinkerdFluxMetricsMissing',
    fires: [],
  },
  {
    name: 'identity issuer not Ready',
    series: ready('linkerd', 'linkerd-identity-issuer', false),
    at: '20m',
    alert: 'LinkerdCertificateNotReady',
    fires: [{ severity: 'critical', namespace: 'linkerd', name: 'linkerd-identity-issuer' }],
  },
  {
    name: 'identity issuer Ready',
    series: ready('linkerd', 'linkerd-identity-issuer', true),
    at: '20m',
    alert: 'LinkerdCertificateNotReady',
    fires: [],
  },
  {
    name: "someone else's certificate not Ready",
    series: ready('apps', 'web', false),
    at: '20m',
    alert: 'LinkerdCertificateNotReady',
    fires: [],
  },
  // At 90m time() is 5400: a renewal time of 1000 is over an hour ago.
  {
    name: 'a webhook certificate overdue for renewal',
    series: {
      [`certmanager_certificate_renewal_timestamp_seconds{${certManager('linkerd', 'linkerd-proxy-injector')}}`]:
        '1000x120',
    },
    at: '100m',
    alert: 'LinkerdCertificateRenewalOverdue',
    fires: [{ severity: 'critical', namespace: 'linkerd', name: 'linkerd-proxy-injector' }],
  },
  {
    name: 'a renewal still ahead',
    series: {
      [`certmanager_certificate_renewal_timestamp_seconds{${certManager('linkerd', 'linkerd-proxy-injector')}}`]:
        '100000x120',
    },
    at: '90m',
    alert: 'LinkerdCertificateRenewalOverdue',
    fires: [],
  },
  {
    name: 'a certificate not issued yet (renewal time 0)',
    series: {
      [`certmanager_certificate_renewal_timestamp_seconds{${certManager('linkerd', 'linkerd-proxy-injector')}}`]:
        '0x120',
    },
    at: '90m',
    alert: 'LinkerdCertificateRenewalOverdue',
    fires: [],
  },
  {
    name: 'the anchor renews within the notice',
    series: {
      [`certmanager_certificate_renewal_timestamp_seconds{${certManager('cert-manager', 'linkerd-trust-anchor')}}`]:
        '3000000x180',
    },
    at: '2h',
    alert: 'LinkerdTrustAnchorRotationDue',
    fires: [{ severity: 'warning', namespace: 'cert-manager', name: 'linkerd-trust-anchor' }],
  },
  {
    name: 'the anchor renews long after the notice',
    series: {
      [`certmanager_certificate_renewal_timestamp_seconds{${certManager('cert-manager', 'linkerd-trust-anchor')}}`]:
        '10000000x180',
    },
    at: '2h',
    alert: 'LinkerdTrustAnchorRotationDue',
    fires: [],
  },
  {
    name: 'the anchor not issued yet (renewal time 0)',
    series: {
      [`certmanager_certificate_renewal_timestamp_seconds{${certManager('cert-manager', 'linkerd-trust-anchor')}}`]:
        '0x180',
    },
    at: '2h',
    alert: 'LinkerdTrustAnchorRotationDue',
    fires: [],
  },
  {
    name: 'the anchor was renewed',
    series: {
      [`certmanager_certificate_expiration_timestamp_seconds{${certManager('cert-manager', 'linkerd-trust-anchor')}}`]:
        '100 100 100 200 200 200',
    },
    at: '5m',
    alert: 'LinkerdTrustAnchorRenewedWithoutPreviousAnchor',
    fires: [{ severity: 'critical', namespace: 'cert-manager', name: 'linkerd-trust-anchor' }],
  },
  {
    name: 'the anchor unchanged',
    series: {
      [`certmanager_certificate_expiration_timestamp_seconds{${certManager('cert-manager', 'linkerd-trust-anchor')}}`]:
        '100x10',
    },
    at: '5m',
    alert: 'LinkerdTrustAnchorRenewedWithoutPreviousAnchor',
    fires: [],
  },
  {
    name: 'the anchor issued for the first time (0, then its expiry)',
    series: {
      [`certmanager_certificate_expiration_timestamp_seconds{${certManager('cert-manager', 'linkerd-trust-anchor')}}`]:
        '0 0 0 100 100 100',
    },
    at: '5m',
    alert: 'LinkerdTrustAnchorRenewedWithoutPreviousAnchor',
    fires: [],
  },
  {
    name: 'cert-manager restarted (0 until it syncs)',
    series: {
      [`certmanager_certificate_expiration_timestamp_seconds{${certManager('cert-manager', 'linkerd-trust-anchor')}}`]:
        '100 100 0 0 100 100',
    },
    at: '5m',
    alert: 'LinkerdTrustAnchorRenewedWithoutPreviousAnchor',
    fires: [],
  },
  {
    name: 'identity still signs with an issuer a day from expiry',
    series: { [`issuer_cert_ttl_seconds{${identity}}`]: '80000-60x40' },
    at: '30m',
    alert: 'LinkerdIdentityIssuerExpiring',
    fires: [{ severity: 'critical', namespace: 'linkerd', pod: 'linkerd-identity-5b7d9c-abcde' }],
  },
  {
    name: 'identity signs with a fresh issuer',
    series: { [`issuer_cert_ttl_seconds{${identity}}`]: '172000-60x40' },
    at: '30m',
    alert: 'LinkerdIdentityIssuerExpiring',
    fires: [],
  },
  {
    name: "a proxy's certificate expires in an hour",
    series: { [`control_identity_cert_expiration_timestamp_seconds{${db}}`]: '5000x40' },
    at: '30m',
    alert: 'LinkerdProxyCertificateExpiring',
    fires: [{ severity: 'critical', namespace: 'apps', workload: 'statefulset/db', pod: 'db-0' }],
  },
  {
    name: "an older proxy's certificate (identity_cert_...) expires in an hour",
    series: { [`identity_cert_expiration_timestamp_seconds{${web}}`]: '5000x40' },
    at: '30m',
    alert: 'LinkerdProxyCertificateExpiring',
    fires: [{ severity: 'critical', namespace: 'apps', workload: 'deployment/web', pod: 'web-6d4cf56db6-x7k2p' }],
  },
  {
    name: "a proxy's certificate is fresh",
    series: { [`control_identity_cert_expiration_timestamp_seconds{${db}}`]: '80000x40' },
    at: '30m',
    alert: 'LinkerdProxyCertificateExpiring',
    fires: [],
  },
  {
    name: 'a proxy without its first certificate yet (0)',
    series: { [`control_identity_cert_expiration_timestamp_seconds{${db}}`]: '0x40' },
    at: '30m',
    alert: 'LinkerdProxyCertificateExpiring',
    fires: [],
  },
  {
    name: 'identity has no ready replica',
    series: { [`kube_deployment_status_replicas_available{${ksm('linkerd-identity')}}`]: '0x10' },
    at: '8m',
    alert: 'LinkerdControlPlaneDown',
    fires: [{ severity: 'critical', namespace: 'linkerd', deployment: 'linkerd-identity' }],
  },
  {
    name: 'identity has a ready replica',
    series: { [`kube_deployment_status_replicas_available{${ksm('linkerd-identity')}}`]: '1x10' },
    at: '8m',
    alert: 'LinkerdControlPlaneDown',
    fires: [],
  },
  {
    name: 'identity answers Certify with errors',
    series: {
      [`grpc_server_handled_total{${identity},grpc_service="io.linkerd.proxy.identity.Identity",grpc_method="Certify",grpc_type="unary",grpc_code="Unavailable"}`]:
        '0+10x40',
    },
    at: '30m',
    alert: 'LinkerdIdentityCertifyErrors',
    fires: [{ severity: 'critical', grpc_code: 'Unavailable' }],
  },
  {
    name: 'identity answers Certify with OK',
    series: {
      [`grpc_server_handled_total{${identity},grpc_service="io.linkerd.proxy.identity.Identity",grpc_method="Certify",grpc_type="unary",grpc_code="OK"}`]:
        '0+10x40',
    },
    at: '30m',
    alert: 'LinkerdIdentityCertifyErrors',
    fires: [],
  },
  // The injector's own `namespace` label (the request's) arrives as exported_namespace: the target's namespace wins.
  {
    name: 'the injector fails pod requests',
    series: {
      [`proxy_inject_admission_requests_total{${injector},exported_namespace="apps",owner_kind="deployment",annotation_at="namespace"}`]:
        '0+10x40',
      [`proxy_inject_admission_responses_total{${injector},exported_namespace="apps",owner_kind="deployment",annotation_at="namespace",skip="false"}`]:
        '0+5x40',
    },
    at: '30m',
    alert: 'LinkerdProxyInjectorErrors',
    fires: [{ severity: 'warning' }],
  },
  {
    name: 'the injector answers every pod; Services (no owner, never a response) come and go',
    series: {
      [`proxy_inject_admission_requests_total{${injector},exported_namespace="apps",owner_kind="deployment",annotation_at="namespace"}`]:
        '0+10x40',
      [`proxy_inject_admission_responses_total{${injector},exported_namespace="apps",owner_kind="deployment",annotation_at="namespace",skip="false"}`]:
        '0+8x40',
      [`proxy_inject_admission_responses_total{${injector},exported_namespace="apps",owner_kind="deployment",annotation_at="namespace",skip="true",skip_reason="injection_disabled"}`]:
        '0+2x40',
      [`proxy_inject_admission_requests_total{${injector},exported_namespace="apps",annotation_at="namespace"}`]:
        '0+20x40',
    },
    at: '30m',
    alert: 'LinkerdProxyInjectorErrors',
    fires: [],
  },
  {
    name: 'the API server cannot reach the injector (failurePolicy Fail)',
    series: {
      [`apiserver_admission_webhook_rejection_count{${apiserver({ operation: 'CREATE', error_type: 'calling_webhook_error', rejection_code: '0' })}}`]:
        '0+1x40',
    },
    at: '30m',
    alert: 'LinkerdProxyInjectorWebhookFailing',
    fires: [{ severity: 'critical', name: 'linkerd-proxy-injector.linkerd.io', error_type: 'calling_webhook_error' }],
  },
  {
    name: 'pods start without a proxy (failurePolicy Ignore, call failed)',
    series: { [`apiserver_admission_webhook_fail_open_count{${apiserver({})}}`]: '0+1x40' },
    at: '30m',
    alert: 'LinkerdProxyInjectorWebhookFailing',
    fires: [{ severity: 'critical', name: 'linkerd-proxy-injector.linkerd.io', error_type: 'fail_open' }],
  },
  {
    name: 'old rejections, none lately',
    series: {
      [`apiserver_admission_webhook_rejection_count{${apiserver({ operation: 'CREATE', error_type: 'calling_webhook_error', rejection_code: '0' })}}`]:
        '3x40',
      [`apiserver_admission_webhook_fail_open_count{${apiserver({})}}`]: '2x40',
    },
    at: '30m',
    alert: 'LinkerdProxyInjectorWebhookFailing',
    fires: [],
  },
  {
    name: 'web fails one request in six',
    series: responses(web, '0+250x40', '0+50x40'),
    at: '30m',
    alert: 'LinkerdWorkloadSuccessRateLow',
    fires: [{ severity: 'warning', namespace: 'apps', workload: 'deployment/web' }],
  },
  {
    name: 'a StatefulSet fails one request in six',
    series: responses(db, '0+250x40', '0+50x40'),
    at: '30m',
    alert: 'LinkerdWorkloadSuccessRateLow',
    fires: [{ severity: 'warning', namespace: 'apps', workload: 'statefulset/db' }],
  },
  {
    name: 'web succeeds',
    series: responses(web, '0+300x40'),
    at: '30m',
    alert: 'LinkerdWorkloadSuccessRateLow',
    fires: [],
  },
  {
    name: 'web fails but has almost no traffic',
    series: responses(web, '0+1x40', '0+1x40'),
    at: '30m',
    alert: 'LinkerdWorkloadSuccessRateLow',
    fires: [],
  },
  {
    name: 'web has no traffic at all',
    series: responses(web, '0x40'),
    at: '30m',
    alert: 'LinkerdWorkloadSuccessRateLow',
    fires: [],
  },
  {
    name: 'web is slow',
    series: latency(web, '0+200x40', '0+300x40'),
    at: '30m',
    alert: 'LinkerdWorkloadLatencyHigh',
    fires: [{ severity: 'warning', namespace: 'apps', workload: 'deployment/web' }],
  },
  {
    name: 'web is fast',
    series: latency(web, '0+300x40', '0+300x40'),
    at: '30m',
    alert: 'LinkerdWorkloadLatencyHigh',
    fires: [],
  },
  {
    name: 'web is slow with no traffic',
    series: latency(web, '0x40', '0x40'),
    at: '30m',
    alert: 'LinkerdWorkloadLatencyHigh',
    fires: [],
  },
  {
    name: 'a streaming workload labelled out of the latency alert',
    series: latency(streaming, '0+200x40', '0+300x40'),
    at: '30m',
    alert: 'LinkerdWorkloadLatencyHigh',
    fires: [],
  },
  // 6 denials a minute for an hour, then 60: over twice the rate of an hour before.
  {
    name: 'denials rise in a strict namespace',
    series: { [deny(payments, 'http')]: '0+6x60 420+60x30', [deny(payments, 'tcp')]: '0x90' },
    at: '85m',
    alert: 'LinkerdAuthorizationDenialsRising',
    fires: [
      { severity: 'warning', namespace: 'payments', workload: 'deployment/api', srv_kind: 'Server', srv_name: 'api' },
    ],
  },
  {
    name: 'denials steady in a strict namespace',
    series: { [deny(payments, 'http')]: '0+60x90' },
    at: '85m',
    alert: 'LinkerdAuthorizationDenialsRising',
    fires: [],
  },
  {
    name: 'denials rise in a namespace that allows by default',
    series: { [deny(web, 'http')]: '0+6x60 420+60x30' },
    at: '85m',
    alert: 'LinkerdAuthorizationDenialsRising',
    fires: [],
  },
  {
    name: 'a workload still runs the old proxy',
    series: { [buildInfo(controlPlaneProxy, 'v2.330.0')]: '1x80', [buildInfo(db, 'v2.320.0')]: '1x80' },
    at: '70m',
    alert: 'LinkerdProxyVersionMismatch',
    fires: [{ severity: 'warning', namespace: 'apps', workload: 'statefulset/db', version: 'v2.320.0' }],
  },
  {
    name: 'every proxy runs the control plane version',
    series: { [buildInfo(controlPlaneProxy, 'v2.330.0')]: '1x80', [buildInfo(db, 'v2.330.0')]: '1x80' },
    at: '70m',
    alert: 'LinkerdProxyVersionMismatch',
    fires: [],
  },
  {
    name: 'cert-manager scraped without honorLabels',
    series: {
      [`certmanager_certificate_ready_status{${certManagerWithoutHonorLabels('linkerd', 'linkerd-identity-issuer')}}`]:
        '1x30',
    },
    at: '20m',
    alert: 'LinkerdCertManagerMetricsMissing',
    fires: [{ severity: 'warning', namespace: 'linkerd', name: 'linkerd-identity-issuer' }],
  },
  {
    name: 'cert-manager not scraped at all',
    series: { [up('linkerd/linkerd-controller', 'a')]: '1x30' },
    at: '20m',
    alert: 'LinkerdCertManagerMetricsMissing',
    fires: [{ severity: 'warning', namespace: 'linkerd', name: 'linkerd-identity-issuer' }],
  },
  {
    name: 'cert-manager scraped with honorLabels',
    series: present,
    at: '20m',
    alert: 'LinkerdCertManagerMetricsMissing',
    fires: [],
  },
  {
    name: 'no control-plane target scraped',
    series: { [up('linkerd/linkerd-multicluster-controller', 'a')]: '1x20' },
    at: '15m',
    alert: 'LinkerdControlPlaneMetricsMissing',
    fires: [{ severity: 'warning' }],
  },
  {
    name: 'the control-plane targets are up',
    series: { [up('linkerd/linkerd-controller', 'a')]: '1x20' },
    at: '15m',
    alert: 'LinkerdControlPlaneMetricsMissing',
    fires: [],
  },
  {
    name: 'no proxy target up',
    series: { [up('linkerd/linkerd-proxy', 'a')]: '0x20' },
    at: '15m',
    alert: 'LinkerdProxyMetricsMissing',
    fires: [{ severity: 'warning' }],
  },
  {
    name: 'the proxy targets are up',
    series: { [up('linkerd/linkerd-proxy', 'a')]: '1x20' },
    at: '15m',
    alert: 'LinkerdProxyMetricsMissing',
    fires: [],
  },
  {
    name: 'kube-state-metrics not scraped',
    series: present,
    at: '20m',
    alert: 'LinkerdKubeStateMetricsMissing',
    fires: [{ severity: 'warning', namespace: 'linkerd', deployment: 'linkerd-identity' }],
  },
  {
    name: 'kube-state-metrics reports identity',
    series: { [`kube_deployment_status_replicas_available{${ksm('linkerd-identity')}}`]: '1x30' },
    at: '20m',
    alert: 'LinkerdKubeStateMetricsMissing',
    fires: [],
  },
  {
    name: "the API server's metrics not scraped",
    series: present,
    at: '20m',
    alert: 'LinkerdKubeApiserverMetricsMissing',
    fires: [{ severity: 'warning' }],
  },
  {
    name: "the API server's metrics scraped",
    series: {
      'up{job="apiserver",namespace="default",service="kubernetes",endpoint="https",instance="192.168.1.10:6443"}':
        '1x30',
    },
    at: '20m',
    alert: 'LinkerdKubeApiserverMetricsMissing',
    fires: [],
  },
];

/** Firing cases that the tuned thresholds must not fire (they sit between the default and the tuned value). */
const QUIET_WHEN_TUNED = [
  'identity issuer not Ready',
  'the anchor renews within the notice',
  'web fails one request in six',
  'web is slow',
];

/**
 * A route's requests as the client proxies export them (linkerd2-proxy's outbound route metrics,
 * lib/linkerd/route-metrics.ts), stored with the scrape's labels of the client's proxy: the parent Service, the
 * route (`route_kind` HTTPRoute/GRPCRoute, or `default` for the routes the policy controller makes up), and the
 * final status: `http_status` or `grpc_status`, or `error` instead (empty labels are not stored).
 */
const frontend = proxy('apps', 'frontend-5c8d7-qrstu', { deployment: 'frontend', pod_template_hash: '5c8d7' });
const routeStatuses = (
  protocol: 'http' | 'grpc',
  route: { parent: string; port: string; name: string; namespace?: string; kind?: string },
  outcome: Record<string, string>,
  client = frontend,
) =>
  `outbound_${protocol}_route_request_statuses_total{${client},${labels({
    parent_group: 'core',
    parent_kind: 'Service',
    parent_namespace: route.namespace ?? 'apps',
    parent_name: route.parent,
    parent_port: route.port,
    ...(route.kind === 'default'
      ? { route_kind: 'default', route_name: route.name }
      : {
          route_group: 'gateway.networking.k8s.io',
          route_kind: route.kind ?? (protocol === 'http' ? 'HTTPRoute' : 'GRPCRoute'),
          route_namespace: route.namespace ?? 'apps',
          route_name: route.name,
        }),
    ...outcome,
  })}}`;
const webApi = { parent: 'web', port: '8080', name: 'web-api' };
const transcode = { parent: 'transcoder', port: '9090', name: 'transcoder-transcode' };

/** The route alert's cases (ROUTES: BASE with routes in `apps`), at the default thresholds. */
const ROUTE_CASES: Case[] = [
  {
    name: 'a route fails one request in six',
    series: {
      [routeStatuses('http', webApi, { http_status: '200' })]: '0+250x40',
      [routeStatuses('http', webApi, { http_status: '503' })]: '0+50x40',
    },
    at: '30m',
    alert: 'LinkerdRouteSuccessRateLow',
    fires: [{ severity: 'warning', parent_namespace: 'apps', parent_name: 'web', route_name: 'web-api' }],
  },
  {
    name: "a route's every request times out: errors without a status, and no success series at all",
    series: { [routeStatuses('http', webApi, { error: 'REQUEST_TIMEOUT' })]: '0+60x40' },
    at: '30m',
    alert: 'LinkerdRouteSuccessRateLow',
    fires: [{ severity: 'warning', parent_namespace: 'apps', parent_name: 'web', route_name: 'web-api' }],
  },
  {
    name: 'a gRPC route answers UNAVAILABLE to one request in six, over two clients',
    series: {
      [routeStatuses('grpc', transcode, { grpc_status: 'OK' })]: '0+125x40',
      [routeStatuses('grpc', transcode, { grpc_status: 'OK' }, web)]: '0+125x40',
      [routeStatuses('grpc', transcode, { grpc_status: 'UNAVAILABLE' }, web)]: '0+50x40',
    },
    at: '30m',
    alert: 'LinkerdRouteSuccessRateLow',
    fires: [
      { severity: 'warning', parent_namespace: 'apps', parent_name: 'transcoder', route_name: 'transcoder-transcode' },
    ],
  },
  {
    name: "a route succeeds; its 4xx are the client's, not failures",
    series: {
      [routeStatuses('http', webApi, { http_status: '200' })]: '0+250x40',
      [routeStatuses('http', webApi, { http_status: '404' })]: '0+50x40',
    },
    at: '30m',
    alert: 'LinkerdRouteSuccessRateLow',
    fires: [],
  },
  {
    name: 'a route fails but has almost no traffic (under minRequestsPerSecond)',
    series: {
      [routeStatuses('http', webApi, { http_status: '200' })]: '0+1x40',
      [routeStatuses('http', webApi, { http_status: '500' })]: '0+1x40',
    },
    at: '30m',
    alert: 'LinkerdRouteSuccessRateLow',
    fires: [],
  },
  {
    name: "retries hide a backend's failures: the route's final outcome succeeds",
    series: {
      [routeStatuses('http', webApi, { http_status: '200' })]: '0+300x40',
      [`outbound_http_route_backend_response_statuses_total{${frontend},${labels({ parent_namespace: 'apps', parent_name: 'web', route_kind: 'HTTPRoute', route_namespace: 'apps', route_name: 'web-api', backend_name: 'web', http_status: '503' })}}`]:
        '0+100x40',
    },
    at: '30m',
    alert: 'LinkerdRouteSuccessRateLow',
    fires: [],
  },
  {
    name: "failures on a route not ours: a made-up default route, another namespace's HTTPRoute",
    series: {
      [routeStatuses('http', { parent: 'web', port: '8080', name: 'http', kind: 'default' }, { http_status: '500' })]:
        '0+100x40',
      [routeStatuses('http', { parent: 'shop', port: '80', name: 'shop', namespace: 'shop' }, { http_status: '500' })]:
        '0+100x40',
    },
    at: '30m',
    alert: 'LinkerdRouteSuccessRateLow',
    fires: [],
  },
];

/**
 * Runs promtool on the rules of `text` with `cases`; returns its output, throwing with it on failure. A pass
 * on exactly these files by this promtool is remembered (test/support/tool-cache.ts): a warm run skips it.
 */
function promtoolTest(text: string, cases: readonly Case[]): string {
  const groups = (ruleObject(text)!.object.spec as any).groups;
  const files = new Map<string, string>([['rules.yaml', stringify({ groups })]]);
  // The unit tests compare labels only: annotations (their templates are checked above) are dropped here.
  // One rules file per alert, holding that alert alone, and its cases beside it: promtool evaluates every
  // rule of its files at every step of every case, so this keeps the run short without changing a result.
  const alerts = [...new Set(cases.map((entry) => entry.alert))];
  const testFiles = alerts.map((alert, index) => {
    const only = groups
      .map((group: any) => ({
        ...group,
        rules: group.rules
          .filter((rule: any) => rule.alert === alert)
          .map(({ annotations: _annotations, ...rule }: any) => rule),
      }))
      .filter((group: any) => group.rules.length > 0);
    if (only.length === 0) throw new Error(`no rule ${alert} in the PrometheusRule`);
    files.set(`rules-${index}.yaml`, stringify({ groups: only }));
    const tests = cases
      .filter((entry) => entry.alert === alert)
      .map((entry) => ({
        name: entry.name,
        interval: '1m',
        input_series: Object.entries(entry.series).map(([series, values]) => ({ series, values })),
        alert_rule_test: [
          {
            eval_time: entry.at,
            alertname: entry.alert,
            exp_alerts: entry.fires.map((labels) => ({ exp_labels: labels })),
          },
        ],
      }));
    files.set(
      `tests-${index}.yaml`,
      stringify({ rule_files: [`rules-${index}.yaml`], evaluation_interval: '1m', tests }),
    );
    return `tests-${index}.yaml`;
  });
  return cachedRun('promtool', binaryIdentity(PROMTOOL!), files, () => {
    const directory = mkdtempSync(join(tmpdir(), 'promtool-'));
    try {
      for (const [name, body] of files) writeFileSync(join(directory, name), body);
      execFileSync(PROMTOOL!, ['check', 'rules', join(directory, 'rules.yaml')], { encoding: 'utf8' });
      const run = spawnSync(PROMTOOL!, ['test', 'rules', ...testFiles.map((file) => join(directory, file))], {
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`promtool test rules failed:\n${run.stdout}\n${run.stderr}`);
      return run.stdout;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
}

describeWithPromtool('promtool', () => {
  test('every alert fires on its series and stays quiet on the others, at the default thresholds', () => {
    const alerts = new Set(CASES.map((entry) => entry.alert));
    for (const alert of alerts) {
      expect([
        alert,
        CASES.some((entry) => entry.alert === alert && entry.fires.length > 0),
        CASES.some((entry) => entry.alert === alert && entry.fires.length === 0),
      ]).toEqual([alert, true, true]);
    }
    expect(alerts.size).toBe(ALERT_COUNT);
    expect(promtoolTest(BASE, CASES)).toContain('SUCCESS');
  });

  test('tuned thresholds move the line: the in-between cases stay quiet', () => {
    const tuned = CASES.filter((entry) => QUIET_WHEN_TUNED.includes(entry.name)).map((entry) => ({
      ...entry,
      fires: [],
    }));
    expect(tuned).toHaveLength(QUIET_WHEN_TUNED.length);
    expect(promtoolTest(TUNED, tuned)).toContain('SUCCESS');
  });

  test("the route alert fires on the proxies' route series and stays quiet under its guard, at the default thresholds and at tuned ones", () => {
    expect(ROUTE_CASES.some((entry) => entry.fires.length > 0)).toBe(true);
    expect(promtoolTest(ROUTES, ROUTE_CASES)).toContain('SUCCESS');
    // successRate 0.8: one failure in six (83%) is fine; minRequestsPerSecond 2: 300 a minute (5/s) is judged.
    const tuned = ROUTE_CASES.filter((entry) => entry.name === 'a route fails one request in six').map((entry) => ({
      ...entry,
      fires: [],
    }));
    expect(promtoolTest(`${TUNED}${TRAFFIC}`, tuned)).toContain('SUCCESS');
  });

  test('a wrong expectation fails: the tests can fail', () => {
    const wrong = CASES.filter((entry) => entry.name === 'identity issuer Ready').map((entry) => ({
      ...entry,
      fires: [{ severity: 'critical', namespace: 'linkerd', name: 'linkerd-identity-issuer' }],
    }));
    expect(() => promtoolTest(BASE, wrong)).toThrow(/promtool test rules failed/);
  });
});

describeWithShared('the scrape the alerts rely on', () => {
  const { SHARED_DIR } = require('../../test/support/shared') as typeof import('../../test/support/shared');
  const { readdirSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const { parse } = require('yaml') as typeof import('yaml');

  test("the scrape labels these series carry are the ones the Helm chart's PodMonitors produce, on every packaged control plane", () => {
    const packages = ['linkerd-edge', 'linkerd-stable'].flatMap((folder) =>
      readdirSync(join(SHARED_DIR, 'helm-repositories', folder))
        .filter((name) => /^linkerd-control-plane-.*\.tgz$/.test(name))
        .map((name) => join(SHARED_DIR, 'helm-repositories', folder, name)),
    );
    expect(packages.length).toBeGreaterThan(0);
    for (const tgz of packages) {
      const template = execFileSync('tar', ['-xzOf', tgz, 'linkerd-control-plane/templates/podmonitor.yaml'], {
        encoding: 'utf8',
      });
      // Controller: the container becomes `component`; proxy: the pod's namespace and name, the Job as k8s_job,
      // linkerd.io/proxy-<kind> as <kind>, every other pod label sanitized (what `workload` and the opt-out read).
      expect([tgz, template]).toEqual([tgz, expect.stringContaining('name: "linkerd-controller"')]);
      expect(template).toContain('name: "linkerd-proxy"');
      expect(template).toMatch(
        /sourceLabels:\s*\n\s*- __meta_kubernetes_pod_container_name\s*\n\s*action: replace\s*\n\s*targetLabel: component/,
      );
      expect(template).toContain('targetLabel: k8s_job');
      expect(template).toContain('regex: __meta_kubernetes_pod_label_linkerd_io_proxy_(.+)');
      expect(template).toContain('regex: __tmp_pod_label_(.+)');
      expect(template).toMatch(/targetLabel: namespace/);
      expect(template).toMatch(/targetLabel: pod/);
    }
  });

  test("cert-manager's and trust-manager's monitoring values exist in their Helm charts' values.yaml, and are set with PodMonitors on", () => {
    const {
      CERT_MANAGER_HELM_CHART,
      TRUST_MANAGER_HELM_CHART,
      certManagerMonitoringValues,
      trustManagerMonitoringValues,
    } = require('../../lib/linkerd/companion-helm-charts') as typeof import('../../lib/linkerd/companion-helm-charts');
    const leaves = (tree: unknown, prefix = ''): string[] =>
      typeof tree === 'object' &&
      tree !== null &&
      !Array.isArray(tree) &&
      Object.keys(tree).length > 0 &&
      !prefix.endsWith('.labels') &&
      !prefix.endsWith('endpointAdditionalProperties')
        ? Object.entries(tree).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key))
        : [prefix];
    const has = (values: any, path: string) =>
      path.split('.').reduce((node, key) => (node === undefined ? undefined : node[key]), values) !== undefined;
    for (const [helmChart, values] of [
      [CERT_MANAGER_HELM_CHART, certManagerMonitoringValues({ release: 'kps' })],
      [TRUST_MANAGER_HELM_CHART, trustManagerMonitoringValues({ release: 'kps' })],
    ] as const) {
      const upstream = parse(
        readFileSync(
          join(SHARED_DIR, 'cert-manager-charts', `${helmChart.name}-${helmChart.version}`, 'values.yaml'),
          'utf8',
        ),
      );
      for (const path of leaves(values))
        expect([helmChart.name, path, has(upstream, path)]).toEqual([helmChart.name, path, true]);
    }
    const releases = (text: string) =>
      synthesizeConfig(text)
        .objects.filter(
          ({ object }) =>
            object.kind === 'HelmRelease' && ['cert-manager', 'trust-manager'].includes(object.metadata.name),
        )
        .map(({ object }) => (object.spec as any).values);
    const [certManager, trustManager] = releases(BASE);
    expect(certManager.prometheus.podmonitor).toEqual({ enabled: true, honorLabels: true, labels: { release: 'kps' } });
    expect(trustManager.app.metrics.service.servicemonitor).toMatchObject({
      enabled: true,
      labels: { release: 'kps' },
      endpointAdditionalProperties: { honorLabels: true },
    });
    expect(trustManager.app.trust.namespace).toBe('cert-manager');
    const [plainCertManager] = releases('{}');
    expect(plainCertManager.prometheus).toBeUndefined();
  });
});

describe('the runbook link', () => {
  const { loadClusterConfig } = require('../../lib/plan/config-load') as typeof import('../../lib/plan/config-load');
  const { configWarnings } = require('../cluster-config') as typeof import('../cluster-config');
  const warnings = (monitoring: string) =>
    configWarnings(loadClusterConfig(`monitoring: ${monitoring}`, 'clusters/home.yaml'), 'clusters/home.yaml').filter(
      (warning) => warning.includes('runbookUrl'),
    );
  const on = '{podMonitors: {enabled: true}, alerts: {enabled: true';

  test('the default, a relative path, is warned about: it opens from nowhere in Alertmanager or Grafana', () => {
    expect(warnings(`${on}}}`)).toEqual([
      expect.stringMatching(
        /^warning: clusters\/home\.yaml: monitoring\.alerts\.runbookUrl: "docs\/alerts\.md" is a relative link, which does not open from Alertmanager or Grafana; set it to the address at which your Git host shows/,
      ),
    ]);
  });

  test('an https address of the page is not', () => {
    expect(warnings(`${on}, runbookUrl: "https://git.example/home-ops/linkerd/docs/alerts.md"}}`)).toEqual([]);
  });

  test('set while alerts are off, it has no effect, and says so', () => {
    expect(warnings('{alerts: {runbookUrl: "https://git.example/alerts.md"}}')).toEqual([
      'warning: clusters/home.yaml: monitoring.alerts.runbookUrl: has no effect with monitoring.alerts.enabled: false (no PrometheusRule is created)',
    ]);
  });
});
