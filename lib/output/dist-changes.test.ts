/** What a synth changes in dist/, in memory: files per layer, chart versions, objects, bounded output. */
import { bounded, describeDistChanges, distChanges, hasChanges } from './dist-changes';
import { renderDocuments } from './render';

const namespaces = (names: readonly string[]) =>
  renderDocuments(names.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })));
const release = (name: string, version: string) =>
  renderDocuments([
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name, namespace: 'flux-system' },
      spec: { chart: { spec: { chart: name, version, sourceRef: { kind: 'HelmRepository', name: 'linkerd-edge' } } } },
    },
  ]);

const BEFORE = new Map([
  ['home/kustomization.yaml', 'resources: [flux-kustomizations.yaml]\n'],
  ['home/prerequisites/namespace.yaml', namespaces(['linkerd', 'linkerd-viz'])],
  ['home/mesh/linkerd-control-plane.yaml', release('linkerd-control-plane', '2026.6.3')],
]);

test('nothing changed: said per cluster, and no change at all', () => {
  const changes = distChanges(BEFORE, new Map(BEFORE));
  expect(hasChanges(changes)).toBe(false);
  expect(describeDistChanges(changes)).toEqual(['dist/home: nothing changed']);
});

test('files per layer, the chart version that moved, objects added, removed and changed', () => {
  const after = new Map(BEFORE);
  after.set('home/mesh/linkerd-control-plane.yaml', release('linkerd-control-plane', '2026.8.3'));
  after.set('home/prerequisites/namespace.yaml', namespaces(['linkerd', 'media']));
  after.set(
    'home/policy/media.yaml',
    'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: proxy-admin\n  namespace: media\n',
  );
  const changes = distChanges(BEFORE, after);
  expect(hasChanges(changes)).toBe(true);
  expect(changes.files).toEqual({ added: 1, changed: 2, removed: 0 });
  expect(describeDistChanges(changes)).toEqual([
    'dist/home: changed, 1 file added, 2 files changed',
    '  mesh: 1 file changed: mesh/linkerd-control-plane.yaml',
    '  policy: 1 file added: policy/media.yaml',
    '  prerequisites: 1 file changed: prerequisites/namespace.yaml',
    '  Helm charts: linkerd-control-plane 2026.6.3 -> 2026.8.3',
    '  2 objects added: Namespace media, Server media/proxy-admin',
    '  1 object removed: Namespace linkerd-viz',
    '  1 object changed: HelmRelease flux-system/linkerd-control-plane',
  ]);
});

test('a new cluster, a removed one, and an object that only moved between files', () => {
  const after = new Map([
    ['lab/kustomization.yaml', 'resources: []\n'],
    ['home/kustomization.yaml', BEFORE.get('home/kustomization.yaml')!],
    ['home/prerequisites/namespaces.yaml', BEFORE.get('home/prerequisites/namespace.yaml')!],
    ['home/mesh/linkerd-control-plane.yaml', BEFORE.get('home/mesh/linkerd-control-plane.yaml')!],
  ]);
  const lines = describeDistChanges(distChanges(new Map([...BEFORE, ['old/kustomization.yaml', 'x\n']]), after));
  expect(lines).toEqual([
    'dist/home: changed, 1 file added, 1 file removed',
    '  prerequisites: 1 file added: prerequisites/namespaces.yaml',
    '  prerequisites: 1 file removed: prerequisites/namespace.yaml',
    'dist/lab: new, 1 file added',
    '  entry: 1 file added: kustomization.yaml',
    'dist/old: removed, 1 file removed',
    '  entry: 1 file removed: kustomization.yaml',
  ]);
});

test('a chart behind an OCIRepository moves with its tag; YAML written by hand is still read', () => {
  const oci = (tag: string) =>
    `kind: OCIRepository\napiVersion: source.toolkit.fluxcd.io/v1\nmetadata: {name: cert-manager, namespace: flux-system}\nspec:\n  url: oci://quay.io/jetstack/charts/cert-manager\n  ref: {tag: "${tag}"}\n`;
  const hr =
    'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cert-manager\n  namespace: flux-system\nspec:\n  chartRef: {kind: OCIRepository, name: cert-manager}\n';
  const before = new Map([
    ['c/prerequisites/ocirepository.yaml', oci('v1.20.0')],
    ['c/prerequisites/cert-manager.yaml', hr],
  ]);
  const after = new Map([
    ['c/prerequisites/ocirepository.yaml', oci('v1.21.1')],
    ['c/prerequisites/cert-manager.yaml', hr],
  ]);
  const lines = describeDistChanges(distChanges(before, after));
  expect(lines).toContain('  Helm charts: cert-manager v1.20.0 -> v1.21.1');
  expect(lines).toContain('  1 object changed: OCIRepository flux-system/cert-manager');
});

test('bounded: 20,000 new namespaces print a few lines, with counts', () => {
  const many = Array.from({ length: 20_000 }, (_, index) => `ns-${String(index).padStart(5, '0')}`);
  const after = new Map(BEFORE);
  after.set('home/prerequisites/namespace.yaml', namespaces(['linkerd', 'linkerd-viz', ...many]));
  for (const name of many) after.set(`home/policy/${name}.yaml`, namespaces([]));
  const started = Date.now();
  const lines = describeDistChanges(distChanges(BEFORE, after));
  expect(Date.now() - started).toBeLessThan(5000);
  expect(lines.length).toBeLessThan(10);
  expect(lines).toContain(
    '  policy: 20,000 files added: policy/ns-00000.yaml, policy/ns-00001.yaml, policy/ns-00002.yaml, policy/ns-00003.yaml, policy/ns-00004.yaml, policy/ns-00005.yaml, policy/ns-00006.yaml, policy/ns-00007.yaml and 19,992 more',
  );
  expect(lines).toContain(
    '  20,000 objects added: Namespace 20,000 (ns-00000, ns-00001, ns-00002, ns-00003, ns-00004, ns-00005, ns-00006, ns-00007 and 19,992 more)',
  );
  expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(400);
});

test('bounded() names up to the limit and counts the rest', () => {
  expect(bounded(['a', 'b'], 2)).toBe('a, b');
  expect(bounded(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
});
