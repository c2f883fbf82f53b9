/**
 * The project in a person's own Flux repository (docs/flux-repository.md): flux.path is where synth finds
 * the project in its Git repository, at any depth or at the root, and a configured value elsewhere is
 * refused; and, end to end, a home-ops repository built the way `flux bootstrap` leaves one, the project
 * copied into infrastructure/linkerd and the documented steps followed literally (npm run synth, npm run
 * bootstrap), leads from the Flux bootstrap folder to every layer, each path building with kubectl
 * kustomize, each Flux Kustomization with one owner. With TEST_TIER=ops (npm run test:ops's tier: runs on
 * temporary copies), also `npm run check` and the suites that read clusters/ run inside the copy after
 * the person meshes a namespace.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { main } from '../main';
import { captureConsole } from './support/console';
import { describeMissing, SHARED_DIR } from './support/shared';
import { testTier } from './support/test-tier';

jest.setTimeout(300_000);

const REPO = resolve(__dirname, '..');
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A new Git repository with `files`. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'flux-repository-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  execFileSync('git', ['init', '-q', '--template='], { cwd: root });
  return root;
}

/** Every Flux Kustomization of dist/<cluster>/ (entry point and bootstrap/), with the file that holds it. */
function kustomizations(dist: string, cluster: string) {
  return ['flux-kustomizations.yaml', 'bootstrap/linkerd.yaml'].flatMap((file) =>
    parseAllDocuments(readFileSync(join(dist, cluster, file), 'utf8')).map((document) => ({
      file,
      object: document.toJS() as { metadata: { name: string }; spec: { path: string; sourceRef: { name: string } } },
    })),
  );
}

describe('flux.path: where the project sits in its Git repository', () => {
  test.each([
    ['one level deep', 'linkerd'],
    ['three levels deep', 'infrastructure/network/linkerd'],
    ['at the root', '.'],
  ])('%s (%s): every Kustomization path resolves from the repository root', (_name, place) => {
    const root = repository({ [posix.join(place, 'clusters/studio.yaml')]: 'meshedNamespaces: []\n' });
    const project = join(root, place);
    const run = captureConsole(() => main(join(project, 'clusters'), join(project, 'dist')));
    expect(run.result).toBe(0);
    expect(run.errors.join('\n')).not.toContain('flux.path');
    const own = kustomizations(join(project, 'dist'), 'studio').filter(
      ({ object }) => object.spec.sourceRef.name === 'flux-system',
    );
    expect(own.map(({ object }) => object.metadata.name).sort()).toEqual([
      'linkerd',
      'linkerd-identity',
      'linkerd-mesh',
      'linkerd-prerequisites',
    ]);
    for (const { object } of own) {
      const prefix = place === '.' ? './dist/studio' : `./${place}/dist/studio`;
      expect(object.spec.path.startsWith(prefix)).toBe(true);
      // From the repository root, as Flux reads it: a kustomize root.
      expect([object.spec.path, existsSync(join(root, object.spec.path, 'kustomization.yaml'))]).toEqual([
        object.spec.path,
        true,
      ]);
    }
  });

  test('a flux.path that is not where the project sits is refused, naming the right one; dist/ is not written', () => {
    const root = repository({
      'infrastructure/linkerd/clusters/studio.yaml': 'flux: {path: infra/linkerd}\n',
    });
    const project = join(root, 'infrastructure/linkerd');
    const run = captureConsole(() => main(join(project, 'clusters'), join(project, 'dist')));
    expect(run.result).toBe(1);
    expect(run.errors.join('\n')).toContain(
      'flux.path: "infra/linkerd" is not where this project sits in its Git repository, "infrastructure/linkerd" (Flux reads every path from the repository root, so each layer would fail in the cluster); set flux.path: "infrastructure/linkerd", or leave it out',
    );
    expect(existsSync(join(project, 'dist'))).toBe(false);
  });

  test('the right flux.path, spelt ./x/ or x, is accepted', () => {
    const root = repository({ 'infra/linkerd/clusters/studio.yaml': 'flux: {path: ./infra/linkerd/}\n' });
    const project = join(root, 'infra/linkerd');
    expect(captureConsole(() => main(join(project, 'clusters'), join(project, 'dist'))).result).toBe(0);
    expect(kustomizations(join(project, 'dist'), 'studio').map(({ object }) => object.spec.path)).toContain(
      './infra/linkerd/dist/studio',
    );
  });

  test('outside any Git repository: flux.path as configured, else ".", and nothing said about it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'no-git-'));
    roots.push(folder);
    mkdirSync(join(folder, 'a', 'clusters'), { recursive: true });
    mkdirSync(join(folder, 'b', 'clusters'), { recursive: true });
    writeFileSync(join(folder, 'a', 'clusters', 'studio.yaml'), '{}\n');
    writeFileSync(join(folder, 'b', 'clusters', 'studio.yaml'), 'flux: {path: infra/linkerd}\n');
    for (const [project, path] of [
      ['a', './dist/studio'],
      ['b', './infra/linkerd/dist/studio'],
    ]) {
      const run = captureConsole(() => main(join(folder, project, 'clusters'), join(folder, project, 'dist')));
      expect(run.result).toBe(0);
      expect(run.errors.join('\n')).not.toContain('flux.path');
      expect(kustomizations(join(folder, project, 'dist'), 'studio').map(({ object }) => object.spec.path)).toContain(
        path,
      );
    }
  });

  test("folders in the config folder are Flux's bootstrap folders (the project at the root): passed over in silence", () => {
    const root = repository({
      'clusters/studio.yaml': '{}\n',
      'clusters/studio/flux-system/kustomization.yaml': 'resources: []\n',
    });
    const run = captureConsole(() => main(join(root, 'clusters'), join(root, 'dist')));
    expect(run.result).toBe(0);
    expect(run.errors.join('\n')).not.toContain('clusters/studio:');
  });
});

const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const describeKubectl = kubectl
  ? describe
  : (name: string) => describeMissing('kubectl', name, 'kubectl is not on PATH');

/** What `flux bootstrap --path=clusters/studio` commits (gotk-components.yaml cut down to its Namespace). */
const BOOTSTRAP_FOLDER = {
  'clusters/studio/flux-system/gotk-components.yaml':
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n',
  'clusters/studio/flux-system/gotk-sync.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: main
  url: ssh://git@github.com/someone/home-ops
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m0s
  path: ./clusters/studio
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`,
  'clusters/studio/flux-system/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- gotk-components.yaml\n- gotk-sync.yaml\n',
  'clusters/studio/apps.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`,
  'apps/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- paperless\n',
  'apps/paperless/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- namespace.yaml\n',
  'apps/paperless/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: paperless\n',
};

/** What synth, bootstrap and the person's checks need of the project (as test/make.test.ts copies it, minus the rest). */
const PROJECT_FILES = [
  'main.ts',
  'main.test.ts',
  '__snapshots__',
  'charts',
  'features',
  'lib',
  'imports',
  'scripts',
  'clusters',
  'test',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'jest.config.js',
  '.gitignore',
];

interface Build {
  readonly objects: Array<{
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
    spec?: any;
  }>;
}

/**
 * The objects Flux applies from `path` of the repository at `root`: `kubectl kustomize` where the folder has a
 * kustomization.yaml; otherwise, as kustomize-controller generates one, every YAML file below it, a sub-folder
 * with a kustomization.yaml built as one resource.
 */
function build(root: string, path: string): Build {
  const folder = join(root, path);
  if (existsSync(join(folder, 'kustomization.yaml'))) {
    const text = execFileSync(kubectl, ['kustomize', folder], { encoding: 'utf8' });
    return { objects: parseAllDocuments(text).map((document) => document.toJS()) };
  }
  const objects: Build['objects'] = [];
  for (const entry of readdirSync(folder).sort()) {
    const full = join(folder, entry);
    if (statSync(full).isDirectory()) objects.push(...build(root, posix.join(path, entry)).objects);
    else if (/\.ya?ml$/.test(entry))
      objects.push(...parseAllDocuments(readFileSync(full, 'utf8')).map((document) => document.toJS()));
  }
  return { objects };
}

/** From the Flux bootstrap folder: every Flux Kustomization reached, following each path of the repository, and who applies it. */
function walk(root: string, start: string) {
  const owners = new Map<string, string[]>();
  const paths = new Map<string, string>();
  const queue: Array<[string, string]> = [['flux-system (the bootstrap Kustomization)', start]];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const [owner, path] = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const object of build(root, path).objects) {
      if (object.kind !== 'Kustomization' || !object.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) continue;
      const name = object.metadata.name;
      owners.set(name, [...(owners.get(name) ?? []), owner]);
      paths.set(name, object.spec.path);
      // Another repository's path (the Gateway API CRDs) is that repository's business.
      if (object.spec.sourceRef.name === 'flux-system') queue.push([name, object.spec.path.replace(/^\.\//, '')]);
    }
  }
  return { owners, paths };
}

describeKubectl('a home-ops repository: the documented steps, from the Flux bootstrap folder to every layer', () => {
  let root: string;
  let project: string;
  // ../shared is not beside the copy: SHARED_DIR names this run's.
  // The person's own runs in the copy are the fast tier's, whatever tier runs this test.
  const env: NodeJS.ProcessEnv = { ...process.env, SHARED_DIR, TEST_TIER: 'fast' };
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { cwd: project, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

  beforeAll(() => {
    root = repository(BOOTSTRAP_FOLDER);
    project = join(root, 'infrastructure/linkerd');
    for (const file of PROJECT_FILES) cpSync(join(REPO, file), join(project, file), { recursive: true });
    rmSync(join(project, 'clusters'), { recursive: true });
    mkdirSync(join(project, 'clusters'));
    writeFileSync(join(project, 'clusters/studio.yaml'), 'meshedNamespaces: []\n');
    symlinkSync(join(REPO, 'node_modules'), join(project, 'node_modules'));
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.invalid');
    // The steps of docs/flux-repository.md, literally.
    run('npm', ['run', '--silent', 'synth']);
    run('npm', ['run', '--silent', 'bootstrap', '--', 'studio', '../../clusters/studio']);
    git('add', '-A');
    git('commit', '-qm', 'Linkerd for studio');
  });

  test('the bootstrap step wrote clusters/studio/linkerd.yaml: the one Kustomization that applies dist/studio/, from the repository root', () => {
    const written = readFileSync(join(root, 'clusters/studio/linkerd.yaml'), 'utf8');
    expect(written).toBe(readFileSync(join(project, 'dist/studio/bootstrap/linkerd.yaml'), 'utf8'));
    expect(written).toContain('path: ./infrastructure/linkerd/dist/studio\n');
  });

  test('every Flux Kustomization is reached from the bootstrap folder, exactly once, and its path builds with kubectl kustomize', () => {
    const { owners, paths } = walk(root, 'clusters/studio');
    const layers = kustomizations(join(project, 'dist'), 'studio').map(({ object }) => object.metadata.name);
    expect([...owners.keys()].sort()).toEqual(['apps', 'flux-system', ...layers].sort());
    for (const [name, by] of owners) expect([name, by.length]).toEqual([name, 1]);
    expect(owners.get('linkerd')).toEqual(['flux-system (the bootstrap Kustomization)']);
    expect(owners.get('linkerd-mesh')).toEqual(['linkerd']);
    for (const name of layers.filter((layer) => layer !== 'linkerd-gateway-api')) {
      const path = paths.get(name)!;
      expect([name, path.startsWith('./infrastructure/linkerd/dist/studio')]).toEqual([name, true]);
      expect(build(root, path.slice(2)).objects.length).toBeGreaterThan(0);
    }
  });

  test('a stale or second bootstrap copy is refused or reported; a file that is not ours is never overwritten', () => {
    writeFileSync(join(root, 'clusters/studio/linkerd.yaml'), 'apiVersion: v1\nkind: ConfigMap\n');
    const refused = spawnSync('npm', ['run', '--silent', 'bootstrap', '--', 'studio', '../../clusters/studio'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('clusters/studio/linkerd.yaml exists and was not written by npm run bootstrap');
    git('checkout', '--', 'clusters/studio/linkerd.yaml');
    const wrong = spawnSync('npm', ['run', '--silent', 'bootstrap', '--', 'studio', '../../clusters'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('holds no flux-system/, so it is not a Flux bootstrap folder');
  });

  (testTier() === 'ops' ? test : test.skip)(
    'after the person meshes a namespace: synth, then npm run check and the suites that read clusters/ pass in the copy (TEST_TIER=ops)',
    () => {
      writeFileSync(join(project, 'clusters/studio.yaml'), 'meshedNamespaces: [media]\n');
      const jest = (args: string[]) =>
        spawnSync('npm', ['run', '--silent', ...args], { cwd: project, env, encoding: 'utf8' });
      // Before synth, the check names what is stale and what to run.
      const stale = jest(['check', '--', '-t', 'synthesizes']);
      expect(stale.status).not.toBe(0);
      expect(stale.stderr).toContain('run npm run synth:');
      expect(stale.stderr).toContain('dist/studio/mesh/namespace.yaml: missing');
      run('npm', ['run', '--silent', 'synth']);
      git('add', '-A');
      git('commit', '-qm', 'mesh media');
      expect(readFileSync(join(project, 'dist/studio/mesh/namespace.yaml'), 'utf8')).toContain('name: media');
      const check = jest(['check']);
      expect(check.stderr).toContain('dist/ rendered with the real Helm');
      expect(check.stderr).not.toContain('skipped');
      expect([check.status, check.stderr.slice(-3000)]).toEqual([0, expect.any(String)]);
      const suites = spawnSync(
        process.execPath,
        [
          join(REPO, 'node_modules/jest/bin/jest.js'),
          '--ci',
          'main.test.ts',
          'test/crd-schema.test.ts',
          'test/integrity.test.ts',
        ],
        { cwd: project, env, encoding: 'utf8' },
      );
      expect([suites.status, suites.stderr.slice(-3000)]).toEqual([0, expect.any(String)]);
      // The bootstrap copy is still current: meshing a namespace does not change the entry Kustomization.
      expect(readFileSync(join(root, 'clusters/studio/linkerd.yaml'), 'utf8')).toBe(
        readFileSync(join(project, 'dist/studio/bootstrap/linkerd.yaml'), 'utf8'),
      );
    },
  );
});
