/**
 * `npm run check`: the checks that matter for the person's own clusters, on THEIR clusters/ and dist/ (the
 * project's tests, `npm test`, check the example configs in test/fixtures/clusters instead). Run it after
 * `npm run synth`, before committing dist/:
 *
 * - dist/ is exactly what clusters/ synthesizes (as `npm run synth` would write it, here, in this repository);
 * - every object in dist/ validates against the real CRDs: Flux's newest (flux-crds/) and oldest supported
 *   (Flux 2.6, flux-floor-crds/), cert-manager's, trust-manager's, the Prometheus Operator's, Linkerd's;
 * - every HelmRelease in dist/ renders with the real Helm from its real chart package, and the rendered parts
 *   join up (test/support/render-joins.ts);
 * - each copy of dist/<cluster>/bootstrap/linkerd.yaml in the repository (`npm run bootstrap`) is current,
 *   and there is at most one per cluster (one Flux owner).
 *
 * The CRD and render checks need the upstream data (../shared, or .cache/shared from `npm run fetch:test-data`);
 * without it they are skipped and the summary says what fills it. Not matched by `npm test` (*.check.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { synthesizeFromDisk } from '../main';
import { ConfigError } from '../lib/plan/config-load';
import { BOOTSTRAP_FILE, BOOTSTRAP_FOLDER, BOOTSTRAP_MARK } from '../lib/output/cluster-files';
import type { KubeObject } from '../lib/output/render';
import { crdProblems, EMITTED_CRD_FOLDERS } from './support/crd-problems';
import { crdValidators, loadCrdValidators } from './support/crd-schemas';
import { filesUnder } from './support/files';
import { renderDistFolder } from './support/helm-render';
import { newestLinkerdCrds } from './support/linkerd-crds';
import { checkJoins } from './support/render-joins';
import { describeWithShared, SHARED_DIR } from './support/shared';
import { PROJECT_DIR } from './support/synth';

const CLUSTERS = join(PROJECT_DIR, 'clusters');
const DIST = join(PROJECT_DIR, 'dist');
const clusters = existsSync(DIST)
  ? readdirSync(DIST, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
  : [];

/** dist/ on disk, by path relative to dist/. */
function distOnDisk(): Map<string, string> {
  return new Map(filesUnder(DIST).map((path) => [path, readFileSync(join(DIST, path), 'utf8')]));
}

/** Every object of dist/<cluster>/ on disk (kustomize's own kustomization.yaml files left out), with its file. */
function objectsOf(cluster: string): Array<{ file: string; object: KubeObject }> {
  return [...distOnDisk()]
    .filter(
      ([path]) => path.startsWith(`${cluster}/`) && path.endsWith('.yaml') && !path.endsWith('kustomization.yaml'),
    )
    .flatMap(([path, text]) =>
      parseAllDocuments(text).map((document) => ({ file: `dist/${path}`, object: document.toJS() as KubeObject })),
    );
}

test('dist/ is what clusters/ synthesizes (npm run synth writes it; commit both)', () => {
  let synthesized: Map<string, string>;
  try {
    synthesized = synthesizeFromDisk(CLUSTERS, DIST).files;
  } catch (error) {
    if (error instanceof ConfigError)
      throw new Error(`the cluster configs have problems:\n  ${error.problems.join('\n  ')}`);
    throw error;
  }
  const onDisk = distOnDisk();
  const differences = [
    ...[...synthesized.keys()].filter((path) => !onDisk.has(path)).map((path) => `dist/${path}: missing`),
    ...[...onDisk.keys()].filter((path) => !synthesized.has(path)).map((path) => `dist/${path}: not synthesized`),
    ...[...synthesized]
      .filter(([path, text]) => onDisk.has(path) && onDisk.get(path) !== text)
      .map(([path]) => `dist/${path}: differs`),
  ];
  expect(differences.length === 0 ? 'dist/ is current' : `run npm run synth:\n${differences.join('\n')}`).toBe(
    'dist/ is current',
  );
});

describeWithShared("dist/ against the CRDs: the newest Flux's and Flux 2.6's, cert-manager's, Linkerd's", () => {
  const newest = new Map([...loadCrdValidators(EMITTED_CRD_FOLDERS), ...crdValidators(newestLinkerdCrds())]);
  const floor = existsSync(join(SHARED_DIR, 'flux-floor-crds')) ? loadCrdValidators(['flux-floor-crds']) : undefined;

  test.each(clusters)('dist/%s', (cluster) => {
    const objects = objectsOf(cluster);
    expect(objects.length).toBeGreaterThan(0);
    const problems = objects.flatMap(({ file, object }) => crdProblems(newest, [object], `${file}: `));
    if (!floor) problems.push(`${SHARED_DIR} has no flux-floor-crds/ (Flux 2.6's CRDs): run npm run fetch:test-data`);
    else
      for (const { file, object } of objects.filter(({ object }) => /\.fluxcd\.io\//.test(object.apiVersion)))
        problems.push(...crdProblems(floor, [object], `${file} (Flux 2.6): `));
    expect(problems).toEqual([]);
  });
});

describeWithShared('dist/ rendered with the real Helm: every HelmRelease renders and the parts join up', () => {
  test.each(clusters)('dist/%s', (cluster) => {
    const rendered = renderDistFolder(`dist/${cluster}`);
    expect(rendered.releases.length).toBeGreaterThan(0);
    expect(checkJoins(rendered).flatMap((result) => result.failures)).toEqual([]);
  });
});

test('each copy of dist/<cluster>/bootstrap/linkerd.yaml in the repository is current, and one per cluster at most', () => {
  let root: string;
  let listing = '';
  try {
    root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: PROJECT_DIR, encoding: 'utf8' }).trim();
    listing = execFileSync('git', ['grep', '-l', '-z', '--untracked', '-F', BOOTSTRAP_MARK, '--', '*.yaml'], {
      cwd: root,
      encoding: 'utf8',
    });
  } catch {
    return; // not in Git, or no copy anywhere: nothing points a Flux bootstrap folder at dist/ yet
  }
  const ownDist = relative(root, DIST).split('\\').join('/');
  const problems: string[] = [];
  const copies = new Map<string, string[]>();
  for (const file of listing.split('\0').filter(Boolean)) {
    if (file.startsWith(`${ownDist}/`)) continue;
    const text = readFileSync(join(root, file), 'utf8');
    const cluster = /from clusters\/([a-z0-9-]+)\.yaml/.exec(text.split('\n')[0])?.[1];
    if (!cluster) continue;
    copies.set(cluster, [...(copies.get(cluster) ?? []), file]);
    const current = join(DIST, cluster, BOOTSTRAP_FOLDER, BOOTSTRAP_FILE);
    if (!existsSync(current)) problems.push(`${file}: applies dist/${cluster}/, which synth no longer writes`);
    else if (readFileSync(current, 'utf8') !== text)
      problems.push(`${file}: stale; run npm run bootstrap -- ${cluster} ${file.slice(0, -BOOTSTRAP_FILE.length - 1)}`);
  }
  for (const [cluster, files] of copies)
    if (files.length > 1)
      problems.push(`dist/${cluster}/ has ${files.length} Flux owners (${files.join(', ')}): keep one`);
  expect(problems).toEqual([]);
});
