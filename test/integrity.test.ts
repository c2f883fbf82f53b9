/**
 * The emitted objects fit together: names are unique, every reference points at something we emit,
 * the dependency graph has no cycle, CRD providers install before their users, and nothing secret
 * is ever written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { BOOTSTRAP_FOLDER } from '../lib/output/cluster-files';
import type { KubeObject } from '../lib/output/render';
import { writeDist } from '../lib/output/write-dist';
import { filesUnder } from './support/files';
import { describeMissing } from './support/shared';
import { binaryIdentity, cachedRun } from './support/tool-cache';
import { PROJECT_DIR, synthesizeConfig, synthesizeProject } from './support/synth';

const FIXTURES = resolve(__dirname, 'fixtures/clusters');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, `${name}.yaml`), 'utf8');

const CASES = [
  ['project clusters', () => synthesizeProject()],
  ['everything (edge)', () => synthesizeConfig(fixture('everything'), 'everything')],
  ['everything (stable)', () => synthesizeConfig(fixture('everything-stable'), 'stable')],
  ['newest (Jaeger v2 on Badger, alerts)', () => synthesizeConfig(fixture('newest'), 'newest')],
  ['viz and tracing off', () => synthesizeConfig('viz: {enabled: false}\ntracing: {enabled: false}\n', 'bare')],
] as const;

type Synthesized = ReturnType<(typeof CASES)[number][1]>;

const key = (object: KubeObject) =>
  `${object.apiVersion} ${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;

function byKind(result: Synthesized, cluster: string, kind: string) {
  return result.objects.filter((entry) => entry.cluster === cluster && entry.object.kind === kind);
}

describe.each(CASES)('%s', (_name, synthesize) => {
  const result = synthesize();
  const clusters = [...result.clusters.keys()];

  test('no two objects share apiVersion, kind, namespace and name', () => {
    for (const cluster of clusters) {
      const keys = result.objects.filter((entry) => entry.cluster === cluster).map((entry) => key(entry.object));
      expect(keys.filter((item, index) => keys.indexOf(item) !== index)).toEqual([]);
    }
  });

  test('every HelmRelease dependsOn and Helm chart source exists', () => {
    for (const cluster of clusters) {
      const names = (kind: string) =>
        new Set(
          byKind(result, cluster, kind).map(({ object }) => `${object.metadata.namespace}/${object.metadata.name}`),
        );
      const releases = names('HelmRelease');
      for (const { object } of byKind(result, cluster, 'HelmRelease')) {
        const spec = object.spec as any;
        const namespace = object.metadata.namespace;
        for (const dependency of spec.dependsOn ?? []) {
          expect(releases).toContain(`${dependency.namespace ?? namespace}/${dependency.name}`);
        }
        const source = spec.chartRef ?? spec.chart.spec.sourceRef;
        expect(names(source.kind)).toContain(`${source.namespace ?? namespace}/${source.name}`);
      }
    }
  });

  test('every Flux Kustomization depends on existing layers, reads the configured GitRepository, and its path exists', () => {
    for (const cluster of clusters) {
      const plan = result.plans.find((candidate) => candidate.name === cluster)!;
      const kustomizations = byKind(result, cluster, 'Kustomization').filter(({ object }) =>
        object.apiVersion.startsWith('kustomize.toolkit'),
      );
      const names = new Set(kustomizations.map(({ object }) => object.metadata.name));
      const folders = new Set(
        [...result.dist.keys()]
          .filter((path) => path.startsWith(`${cluster}/`))
          .map((path) => path.slice(0, path.lastIndexOf('/'))),
      );
      for (const { object } of kustomizations) {
        const spec = object.spec as any;
        for (const dependency of spec.dependsOn ?? []) expect(names).toContain(dependency.name);
        if (spec.sourceRef.name === 'gateway-api') {
          // The upstream Gateway API CRDs: a GitRepository of the prerequisites layer, never pruned.
          const repositories = byKind(result, cluster, 'GitRepository').map(
            ({ object: repository, layer }) => `${layer} ${repository.metadata.name}`,
          );
          expect(repositories).toContain('prerequisites gateway-api');
          expect([spec.path, spec.prune, spec.deletionPolicy, spec.dependsOn]).toEqual([
            plan.gatewayApi!.channel === 'standard' ? './config/crd' : './config/crd/experimental',
            false,
            'Orphan',
            [{ name: 'linkerd-prerequisites' }],
          ]);
          continue;
        }
        expect(spec.sourceRef).toEqual({ kind: 'GitRepository', name: plan.config.flux.gitRepository });
        const prefix = `./${plan.fluxPath === '.' ? '' : `${plan.fluxPath}/`}dist/`;
        expect(spec.path.startsWith(prefix)).toBe(true);
        expect(folders).toContain(spec.path.slice(prefix.length));
      }
    }
  });

  test('the dependency graph has no cycle and CRD providers come first', () => {
    for (const output of result.clusters.values()) {
      // Layer order: each layer after everything it (transitively) depends on.
      const order = output.layers.map((layer) => layer.name);
      output.layers.forEach((layer, index) => {
        for (const dependency of layer.dependsOn) expect(order.indexOf(dependency)).toBeLessThan(index);
      });
      // Release order inside a layer: a release after its dependencies (so no cycle).
      for (const layer of output.layers) {
        const names = layer.releases.map((release) => release.releaseName);
        layer.releases.forEach((release, index) => {
          for (const dependency of release.dependencies)
            expect(names.indexOf(dependency.releaseName)).toBeLessThan(index);
        });
      }
      // Objects of a CRD that a release installs live in a later layer than that release.
      const providers: Record<string, string> = {
        'cert-manager.io': 'cert-manager',
        'trust.cert-manager.io': 'trust-manager',
      };
      const layerOfRelease = new Map(
        output.layers.flatMap((layer, index) => layer.releases.map((release) => [release.releaseName, index] as const)),
      );
      output.layers.forEach((layer, index) => {
        for (const object of layer.objects) {
          const provider = providers[object.apiVersion.split('/')[0]];
          if (provider && layerOfRelease.has(provider)) expect(layerOfRelease.get(provider)!).toBeLessThan(index);
        }
      });
      // linkerd-crds before the control plane before the extensions.
      const mesh = output.layers.find((layer) => layer.name === 'mesh')!;
      const dependsOn = (name: string) =>
        mesh.releases
          .find((release) => release.releaseName === name)
          ?.dependencies.map((dependency) => dependency.releaseName);
      expect(dependsOn('linkerd-control-plane')).toEqual(['linkerd-crds']);
      for (const extension of ['linkerd-viz', 'linkerd-jaeger']) {
        if (dependsOn(extension)) expect(dependsOn(extension)).toEqual(['linkerd-control-plane']);
      }
    }
  });

  test('nothing secret is written: no Secret objects, no private keys', () => {
    for (const [path, content] of result.dist) {
      expect(`${path}: ${/PRIVATE KEY/.test(content)}`).toBe(`${path}: false`);
      for (const document of parseAllDocuments(content)) {
        expect(`${path}: ${(document.toJS() as KubeObject | null)?.kind}`).not.toBe(`${path}: Secret`);
      }
    }
  });
});

test('the committed dist/ holds no Secret and no private key', () => {
  const files = filesUnder(join(PROJECT_DIR, 'dist')).map((path) => join(PROJECT_DIR, 'dist', path));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const content = readFileSync(file, 'utf8');
    expect(`${file}: ${/PRIVATE KEY|^kind: Secret$/m.test(content)}`).toBe(`${file}: false`);
  }
});

const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const describeKustomize = kubectl
  ? describe
  : (name: string) => describeMissing('kubectl', name, 'kubectl is not on PATH');

describeKustomize('kubectl kustomize builds every folder the way Flux will', () => {
  // Two cases cover every folder shape; each kubectl run costs ~150 ms, and what it built from exactly this
  // dist/ is remembered (test/support/tool-cache.ts), so a warm run builds only what changed.
  test.each(CASES.slice(0, 2))('%s', (_name, synthesize) => {
    const result = synthesize();
    const dir = mkdtempSync(join(tmpdir(), 'linkerd-dist-'));
    let written = false;
    try {
      const folders = new Set(
        [...result.dist.keys()]
          .filter((path) => path.endsWith('kustomization.yaml'))
          .map((path) => path.slice(0, -'/kustomization.yaml'.length)),
      );
      for (const folder of folders) {
        const built = cachedRun(
          'kubectl-kustomize',
          binaryIdentity(kubectl),
          new Map([...result.dist, ['(the folder built)', folder]]),
          () => {
            if (!written) writeDist(join(dir, 'dist'), result.dist);
            written = true;
            return execFileSync(kubectl, ['kustomize', join(dir, 'dist', folder)], { encoding: 'utf8' });
          },
        );
        const objects = parseAllDocuments(built).map((document) => document.toJS() as KubeObject);
        const [cluster, layer] = folder.split('/');
        const output = result.clusters.get(cluster)!;
        const expected =
          layer === BOOTSTRAP_FOLDER
            ? output.bootstrapObjects
            : layer
              ? output.layers.find((candidate) => candidate.name === layer)!.objects
              : output.entryObjects;
        expect(objects.map(key).sort()).toEqual(expected.map(key).sort());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
