/**
 * The joins between parts, on what helm renders plus dist/, for every fixture, every config in
 * clusters/, the committed dist/ and every release line of the catalog with its defaults (the set is
 * read from the folders and the catalog, never listed here). Everything passes, except the pairs in
 * KNOWN_BROKEN, each of which must still fail: whoever fixes one removes it here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RELEASE_LINE_NAMES } from '../../lib/linkerd/catalog';
import {
  clusterConfigPaths,
  distFilesOf,
  renderCluster,
  type RenderedCluster,
  renderConfigText,
  renderDistFolder,
  renderOutput,
} from '../support/helm-render';
import { checkJoins, type JoinName, JOINS } from '../support/render-joins';
import { describeWithShared } from '../support/shared';
import { PROJECT_DIR, synthesizeConfig } from '../support/synth';
import { badgerMemoryProblems } from './joins/badger';

/** What still fails today, and which issue fixes it. Each pair is asserted to fail. */
const KNOWN_BROKEN: ReadonlyArray<{ join: JoinName | 'badger-memory'; config: string; why: string }> = [];

const { fixtures, clusters } = clusterConfigPaths();
const distFolders = readdirSync(resolve(PROJECT_DIR, 'dist'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `dist/${entry.name}`);
const CONFIGS: ReadonlyArray<{ name: string; render: () => RenderedCluster }> = [
  ...[...fixtures, ...clusters].map((path) => ({ name: path, render: () => renderCluster(path) })),
  ...distFolders.map((folder) => ({ name: folder, render: () => renderDistFolder(folder) })),
  ...RELEASE_LINE_NAMES.map((line) => ({
    name: `releaseLine: ${line}`,
    render: () => renderConfigText(`releaseLine: ${line}\n`, 'line'),
  })),
];

const rendered = new Map<string, RenderedCluster>();
function cluster(name: string): RenderedCluster {
  if (!rendered.has(name)) rendered.set(name, CONFIGS.find((config) => config.name === name)!.render());
  return rendered.get(name)!;
}

describeWithShared('joins between the parts, on the rendered output', () => {
  const cases = CONFIGS.flatMap((config) =>
    [...Object.values(JOINS), 'badger-memory' as const].map((join) => [config.name, join] as const),
  );

  test.each(cases)('%s: %s', (name, join) => {
    const output = cluster(name);
    const failures = join === 'badger-memory' ? badgerMemoryProblems(output) : checkJoins(output, [join])[0].failures;
    const known = KNOWN_BROKEN.find((entry) => entry.join === join && entry.config === name);
    if (known) {
      if (failures.length === 0)
        throw new Error(
          `${join} on ${name} passes now: remove it from KNOWN_BROKEN in test/render/joins.test.ts (${known.why})`,
        );
      return;
    }
    expect(failures).toEqual([]);
  });

  test('every known-broken pair names a join and a config that exist', () => {
    for (const entry of KNOWN_BROKEN) {
      expect(CONFIGS.map((config) => config.name)).toContain(entry.config);
      expect([...Object.values(JOINS), 'badger-memory']).toContain(entry.join);
    }
  });
});

/** The default config's dist files (edge-26.8.3: Jaeger v2), with `edit` applied to one file. */
function broken(file: string, edit: (text: string) => string, config = '{}'): RenderedCluster {
  const files = distFilesOf(synthesizeConfig(config, 'broken').dist, 'broken');
  const before = files.get(file)!;
  const after = edit(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  files.set(file, after);
  return renderOutput('broken', files);
}

function failuresOf(output: RenderedCluster, join: JoinName): string[] {
  return checkJoins(output, [join])[0].failures;
}

describeWithShared('a broken join fails naming both sides', () => {
  test('a wrong collector port: the value, the Service and the ports it has', () => {
    const output = broken('mesh/linkerd-control-plane.yaml', (text) =>
      text.replace('endpoint: jaeger.linkerd-jaeger:4317', 'endpoint: jaeger.linkerd-jaeger:4319'),
    );
    expect(failuresOf(output, 'endpoints')).toEqual([
      expect.stringMatching(
        /^HelmRelease flux-system\/linkerd-control-plane value proxy\.tracing\.collector\.endpoint = "jaeger\.linkerd-jaeger:4319", but Service linkerd-jaeger\/jaeger \[HelmRelease flux-system\/jaeger \(jaeger\/templates\/jaeger\/jaeger-service\.yaml\)\] has no port 4319 \(it serves .*4317 \(otlp-grpc\)/,
      ),
    ]);
  });

  test('a collector that does not listen where its Service points: the value, the pod and its listeners', () => {
    const output = broken('mesh/jaeger.yaml', (text) =>
      text.replace('endpoint: 0.0.0.0:4317', 'endpoint: 0.0.0.0:4327'),
    );
    expect(failuresOf(output, 'endpoints').join('\n')).toMatch(
      /value proxy\.tracing\.collector\.endpoint = "jaeger\.linkerd-jaeger:4317".*reaches container port 4317 of Deployment linkerd-jaeger\/jaeger .*listens on .*4327/,
    );
  });

  test('a mesh identity that is not the ServiceAccount behind the endpoint', () => {
    const output = broken('mesh/linkerd-control-plane.yaml', (text) =>
      text.replace('serviceAccountName: jaeger', 'serviceAccountName: collector'),
    );
    expect(failuresOf(output, 'endpoints')).toEqual([
      'HelmRelease flux-system/linkerd-control-plane value proxy.tracing.collector.endpoint = "jaeger.linkerd-jaeger:4317" with meshIdentity collector.linkerd-jaeger: the pods behind it (Deployment linkerd-jaeger/jaeger [HelmRelease flux-system/jaeger (jaeger/templates/jaeger/jaeger-deploy.yaml)]) run as ServiceAccount jaeger in linkerd-jaeger',
    ]);
  });

  test('a missing base path: viz web and the Jaeger behind its link', () => {
    const output = broken('mesh/jaeger.yaml', (text) => text.replace(/^ +base_path: \/jaeger\n/m, ''));
    expect(failuresOf(output, 'ui-links')).toEqual([
      expect.stringMatching(
        /^Deployment linkerd-viz\/web \[HelmRelease flux-system\/linkerd-viz .*\] container web links \/jaeger\/ to -jaeger-addr=jaeger\.linkerd-jaeger:16686, but Deployment linkerd-jaeger\/jaeger \[HelmRelease flux-system\/jaeger .*\] serves its UI under base path "\/"/,
      ),
    ]);
  });

  test('a webhook whose CA Certificate is not emitted, and a caBundle drift detection would revert', () => {
    const output = broken('identity/certificate.yaml', (text) =>
      text.replace('name: linkerd-tap-injector\n', 'name: linkerd-tap-injector-renamed\n'),
    );
    expect(failuresOf(output, 'webhook-ca').join('\n')).toContain(
      'MutatingWebhookConfiguration linkerd-tap-injector-webhook-config [HelmRelease flux-system/linkerd-viz (linkerd-viz/templates/tap-injector-rbac.yaml)] /webhooks/0/clientConfig/caBundle takes its CA from Certificate linkerd-viz/linkerd-tap-injector (cert-manager.io/inject-ca-from), which the output does not hold',
    );
    const noRules = broken('mesh/linkerd-viz.yaml', (text) =>
      text.replace(/ {6}- paths:\n {10}- \/spec\/caBundle\n {8}target:\n {10}kind: APIService\n/, ''),
    );
    expect(failuresOf(noRules, 'webhook-ca')).toEqual([
      expect.stringContaining(
        'HelmRelease flux-system/linkerd-viz drift detection reverts APIService v1alpha1.tap.linkerd.io',
      ),
    ]);
  });

  test('a Secret a pod mounts that nothing creates: the pod, the volume and the Secret', () => {
    const output = broken('identity/certificate.yaml', (text) =>
      text.replace('secretName: tap-k8s-tls', 'secretName: tap-k8s-tls-renamed'),
    );
    expect(failuresOf(output, 'mounts').join('\n')).toMatch(
      /Deployment linkerd-viz\/tap \[HelmRelease flux-system\/linkerd-viz .*\] volume \S+ reads Secret linkerd-viz\/tap-k8s-tls, which nothing creates/,
    );
  });

  test('an alert whose exporter no monitor keeps: the alert, the series, the pod', () => {
    const config = 'monitoring: {podMonitors: {enabled: true}, alerts: {enabled: true}}';
    const output = broken(
      'prerequisites/cert-manager.yaml',
      (text) => text.replace(/podmonitor:\n( +)enabled: true/, 'podmonitor:\n$1enabled: false'),
      config,
    );
    expect(failuresOf(output, 'alerts').join('\n')).toMatch(
      /alert LinkerdCertificateNotReady .* reads certmanager_certificate_ready_status.*: it is exposed by Deployment cert-manager\/cert-manager .* which no rendered PodMonitor or ServiceMonitor keeps/,
    );
  });

  test('an alert watching a control-plane Deployment that is not rendered: the alert, the Deployment, those that are', () => {
    const config = 'monitoring: {podMonitors: {enabled: true}, alerts: {enabled: true}}';
    const output = broken(
      'alerts/prometheusrule.yaml',
      (text) =>
        text.replace('linkerd-(destination|identity|proxy-injector)', 'linkerd-(destination|identity|proxy-injektor)'),
      config,
    );
    expect(failuresOf(output, 'alerts')).toEqual([
      expect.stringMatching(
        /^alert LinkerdControlPlaneDown \[PrometheusRule linkerd\/linkerd .*\] reads kube_deployment_status_replicas_available.*: Deployment linkerd\/linkerd-proxy-injektor is not rendered \(Deployments rendered in linkerd: linkerd-destination, linkerd-identity, linkerd-proxy-injector\)$/,
      ),
    ]);
  });

  test("Jaeger's store in a namespace on deny without Jaeger's authorization: the store, Jaeger and the policy", () => {
    const config = readFileSync(resolve(PROJECT_DIR, 'test/fixtures/clusters/tracing-elasticsearch.yaml'), 'utf8');
    const output = broken(
      'policy/search.yaml',
      (text) =>
        text.replace(
          /\n---\napiVersion: policy.linkerd.io\/v1alpha1\nkind: AuthorizationPolicy\nmetadata:\n {2}name: jaeger-store-inbound-9200\n[\s\S]*$/,
          '\n',
        ),
      config,
    );
    expect(failuresOf(output, 'policy')).toEqual([
      expect.stringMatching(
        /^store of Deployment search\/a-workload-of-yours .*port 9200 \(\/\) by Jaeger \(jaeger\.linkerd-jaeger, meshed\) \[ConfigMap linkerd-jaeger\/.* extensions\.jaeger_storage\] is refused/,
      ),
    ]);
  });

  test('an Elasticsearch ECK runs, meshed in linkerd-jaeger on deny: Jaeger is refused on its port', () => {
    const config = readFileSync(resolve(PROJECT_DIR, 'test/fixtures/clusters/tracing-eck.yaml'), 'utf8');
    const output = broken(
      'tracing-store/elasticsearch.yaml',
      (text) => text.replace('linkerd.io/inject: disabled', 'linkerd.io/inject: enabled'),
      config,
    );
    expect(failuresOf(output, 'policy').join('\n')).toMatch(
      /^store of Elasticsearch linkerd-jaeger\/traces .*port 9200 .*by Jaeger \(jaeger\.linkerd-jaeger, meshed\).* is refused/,
    );
  });

  test('a private key in dist/', () => {
    const output = broken(
      'identity/certificate.yaml',
      (text) =>
        `${text}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n  namespace: linkerd\nstringData:\n  tls.key: "-----BEGIN EC PRIVATE KEY-----"\n`,
    );
    expect(failuresOf(output, 'secrets')).toEqual([
      'Secret linkerd/leaked [dist/broken/identity/certificate.yaml] holds a private key at stringData.tls.key',
    ]);
  });

  test('a field a core kind does not have: a rendered container with `resource:`, which a strict API server refuses', () => {
    const output = broken('prerequisites/cert-manager.yaml', (text) =>
      text.replace(
        '  values:\n',
        '  values:\n    extraContainers:\n      - name: sidecar\n        image: busybox\n        resource:\n          limits:\n            cpu: 100m\n',
      ),
    );
    expect(failuresOf(output, 'valid')).toEqual([
      expect.stringMatching(
        /^Deployment cert-manager\/cert-manager \[HelmRelease flux-system\/cert-manager \(cert-manager\/templates\/deployment\.yaml\)\]: \/spec\/template\/spec\/containers\/1\/resource is no field of apps\/v1 Deployment/,
      ),
    ]);
  });

  test('free-form maps stay open: any labels, annotations and ConfigMap data', () => {
    const output = broken('prerequisites/cert-manager.yaml', (text) =>
      text.replace(
        '  values:\n',
        '  values:\n    podLabels:\n      example.com/any-label: x\n    podAnnotations:\n      example.com/any-annotation: y\n',
      ),
    );
    const withConfigMap = broken(
      'identity/certificate.yaml',
      (text) =>
        `${text}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: free-form\n  namespace: linkerd\n  labels:\n    example.com/any: x\n  annotations:\n    example.com/any: y\ndata:\n  any-key: value\n  another.key: value\n`,
    );
    expect(failuresOf(output, 'valid')).toEqual([]);
    expect(failuresOf(withConfigMap, 'valid')).toEqual([]);
    // The same ConfigMap with a field ConfigMap does not have fails.
    const misspelt = broken(
      'identity/certificate.yaml',
      (text) =>
        `${text}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: free-form\n  namespace: linkerd\ndatas:\n  any-key: value\n`,
    );
    expect(failuresOf(misspelt, 'valid')).toEqual([
      expect.stringContaining(
        'ConfigMap linkerd/free-form [dist/broken/identity/certificate.yaml]: /datas is no field of v1 ConfigMap',
      ),
    ]);
  });

  test('an object invalid for its kind', () => {
    const output = broken('mesh/linkerd-viz.yaml', (text) =>
      text.replace('  interval: 10m\n', '  interval: 10m\n  bogus: true\n'),
    );
    expect(failuresOf(output, 'valid')).toEqual([
      expect.stringContaining(
        'HelmRelease flux-system/linkerd-viz [dist/broken/mesh/linkerd-viz.yaml]: not valid against CRD helmreleases.helm.toolkit.fluxcd.io v2: /spec must NOT have additional properties (bogus)',
      ),
    ]);
  });
});
