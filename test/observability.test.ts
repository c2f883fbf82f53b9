/** Metrics, dashboard and tracing options produce the chart values each release line expects. */
import { parse } from 'yaml';
import { releaseLine } from '../lib/linkerd/catalog';
import { releaseLineProblems } from '../lib/config/schema';
import { loadClusterConfig } from '../lib/config/load';
import { synthesizeConfig } from './support/synth';

function values(text: string, release: string): any {
  const { objects } = synthesizeConfig(text);
  return (objects.find(({ object }) => object.kind === 'HelmRelease' && object.metadata.name === release)?.object.spec as any)?.values;
}

const OTLP = 'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317"}\n';

test('an existing Prometheus: viz runs none, links it, and the namespace says so', () => {
  const url = 'http://prometheus.monitoring.svc:9090';
  const text = `viz: {prometheus: {url: "${url}"}}`;
  expect(values(text, 'linkerd-viz')).toMatchObject({ prometheus: { enabled: false }, prometheusUrl: url });
  expect(values(text, 'linkerd-control-plane').prometheusUrl).toBe(url);
  const namespace = synthesizeConfig(text).objects.find(({ object }) => object.kind === 'Namespace' && object.metadata.name === 'linkerd-viz')!.object;
  expect(namespace.metadata.annotations).toEqual({ 'viz.linkerd.io/external-prometheus': url });
  expect(values('{}', 'linkerd-viz')).not.toHaveProperty('prometheusUrl');
});

test('PodMonitors come from the control-plane chart with the selecting labels', () => {
  expect(values('monitoring: {podMonitors: {enabled: true, labels: {release: kps}}}', 'linkerd-control-plane').podMonitor).toEqual({
    enabled: true,
    labels: { release: 'kps' },
  });
  expect(values('{}', 'linkerd-control-plane')).not.toHaveProperty('podMonitor');
});

test('the dashboard answers port-forwarded and configured hosts only', () => {
  const regexp = new RegExp(values('viz: {dashboard: {extraHosts: [linkerd.home.example]}}', 'linkerd-viz').dashboard.enforcedHostRegexp);
  for (const host of ['localhost:8084', '127.0.0.1:8084', '[::1]:8084', 'web.linkerd-viz.svc.cluster.local:8084', 'linkerd.home.example']) {
    expect(regexp.test(host)).toBe(true);
  }
  for (const host of ['evil.example', 'linkerdxhomexexample', 'localhost.evil.example']) expect(regexp.test(host)).toBe(false);
});

test('viz links the bundled Jaeger, an external Jaeger UI, or none', () => {
  expect(values('{}', 'linkerd-viz').jaegerUrl).toBe('jaeger.linkerd-jaeger:16686');
  expect(values(`${OTLP.replace('}', ', jaegerUrl: "jaeger-query.monitoring:16686"}')}`, 'linkerd-viz').jaegerUrl).toBe('jaeger-query.monitoring:16686');
  expect(values(OTLP, 'linkerd-viz')).not.toHaveProperty('jaegerUrl');
  expect(values('tracing: {enabled: false}', 'linkerd-viz')).not.toHaveProperty('jaegerUrl');
});

test('edge: the collector config is a map merged into the chart default, the bundled Jaeger off', () => {
  const jaeger = values(OTLP, 'linkerd-jaeger');
  expect(jaeger.jaeger.enabled).toBe(false);
  expect(jaeger.collector.config).toEqual({
    exporters: { jaeger: null, otlp: { endpoint: 'tempo.monitoring:4317', tls: { insecure: true } } },
    service: { pipelines: { traces: { exporters: ['otlp'] } } },
  });
});

test('2.14.10: the collector config is one YAML string with every default receiver', () => {
  const jaeger = values(`releaseLine: stable-2.14.10\n${OTLP}`, 'linkerd-jaeger');
  expect(typeof jaeger.collector.config).toBe('string');
  const config = parse(jaeger.collector.config);
  expect(Object.keys(config.receivers)).toEqual(['otlp', 'opencensus', 'zipkin', 'jaeger']);
  expect(config.exporters).toEqual({ otlp: { endpoint: 'tempo.monitoring:4317', tls: { insecure: true } } });
  expect(config.service.pipelines.traces).toEqual({ receivers: ['otlp', 'opencensus', 'zipkin', 'jaeger'], processors: ['batch'], exporters: ['otlp'] });
});

test('the bundled Jaeger stays on by default and tracing off installs no linkerd-jaeger', () => {
  expect(values('{}', 'linkerd-jaeger')).not.toHaveProperty('jaeger.enabled');
  expect(values('tracing: {enabled: false}', 'linkerd-jaeger')).toBeUndefined();
});

test('a release line without linkerd-jaeger (or viz) is refused for tracing (or viz)', () => {
  const withoutExtensions = { ...releaseLine('edge-25.9.4'), name: 'edge-26.8.3', chartVersions: { 'linkerd-crds': '2026.8.3', 'linkerd-control-plane': '2026.8.3' } };
  expect(releaseLineProblems(loadClusterConfig('{}', 'x'), withoutExtensions)).toEqual([
    { path: ['tracing', 'enabled'], input: true, message: 'needs linkerd-jaeger, which edge-26.8.3 does not publish; set tracing.enabled: false or choose a line that has it' },
    { path: ['viz', 'enabled'], input: true, message: 'needs linkerd-viz, which edge-26.8.3 does not publish; set viz.enabled: false or choose a line that has it' },
  ]);
  expect(releaseLineProblems(loadClusterConfig('tracing: {enabled: false}\nviz: {enabled: false}', 'x'), withoutExtensions)).toEqual([]);
});

test('the default inbound policy reaches the proxy values', () => {
  expect(values('proxy: {defaultInboundPolicy: audit}', 'linkerd-control-plane').proxy.defaultInboundPolicy).toBe('audit');
});
