/** The trust chain and the layers that order it, as the identity issue specifies them. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { parseDuration } from '../../lib/config/duration';
import { findObject } from '../../test/support/objects';
import { synthesizeConfig } from '../../test/support/synth';

const anchorPem = readFileSync(resolve(__dirname, '../../test/fixtures/trust-anchor-old.pem'), 'utf8');

const find = (text: string, kind: string, name: string): any => findObject(synthesizeConfig(text).objects, kind, name);

test('the trust anchor lives long and renews well before expiry by default', () => {
  const anchor = find('{}', 'Certificate', 'linkerd-trust-anchor');
  expect(anchor.metadata.namespace).toBe('cert-manager');
  expect(anchor.spec).toMatchObject({
    isCA: true,
    duration: '87600h',
    renewBefore: '8760h',
    privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' },
    issuerRef: { kind: 'Issuer', name: 'linkerd-trust-root-issuer' },
    secretName: 'linkerd-trust-anchor',
  });
  expect(
    find('identity: {trustAnchor: {duration: 43800h, renewBefore: 2160h}}', 'Certificate', 'linkerd-trust-anchor').spec,
  ).toMatchObject({
    duration: '43800h',
    renewBefore: '2160h',
  });
});

test('the identity issuer rotates daily from the ClusterIssuer backed by the anchor', () => {
  expect(find('{}', 'ClusterIssuer', 'linkerd-identity-issuer').spec).toEqual({
    ca: { secretName: 'linkerd-trust-anchor' },
  });
  const issuer = find('{}', 'Certificate', 'linkerd-identity-issuer');
  expect(issuer.metadata.namespace).toBe('linkerd');
  expect(issuer.spec).toMatchObject({
    isCA: true,
    duration: '48h0m0s',
    renewBefore: '25h0m0s',
    secretName: 'linkerd-identity-issuer',
  });
  expect(issuer.spec.privateKey).toEqual({ algorithm: 'ECDSA', rotationPolicy: 'Always' });
});

test('the bundle carries the anchor and, inline, the previous anchors: public certificates only', () => {
  expect(find('{}', 'Bundle', 'linkerd-identity-trust-roots').spec).toEqual({
    sources: [{ secret: { name: 'linkerd-trust-anchor', key: 'tls.crt' } }],
    target: {
      configMap: { key: 'ca-bundle.crt' },
      namespaceSelector: { matchLabels: { 'linkerd.io/is-control-plane': 'true' } },
    },
  });
  const config = `identity:\n  previousTrustAnchors:\n    - |\n${anchorPem
    .trim()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n')}\n`;
  const sources = find(config, 'Bundle', 'linkerd-identity-trust-roots').spec.sources;
  expect(sources).toEqual([
    { secret: { name: 'linkerd-trust-anchor', key: 'tls.crt' } },
    { inLine: `${anchorPem.trim()}\n` },
  ]);
  // No copy of the anchor Secret (the doc's jq route would copy tls.key too).
  expect(JSON.stringify(sources)).not.toContain('linkerd-previous-anchor');
});

test('the control plane reads the issuer and trust roots that cert-manager and trust-manager write', () => {
  const values = find('{}', 'HelmRelease', 'linkerd-control-plane').spec.values;
  expect(values.identity).toEqual({ externalCA: true, issuer: { scheme: 'kubernetes.io/tls' } });
  expect(values).not.toHaveProperty('identityTrustAnchorsPEM');
});

test('the linkerd namespace carries the label the Bundle targets', () => {
  expect(find('{}', 'Namespace', 'linkerd').metadata.labels['linkerd.io/is-control-plane']).toBe('true');
});

test('cert-manager and trust-manager: pinned Helm charts from OCI, CRDs on, trust namespace, ordered', () => {
  const certManager = find('{}', 'HelmRelease', 'cert-manager');
  const trustManager = find('{}', 'HelmRelease', 'trust-manager');
  expect(certManager.spec.values).toEqual({ crds: { enabled: true } });
  expect(trustManager.spec.values).toEqual({ app: { trust: { namespace: 'cert-manager' } } });
  expect(trustManager.spec.dependsOn).toEqual([{ name: 'cert-manager' }]);
  expect(find('{}', 'OCIRepository', 'cert-manager').spec.ref).toEqual({ tag: 'v1.21.1' });
  expect(find('{}', 'OCIRepository', 'trust-manager').spec.ref).toEqual({ tag: 'v0.24.0' });
});

test('with cert-manager already in the cluster: neither is installed, and the layer waits for theirs', () => {
  const { clusters, objects } = synthesizeConfig('certManager: {install: false}');
  const names = objects.map(({ object }) => `${object.kind}/${object.metadata.name}`);
  for (const absent of [
    'HelmRelease/cert-manager',
    'HelmRelease/trust-manager',
    'OCIRepository/cert-manager',
    'Namespace/cert-manager',
  ]) {
    expect(names).not.toContain(absent);
  }
  const prerequisites = clusters
    .get('test')!
    .entryObjects.find((object) => object.metadata.name === 'linkerd-prerequisites')!.spec as any;
  expect(prerequisites.wait).toBe(false);
  // Which Deployments: every one our own install of cert-manager and trust-manager renders (test/render/render.test.ts).
  const checks = prerequisites.healthChecks.map((check: any) => `${check.kind}/${check.namespace}/${check.name}`);
  expect(checks).toEqual(
    expect.arrayContaining(['Deployment/cert-manager/cert-manager', 'Deployment/cert-manager/trust-manager']),
  );
  expect(checks.every((check: string) => check.startsWith('Deployment/cert-manager/'))).toBe(true);
});

test('layers: applied in order, each waiting for the one before, paths under flux.path', () => {
  const { clusters } = synthesizeConfig('flux: {path: infra/linkerd, gitRepository: home}');
  const output = clusters.get('test')!;
  // The entry Kustomization linkerd is not among what dist/<cluster>/ applies (one Flux owner): it is bootstrap/'s alone.
  expect(output.bootstrapObjects.map((object) => object.metadata.name)).toEqual(['linkerd']);
  const specs = Object.fromEntries(
    [...output.bootstrapObjects, ...output.entryObjects].map((object) => [object.metadata.name, object.spec as any]),
  );
  expect(Object.keys(specs)).toEqual([
    'linkerd',
    'linkerd-prerequisites',
    'linkerd-gateway-api',
    'linkerd-identity',
    'linkerd-mesh',
  ]);
  expect(specs.linkerd.path).toBe('./infra/linkerd/dist/test');
  expect(specs['linkerd-identity']).toMatchObject({
    dependsOn: [{ name: 'linkerd-prerequisites' }],
    wait: true,
    prune: true,
    path: './infra/linkerd/dist/test/identity',
  });
  expect(specs['linkerd-mesh']).toMatchObject({
    dependsOn: [{ name: 'linkerd-identity' }, { name: 'linkerd-gateway-api' }],
    wait: true,
  });
  for (const [name, spec] of Object.entries(specs))
    expect(spec.sourceRef).toEqual({
      kind: 'GitRepository',
      name: name === 'linkerd-gateway-api' ? 'gateway-api' : 'home',
    });
});

test.each([
  ['the defaults', '{}'],
  ['everything (edge)', readFileSync(resolve(__dirname, '../../test/fixtures/clusters/everything.yaml'), 'utf8')],
  [
    'the CNI plugin (a longer chain)',
    readFileSync(resolve(__dirname, '../../test/fixtures/clusters/cni-talos.yaml'), 'utf8'),
  ],
  [
    'everything (stable)',
    readFileSync(resolve(__dirname, '../../test/fixtures/clusters/everything-stable.yaml'), 'utf8'),
  ],
])("%s: each layer's Flux timeout covers the longest chain of Helm timeouts among its releases", (_name, text) => {
  const { clusters, objects } = synthesizeConfig(text);
  const kustomizations = clusters.get('test')!.entryObjects.filter((object) => object.kind === 'Kustomization');
  const releases = objects.filter(({ object }) => object.kind === 'HelmRelease');
  const layers = [...new Set(releases.map(({ layer }) => layer))];
  expect(layers).toContain('mesh');
  for (const layer of layers) {
    const own = releases.filter((release) => release.layer === layer).map(({ object }) => object.spec as any);
    // A release waits for those it depends on in its own layer (the others are Ready before the layer starts), then takes its own timeout.
    const chain = (spec: any): number =>
      parseDuration(spec.timeout)! +
      Math.max(
        0,
        ...(spec.dependsOn ?? [])
          .map((dependency: { name: string }) => own.find((other) => other.releaseName === dependency.name))
          .filter(Boolean)
          .map(chain),
      );
    const longest = Math.max(...own.map(chain));
    const kustomization = kustomizations.find((candidate) => (candidate.spec as any).path.endsWith(`/${layer}`));
    expect([layer, parseDuration((kustomization!.spec as any).timeout)! >= longest]).toEqual([layer, true]);
  }
});

test.each([
  ['the defaults', '{}'],
  ['the CNI plugin', readFileSync(resolve(__dirname, '../../test/fixtures/clusters/cni-talos.yaml'), 'utf8')],
])('%s: dist/<cluster>/README.md draws exactly the layers and the release order that are emitted', (_name, text) => {
  const { dist, clusters, objects } = synthesizeConfig(text);
  const readme = dist.get('test/README.md')!;
  expect(readme).toContain('```mermaid');
  // The graph's nodes by id: each layer a subgraph titled with its Kustomization, each release a node.
  const nodes = new Map<string, string>([
    ...[...readme.matchAll(/subgraph (\w+)\["(\S+) /g)].map(
      ([, id, kustomization]) => [id, `Kustomization ${kustomization}`] as [string, string],
    ),
    ...[...readme.matchAll(/^ +(\w+)\["HelmRelease (\S+)"\]$/gm)].map(
      ([, id, release]) => [id, `HelmRelease ${release}`] as [string, string],
    ),
  ]);
  const drawn = [...readme.matchAll(/^ +(\w+) --> (\w+)$/gm)].map(
    ([, from, to]) => `${nodes.get(from)} --> ${nodes.get(to)}`,
  );
  const emitted = [...clusters.get('test')!.entryObjects, ...objects.map(({ object }) => object)]
    .filter(
      (object) => object.kind === 'HelmRelease' || (object.kind === 'Kustomization' && (object.spec as any).dependsOn),
    )
    .flatMap((object) =>
      ((object.spec as any).dependsOn ?? []).map(
        (dependency: { name: string }) =>
          `${object.kind} ${dependency.name} --> ${object.kind} ${object.metadata.name}`,
      ),
    );
  expect(emitted.length).toBeGreaterThanOrEqual(6);
  expect(drawn.sort()).toEqual([...new Set(emitted)].sort());
  // The entry kustomization.yaml lists the Flux objects; each layer folder is its own kustomize root.
  expect(parse(dist.get('test/kustomization.yaml')!).resources).toEqual(['flux-kustomizations.yaml']);
});
