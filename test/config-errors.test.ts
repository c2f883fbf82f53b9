/**
 * Bad input gets a clear error: the file, the field path, the value given and what is allowed, all
 * problems of a run together, and dist/ left exactly as it was.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { planClusters } from '../lib/plan/plan-clusters';
import { ConfigError, loadClusterConfig, parseClusterConfig } from '../lib/config/load';
import { RELEASE_LINE_NAMES, releaseLine } from '../lib/linkerd/catalog';
import { main } from '../main';
import { PROJECT_DIR } from './support/synth';

const FILE = 'clusters/home.yaml';
/** The catalog's lines whose proxies export traces themselves, as the messages list them. */
const EXPORTING_LINES = RELEASE_LINE_NAMES.filter((name) => !releaseLine(name).chartVersions['linkerd-jaeger'] && releaseLine(name).proxyTracing).join(', ');
/** The catalog's lines that install linkerd-jaeger. */
const JAEGER_LINES = RELEASE_LINE_NAMES.filter((name) => releaseLine(name).chartVersions['linkerd-jaeger']).join(', ');
/** The catalog's lines as the message lists them (a line added with release-line:add shows up here too). */
const ALLOWED_LINES = RELEASE_LINE_NAMES.map((name) => `"${name}"`).join(', ');
const pem = (name: string) => readFileSync(resolve(__dirname, 'fixtures/pem', name), 'utf8');

/** The problems a config text yields (none: an empty list). */
function problems(text: string): string[] {
  try {
    loadClusterConfig(text, FILE);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

// [case, config text, the one problem expected (exactly)]
const CASES: Array<[string, string, string]> = [
  ['malformed YAML', 'meshedNamespaces: [apps', `${FILE}: not valid YAML at line 1, column 24: Flow sequence in block collection must be sufficiently indented and end with a ]`],
  ['duplicate key', 'highAvailability: true\nhighAvailability: false', `${FILE}: not valid YAML at line 2, column 1: Map keys must be unique`],
  ['empty file', '', `${FILE}: the file is empty; a cluster config is a YAML mapping (write "{}" for all defaults)`],
  ['only a comment', '# nothing yet\n', `${FILE}: the top level must be a mapping of fields (releaseLine, meshedNamespaces, ...), got nothing`],
  ['top level is a list', '- apps\n', `${FILE}: the top level must be a mapping of fields (releaseLine, meshedNamespaces, ...), got a list`],
  ['top level is a string', 'apps\n', `${FILE}: the top level must be a mapping of fields (releaseLine, meshedNamespaces, ...), got "apps"`],
  ['unknown key with a near name', 'releaseLne: edge-25.9.4', `${FILE}: releaseLne: unknown field (did you mean "releaseLine"?); allowed here: releaseLine, meshedNamespaces, cni, podSecurity, highAvailability, proxy, resources, viz, monitoring, tracing, certManager, gatewayApi, upgrade, identity, flux, budget, istio`],
  ['unknown nested key', 'resources: {controlPlane: {destinaton: {}}}', `${FILE}: resources.controlPlane.destinaton: unknown field (did you mean "destination"?); allowed here: destination, spValidator, policyController, identity, proxyInjector, heartbeat`],
  ['unknown key from another setup', 'jaeger: {storage: {type: elasticsearch}}', `${FILE}: jaeger: unknown field (tracing settings live under "tracing": enabled, backend, otlpEndpoint, storage); allowed here: releaseLine, meshedNamespaces, cni, podSecurity, highAvailability, proxy, resources, viz, monitoring, tracing, certManager, gatewayApi, upgrade, identity, flux, budget, istio`],
  ['wrong type: boolean', 'highAvailability: "yes please"', `${FILE}: highAvailability: must be true or false, got "yes please"`],
  ['wrong type: list', 'meshedNamespaces: apps', `${FILE}: meshedNamespaces: must be a list, got "apps"`],
  ['wrong type: mapping', 'viz: true', `${FILE}: viz: must be a mapping, got boolean true`],
  ['bad quantity 200mi', 'resources: {controlPlane: {identity: {memory: {request: 200mi}}}}', `${FILE}: resources.controlPlane.identity.memory.request: "200mi" must be a memory quantity such as "128Mi", "1Gi" or "500M" (did you mean "200Mi"?)`],
  ['bad quantity -1', 'resources: {proxy: {memory: {limit: "-1"}}}', `${FILE}: resources.proxy.memory.limit: "-1" must be a memory quantity such as "128Mi", "1Gi" or "500M"`],
  ['bad quantity 1.5.0', 'resources: {viz: {prometheus: {cpu: {limit: 1.5.0}}}}', `${FILE}: resources.viz.prometheus.cpu.limit: "1.5.0" must be a CPU quantity such as "100m", "0.5" or "1"`],
  ['memory in millibytes', 'resources: {jaeger: {collector: {memory: {request: 128m}}}}', `${FILE}: resources.jaeger.collector.memory.request: "128m" must be a memory quantity such as "128Mi", "1Gi" or "500M" (did you mean "128M"?)`],
  ['limit below request', 'resources: {viz: {tap: {cpu: {request: 300m, limit: 200m}}}}', `${FILE}: resources.viz.tap.cpu.limit: "200m" is below the request "300m"; a limit must be at least the request`],
  ['limit below request across units', 'resources: {controlPlane: {destination: {memory: {request: 1Gi, limit: 512Mi}}}}', `${FILE}: resources.controlPlane.destination.memory.limit: "512Mi" is below the request "1Gi"; a limit must be at least the request`],
  ['unknown release line', 'releaseLine: edge-99.1.1', `${FILE}: releaseLine: "edge-99.1.1" is not allowed; allowed: ${ALLOWED_LINES}`],
  ['unknown resource profile', 'resources: {profile: tiny}', `${FILE}: resources.profile: "tiny" is not allowed; allowed: "home"`],
  ['inbound policy the line lacks', 'releaseLine: stable-2.14.10\nproxy: {defaultInboundPolicy: audit}', `${FILE}: proxy.defaultInboundPolicy: "audit" is not a policy of stable-2.14.10; allowed: all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny`],
  ['unknown inbound policy', 'proxy: {defaultInboundPolicy: allow}', `${FILE}: proxy.defaultInboundPolicy: "allow" is not a policy of edge-26.8.3; allowed: all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny, audit`],
  ['namespace not a DNS label', 'meshedNamespaces: [My_Apps]', `${FILE}: meshedNamespaces[0].name: "My_Apps" must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`],
  ['namespace too long', `meshedNamespaces: [${'a'.repeat(64)}]`, `${FILE}: meshedNamespaces[0].name: "${'a'.repeat(64)}" must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`],
  ['system namespace', 'meshedNamespaces: [kube-system]', `${FILE}: meshedNamespaces[0].name: "kube-system" is reserved: kube-system, kube-public, kube-node-lease, flux-system, cert-manager, linkerd, linkerd-viz, linkerd-jaeger, linkerd-cni, linkerd-multicluster are never meshed from here`],
  ['flux namespace', 'meshedNamespaces: [apps, flux-system]', `${FILE}: meshedNamespaces[1].name: "flux-system" is reserved: kube-system, kube-public, kube-node-lease, flux-system, cert-manager, linkerd, linkerd-viz, linkerd-jaeger, linkerd-cni, linkerd-multicluster are never meshed from here`],
  ['Linkerd namespace', 'meshedNamespaces: [{name: linkerd-viz}]', `${FILE}: meshedNamespaces[0].name: "linkerd-viz" is reserved: kube-system, kube-public, kube-node-lease, flux-system, cert-manager, linkerd, linkerd-viz, linkerd-jaeger, linkerd-cni, linkerd-multicluster are never meshed from here`],
  ['duplicate namespace', 'meshedNamespaces: [apps, media, apps]', `${FILE}: meshedNamespaces[2].name: "apps" is listed twice`],
  ['bad inject mode', 'meshedNamespaces: [{name: apps, inject: disabled}]', `${FILE}: meshedNamespaces[0].inject: "disabled" is not allowed; allowed: "enabled", "ingress"`],
  ['namespace that Istio injects', 'meshedNamespaces: [apps]\nistio: {injectedNamespaces: [apps]}', `${FILE}: meshedNamespaces[0].name: "apps" is injected by Istio (istio.injectedNamespaces); one namespace must not be in two meshes`],
  ['elasticsearch storage', 'tracing: {storage: elasticsearch}', `${FILE}: tracing.storage: "elasticsearch" is not offered: it needs a database cluster of its own. For traces that survive a restart use tracing.storage: badger (a volume), or run your own backend and set tracing.backend: otlp and tracing.otlpEndpoint (README "Tracing")`],
  ['unknown storage', 'tracing: {storage: disk}', `${FILE}: tracing.storage: "disk" is not a storage; allowed: "memory", "badger"`],
  ['otlp without endpoint', 'tracing: {backend: otlp, collectorIdentity: {serviceAccount: otel, namespace: monitoring}}', `${FILE}: tracing.otlpEndpoint: is required with tracing.backend: otlp (e.g. "tempo.monitoring:4317")`],
  ['otlp without the collector\'s mesh identity', 'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317"}', `${FILE}: tracing.collectorIdentity: is required with tracing.backend: otlp on edge-26.8.3: proxies export to your collector over mTLS, so it must be meshed; give its service account and namespace, e.g. {serviceAccount: otel-collector, namespace: monitoring}`],
  ['collector identity with the bundled Jaeger', 'tracing: {collectorIdentity: {serviceAccount: otel, namespace: monitoring}}', `${FILE}: tracing.collectorIdentity: a mapping is only used with tracing.backend: otlp; the bundled Jaeger is found by itself`],
  ['collector identity on a line with linkerd-jaeger', 'releaseLine: edge-25.9.4\ntracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}', `${FILE}: tracing.collectorIdentity: a mapping is for lines whose proxies export traces themselves (e.g. ${EXPORTING_LINES}); on edge-25.9.4 linkerd-jaeger's collector forwards to tracing.otlpEndpoint`],
  ['otlpInsecure where proxies export', 'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317", otlpInsecure: false, collectorIdentity: {serviceAccount: otel, namespace: monitoring}}', `${FILE}: tracing.otlpInsecure: boolean false is for linkerd-jaeger's collector (${JAEGER_LINES}); on edge-26.8.3 proxies export straight to your collector over mTLS`],
  ['badger with backend otlp', 'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}, storage: badger}', `${FILE}: tracing.storage: "badger" is the bundled Jaeger's storage; with tracing.backend: otlp nothing is installed to store traces (your backend keeps them)`],
  ['badger on a line with linkerd-jaeger', 'releaseLine: edge-25.9.4\ntracing: {storage: badger}', `${FILE}: tracing.storage: "badger" needs Jaeger v2, which this project installs on lines without linkerd-jaeger (e.g. ${EXPORTING_LINES}); edge-25.9.4 installs linkerd-jaeger, whose Jaeger keeps traces in memory only`],
  ['badger settings without badger', 'tracing: {badger: {size: 5Gi}}', `${FILE}: tracing.badger: a mapping only applies with tracing.storage: badger; set that too, or remove it`],
  ['badger size that is not a quantity', 'tracing: {storage: badger, badger: {size: 10GB}}', `${FILE}: tracing.badger.size: "10GB" must be a memory quantity such as "128Mi", "1Gi" or "500M"`],
  ['invalid storageClassName', 'tracing: {storage: badger, badger: {storageClassName: Fast_SSD}}', `${FILE}: tracing.badger.storageClassName: "Fast_SSD" must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters`],
  ['badger retention that is not a duration', 'tracing: {storage: badger, badger: {retention: 7d}}', `${FILE}: tracing.badger.retention: "7d" must be a duration in hours, minutes and seconds such as "8760h", "10m" or "1h30m"`],
  ['native sidecar on a line without it', 'releaseLine: stable-2.14.10\nproxy: {nativeSidecar: true}', `${FILE}: proxy.nativeSidecar: boolean true is not a setting of stable-2.14.10: its proxy always runs as a plain container`],
  ['otlp endpoint with a scheme', 'tracing: {backend: otlp, otlpEndpoint: "http://tempo:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}', `${FILE}: tracing.otlpEndpoint: "http://tempo:4317" must be host:port without a scheme, e.g. "tempo.monitoring:4317"`],
  ['otlp endpoint without otlp backend', 'tracing: {otlpEndpoint: "tempo.monitoring:4317"}', `${FILE}: tracing.otlpEndpoint: "tempo.monitoring:4317" is only used with tracing.backend: otlp; set that too, or remove it`],
  ['Prometheus URL without scheme', 'viz: {prometheus: {url: "prometheus:9090"}}', `${FILE}: viz.prometheus.url: "prometheus:9090" must be an http:// or https:// URL, e.g. "http://prometheus.monitoring.svc:9090"`],
  ['two Grafana URLs', 'viz: {grafana: {url: "http://grafana.monitoring", externalUrl: "https://grafana.example"}}', `${FILE}: viz.grafana.externalUrl: "https://grafana.example" cannot be set together with viz.grafana.url; the chart takes one of them`],
  ['Grafana UID prefix without external URL', 'viz: {grafana: {url: "http://grafana.monitoring", uidPrefix: linkerd}}', `${FILE}: viz.grafana.uidPrefix: "linkerd" only applies with viz.grafana.externalUrl`],
  ['dashboard host with a scheme', 'viz: {dashboard: {extraHosts: ["https://linkerd.home"]}}', `${FILE}: viz.dashboard.extraHosts[0]: "https://linkerd.home" must be a DNS host name such as "linkerd.home.example"`],
  ['Jaeger UI URL with the bundled Jaeger', 'tracing: {jaegerUrl: "jaeger.monitoring:16686"}', `${FILE}: tracing.jaegerUrl: "jaeger.monitoring:16686" is only for an external Jaeger UI with tracing.backend: otlp; the bundled Jaeger is linked by itself`],
  ['unknown tracing backend', 'tracing: {backend: zipkin}', `${FILE}: tracing.backend: "zipkin" is not allowed; allowed: "jaeger", "otlp"`],
  ['anchor renewBefore not below duration', 'identity: {trustAnchor: {duration: 8760h, renewBefore: 8760h}}', `${FILE}: identity.trustAnchor.renewBefore: "8760h" must be shorter than identity.trustAnchor.duration "8760h" (cert-manager renews that long before expiry)`],
  ['bad duration', 'identity: {trustAnchor: {duration: 10y}}', `${FILE}: identity.trustAnchor.duration: "10y" must be a duration in hours, minutes and seconds such as "8760h", "10m" or "1h30m"`],
  ['previous anchor is a private key', `identity:\n  previousTrustAnchors:\n    - |\n      -----BEGIN EC PRIVATE KEY-----\n      MHcCAQEEIB\n      -----END EC PRIVATE KEY-----\n`, `${FILE}: identity.previousTrustAnchors[0]: "-----BEGIN EC PRIVATE KEY-----"… contains a private key; give only the certificate (the tls.crt of the old anchor), never tls.key`],
  ['previous anchor is not PEM', 'identity: {previousTrustAnchors: [not-a-certificate]}', `${FILE}: identity.previousTrustAnchors[0]: "not-a-certificate" must be exactly one PEM block "-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----"`],
  ['previous anchor is not a CA', `identity:\n  previousTrustAnchors:\n    - |\n${pem('leaf.crt').trim().split('\n').map((line) => `      ${line}`).join('\n')}\n`, `${FILE}: identity.previousTrustAnchors[0]: "-----BEGIN CERTIFICATE-----"… is not a CA certificate (subject "CN=leaf.example"); a trust anchor is a CA`],
  ['previous anchor damaged', 'identity: {previousTrustAnchors: ["-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----"]}', `${FILE}: identity.previousTrustAnchors[0]: "-----BEGIN CERTIFICATE-----"… is not a readable X.509 certificate (the base64 between the PEM lines is damaged)`],
  ['Flux path outside the repository', 'flux: {path: ../elsewhere}', `${FILE}: flux.path: "../elsewhere" must be a path relative to the repository root, without ".." (e.g. "." or "infrastructure/linkerd")`],
  ['bad budget', 'budget: {memory: lots}', `${FILE}: budget.memory: "lots" must be a memory quantity such as "128Mi", "1Gi" or "500M"`],
  ['bad PodMonitor label value', 'monitoring: {podMonitors: {enabled: true, labels: {release: [kps]}}}', `${FILE}: monitoring.podMonitors.labels.release: must be a string, got a list`],
  ['PodMonitor label value with a space', 'monitoring: {podMonitors: {enabled: true, labels: {release: "kube prometheus"}}}', `${FILE}: monitoring.podMonitors.labels.release: "kube prometheus" must be a label value: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`],
  ['PodMonitor label value too long', `monitoring: {podMonitors: {enabled: true, labels: {release: ${'a'.repeat(64)}}}}`, `${FILE}: monitoring.podMonitors.labels.release: "${'a'.repeat(64)}" must be a label value: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`],
  ['PodMonitor label key', 'monitoring: {podMonitors: {enabled: true, labels: {-release: kps}}}', `${FILE}: monitoring.podMonitors.labels.-release: "-release" is not a label key: it needs a name of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (with an optional "prefix/")`],
  ['PodMonitor label key prefix', 'monitoring: {podMonitors: {enabled: true, labels: {Example.com/team: a}}}', `${FILE}: monitoring.podMonitors.labels.Example.com/team: "Example.com/team" is not a label key: it has the prefix "Example.com", which must be a DNS subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)`],
  ['zero memory limit of the proxy', 'resources: {proxy: {memory: {limit: 0}}}', `${FILE}: resources.proxy.memory.limit: "0" is zero: the container would be killed at start; give a limit of at least the request, or leave it out (the profile's limit applies)`],
  ['zero CPU limit of a component', 'resources: {controlPlane: {identity: {cpu: {limit: 0m}}}}', `${FILE}: resources.controlPlane.identity.cpu.limit: "0m" is zero: the container could never run; give a limit of at least the request, or leave it out (the profile's limit applies)`],
  ['a field named like an object property', 'constructor: 1', `${FILE}: constructor: unknown field; allowed here: releaseLine, meshedNamespaces, cni, podSecurity, highAvailability, proxy, resources, viz, monitoring, tracing, certManager, gatewayApi, upgrade, identity, flux, budget, istio`],
  ['a field named __proto__', '__proto__: {a: 1}', `${FILE}: __proto__: unknown field; allowed here: releaseLine, meshedNamespaces, cni, podSecurity, highAvailability, proxy, resources, viz, monitoring, tracing, certManager, gatewayApi, upgrade, identity, flux, budget, istio`],
  ['a namespace inbound policy the line lacks', 'releaseLine: stable-2.14.10\nmeshedNamespaces: [{name: apps, defaultInboundPolicy: audit}]', `${FILE}: meshedNamespaces[0].defaultInboundPolicy: "audit" is not a policy of stable-2.14.10; allowed: all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny`],
];

test(`at least 30 bad inputs are covered (${CASES.length})`, () => {
  expect(CASES.length).toBeGreaterThanOrEqual(30);
});

test.each(CASES)('%s', (_name, text, expected) => {
  expect(problems(text)).toEqual([expected]);
});

test('every problem of a file is reported together', () => {
  expect(problems('releaseLine: edge-1\nmeshedNamespaces: [Apps]\nhighAvailability: 1\n')).toEqual([
    `${FILE}: releaseLine: "edge-1" is not allowed; allowed: ${ALLOWED_LINES}`,
    `${FILE}: meshedNamespaces[0].name: "Apps" must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`,
    `${FILE}: highAvailability: must be true or false, got number 1`,
  ]);
});

test('the problems of every file are reported together', () => {
  expect(() =>
    planClusters([
      { path: 'clusters/a.yaml', text: 'meshedNamespaces: [kube-public]' },
      { path: 'clusters/b.yaml', text: 'viz: {enabeld: true}' },
    ]),
  ).toThrow(
    new ConfigError([
      'clusters/a.yaml: meshedNamespaces[0].name: "kube-public" is reserved: kube-system, kube-public, kube-node-lease, flux-system, cert-manager, linkerd, linkerd-viz, linkerd-jaeger, linkerd-cni, linkerd-multicluster are never meshed from here',
      'clusters/b.yaml: viz.enabeld: unknown field (did you mean "enabled"?); allowed here: enabled, prometheus, grafana, dashboard',
    ]),
  );
});

test('a cluster file name that cannot name a folder and Flux objects is refused', () => {
  expect(() => planClusters([{ path: 'clusters/My Cluster.yaml', text: '{}' }])).toThrow(
    'clusters/My Cluster.yaml: cluster name "My Cluster" must be lowercase letters, digits and "-" (it names a folder and Flux objects)',
  );
});

describe('good input', () => {
  test('{} gives every default', () => {
    const config = loadClusterConfig('{}', FILE);
    expect(config.releaseLine).toBe('edge-26.8.3');
    expect(config.meshedNamespaces).toEqual([]);
    expect(config.identity.trustAnchor).toEqual({ duration: '87600h', renewBefore: '8760h' });
    expect(config.flux).toEqual({ gitRepository: 'flux-system', path: '.', interval: '10m' });
    expect(config.certManager.install).toBe(true);
    expect(config.tracing).toMatchObject({ enabled: true, backend: 'jaeger', storage: 'memory' });
  });

  test('a namespace is one line: a name, or a name with an inject mode', () => {
    expect(loadClusterConfig('meshedNamespaces: [apps, {name: ingress-nginx, inject: ingress}]', FILE).meshedNamespaces).toEqual([
      { name: 'apps', inject: 'enabled', declared: 'here' },
      { name: 'ingress-nginx', inject: 'ingress', declared: 'here' },
    ]);
  });

  test('quantities may be YAML numbers', () => {
    const config = loadClusterConfig('resources: {proxy: {cpu: {request: 0.1, limit: 1}}}', FILE);
    expect(config.resources.proxy?.cpu).toEqual({ request: '0.1', limit: '1' });
  });

  test('a previous anchor that is a public CA certificate is accepted', () => {
    const config = loadClusterConfig(`identity:\n  previousTrustAnchors:\n    - |\n${readFileSync(resolve(__dirname, 'fixtures/trust-anchor-old.pem'), 'utf8').trim().split('\n').map((line) => `      ${line}`).join('\n')}\n`, FILE);
    expect(config.identity.previousTrustAnchors).toHaveLength(1);
  });

  test('the TypeScript API goes through the same validation', () => {
    expect(parseClusterConfig({ meshedNamespaces: ['apps'] }, 'code').meshedNamespaces).toEqual([{ name: 'apps', inject: 'enabled', declared: 'here' }]);
    expect(() => parseClusterConfig({ meshedNamespaces: ['kube-system'] }, 'code')).toThrow('code: meshedNamespaces[0].name: "kube-system" is reserved');
  });
});

describe('npm run synth on bad input', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linkerd-synth-'));
    cpSync(join(PROJECT_DIR, 'clusters'), join(dir, 'clusters'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('exits non-zero, names every problem, and leaves dist/ exactly as it was', () => {
    const clusters = join(dir, 'clusters');
    const dist = join(dir, 'dist');
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(main(clusters, dist)).toBe(0);
      const before = readFileSync(join(dist, 'studio/mesh/linkerd-control-plane.yaml'), 'utf8');
      writeFileSync(join(clusters, 'studio.yaml'), 'meshedNamespaces: [apps]\n');
      writeFileSync(join(clusters, 'broken.yaml'), 'releaseLine: nope\n');
      expect(main(clusters, dist)).toBe(1);
      const printed = errors.mock.calls.map((call) => call.join(' ')).join('\n');
      expect(printed).toContain('dist/ was not changed');
      expect(printed).toContain('broken.yaml: releaseLine: "nope" is not allowed');
      expect(readFileSync(join(dist, 'studio/mesh/linkerd-control-plane.yaml'), 'utf8')).toBe(before);
      expect(() => readFileSync(join(dist, 'studio/mesh/namespace.yaml'))).toThrow();
    } finally {
      quiet.mockRestore();
      errors.mockRestore();
    }
  });
});
