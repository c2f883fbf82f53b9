/**
 * The mesh's alerts: the PrometheusRule validates against its CRD, `promtool check rules` accepts it, and
 * `promtool test rules` shows, for every alert, series that make it fire and series that must not (no
 * traffic included), at the default thresholds and at tuned ones.
 *
 * promtool comes from Debian's `prometheus` package (.ci/run unpacks it into .build/promtool without
 * starting a server). Where it is absent these tests say they were skipped; under CI=true they fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadCrdValidators } from './support/crd-schemas';
import { describeWithShared } from './support/shared';
import { synthesizeConfig } from './support/synth';

const BASE = 'monitoring: {podMonitors: {enabled: true, labels: {release: kps}}, alerts: {enabled: true, labels: {release: kps}}}\n';
const TUNED =
  'monitoring: {podMonitors: {enabled: true}, alerts: {enabled: true, certificates: {notReadyFor: 30m}, trustAnchor: {rotationNotice: 100h}, ' +
  'workloads: {successRate: 0.8, p99LatencyMs: 10000, minRequestsPerSecond: 2, window: 5m}}}\n';

function ruleObject(text: string) {
  return synthesizeConfig(text).objects.find(({ object }) => object.kind === 'PrometheusRule');
}

function promtoolPath(): string | undefined {
  if (process.env.PROMTOOL) return process.env.PROMTOOL;
  const unpacked = resolve(__dirname, '../.build/promtool/usr/bin/promtool');
  if (existsSync(unpacked)) return unpacked;
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const PROMTOOL = promtoolPath();

function describeWithPromtool(name: string, body: () => void): void {
  if (PROMTOOL) return describe(name, body);
  if (process.env.CI === 'true') {
    return describe(name, () => test('needs promtool', () => {
      throw new Error('CI needs promtool (.ci/run unpacks Debian\'s prometheus package into .build/promtool)');
    }));
  }
  describe(name, () => test.skip('skipped: promtool is absent (apt-get download prometheus; dpkg -x it into .build/promtool, see .ci/run)', () => undefined));
}

test('alerts off: no alerts layer; on: a layer of its own with no dependency, applied without waiting for the mesh', () => {
  expect(ruleObject('{}')).toBeUndefined();
  const { objects } = synthesizeConfig(BASE);
  expect(objects.find(({ object }) => object.kind === 'PrometheusRule')?.layer).toBe('alerts');
  const layer = objects.find(({ object }) => object.kind === 'Kustomization' && object.metadata.name === 'linkerd-alerts')!.object.spec as any;
  expect(layer.dependsOn).toBeUndefined();
  expect(layer.path).toBe('./dist/test/alerts');
});

test('every alert has a severity, a summary, a description and a runbook link into README "Alerts"', () => {
  const groups = (ruleObject(BASE)!.object.spec as any).groups;
  const rules = groups.flatMap((group: any) => group.rules);
  expect(rules.length).toBe(11);
  for (const rule of rules) {
    expect([rule.alert, rule.labels.severity]).toEqual([rule.alert, expect.stringMatching(/^(warning|critical)$/)]);
    expect(rule.annotations.summary).toBeTruthy();
    expect(rule.annotations.description).toBeTruthy();
    expect(rule.annotations.runbook_url).toBe(`README.md#${rule.alert.toLowerCase()}`);
  }
  // Every runbook anchor exists: a README heading per alert.
  const readme = require('node:fs').readFileSync(resolve(__dirname, '../README.md'), 'utf8') as string;
  for (const rule of rules) expect(readme).toContain(`#### ${rule.alert}\n`);
});

test('the renewal of the anchor pages only while the bundle carries no previous anchor', () => {
  const alerts = (text: string) => (ruleObject(text)!.object.spec as any).groups.flatMap((group: any) => group.rules.map((rule: any) => rule.alert));
  expect(alerts(BASE)).toContain('LinkerdTrustAnchorRenewedWithoutPreviousAnchor');
  const pem = require('node:fs').readFileSync(resolve(__dirname, 'fixtures/trust-anchor-old.pem'), 'utf8') as string;
  expect(alerts(`${BASE}identity: {previousTrustAnchors: [${JSON.stringify(pem)}]}\n`)).not.toContain('LinkerdTrustAnchorRenewedWithoutPreviousAnchor');
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

const cert = (name: string, namespace: string) => `{namespace="${namespace}",name="${name}"}`;
const web = (labels: string) => `{direction="inbound",namespace="apps",deployment="web",${labels}}`;
const latency = (fast: string, slow: string) => ({
  [`response_latency_ms_bucket${web('le="100"')}`]: fast,
  [`response_latency_ms_bucket${web('le="1000"')}`]: fast,
  [`response_latency_ms_bucket${web('le="10000"')}`]: slow,
  [`response_latency_ms_bucket${web('le="+Inf"')}`]: slow,
  [`response_total${web('classification="success"')}`]: slow,
});

/** The cases at the default thresholds; `tuned` lists the alerts whose firing case must not fire at TUNED. */
const CASES: Case[] = [
  { name: 'identity issuer not Ready', series: { [`certmanager_certificate_ready_status{condition="True",namespace="linkerd",name="linkerd-identity-issuer"}`]: '0x30' }, at: '20m', alert: 'LinkerdCertificateNotReady', fires: [{ severity: 'critical', namespace: 'linkerd', name: 'linkerd-identity-issuer' }] },
  { name: 'identity issuer Ready', series: { [`certmanager_certificate_ready_status{condition="True",namespace="linkerd",name="linkerd-identity-issuer"}`]: '1x30' }, at: '20m', alert: 'LinkerdCertificateNotReady', fires: [] },
  { name: "someone else's certificate not Ready", series: { [`certmanager_certificate_ready_status{condition="True",namespace="apps",name="web"}`]: '0x30' }, at: '20m', alert: 'LinkerdCertificateNotReady', fires: [] },
  { name: 'a webhook certificate overdue for renewal', series: { [`certmanager_certificate_renewal_timestamp_seconds${cert('linkerd-proxy-injector', 'linkerd')}`]: '0x120' }, at: '90m', alert: 'LinkerdCertificateRenewalOverdue', fires: [{ severity: 'critical', namespace: 'linkerd', name: 'linkerd-proxy-injector' }] },
  { name: 'a renewal still ahead', series: { [`certmanager_certificate_renewal_timestamp_seconds${cert('linkerd-proxy-injector', 'linkerd')}`]: '100000x120' }, at: '90m', alert: 'LinkerdCertificateRenewalOverdue', fires: [] },
  { name: 'the anchor renews within the notice', series: { [`certmanager_certificate_renewal_timestamp_seconds${cert('linkerd-trust-anchor', 'cert-manager')}`]: '3000000x180' }, at: '2h', alert: 'LinkerdTrustAnchorRotationDue', fires: [{ severity: 'warning', namespace: 'cert-manager', name: 'linkerd-trust-anchor' }] },
  { name: 'the anchor renews long after the notice', series: { [`certmanager_certificate_renewal_timestamp_seconds${cert('linkerd-trust-anchor', 'cert-manager')}`]: '10000000x180' }, at: '2h', alert: 'LinkerdTrustAnchorRotationDue', fires: [] },
  { name: 'the anchor was renewed', series: { [`certmanager_certificate_expiration_timestamp_seconds${cert('linkerd-trust-anchor', 'cert-manager')}`]: '100 100 100 200 200 200' }, at: '5m', alert: 'LinkerdTrustAnchorRenewedWithoutPreviousAnchor', fires: [{ severity: 'critical', namespace: 'cert-manager', name: 'linkerd-trust-anchor' }] },
  { name: 'the anchor unchanged', series: { [`certmanager_certificate_expiration_timestamp_seconds${cert('linkerd-trust-anchor', 'cert-manager')}`]: '100x10' }, at: '5m', alert: 'LinkerdTrustAnchorRenewedWithoutPreviousAnchor', fires: [] },
  { name: 'identity has no ready replica', series: { 'kube_deployment_status_replicas_available{namespace="linkerd",deployment="linkerd-identity"}': '0x10' }, at: '8m', alert: 'LinkerdControlPlaneDown', fires: [{ severity: 'critical', namespace: 'linkerd', deployment: 'linkerd-identity' }] },
  { name: 'identity has a ready replica', series: { 'kube_deployment_status_replicas_available{namespace="linkerd",deployment="linkerd-identity"}': '1x10' }, at: '8m', alert: 'LinkerdControlPlaneDown', fires: [] },
  { name: 'identity answers Certify with errors', series: { 'grpc_server_handled_total{namespace="linkerd",grpc_service="io.linkerd.proxy.identity.Identity",grpc_method="Certify",grpc_code="Unavailable"}': '0+10x40' }, at: '30m', alert: 'LinkerdIdentityCertifyErrors', fires: [{ severity: 'critical', grpc_code: 'Unavailable' }] },
  { name: 'identity answers Certify with OK', series: { 'grpc_server_handled_total{namespace="linkerd",grpc_service="io.linkerd.proxy.identity.Identity",grpc_method="Certify",grpc_code="OK"}': '0+10x40' }, at: '30m', alert: 'LinkerdIdentityCertifyErrors', fires: [] },
  { name: 'the injector drops admission requests', series: { 'proxy_inject_admission_requests_total{namespace="apps"}': '0+10x40', 'proxy_inject_admission_responses_total{namespace="apps"}': '0+5x40' }, at: '30m', alert: 'LinkerdProxyInjectorErrors', fires: [{ severity: 'warning' }] },
  { name: 'the injector answers every request', series: { 'proxy_inject_admission_requests_total{namespace="apps"}': '0+10x40', 'proxy_inject_admission_responses_total{namespace="apps"}': '0+10x40' }, at: '30m', alert: 'LinkerdProxyInjectorErrors', fires: [] },
  { name: 'web fails one request in six', series: { [`response_total${web('classification="success"')}`]: '0+250x40', [`response_total${web('classification="failure"')}`]: '0+50x40' }, at: '30m', alert: 'LinkerdWorkloadSuccessRateLow', fires: [{ severity: 'warning', namespace: 'apps', deployment: 'web' }] },
  { name: 'web succeeds', series: { [`response_total${web('classification="success"')}`]: '0+300x40' }, at: '30m', alert: 'LinkerdWorkloadSuccessRateLow', fires: [] },
  { name: 'web fails but has almost no traffic', series: { [`response_total${web('classification="success"')}`]: '0+1x40', [`response_total${web('classification="failure"')}`]: '0+1x40' }, at: '30m', alert: 'LinkerdWorkloadSuccessRateLow', fires: [] },
  { name: 'web has no traffic at all', series: { [`response_total${web('classification="success"')}`]: '0x40' }, at: '30m', alert: 'LinkerdWorkloadSuccessRateLow', fires: [] },
  { name: 'web is slow', series: latency('0+200x40', '0+300x40'), at: '30m', alert: 'LinkerdWorkloadLatencyHigh', fires: [{ severity: 'warning', namespace: 'apps', deployment: 'web' }] },
  { name: 'web is fast', series: latency('0+300x40', '0+300x40'), at: '30m', alert: 'LinkerdWorkloadLatencyHigh', fires: [] },
  { name: 'web is slow with no traffic', series: latency('0x40', '0x40'), at: '30m', alert: 'LinkerdWorkloadLatencyHigh', fires: [] },
  { name: 'no control-plane target scraped', series: { 'up{job="monitoring/other"}': '1x20' }, at: '15m', alert: 'LinkerdControlPlaneMetricsMissing', fires: [{ severity: 'warning' }] },
  { name: 'the control-plane targets are up', series: { 'up{job="linkerd/linkerd-controller",pod="a"}': '1x20' }, at: '15m', alert: 'LinkerdControlPlaneMetricsMissing', fires: [] },
  { name: 'no proxy target scraped', series: { 'up{job="linkerd/linkerd-proxy",pod="a"}': '0x20' }, at: '15m', alert: 'LinkerdProxyMetricsMissing', fires: [{ severity: 'warning' }] },
  { name: 'the proxy targets are up', series: { 'up{job="linkerd/linkerd-proxy",pod="a"}': '1x20' }, at: '15m', alert: 'LinkerdProxyMetricsMissing', fires: [] },
];

/** Firing cases that the tuned thresholds must not fire (they sit between the default and the tuned value). */
const QUIET_WHEN_TUNED = ['identity issuer not Ready', 'the anchor renews within the notice', 'web fails one request in six', 'web is slow'];

/** Runs promtool on the rules of `text` with `cases`; returns its output, throwing with it on failure. */
function promtoolTest(text: string, cases: readonly Case[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'promtool-'));
  try {
    const groups = (ruleObject(text)!.object.spec as any).groups;
    writeFileSync(join(directory, 'rules.yaml'), stringify({ groups }));
    execFileSync(PROMTOOL!, ['check', 'rules', join(directory, 'rules.yaml')], { encoding: 'utf8' });
    // The unit tests compare labels only: annotations (their templates are checked above) are dropped here.
    const bare = groups.map((group: any) => ({ ...group, rules: group.rules.map(({ annotations: _annotations, ...rule }: any) => rule) }));
    writeFileSync(join(directory, 'bare.yaml'), stringify({ groups: bare }));
    const tests = cases.map((entry) => ({
      name: entry.name,
      interval: '1m',
      input_series: Object.entries(entry.series).map(([series, values]) => ({ series, values })),
      alert_rule_test: [{ eval_time: entry.at, alertname: entry.alert, exp_alerts: entry.fires.map((labels) => ({ exp_labels: labels })) }],
    }));
    writeFileSync(join(directory, 'tests.yaml'), stringify({ rule_files: ['bare.yaml'], evaluation_interval: '1m', tests }));
    const run = spawnSync(PROMTOOL!, ['test', 'rules', join(directory, 'tests.yaml')], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`promtool test rules failed:\n${run.stdout}\n${run.stderr}`);
    return run.stdout;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describeWithPromtool('promtool', () => {
  test('every alert fires on its series and stays quiet on the others, at the default thresholds', () => {
    const alerts = new Set(CASES.map((entry) => entry.alert));
    for (const alert of alerts) {
      expect([alert, CASES.some((entry) => entry.alert === alert && entry.fires.length > 0), CASES.some((entry) => entry.alert === alert && entry.fires.length === 0)]).toEqual([alert, true, true]);
    }
    expect(alerts.size).toBe(11);
    expect(promtoolTest(BASE, CASES)).toContain('SUCCESS');
  });

  test('tuned thresholds move the line: the in-between cases stay quiet', () => {
    const tuned = CASES.filter((entry) => QUIET_WHEN_TUNED.includes(entry.name)).map((entry) => ({ ...entry, fires: [] }));
    expect(tuned).toHaveLength(QUIET_WHEN_TUNED.length);
    expect(promtoolTest(TUNED, tuned)).toContain('SUCCESS');
  });

  test('a wrong expectation fails: the tests can fail', () => {
    const wrong = CASES.filter((entry) => entry.name === 'identity issuer Ready').map((entry) => ({ ...entry, fires: [{ severity: 'critical', namespace: 'linkerd', name: 'linkerd-identity-issuer' }] }));
    expect(() => promtoolTest(BASE, wrong)).toThrow(/promtool test rules failed/);
  });
});
