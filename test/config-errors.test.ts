/**
 * Bad input gets a clear error: the file, the field path, the value given and what is allowed, all
 * problems of a run together, and dist/ left exactly as it was.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { planClusters } from '../lib/plan/plan-clusters';
import { stringify } from 'yaml';
import { ConfigError, loadClusterConfig, parseClusterConfig } from '../lib/plan/config-load';
import { configWarnings } from '../features/cluster-config';
import { RELEASE_LINE_NAMES, releaseLine } from '../lib/linkerd/catalog';
import { main } from '../main';
import { PROJECT_DIR } from './support/synth';
import { configProblemsOf } from './support/config-problems';
import { captureConsole } from './support/console';
import { fileTree } from './support/files';

const FILE = 'clusters/home.yaml';
/** The catalog's lines whose proxies export traces themselves, as the messages list them. */
const EXPORTING_LINES = RELEASE_LINE_NAMES.filter(
  (name) => !releaseLine(name).helmChartVersions['linkerd-jaeger'] && releaseLine(name).proxyTracing,
).join(', ');
/** The catalog's lines that install linkerd-jaeger. */
const JAEGER_LINES = RELEASE_LINE_NAMES.filter((name) => releaseLine(name).helmChartVersions['linkerd-jaeger']).join(
  ', ',
);
/** The catalog's lines as the message lists them (a line added with release-line:add shows up here too). */
const ALLOWED_LINES = `lines: ${RELEASE_LINE_NAMES.map((name) => `${name} (Linkerd ${releaseLine(name).major})`).join(', ')}; a Linkerd version (2.20, 2.19, 2.18, 2.14) is taken as its newest line; npm run release-line:add -- <release> adds newer lines (docs/upgrading.md)`;
const pem = (name: string) => readFileSync(resolve(__dirname, 'fixtures/pem', name), 'utf8');

const problems = (text: string): string[] => configProblemsOf(text, FILE);

// [case, config text, the one problem expected (exactly)]
const CASES: Array<[string, string, string]> = [
  [
    'malformed YAML',
    'meshedNamespaces: [apps',
    `${FILE}: not valid YAML at line 1, column 24: Flow sequence in block collection must be sufficiently indented and end with a ]`,
  ],
  [
    'duplicate key',
    'highAvailability: true\nhighAvailability: false',
    `${FILE}: not valid YAML at line 2, column 1: the key "highAvailability" appears twice in one mapping (map keys must be unique); keep one of them`,
  ],
  ['empty file', '', `${FILE}: the file is empty; a cluster config is a YAML mapping (write "{}" for all defaults)`],
  [
    'only a comment',
    '# nothing yet\n',
    `${FILE}: the top level must be a mapping of fields (releaseLine, meshedNamespaces, ...), got nothing`,
  ],
  [
    'top level is a list',
    '- apps\n',
    `${FILE}: the top level must be a mapping of fields (releaseLine, meshedNamespaces, ...), got a list`,
  ],
  [
    'top level is a string',
    'apps\n',
    `${FILE}: the top level must be a mapping of fields (releaseLine, meshedNamespaces, ...), got "apps"`,
  ],
  [
    'unknown key with a near name',
    'releaseLne: edge-25.9.4',
    `${FILE}: releaseLne: unknown field (did you mean "releaseLine"?); allowed here: releaseLine, meshedNamespaces, cni, podSecurity, highAvailability, proxy, resources, viz, monitoring, tracing, certManager, gatewayApi, upgrade, identity, flux, budget, policy, istio, traffic, egress, images, placement, helmValues`,
  ],
  [
    'unknown nested key',
    'resources: {controlPlane: {destinaton: {}}}',
    `${FILE}: resources.controlPlane.destinaton: unknown field (did you mean "destination"?); allowed here: destination, spValidator, policyController, identity, proxyInjector, heartbeat`,
  ],
  [
    'unknown key from another setup',
    'jaeger: {storage: {type: elasticsearch}}',
    `${FILE}: jaeger: unknown field (tracing settings live under "tracing": enabled, backend, otlpEndpoint, storage); allowed here: releaseLine, meshedNamespaces, cni, podSecurity, highAvailability, proxy, resources, viz, monitoring, tracing, certManager, gatewayApi, upgrade, identity, flux, budget, policy, istio, traffic, egress, images, placement, helmValues`,
  ],
  [
    'wrong type: boolean',
    'viz: {enabled: "yes please"}',
    `${FILE}: viz.enabled: must be true or false, got "yes please"`,
  ],
  ['wrong type: list', 'meshedNamespaces: apps', `${FILE}: meshedNamespaces: must be a list, got "apps"`],
  ['wrong type: mapping', 'viz: true', `${FILE}: viz: must be a mapping, got boolean true`],
  [
    'bad quantity 200mi',
    'resources: {controlPlane: {identity: {memory: {request: 200mi}}}}',
    `${FILE}: resources.controlPlane.identity.memory.request: "200mi" must be a memory quantity such as "128Mi", "1Gi" or "500M" (did you mean "200Mi"?)`,
  ],
  [
    'bad quantity -1',
    'resources: {proxy: {memory: {limit: "-1"}}}',
    `${FILE}: resources.proxy.memory.limit: "-1" must be a memory quantity such as "128Mi", "1Gi" or "500M"`,
  ],
  [
    'bad quantity 1.5.0',
    'resources: {viz: {prometheus: {cpu: {limit: 1.5.0}}}}',
    `${FILE}: resources.viz.prometheus.cpu.limit: "1.5.0" must be a CPU quantity such as "100m", "0.5" or "1"`,
  ],
  [
    'memory in millibytes',
    'resources: {jaeger: {collector: {memory: {request: 128m}}}}',
    `${FILE}: resources.jaeger.collector.memory.request: "128m" must be a memory quantity such as "128Mi", "1Gi" or "500M" (did you mean "128M"?)`,
  ],
  [
    'limit below request',
    'resources: {viz: {tap: {cpu: {request: 300m, limit: 200m}}}}',
    `${FILE}: resources.viz.tap.cpu.limit: "200m" is below the request "300m"; a limit must be at least the request`,
  ],
  [
    'limit below request across units',
    'resources: {controlPlane: {destination: {memory: {request: 1Gi, limit: 512Mi}}}}',
    `${FILE}: resources.controlPlane.destination.memory.limit: "512Mi" is below the request "1Gi"; a limit must be at least the request`,
  ],
  [
    'unknown release line',
    'releaseLine: edge-99.1.1',
    `${FILE}: releaseLine: "edge-99.1.1" is not a release line here; ${ALLOWED_LINES}`,
  ],
  [
    'unknown resource profile',
    'resources: {profile: tiny}',
    `${FILE}: resources.profile: "tiny" is not allowed; allowed: "home"`,
  ],
  [
    'inbound policy the line lacks',
    'releaseLine: stable-2.14.10\nproxy: {defaultInboundPolicy: audit}',
    `${FILE}: proxy.defaultInboundPolicy: "audit" is not a policy of stable-2.14.10; allowed: all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny`,
  ],
  [
    'unknown inbound policy',
    'proxy: {defaultInboundPolicy: allow}',
    `${FILE}: proxy.defaultInboundPolicy: "allow" is not a policy of edge-26.8.3; allowed: all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny, audit`,
  ],
  [
    'namespace not a DNS label',
    'meshedNamespaces: [My_Apps]',
    `${FILE}: meshedNamespaces[0].name: "My_Apps" must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`,
  ],
  [
    'namespace too long',
    `meshedNamespaces: [${'a'.repeat(64)}]`,
    `${FILE}: meshedNamespaces[0].name: "${'a'.repeat(64)}" must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`,
  ],
  [
    'system namespace',
    'meshedNamespaces: [kube-system]',
    `${FILE}: meshedNamespaces[0].name: "kube-system" is reserved: kube-system, kube-public, kube-node-lease, flux-system, cert-manager, linkerd, linkerd-viz, linkerd-jaeger, linkerd-cni, linkerd-multicluster are never meshed from here`,
  ],
  [
    'flux namespace',
    'meshedNamespaces: [apps, flux-system]',
    `${FILE}: meshedNamespaces[1].name: "flux-system" is reserved: kube-system, kube-public, kube-node-lease, flux-system, cert-manager, linkerd, linkerd-viz, linkerd-jaeger, linkerd-cni, linkerd-multicluster are never meshed from here`,
  ],
  [
    'Linkerd namespace',
    'meshedNamespaces: [{name: linkerd-viz}]',
    `${FILE}: meshedNamespaces[0].name: "linkerd-viz" is reserved: kube-system, kube-public, kube-node-lease, flux-system, cert-manager, linkerd, linkerd-viz, linkerd-jaeger, linkerd-cni, linkerd-multicluster are never meshed from here`,
  ],
  [
    'duplicate namespace',
    'meshedNamespaces: [apps, media, apps]',
    `${FILE}: meshedNamespaces[2].name: "apps" is listed twice`,
  ],
  [
    'bad inject mode',
    'meshedNamespaces: [{name: apps, inject: disabled}]',
    `${FILE}: meshedNamespaces[0].inject: "disabled" is not allowed; allowed: "enabled", "ingress"`,
  ],
  [
    'namespace that Istio injects',
    'meshedNamespaces: [apps]\nistio: {injectedNamespaces: [apps]}',
    `${FILE}: meshedNamespaces[0].name: "apps" is injected by Istio (istio.injectedNamespaces); one namespace must not be in two meshes`,
  ],
  [
    'elasticsearch storage without its cluster',
    'tracing: {storage: elasticsearch}',
    `${FILE}: tracing.elasticsearch: is required with tracing.storage: elasticsearch: the URLs of your cluster ({urls: ["https://elasticsearch.search.svc:9200"], credentials: {secretName: jaeger-elasticsearch}}), or {provision: true} for one ECK runs`,
  ],
  [
    'cassandra storage',
    'tracing: {storage: cassandra}',
    `${FILE}: tracing.storage: "cassandra" is not offered: Jaeger v2 on Cassandra needs a Cassandra cluster and its schema job, which this project does not run. For traces that survive a restart use tracing.storage: badger (a volume) or elasticsearch/opensearch (docs/tracing.md "Tracing")`,
  ],
  [
    'unknown storage',
    'tracing: {storage: disk}',
    `${FILE}: tracing.storage: "disk" is not a storage; allowed: "memory", "badger", "elasticsearch", "opensearch"`,
  ],
  [
    'a password written in the config, not repeated',
    'tracing: {storage: elasticsearch, elasticsearch: {urls: ["https://es.search.svc:9200"], credentials: {secretName: es, password: hunter2-secret}}}',
    `${FILE}: tracing.elasticsearch.credentials.password: is a credential written in the config; dist/ is committed to Git, so none may be written there: create a Secret in the cluster and reference it (e.g. tracing.elasticsearch.credentials: {secretName, usernameKey, passwordKey}; docs/tracing.md)`,
  ],
  [
    'a token written beside the URLs, not repeated',
    'tracing: {storage: opensearch, opensearch: {urls: ["https://os.search.svc:9200"], token: abc.def-secret}}',
    `${FILE}: tracing.opensearch.token: is a credential written in the config; dist/ is committed to Git, so none may be written there: create a Secret in the cluster and reference it (e.g. tracing.elasticsearch.credentials: {secretName, usernameKey, passwordKey}; docs/tracing.md)`,
  ],
  [
    'an OpenSearch provisioned',
    'tracing: {storage: opensearch, opensearch: {provision: true}}',
    `${FILE}: tracing.opensearch.provision: is not offered: the OpenSearch operator (2.8.0) runs a new cluster with the demo credentials admin/admin unless you write its security configuration (a bcrypt hash) yourself. Run OpenSearch yourself and give its urls and credentials, or use tracing.storage: elasticsearch with elasticsearch.provision: true (ECK generates a password)`,
  ],
  [
    'retention in part of a day on a search cluster',
    'tracing: {storage: elasticsearch, retention: 36h, elasticsearch: {provision: true}}',
    `${FILE}: tracing.retention: "36h" is not a whole number of days: on elasticsearch Jaeger writes one index a day and its index cleaner deletes whole days (e.g. "168h" for 7 days)`,
  ],
  [
    'the URLs of a provisioned cluster',
    'tracing: {storage: elasticsearch, elasticsearch: {provision: true, urls: ["https://es.search.svc:9200"]}}',
    `${FILE}: tracing.elasticsearch.urls: is made by ECK with provision: true (the URL of its Service, its generated password, its CA); remove it, or set provision: false for a cluster of your own`,
  ],
  [
    'a search cluster on a line with linkerd-jaeger',
    'releaseLine: edge-25.9.4\ntracing: {storage: elasticsearch, elasticsearch: {provision: true}}',
    expect.stringContaining(`${FILE}: tracing.storage: "elasticsearch" needs Jaeger v2`),
  ],
  [
    'otlp without endpoint',
    'tracing: {backend: otlp, collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
    `${FILE}: tracing.otlpEndpoint: is required with tracing.backend: otlp (e.g. "tempo.monitoring:4317")`,
  ],
  [
    "otlp without the collector's mesh identity",
    'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317"}',
    `${FILE}: tracing.collectorIdentity: is required with tracing.backend: otlp on edge-26.8.3: proxies export to your collector over mTLS, so it must be meshed; give its service account and namespace, e.g. {serviceAccount: otel-collector, namespace: monitoring}`,
  ],
  [
    'collector identity with the bundled Jaeger',
    'tracing: {collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
    `${FILE}: tracing.collectorIdentity: a mapping is only used with tracing.backend: otlp; the bundled Jaeger is found by itself`,
  ],
  [
    'collector identity on a line with linkerd-jaeger',
    'releaseLine: edge-25.9.4\ntracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
    `${FILE}: tracing.collectorIdentity: a mapping is for lines whose proxies export traces themselves (e.g. ${EXPORTING_LINES}); on edge-25.9.4 linkerd-jaeger's collector forwards to tracing.otlpEndpoint`,
  ],
  [
    'otlpInsecure where proxies export',
    'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317", otlpInsecure: false, collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
    `${FILE}: tracing.otlpInsecure: boolean false is for linkerd-jaeger's collector (${JAEGER_LINES}); on edge-26.8.3 proxies export straight to your collector over mTLS`,
  ],
  [
    'badger with backend otlp',
    'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}, storage: badger}',
    `${FILE}: tracing.storage: "badger" is the bundled Jaeger's storage; with tracing.backend: otlp nothing is installed to store traces (your backend keeps them)`,
  ],
  [
    'badger on a line with linkerd-jaeger',
    'releaseLine: edge-25.9.4\ntracing: {storage: badger}',
    `${FILE}: tracing.storage: "badger" needs Jaeger v2, which this project installs on lines without linkerd-jaeger (e.g. ${EXPORTING_LINES}); edge-25.9.4 installs linkerd-jaeger, whose Jaeger keeps traces in memory only`,
  ],
  [
    'badger settings without badger',
    'tracing: {badger: {size: 5Gi}}',
    `${FILE}: tracing.badger: a mapping only applies with tracing.storage: badger; set that too, or remove it`,
  ],
  [
    'badger size that is not a quantity',
    'tracing: {storage: badger, badger: {size: 10GB}}',
    `${FILE}: tracing.badger.size: "10GB" must be a memory quantity such as "128Mi", "1Gi" or "500M"`,
  ],
  [
    'invalid storageClassName',
    'tracing: {storage: badger, badger: {storageClassName: Fast_SSD}}',
    `${FILE}: tracing.badger.storageClassName: "Fast_SSD" must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters`,
  ],
  [
    'badger retention that is not a duration',
    'tracing: {storage: badger, badger: {retention: 7d}}',
    `${FILE}: tracing.badger.retention: "7d" must be a duration in hours, minutes and seconds such as "8760h", "10m" or "1h30m"`,
  ],
  [
    'badger with a memory limit below what it needs',
    'tracing: {storage: badger}\nresources: {jaeger: {jaeger: {memory: {limit: 512Mi}}}}',
    `${FILE}: resources.jaeger.jaeger.memory.limit: "512Mi" is below 640Mi, what Jaeger needs with tracing.storage: badger (Badger's memtables and block cache take 576 MiB at its defaults, which Jaeger v2 cannot change): give at least that, leave the limit out (it is then 768Mi), or use tracing.storage: memory`,
  ],
  [
    'native sidecar on a line without it',
    'releaseLine: stable-2.14.10\nproxy: {nativeSidecar: true}',
    `${FILE}: proxy.nativeSidecar: boolean true is not a setting of stable-2.14.10: its proxy always runs as a plain container`,
  ],
  [
    'otlp endpoint with a scheme',
    'tracing: {backend: otlp, otlpEndpoint: "http://tempo:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
    `${FILE}: tracing.otlpEndpoint: "http://tempo:4317" must be host:port without a scheme: a DNS name, an IPv4 address or a bracketed IPv6 address ("[fd00::10]:4317") and a port of 1 to 65535, e.g. "tempo.monitoring:4317"`,
  ],
  [
    'otlp endpoint without otlp backend',
    'tracing: {otlpEndpoint: "tempo.monitoring:4317"}',
    `${FILE}: tracing.otlpEndpoint: "tempo.monitoring:4317" is only used with tracing.backend: otlp; set that too, or remove it`,
  ],
  [
    'Prometheus URL without scheme',
    'viz: {prometheus: {url: "prometheus:9090"}}',
    `${FILE}: viz.prometheus.url: "prometheus:9090" must be an http:// or https:// URL, e.g. "http://prometheus.monitoring.svc:9090"`,
  ],
  [
    'two Grafana URLs',
    'viz: {grafana: {url: "http://grafana.monitoring", externalUrl: "https://grafana.example"}}',
    `${FILE}: viz.grafana.externalUrl: "https://grafana.example" cannot be set together with viz.grafana.url; the chart takes one of them`,
  ],
  [
    'Grafana UID prefix without external URL',
    'viz: {grafana: {url: "http://grafana.monitoring", uidPrefix: linkerd}}',
    `${FILE}: viz.grafana.uidPrefix: "linkerd" only applies with viz.grafana.externalUrl`,
  ],
  [
    'dashboard host with a scheme',
    'viz: {dashboard: {extraHosts: ["https://linkerd.home"]}}',
    `${FILE}: viz.dashboard.extraHosts[0]: "https://linkerd.home" must be a DNS host name such as "linkerd.home.example": labels of lowercase letters, digits and "-" (at most 63 characters each), separated by "."`,
  ],
  [
    'Jaeger UI URL with the bundled Jaeger',
    'tracing: {jaegerUrl: "jaeger.monitoring:16686"}',
    `${FILE}: tracing.jaegerUrl: "jaeger.monitoring:16686" is only for an external Jaeger UI with tracing.backend: otlp; the bundled Jaeger is linked by itself`,
  ],
  [
    'unknown tracing backend',
    'tracing: {backend: zipkin}',
    `${FILE}: tracing.backend: "zipkin" is not allowed; allowed: "jaeger", "otlp"`,
  ],
  [
    'anchor renewBefore not below duration',
    'identity: {trustAnchor: {duration: 8760h, renewBefore: 8760h}}',
    `${FILE}: identity.trustAnchor.renewBefore: "8760h" must be shorter than identity.trustAnchor.duration "8760h" (cert-manager renews that long before expiry)`,
  ],
  [
    'bad duration',
    'identity: {trustAnchor: {duration: 10y}}',
    `${FILE}: identity.trustAnchor.duration: "10y" must be a duration in hours, minutes and seconds such as "8760h", "10m" or "1h30m"`,
  ],
  [
    'previous anchor is a private key',
    `identity:\n  previousTrustAnchors:\n    - |\n      -----BEGIN EC PRIVATE KEY-----\n      MHcCAQEEIB\n      -----END EC PRIVATE KEY-----\n`,
    `${FILE}: identity.previousTrustAnchors[0]: contains a private key; dist/ is committed to Git, so no private key may be written there: give only a public certificate (a tls.crt, never a tls.key)`,
  ],
  [
    'previous anchor is not PEM',
    'identity: {previousTrustAnchors: [not-a-certificate]}',
    `${FILE}: identity.previousTrustAnchors[0]: "not-a-certificate" must be exactly one PEM block "-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----"`,
  ],
  [
    'previous anchor is not a CA',
    `identity:\n  previousTrustAnchors:\n    - |\n${pem('leaf.crt')
      .trim()
      .split('\n')
      .map((line) => `      ${line}`)
      .join('\n')}\n`,
    `${FILE}: identity.previousTrustAnchors[0]: "-----BEGIN CERTIFICATE-----"… is not a CA certificate (subject "CN=leaf.example"); a trust anchor is a CA`,
  ],
  [
    'previous anchor damaged',
    'identity: {previousTrustAnchors: ["-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----"]}',
    `${FILE}: identity.previousTrustAnchors[0]: "-----BEGIN CERTIFICATE-----"… is not a readable X.509 certificate (the base64 between the PEM lines is damaged)`,
  ],
  [
    'Flux path outside the repository',
    'flux: {path: ../elsewhere}',
    `${FILE}: flux.path: "../elsewhere" must be a path relative to the repository root, without ".." (e.g. "." or "infrastructure/linkerd")`,
  ],
  [
    'bad budget',
    'budget: {memory: lots}',
    `${FILE}: budget.memory: "lots" must be a memory quantity such as "128Mi", "1Gi" or "500M"`,
  ],
  [
    'bad PodMonitor label value',
    'monitoring: {podMonitors: {enabled: true, labels: {release: [kps]}}}',
    `${FILE}: monitoring.podMonitors.labels.release: must be a string, got a list`,
  ],
  [
    'PodMonitor label value with a space',
    'monitoring: {podMonitors: {enabled: true, labels: {release: "kube prometheus"}}}',
    `${FILE}: monitoring.podMonitors.labels.release: "kube prometheus" must be a label value: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
  ],
  [
    'PodMonitor label value too long',
    `monitoring: {podMonitors: {enabled: true, labels: {release: ${'a'.repeat(64)}}}}`,
    `${FILE}: monitoring.podMonitors.labels.release: "${'a'.repeat(64)}" must be a label value: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
  ],
  [
    'PodMonitor label key',
    'monitoring: {podMonitors: {enabled: true, labels: {-release: kps}}}',
    `${FILE}: monitoring.podMonitors.labels.-release: "-release" is not a label key: it needs a name of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (with an optional "prefix/")`,
  ],
  [
    'PodMonitor label key prefix',
    'monitoring: {podMonitors: {enabled: true, labels: {Example.com/team: a}}}',
    `${FILE}: monitoring.podMonitors.labels.Example.com/team: "Example.com/team" is not a label key: it has the prefix "Example.com", which must be a DNS subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)`,
  ],
  [
    'zero memory limit of the proxy',
    'resources: {proxy: {memory: {limit: 0}}}',
    `${FILE}: resources.proxy.memory.limit: "0" is zero: the container would be killed at start; give a limit of at least the request, or leave it out (the profile's limit applies)`,
  ],
  [
    'zero CPU limit of a component',
    'resources: {controlPlane: {identity: {cpu: {limit: 0m}}}}',
    `${FILE}: resources.controlPlane.identity.cpu.limit: "0m" is zero: the container could never run; give a limit of at least the request, or leave it out (the profile's limit applies)`,
  ],
  [
    'a field named like an object property',
    'constructor: 1',
    `${FILE}: constructor: unknown field; allowed here: releaseLine, meshedNamespaces, cni, podSecurity, highAvailability, proxy, resources, viz, monitoring, tracing, certManager, gatewayApi, upgrade, identity, flux, budget, policy, istio, traffic, egress, images, placement, helmValues`,
  ],
  [
    'a field named __proto__',
    '__proto__: {a: 1}',
    `${FILE}: __proto__: "__proto__" is not allowed as a key (it names the prototype of an object, not a field); remove it or give the name you meant`,
  ],
  [
    'a namespace inbound policy the line lacks',
    'releaseLine: stable-2.14.10\nmeshedNamespaces: [{name: apps, defaultInboundPolicy: audit}]',
    `${FILE}: meshedNamespaces[0].defaultInboundPolicy: "audit" is not a policy of stable-2.14.10; allowed: all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny`,
  ],
];

test(`at least 30 bad inputs are covered (${CASES.length})`, () => {
  expect(CASES.length).toBeGreaterThanOrEqual(30);
});

test.each(CASES)('%s', (_name, text, expected) => {
  expect(problems(text)).toEqual([expected]);
});

test('every problem of a file is reported together', () => {
  expect(problems('releaseLine: edge-1\nmeshedNamespaces: [Apps]\nhighAvailability: 1\n')).toEqual([
    `${FILE}: releaseLine: "edge-1" is not a release line here; ${ALLOWED_LINES}`,
    `${FILE}: meshedNamespaces[0].name: "Apps" must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`,
    `${FILE}: highAvailability: number 1 must be true, false or a mapping (e.g. {nodes: 2}: enabled, nodes, replicas, spreading, webhookFailurePolicy)`,
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
    // flux.path: where the project sits in its Git repository, found by synth (lib/flux/layers.ts resolveFluxPath).
    expect(config.flux).toEqual({ gitRepository: 'flux-system', interval: '10m' });
    expect(config.certManager.install).toBe(true);
    expect(config.tracing).toMatchObject({ enabled: true, backend: 'jaeger', storage: 'memory' });
  });

  test('a namespace is one line: a name, or a name with an inject mode', () => {
    expect(
      loadClusterConfig('meshedNamespaces: [apps, {name: ingress-nginx, inject: ingress}]', FILE).meshedNamespaces,
    ).toEqual([
      { name: 'apps', inject: 'enabled', declared: 'here' },
      { name: 'ingress-nginx', inject: 'ingress', declared: 'here' },
    ]);
  });

  test('quantities may be YAML numbers', () => {
    const config = loadClusterConfig('resources: {proxy: {cpu: {request: 0.1, limit: 1}}}', FILE);
    expect(config.resources.proxy?.cpu).toEqual({ request: '0.1', limit: '1' });
  });

  test('a previous anchor that is a public CA certificate is accepted', () => {
    const config = loadClusterConfig(
      `identity:\n  previousTrustAnchors:\n    - |\n${readFileSync(
        resolve(__dirname, 'fixtures/trust-anchor-old.pem'),
        'utf8',
      )
        .trim()
        .split('\n')
        .map((line) => `      ${line}`)
        .join('\n')}\n`,
      FILE,
    );
    expect(config.identity.previousTrustAnchors).toHaveLength(1);
  });

  test('the TypeScript API goes through the same validation', () => {
    expect(parseClusterConfig({ meshedNamespaces: ['apps'] }, 'code').meshedNamespaces).toEqual([
      { name: 'apps', inject: 'enabled', declared: 'here' },
    ]);
    expect(() => parseClusterConfig({ meshedNamespaces: ['kube-system'] }, 'code')).toThrow(
      'code: meshedNamespaces[0].name: "kube-system" is reserved',
    );
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
    expect(captureConsole(() => main(clusters, dist)).result).toBe(0);
    // Whatever the project's studio.yaml holds (any line, any meshed namespaces): every file of dist/ stays.
    const before = fileTree(dist, { folders: true });
    writeFileSync(join(clusters, 'studio.yaml'), 'meshedNamespaces: [apps, another-one]\n');
    writeFileSync(join(clusters, 'broken.yaml'), 'releaseLine: nope\n');
    const refused = captureConsole(() => main(clusters, dist));
    expect(refused.result).toBe(1);
    const printed = refused.errors.join('\n');
    expect(printed).toContain('dist/ was not changed');
    expect(printed).toContain('broken.yaml: releaseLine: "nope" is not a release line here');
    expect(fileTree(dist, { folders: true })).toEqual(before);
  });
});

/** A config text that sets `value` at the dotted `path` (`a.b[0].c`), through the YAML writer. */
function configWith(path: string, value: unknown): string {
  const root: Record<string, unknown> = {};
  const parts = path.split('.').flatMap((part) =>
    part
      .split(/\[(\d+)\]/)
      .filter((piece) => piece !== '')
      .map((piece) => (/^\d+$/.test(piece) ? Number(piece) : piece)),
  );
  let node: any = root;
  parts.forEach((part, index) => {
    if (index === parts.length - 1) node[part] = value;
    else node = node[part] ??= typeof parts[index + 1] === 'number' ? [] : {};
  });
  return stringify(root);
}

/** Every field of the schema that holds a string a person types (URLs and free text), as written in a config. */
const STRING_FIELDS = [
  'releaseLine',
  'meshedNamespaces[0]',
  'meshedNamespaces[0].name',
  'meshedNamespaces[0].defaultInboundPolicy',
  'proxy.defaultInboundPolicy',
  'resources.proxy.cpu.request',
  'resources.controlPlane.identity.memory.limit',
  'viz.prometheus.url',
  'viz.grafana.url',
  'viz.grafana.externalUrl',
  'viz.grafana.uidPrefix',
  'viz.dashboard.extraHosts[0]',
  'monitoring.podMonitors.labels.release',
  'monitoring.alerts.labels.team',
  'monitoring.alerts.runbookUrl',
  'monitoring.alerts.certificates.notReadyFor',
  'monitoring.alerts.trustAnchor.rotationNotice',
  'tracing.otlpEndpoint',
  'tracing.jaegerUrl',
  'tracing.storage',
  'tracing.badger.size',
  'tracing.badger.storageClassName',
  'tracing.badger.retention',
  'tracing.collectorIdentity.serviceAccount',
  'identity.trustAnchor.duration',
  'identity.previousTrustAnchors[0]',
  'flux.gitRepository',
  'flux.path',
  'flux.interval',
  'budget.cpu',
  'istio.injectedNamespaces[0]',
];
const URL_FIELDS = ['viz.prometheus.url', 'viz.grafana.url', 'viz.grafana.externalUrl', 'monitoring.alerts.runbookUrl'];
const PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n';
const PRIVATE_KEY_PROBLEM =
  'contains a private key; dist/ is committed to Git, so no private key may be written there: give only a public certificate (a tls.crt, never a tls.key)';

describe('no secret reaches dist/ through any field; the message names the field, never the secret', () => {
  test('the list of string fields is every string leaf of the schema that a test above does not reach otherwise', () => {
    expect(STRING_FIELDS.length).toBeGreaterThanOrEqual(30);
  });

  test.each(STRING_FIELDS)('a private key pasted into %s', (path) => {
    const found = problems(configWith(path, PRIVATE_KEY));
    const shown = path.replace(/\[0\]$/, '[0]');
    expect(found).toContain(`${FILE}: ${shown}: ${PRIVATE_KEY_PROBLEM}`);
    expect(found.join('\n')).not.toContain('MC4CAQAw');
  });

  test.each(
    URL_FIELDS.flatMap((path) => [
      [
        path,
        'https://admin:hunter2@prometheus.monitoring:9090',
        "holds credentials in its URL (a user and password before @prometheus.monitoring:9090); dist/ is committed to Git, so none may be written there: give the URL without them (https://prometheus.monitoring:9090/) and configure access on the server's side",
      ],
      [
        path,
        'https://admin@grafana.example',
        "holds credentials in its URL (a user name before @grafana.example); dist/ is committed to Git, so none may be written there: give the URL without them (https://grafana.example/) and configure access on the server's side",
      ],
      [
        path,
        'https://grafana.example/d/x?orgId=1&access_token=hunter2',
        'holds a credential in its query string (access_token=); dist/ is committed to Git, so none may be written there: give the URL without it (https://grafana.example/d/x?orgId=...)',
      ],
      [
        path,
        'https://bucket.s3.example/runbooks?X-Amz-Signature=hunter2&X-Amz-Credential=hunter2',
        'holds a credential in its query string (X-Amz-Signature=, X-Amz-Credential=); dist/ is committed to Git, so none may be written there: give the URL without it (https://bucket.s3.example/runbooks)',
      ],
      [
        path,
        'http://prometheus:9090/?api_key=hunter2',
        'holds a credential in its query string (api_key=); dist/ is committed to Git, so none may be written there: give the URL without it (http://prometheus:9090/)',
      ],
    ]),
  )('%s = %s', (path, url, message) => {
    const found = problems(configWith(path, url));
    expect(found).toContain(`${FILE}: ${path}: ${message}`);
    expect(found.join('\n')).not.toContain('hunter2');
  });

  test('credentials in a host:port field and in a list of hosts', () => {
    expect(problems(configWith('tracing.otlpEndpoint', 'otel:hunter2@tempo.monitoring:4317'))).toContain(
      `${FILE}: tracing.otlpEndpoint: holds credentials (user:password@); dist/ is committed to Git, so none may be written there: give the address without them and configure access on the server's side`,
    );
    expect(
      problems(configWith('viz.dashboard.extraHosts[1]', 'https://a:hunter2@linkerd.home')).join('\n'),
    ).not.toContain('hunter2');
  });

  test('credentials where a name is expected: the name check does not repeat them', () => {
    expect(problems('meshedNamespaces: ["otel:hunter2@tempo.monitoring:4317"]')).toEqual([
      `${FILE}: meshedNamespaces[0]: holds credentials (user:password@); dist/ is committed to Git, so none may be written there: give the address without them and configure access on the server's side`,
    ]);
  });

  test('a URL without credentials is accepted', () => {
    expect(problems(configWith('viz.grafana.externalUrl', 'https://grafana.example/d/x?orgId=1'))).toEqual([]);
  });
});

/** A release line with, or without, linkerd-jaeger, from the catalog (none hard-coded). */
const lineWith = (jaeger: boolean) =>
  RELEASE_LINE_NAMES.find((name) => (releaseLine(name).helmChartVersions['linkerd-jaeger'] !== undefined) === jaeger);

// [case, config text, every problem expected (exactly)]
const CLUSTER_REJECTS: Array<[string, string, string[]]> = [
  // 7: an override merged with the profile's other half.
  [
    'request-only above the profile limit',
    'resources: {proxy: {cpu: {request: 500m}}}',
    [
      `${FILE}: resources.proxy.cpu.request: "500m" is above the limit "200m" this component gets from the "home" profile; the API server refuses a request above its limit: give a limit too (at least the request), or a smaller request`,
    ],
  ],
  [
    'limit-only below the profile request',
    'resources: {controlPlane: {identity: {memory: {limit: 64Mi}}}}',
    [
      `${FILE}: resources.controlPlane.identity.memory.limit: "64Mi" is below the request "128Mi" this component gets from the "home" profile; the API server refuses a request above its limit: give a request too (at most the limit), or a larger limit`,
    ],
  ],
  [
    'limit-only below a profile exception',
    'resources: {viz: {prometheus: {memory: {limit: 200Mi}}}}',
    [
      `${FILE}: resources.viz.prometheus.memory.limit: "200Mi" is below the request "256Mi" this component gets from the "home" profile; the API server refuses a request above its limit: give a request too (at most the limit), or a larger limit`,
    ],
  ],
  // 8: what the receiving component refuses.
  [
    "a duration beyond Go's",
    'flux: {interval: 2562048h}',
    [
      `${FILE}: flux.interval: "2562048h" is longer than 2562047h47m16s, the longest duration Go (and so cert-manager, Flux and Prometheus) can hold`,
    ],
  ],
  [
    "an anchor beyond Go's",
    'identity: {trustAnchor: {duration: 99999999999h}}',
    [
      `${FILE}: identity.trustAnchor.duration: "99999999999h" is longer than 2562047h47m16s, the longest duration Go (and so cert-manager, Flux and Prometheus) can hold`,
    ],
  ],
  [
    "an anchor under cert-manager's hour",
    'identity: {trustAnchor: {duration: 30m, renewBefore: 10m}}\nmonitoring: {alerts: {trustAnchor: {rotationNotice: 1m}}}',
    [
      `${FILE}: identity.trustAnchor.duration: "30m" is shorter than 1h, the shortest certificate cert-manager issues ("certificate duration must be greater than 1h0m0s")`,
      `${FILE}: identity.trustAnchor.duration: "30m" is not longer than the identity issuer it signs (48h0m0s); cert-manager cuts a certificate off at its CA's expiry, so the issuer would expire with the anchor: give the anchor months or years (e.g. "87600h")`,
    ],
  ],
  [
    "a renewBefore under cert-manager's five minutes",
    'identity: {trustAnchor: {renewBefore: 1m}}',
    [
      `${FILE}: identity.trustAnchor.renewBefore: "1m" is shorter than 5m, the least cert-manager accepts ("certificate renewBefore must be greater than 5m0s")`,
    ],
  ],
  [
    'a zero volume',
    'tracing: {storage: badger, badger: {size: 0}}',
    [
      `${FILE}: tracing.badger.size: "0" is zero; the API server refuses a volume claim of zero bytes ("must be greater than zero"): give a size such as "10Gi"`,
    ],
  ],
  [
    'port 0',
    'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:0", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
    [
      `${FILE}: tracing.otlpEndpoint: "tempo.monitoring:0" must be host:port without a scheme: a DNS name, an IPv4 address or a bracketed IPv6 address ("[fd00::10]:4317") and a port of 1 to 65535, e.g. "tempo.monitoring:4317"`,
    ],
  ],
  [
    'port 65536',
    'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:65536", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
    [
      `${FILE}: tracing.otlpEndpoint: "tempo.monitoring:65536" must be host:port without a scheme: a DNS name, an IPv4 address or a bracketed IPv6 address ("[fd00::10]:4317") and a port of 1 to 65535, e.g. "tempo.monitoring:4317"`,
    ],
  ],
  [
    'port 0 in a URL',
    'viz: {prometheus: {url: "http://prometheus.monitoring:0"}}',
    [
      `${FILE}: viz.prometheus.url: "http://prometheus.monitoring:0" has port 0; a port is 1 to 65535, e.g. "http://prometheus.monitoring.svc:9090"`,
    ],
  ],
  [
    'a port beyond 65535 in a URL',
    'viz: {prometheus: {url: "http://prometheus.monitoring:70000"}}',
    [
      `${FILE}: viz.prometheus.url: "http://prometheus.monitoring:70000" must be an http:// or https:// URL, e.g. "http://prometheus.monitoring.svc:9090"`,
    ],
  ],
  [
    'an empty label in a host',
    'tracing: {backend: otlp, otlpEndpoint: "tempo..monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
    [
      `${FILE}: tracing.otlpEndpoint: "tempo..monitoring:4317" must be host:port without a scheme: a DNS name, an IPv4 address or a bracketed IPv6 address ("[fd00::10]:4317") and a port of 1 to 65535, e.g. "tempo.monitoring:4317"`,
    ],
  ],
  [
    'a host label of 64 characters',
    `viz: {dashboard: {extraHosts: [${'a'.repeat(64)}.home]}}`,
    [
      `${FILE}: viz.dashboard.extraHosts[0]: "${'a'.repeat(64)}.home" must be a DNS host name such as "linkerd.home.example": labels of lowercase letters, digits and "-" (at most 63 characters each), separated by "."`,
    ],
  ],
  [
    'an empty label in a StorageClass name',
    'tracing: {storage: badger, badger: {storageClassName: fast..ssd}}',
    [
      `${FILE}: tracing.badger.storageClassName: "fast..ssd" must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters`,
    ],
  ],
  [
    'a label starting with "-" in a service account',
    'tracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317", collectorIdentity: {serviceAccount: otel.-x, namespace: monitoring}}',
    [
      `${FILE}: tracing.collectorIdentity.serviceAccount: "otel.-x" must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters`,
    ],
  ],
  [
    'a host label starting with "-"',
    'viz: {dashboard: {extraHosts: [linkerd.-home]}}',
    [
      `${FILE}: viz.dashboard.extraHosts[0]: "linkerd.-home" must be a DNS host name such as "linkerd.home.example": labels of lowercase letters, digits and "-" (at most 63 characters each), separated by "."`,
    ],
  ],
  [
    'an underscore in a URL host',
    'viz: {prometheus: {url: "http://prom_etheus.monitoring:9090"}}',
    [
      `${FILE}: viz.prometheus.url: "http://prom_etheus.monitoring:9090" has the host "prom_etheus.monitoring", which is not a DNS name (labels of lowercase letters, digits and "-", at most 63 characters each) or an IP address; e.g. "http://prometheus.monitoring.svc:9090"`,
    ],
  ],
  [
    'a memory limit under 6Mi',
    'resources: {proxy: {memory: {request: 1Mi, limit: 2Mi}}}',
    [
      `${FILE}: resources.proxy.memory.limit: "2Mi" is below 6Mi: no container starts with less (dockerd refuses such a limit outright, moby's linuxMinMemory), and the Linkerd proxy alone needs more; give at least 6Mi, or leave it out (the profile's limit applies)`,
    ],
  ],
  [
    'a memory limit of a few bytes',
    'resources: {controlPlane: {destination: {memory: {request: 1, limit: 1k}}}}',
    [
      `${FILE}: resources.controlPlane.destination.memory.limit: "1k" is below 6Mi: no container starts with less (dockerd refuses such a limit outright, moby's linuxMinMemory), and the Linkerd proxy alone needs more; give at least 6Mi, or leave it out (the profile's limit applies)`,
    ],
  ],
  [
    'a newline in a URL',
    'viz: {prometheus: {url: "http://prometheus\\n.monitoring:9090"}}',
    [
      `${FILE}: viz.prometheus.url: "http://prometheus"… contains whitespace or a control character (a newline, a tab); a URL has none: e.g. "http://prometheus.monitoring.svc:9090"`,
    ],
  ],
  [
    'a tab in a URL',
    'viz: {grafana: {url: "http://grafana\\t.monitoring"}}',
    [
      `${FILE}: viz.grafana.url: "http://grafana\\t.monitoring" contains whitespace or a control character (a newline, a tab); a URL has none: e.g. "http://prometheus.monitoring.svc:9090"`,
    ],
  ],
  [
    'a space in a URL',
    'viz: {grafana: {externalUrl: "https://grafana.example/d/my board"}}',
    [
      `${FILE}: viz.grafana.externalUrl: "https://grafana.example/d/my board" contains whitespace or a control character (a newline, a tab); a URL has none: e.g. "http://prometheus.monitoring.svc:9090"`,
    ],
  ],
  [
    'a newline in the Flux path',
    'flux: {path: "infra/\\nlinkerd"}',
    [
      `${FILE}: flux.path: "infra/"… contains whitespace (a space, a newline, a tab), a control character or a backslash; a path Flux reads here has none (e.g. "infrastructure/linkerd"): rename the folder without spaces`,
    ],
  ],
  [
    'a trailing space in the Flux path',
    'flux: {path: "infra/linkerd "}',
    [
      `${FILE}: flux.path: "infra/linkerd " contains whitespace (a space, a newline, a tab), a control character or a backslash; a path Flux reads here has none (e.g. "infrastructure/linkerd"): rename the folder without spaces`,
    ],
  ],
  [
    'an empty Flux path',
    'flux: {path: ""}',
    [
      `${FILE}: flux.path: "" must be a path relative to the repository root, without ".." (e.g. "." or "infrastructure/linkerd")`,
    ],
  ],
  [
    'a runbook URL with template braces',
    'monitoring: {alerts: {runbookUrl: "https://wiki/{{ $labels.job }}"}}',
    [
      `${FILE}: monitoring.alerts.runbookUrl: "https://wiki/{{ $labels.job }}" contains "{{" or "}}", which Prometheus reads as template code in an alert annotation (promtool check rules refuses the rule)`,
    ],
  ],
  [
    'a runbook URL with a section',
    'monitoring: {alerts: {runbookUrl: "https://git.example/linkerd/README.md#alerts"}}',
    [
      `${FILE}: monitoring.alerts.runbookUrl: "https://git.example/linkerd/README.md#alerts" contains "#"; each alert adds its own "#<section>", so give the page without one`,
    ],
  ],
  [
    'a runbook URL with a newline',
    'monitoring: {alerts: {runbookUrl: "README.md\\nx"}}',
    [
      `${FILE}: monitoring.alerts.runbookUrl: "README.md"… contains whitespace or a control character (a newline, a tab); a link has none (write a space as %20)`,
    ],
  ],
  // 14: messages.
  [
    'several documents',
    'highAvailability: true\n---\nviz: {enabled: false}\n',
    [
      `${FILE}: holds more than one YAML document (a "---" line at line 2 starts another); a cluster config is one document: put each cluster in its own clusters/<name>.yaml`,
    ],
  ],
  [
    'a numeric namespace',
    'meshedNamespaces: [2024]',
    [
      `${FILE}: meshedNamespaces[0]: number 2024 is not a namespace name: YAML reads it as a number; write it in quotes ("2024"), or {name: "2024"}`,
    ],
  ],
  // 12: what YAML would otherwise turn into something else.
  [
    'an unknown tag',
    'tracing: !custom {enabled: true}',
    [
      `${FILE}: tracing: has the YAML tag !custom, which a cluster config does not use; remove it (plain YAML values only: strings, numbers, true/false, lists and mappings)`,
    ],
  ],
  [
    'a binary tag',
    'viz: {grafana: {uidPrefix: !!binary bGlua2VyZA==}}',
    [
      `${FILE}: viz.grafana.uidPrefix: has the YAML tag !!binary, which a cluster config does not use; remove it (plain YAML values only: strings, numbers, true/false, lists and mappings)`,
    ],
  ],
  [
    'a set tag',
    'meshedNamespaces: !!set {apps}',
    [
      `${FILE}: meshedNamespaces: has the YAML tag !!set, which a cluster config does not use; remove it (plain YAML values only: strings, numbers, true/false, lists and mappings)`,
    ],
  ],
  // 15: certificate lifetimes against each other.
  [
    'a rotation notice longer than the anchor lives before renewal',
    'identity: {trustAnchor: {duration: 2000h, renewBefore: 1000h}}',
    [
      `${FILE}: monitoring.alerts.trustAnchor.rotationNotice: "1008h" is not shorter than the time from the trust anchor's issue to its renewal (identity.trustAnchor.duration "2000h" minus renewBefore "1000h"); the alert would fire from the day an anchor is issued`,
    ],
  ],
  [
    'an anchor shorter than the issuer it signs',
    'identity: {trustAnchor: {duration: 47h, renewBefore: 1h}}\nmonitoring: {alerts: {trustAnchor: {rotationNotice: 1h}}}',
    [
      `${FILE}: identity.trustAnchor.duration: "47h" is not longer than the identity issuer it signs (48h0m0s); cert-manager cuts a certificate off at its CA's expiry, so the issuer would expire with the anchor: give the anchor months or years (e.g. "87600h")`,
    ],
  ],
];

describe('values the cluster would reject are refused here, with the rule of the component that receives them', () => {
  test.each(CLUSTER_REJECTS)('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  test('on disk: all of them and a secret in every field in one run, every one named, no secret repeated, dist/ exactly as it was', () => {
    const root = mkdtempSync(join(tmpdir(), 'cluster-rejects-'));
    try {
      cpSync(join(PROJECT_DIR, 'clusters'), join(root, 'clusters'), { recursive: true });
      expect(captureConsole(() => main(join(root, 'clusters'), join(root, 'dist'))).result).toBe(0);
      const before = readFileSync(join(root, 'dist/studio/mesh/linkerd-control-plane.yaml'), 'utf8');
      CLUSTER_REJECTS.forEach(([, text], index) => writeFileSync(join(root, 'clusters', `bad-${index}.yaml`), text));
      // And a secret in every string field, and credentials in every URL field.
      STRING_FIELDS.forEach((path, index) =>
        writeFileSync(join(root, 'clusters', `key-${index}.yaml`), configWith(path, PRIVATE_KEY)),
      );
      URL_FIELDS.forEach((path, index) =>
        writeFileSync(
          join(root, 'clusters', `url-${index}.yaml`),
          configWith(path, 'https://admin:hunter2@grafana.example/?token=hunter2'),
        ),
      );
      const refused = captureConsole(() => main(join(root, 'clusters'), join(root, 'dist')));
      expect(refused.result).toBe(1);
      const printed = refused.errors.join('\n');
      CLUSTER_REJECTS.forEach((_, index) => expect(printed).toContain(`bad-${index}.yaml: `));
      STRING_FIELDS.forEach((path, index) =>
        expect(printed).toContain(`key-${index}.yaml: ${path}: contains a private key`),
      );
      URL_FIELDS.forEach((path, index) =>
        expect(printed).toContain(`url-${index}.yaml: ${path}: holds credentials in its URL`),
      );
      expect(printed).not.toMatch(/hunter2|MC4CAQAw/);
      expect(readFileSync(join(root, 'dist/studio/mesh/linkerd-control-plane.yaml'), 'utf8')).toBe(before);
      expect(readdirSync(join(root, 'dist'))).toEqual(['studio']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('good input the cluster takes is taken as written', () => {
  test.each([['1e6'], ['1Pi'], ['+1'], ['.5'], ['1E3'], ['2Ei']])('the quantity %s', (value) => {
    expect(
      problems(`budget: {cpu: "${value}", memory: "${value}"}\nresources: {proxy: {cpu: {limit: "${value}"}}}`).filter(
        (problem) => !problem.includes('budget'),
      ),
    ).toEqual([]);
  });

  test('YAML numbers as quantities (1e6, +1) are the same quantities', () => {
    expect(
      loadClusterConfig('resources: {proxy: {cpu: {request: +1, limit: 1e6}}}', FILE).resources.proxy?.cpu,
    ).toEqual({ request: '1', limit: '1000000' });
  });

  test('a label value stays as written: 1.50 is "1.50", 007 is "007", true is "true"', () => {
    const config = loadClusterConfig(
      'monitoring: {podMonitors: {enabled: true, labels: {version: 1.50, tier: 007, canary: true}}}',
      FILE,
    );
    expect(config.monitoring.podMonitors.labels).toEqual({ version: '1.50', tier: '007', canary: 'true' });
  });

  test('a namespace in quotes may be all digits', () => {
    expect(loadClusterConfig('meshedNamespaces: ["2024"]', FILE).meshedNamespaces[0].name).toBe('2024');
  });
});

describe('previous trust anchors against the clock', () => {
  const anchor = readFileSync(resolve(__dirname, 'fixtures/trust-anchor-old.pem'), 'utf8');
  const text = `identity:\n  previousTrustAnchors:\n    - |\n${anchor
    .trim()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n')}\n`;
  const { X509Certificate } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  const certificate = new X509Certificate(anchor);
  afterEach(() => jest.restoreAllMocks());

  test('one that is not valid yet is refused', () => {
    jest.spyOn(Date, 'now').mockReturnValue(new Date(certificate.validFrom).getTime() - 86_400_000);
    expect(problems(text)).toEqual([
      `${FILE}: identity.previousTrustAnchors[0]: "-----BEGIN CERTIFICATE-----"… is not valid before ${new Date(certificate.validFrom).toISOString()} (subject "${certificate.subject}"): proxies would refuse it until then; is it the right certificate, and is the clock of the machine that made it right?`,
    ]);
  });

  test('one that has expired is a warning: it has no effect', () => {
    jest.spyOn(Date, 'now').mockReturnValue(new Date(certificate.validTo).getTime() + 86_400_000);
    expect(configWarnings(loadClusterConfig(text, FILE), FILE)).toEqual([
      `warning: ${FILE}: identity.previousTrustAnchors[0]: expired on ${new Date(certificate.validTo).toISOString()}: no proxy trusts it any more, so it has no effect; remove it`,
    ]);
  });
});

describe('settings a line ignores: a warning naming the field and the line', () => {
  test('resources of linkerd-jaeger components on a line that installs Jaeger v2', () => {
    const line = lineWith(false);
    if (!line) return;
    expect(
      configWarnings(
        loadClusterConfig(`releaseLine: ${line}\nresources: {jaeger: {collector: {cpu: {limit: 1}}}}`, FILE),
        FILE,
      ),
    ).toEqual([
      `warning: ${FILE}: resources.jaeger.collector: has no effect on ${line} with tracing.backend: jaeger (its tracing runs jaeger: jaeger)`,
    ]);
  });

  test('resources of the tracing components with tracing.backend: otlp where proxies export', () => {
    const line = lineWith(false);
    if (!line) return;
    const text = `releaseLine: ${line}\nmeshedNamespaces: [monitoring]\ntracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}\nresources: {jaeger: {jaeger: {cpu: {limit: 1}}}}`;
    expect(configWarnings(loadClusterConfig(text, FILE), FILE)).toEqual([
      `warning: ${FILE}: resources.jaeger.jaeger: has no effect on ${line} with tracing.backend: otlp (nothing of tracing is installed)`,
    ]);
  });

  test("resources of linkerd-jaeger's Jaeger with tracing.backend: otlp, and otlpInsecure with the bundled Jaeger", () => {
    const line = lineWith(true);
    if (!line) return;
    const otlp = `releaseLine: ${line}\ntracing: {backend: otlp, otlpEndpoint: "tempo.monitoring:4317"}\nresources: {jaeger: {jaeger: {cpu: {limit: 1}}, collector: {cpu: {limit: 1}}}}`;
    expect(configWarnings(loadClusterConfig(otlp, FILE), FILE)).toEqual([
      `warning: ${FILE}: resources.jaeger.jaeger: has no effect on ${line} with tracing.backend: otlp (its tracing runs linkerd-jaeger: collector, webhook)`,
    ]);
    expect(
      configWarnings(loadClusterConfig(`releaseLine: ${line}\ntracing: {otlpInsecure: false}`, FILE), FILE),
    ).toEqual([
      `warning: ${FILE}: tracing.otlpInsecure: has no effect with tracing.backend: jaeger (it is how linkerd-jaeger's collector sends to your own backend)`,
    ]);
  });

  test('gatewayApi.install: false on a line whose CRDs Helm chart has no such option', () => {
    const line = RELEASE_LINE_NAMES.find((name) => !releaseLine(name).gatewayApiOptIn);
    if (!line) return;
    expect(
      configWarnings(loadClusterConfig(`releaseLine: ${line}\ngatewayApi: {install: false}`, FILE), FILE),
    ).toContain(
      `warning: ${FILE}: gatewayApi.install: has no effect on ${line}: its linkerd-crds installs the Gateway API CRDs it needs with no option to leave them out`,
    );
  });
});
