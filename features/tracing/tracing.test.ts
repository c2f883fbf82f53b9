/** Metrics, dashboard and tracing options produce the Helm chart values each release line expects. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { releaseLine } from '../../lib/linkerd/catalog';
import { configWarnings, featureProblems } from '../cluster-config';
import { configBasis } from '../core/basis';
import { loadClusterConfig } from '../../lib/plan/config-load';
import { synthesizeConfig } from '../../test/support/synth';

function values(text: string, release: string): any {
  const { objects } = synthesizeConfig(text);
  return (
    objects.find(({ object }) => object.kind === 'HelmRelease' && object.metadata.name === release)?.object.spec as any
  )?.values;
}

/** An external OTLP backend on a line with linkerd-jaeger (its collector forwards there). */
const OTLP = 'releaseLine: edge-25.9.4\ntracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317"}\n';
/** An external OTLP backend on a line whose proxies export themselves, to a meshed collector. */
const OTLP_NATIVE =
  'tracing: {backend: otlp, otlpEndpoint: "otel.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}\n';

test('an existing Prometheus: viz runs none, links it, and the namespace says so', () => {
  const url = 'http://prometheus.monitoring.svc:9090';
  const text = `viz: {prometheus: {url: "${url}"}}`;
  expect(values(text, 'linkerd-viz')).toMatchObject({ prometheus: { enabled: false }, prometheusUrl: url });
  expect(values(text, 'linkerd-control-plane').prometheusUrl).toBe(url);
  const namespace = synthesizeConfig(text).objects.find(
    ({ object }) => object.kind === 'Namespace' && object.metadata.name === 'linkerd-viz',
  )!.object;
  expect(namespace.metadata.annotations).toEqual({
    'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    'viz.linkerd.io/external-prometheus': url,
  });
  expect(values('{}', 'linkerd-viz')).not.toHaveProperty('prometheusUrl');
});

test('PodMonitors come from the control-plane Helm chart with the selecting labels', () => {
  expect(
    values('monitoring: {podMonitors: {enabled: true, labels: {release: kps}}}', 'linkerd-control-plane').podMonitor,
  ).toEqual({
    enabled: true,
    labels: { release: 'kps' },
  });
  expect(values('{}', 'linkerd-control-plane')).not.toHaveProperty('podMonitor');
});

test('the dashboard answers port-forwarded and configured hosts only', () => {
  const regexp = new RegExp(
    values('viz: {dashboard: {extraHosts: [linkerd.home.example]}}', 'linkerd-viz').dashboard.enforcedHostRegexp,
  );
  for (const host of [
    'localhost:8084',
    '127.0.0.1:8084',
    '[::1]:8084',
    'web.linkerd-viz.svc.cluster.local:8084',
    'linkerd.home.example',
  ]) {
    expect(regexp.test(host)).toBe(true);
  }
  for (const host of ['evil.example', 'linkerdxhomexexample', 'localhost.evil.example'])
    expect(regexp.test(host)).toBe(false);
});

test('viz links the bundled Jaeger, an external Jaeger UI, or none', () => {
  expect(values('{}', 'linkerd-viz').jaegerUrl).toBe('jaeger.linkerd-jaeger:16686');
  expect(values('releaseLine: edge-25.9.4', 'linkerd-viz').jaegerUrl).toBe('jaeger.linkerd-jaeger:16686');
  expect(
    values(`${OTLP_NATIVE.replace('}}', '}, jaegerUrl: "jaeger-query.monitoring:16686"}')}`, 'linkerd-viz').jaegerUrl,
  ).toBe('jaeger-query.monitoring:16686');
  expect(values(OTLP_NATIVE, 'linkerd-viz')).not.toHaveProperty('jaegerUrl');
  expect(values(`${OTLP.replace('}', ', jaegerUrl: "jaeger-query.monitoring:16686"}')}`, 'linkerd-viz').jaegerUrl).toBe(
    'jaeger-query.monitoring:16686',
  );
  expect(values(OTLP, 'linkerd-viz')).not.toHaveProperty('jaegerUrl');
  expect(values('tracing: {enabled: false}', 'linkerd-viz')).not.toHaveProperty('jaegerUrl');
});

test('edge: the collector config is a map merged into the Helm chart default, the bundled Jaeger off', () => {
  const jaeger = values(OTLP, 'linkerd-jaeger');
  expect(jaeger.jaeger.enabled).toBe(false);
  expect(jaeger.collector.config).toEqual({
    exporters: { jaeger: null, otlp: { endpoint: 'tempo.monitoring:4317', tls: { insecure: true } } },
    service: { pipelines: { traces: { exporters: ['otlp'] } } },
  });
});

test('2.14.10: the collector config is one YAML string with every default receiver', () => {
  const jaeger = values(OTLP.replace('edge-25.9.4', 'stable-2.14.10'), 'linkerd-jaeger');
  expect(typeof jaeger.collector.config).toBe('string');
  const config = parse(jaeger.collector.config);
  expect(Object.keys(config.receivers)).toEqual(['otlp', 'opencensus', 'zipkin', 'jaeger']);
  expect(config.exporters).toEqual({ otlp: { endpoint: 'tempo.monitoring:4317', tls: { insecure: true } } });
  expect(config.service.pipelines.traces).toEqual({
    receivers: ['otlp', 'opencensus', 'zipkin', 'jaeger'],
    processors: ['batch'],
    exporters: ['otlp'],
  });
});

test('the bundled Jaeger stays on by default and tracing off installs no linkerd-jaeger', () => {
  expect(values('releaseLine: edge-25.9.4', 'linkerd-jaeger')).not.toHaveProperty('jaeger.enabled');
  expect(values('releaseLine: edge-25.9.4\ntracing: {enabled: false}', 'linkerd-jaeger')).toBeUndefined();
});

describe('tracing on a line without linkerd-jaeger (edge-26.8.3)', () => {
  const objectsOf = (text: string) => synthesizeConfig(text).objects.map(({ object }) => object);

  test('by default: Jaeger v2 after the control plane, proxies export to it over mTLS, the control plane does not trace itself', () => {
    const objects = objectsOf('{}');
    expect(
      objects.find((object) => object.metadata.name === 'linkerd-jaeger' && object.kind === 'HelmRelease'),
    ).toBeUndefined();
    const jaeger = objects.find((object) => object.kind === 'HelmRelease' && object.metadata.name === 'jaeger')!;
    expect(jaeger.spec).toMatchObject({
      chart: { spec: { chart: 'jaeger', version: '4.11.1', sourceRef: { kind: 'HelmRepository', name: 'jaeger' } } },
      dependsOn: [{ name: 'linkerd-control-plane' }],
      targetNamespace: 'linkerd-jaeger',
    });
    const repository = objects.find((object) => object.kind === 'HelmRepository' && object.metadata.name === 'jaeger')!;
    expect((repository.spec as any).url).toBe('https://jaegertracing.github.io/helm-charts');
    const controlPlane = values('{}', 'linkerd-control-plane');
    expect(controlPlane.proxy.tracing).toEqual({
      enabled: true,
      collector: {
        endpoint: 'jaeger.linkerd-jaeger:4317',
        meshIdentity: { serviceAccountName: 'jaeger', namespace: 'linkerd-jaeger' },
      },
    });
    expect(controlPlane.controller?.tracing).toBeUndefined();
  });

  test('its namespace is meshed and no longer claims to hold the linkerd-jaeger extension', () => {
    const namespace = objectsOf('{}').find(
      (object) => object.kind === 'Namespace' && object.metadata.name === 'linkerd-jaeger',
    )!;
    expect(namespace.metadata.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'privileged' });
    expect(namespace.metadata.annotations).toEqual({
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      'linkerd.io/inject': 'enabled',
    });
  });

  test('in memory, bounded by its memory limit: max_traces = half the limit / 10 KiB', () => {
    const store = (text: string) => values(text, 'jaeger').userconfig.extensions.jaeger_storage.backends.traces;
    expect(store('{}')).toEqual({ memory: { max_traces: Math.floor((256 * 2 ** 20) / 2 / 10240) } });
    expect(store('resources: {jaeger: {jaeger: {memory: {limit: 1Gi}}}}')).toEqual({ memory: { max_traces: 52428 } });
    expect(values('{}', 'jaeger').jaeger.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '200m', memory: '256Mi' },
    });
  });

  test('badger: a claim Flux never prunes, mounted where the store writes, with the retention', () => {
    const text = 'tracing: {storage: badger, badger: {size: 20Gi, storageClassName: local-path, retention: 72h}}';
    const claim = objectsOf(text).find((object) => object.kind === 'PersistentVolumeClaim')!;
    expect(claim).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'jaeger-badger',
        namespace: 'linkerd-jaeger',
        annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '20Gi' } },
        storageClassName: 'local-path',
      },
    });
    const jaeger = values(text, 'jaeger');
    expect(jaeger.jaeger.extraVolumes).toEqual([
      { name: 'badger', persistentVolumeClaim: { claimName: 'jaeger-badger' } },
    ]);
    expect(jaeger.jaeger.extraVolumeMounts).toEqual([{ name: 'badger', mountPath: '/badger' }]);
    expect(jaeger.userconfig.extensions.jaeger_storage.backends.traces).toEqual({
      badger: {
        directories: { keys: '/badger/keys', values: '/badger/values' },
        ephemeral: false,
        ttl: { spans: '72h' },
      },
    });
    expect(
      objectsOf('tracing: {storage: badger}').find((object) => object.kind === 'PersistentVolumeClaim')!.spec,
    ).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    });
    expect(objectsOf('{}').find((object) => object.kind === 'PersistentVolumeClaim')).toBeUndefined();
  });

  test('badger: a memory limit from the profile is raised to what Badger needs; one from the config is kept', () => {
    const limits = (text: string) => values(text, 'jaeger').jaeger.resources.limits;
    expect(limits('tracing: {storage: badger}')).toEqual({ cpu: '200m', memory: '768Mi' });
    expect(limits('tracing: {storage: badger}\nresources: {jaeger: {jaeger: {memory: {limit: 1Gi}}}}')).toEqual({
      cpu: '200m',
      memory: '1Gi',
    });
    expect(limits('{}')).toEqual({ cpu: '200m', memory: '256Mi' });
  });

  test('otlp: nothing installed, proxies export straight to the meshed collector', () => {
    const objects = objectsOf(OTLP_NATIVE);
    expect(
      objects.find((object) => object.kind === 'HelmRelease' && /jaeger/.test(object.metadata.name)),
    ).toBeUndefined();
    expect(objects.find((object) => object.metadata.name === 'linkerd-jaeger')).toBeUndefined();
    expect(values(OTLP_NATIVE, 'linkerd-control-plane').proxy.tracing).toEqual({
      enabled: true,
      collector: {
        endpoint: 'otel.monitoring:4317',
        meshIdentity: { serviceAccountName: 'otel', namespace: 'monitoring' },
      },
    });
  });

  test('tracing off: no tracing values, no namespace', () => {
    expect(values('tracing: {enabled: false}', 'linkerd-control-plane').proxy).not.toHaveProperty('tracing');
    expect(
      objectsOf('tracing: {enabled: false}').find((object) => object.metadata.name === 'linkerd-jaeger'),
    ).toBeUndefined();
  });
});

test('native sidecar: on by default where the line has it, off on request, absent on 2.14', () => {
  expect(values('{}', 'linkerd-control-plane').proxy.nativeSidecar).toBe(true);
  expect(values('releaseLine: edge-25.9.4', 'linkerd-control-plane').proxy.nativeSidecar).toBe(true);
  expect(values('proxy: {nativeSidecar: false}', 'linkerd-control-plane').proxy.nativeSidecar).toBe(false);
  expect(values('releaseLine: stable-2.14.10', 'linkerd-control-plane').proxy).not.toHaveProperty('nativeSidecar');
});

test('a release line without any tracing (or viz) is refused for tracing (or viz)', () => {
  const withoutExtensions = {
    ...releaseLine('edge-25.9.4'),
    name: 'edge-99.1.1',
    proxyTracing: false,
    helmChartVersions: { 'linkerd-crds': '2099.1.1', 'linkerd-control-plane': '2099.1.1' },
  };
  // The line's problems, every feature's, with the basis on that line.
  const problems = (text: string) =>
    featureProblems({ ...configBasis(loadClusterConfig(text, 'x')), line: withoutExtensions });
  expect(problems('{}')).toEqual([
    {
      path: ['viz', 'enabled'],
      input: true,
      message:
        'needs linkerd-viz, which edge-99.1.1 does not publish; set viz.enabled: false or choose a line that has it',
    },
    {
      path: ['tracing', 'enabled'],
      input: true,
      message:
        'needs linkerd-jaeger or proxies that export traces themselves, and edge-99.1.1 has neither; set tracing.enabled: false or choose a line that has one',
    },
  ]);
  expect(problems('tracing: {enabled: false}\nviz: {enabled: false}')).toEqual([]);
});

test('the default inbound policy reaches the proxy values', () => {
  expect(values('proxy: {defaultInboundPolicy: audit}', 'linkerd-control-plane').proxy.defaultInboundPolicy).toBe(
    'audit',
  );
});

describe('Jaeger v2 on Elasticsearch or OpenSearch (docs/tracing.md)', () => {
  const ECK = readFileSync(resolve(__dirname, '../../test/fixtures/clusters/tracing-eck.yaml'), 'utf8');
  const EXISTING = readFileSync(resolve(__dirname, '../../test/fixtures/clusters/tracing-elasticsearch.yaml'), 'utf8');

  test('provisioned: the operator in the prerequisites layer, the Elasticsearch in a layer after it, beside the mesh', () => {
    const { objects, plans } = synthesizeConfig(ECK, 'eck');
    const at = (kind: string, name: string) =>
      objects.find(({ object }) => object.kind === kind && object.metadata.name === name)?.layer;
    expect(at('HelmRelease', 'eck-operator')).toBe('prerequisites');
    expect(at('HelmRepository', 'elastic')).toBe('prerequisites');
    expect(at('Elasticsearch', 'traces')).toBe('tracing-store');
    const layer = plans[0].layers.find((candidate) => candidate.name === 'tracing-store')!;
    expect(layer.dependsOn).toEqual(['prerequisites']);
    expect(plans[0].layers.find((candidate) => candidate.name === 'mesh')!.dependsOn).not.toContain('tracing-store');
    expect(layer.healthCheckExprs?.[0].kind).toBe('Elasticsearch');
  });

  test("provisioned: the node and the operator are in the budget; the default budget refuses a node's 2Gi", () => {
    const { plans } = synthesizeConfig(ECK, 'eck');
    const { storage, totals } = plans[0].footprint;
    expect(storage?.map((entry) => entry.name)).toEqual(['eck-operator', 'elasticsearch']);
    const { plans: withoutStore } = synthesizeConfig(ECK.replace(/tracing:[\s\S]*?budget:/, 'budget:'), 'plain');
    expect(totals.all.memoryRequest - withoutStore[0].footprint.totals.all.memoryRequest).toBe(
      2 * 1024 ** 3 + 150 * 1024 ** 2,
    );
    expect(() => synthesizeConfig(ECK.replace(/budget:[\s\S]*$/, ''), 'eck')).toThrow(
      /budget\.memory: the mesh requests/,
    );
  });

  test('the rendered configuration names the backend, the URLs and the variables; no credential value in dist/', () => {
    const jaeger = values(EXISTING, 'jaeger');
    const backend = jaeger.userconfig.extensions.jaeger_storage.backends.traces.elasticsearch;
    expect(backend.server_urls).toEqual(['https://search-es-http.search.svc:9200']);
    expect(backend.auth.basic).toEqual({
      username: '${env:JAEGER_STORE_USERNAME}',
      password: '${env:JAEGER_STORE_PASSWORD}',
    });
    expect(jaeger.jaeger.extraEnv).toContainEqual({
      name: 'JAEGER_STORE_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'jaeger-elasticsearch', key: 'password' } },
    });
    expect(jaeger.esIndexCleaner).toMatchObject({ enabled: true, numberOfDays: 14 });
    // The OTLP receivers, the base path and the digest stay.
    expect(jaeger.userconfig.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(jaeger.userconfig.extensions.jaeger_query.base_path).toBe('/jaeger');
    expect(jaeger.jaeger.extraEnv[0].name).toBe('JAEGER_CONFIG_SHA256');
  });

  test('memory warns of a retention without effect; badger takes tracing.retention as its TTL', () => {
    expect(configWarnings(loadClusterConfig('tracing: {retention: 72h}', 'x'), 'x').join('\n')).toContain(
      'tracing.retention: has no effect with tracing.storage: memory',
    );
    const badger = values('tracing: {storage: badger, retention: 72h}', 'jaeger');
    expect(badger.userconfig.extensions.jaeger_storage.backends.traces.badger.ttl).toEqual({ spans: '72h' });
  });
});
