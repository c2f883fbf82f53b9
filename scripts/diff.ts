/**
 * `npm run diff [-- <git ref>]`: what the cluster would see change between the committed dist/ (HEAD, or the ref's)
 * and the working tree's, object by object, as Flux would apply it: every layer folder built with
 * `kubectl kustomize`, every HelmRelease in it rendered with the real Helm (test/support/helm-render.ts: the chart
 * package its repository index or OCI tag names, found offline in ../shared or .cache/shared and checked by sha256;
 * valuesFrom, values, targetNamespace; a Kubernetes version both sides' release lines support as --kube-version),
 * then compared (scripts/diff/object-diff.ts). Offline and deterministic; renders come from the tests' cache.
 *
 * The render harness stays in test/support/ and is imported from here: it is the one the render tests trust (the
 * same package lookup, cache and Flux semantics), and scripts sit above everything (test/structure.test.ts keeps
 * only the app from importing scripts/ and test/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { RELEASE_LINE_DATA } from '../imports/linkerd-values';
import { compareVersions, majorOf } from '../lib/linkerd/support-matrix';
import { KUBERNETES_VERSION, type K8sObject, renderOutput } from '../test/support/helm-render';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';
import { type DiffObject, describeLayerDiffs, diffLayer, type LayerObject } from './diff/object-diff';

const PROJECT_DIR = resolve(__dirname, '..');

/** The files of a dist/ folder: cluster → path under dist/<cluster>/ → text. */
type DistFolder = Map<string, Map<string, string>>;

function readFolder(dist: string): DistFolder {
  const clusters: DistFolder = new Map();
  if (!existsSync(dist)) return clusters;
  for (const cluster of readdirSync(dist).sort()) {
    const root = join(dist, cluster);
    if (!statSync(root).isDirectory()) continue;
    const files = new Map<string, string>();
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) files.set(relative(root, full).split('\\').join('/'), readFileSync(full, 'utf8'));
      }
    };
    walk(root);
    clusters.set(cluster, files);
  }
  return clusters;
}

/** The committed dist/ of `ref`, unpacked with `git archive` into a temporary folder; returns that folder's dist/. */
function committedDist(ref: string, into: string): string {
  const git = (args: string[]) => execFileSync('git', args, { cwd: PROJECT_DIR, encoding: 'utf8' }).trim();
  const prefix = git(['rev-parse', '--show-prefix']);
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const listed = git(['ls-tree', '--name-only', ref, '--', `${PROJECT_DIR}/dist`]);
  if (listed !== '') {
    const archive = spawnSync('git', ['archive', '--format=tar', ref, '--', 'dist'], {
      cwd: PROJECT_DIR,
      maxBuffer: 1024 * 1024 * 1024,
    });
    if (archive.status !== 0) throw new Error(`git archive ${ref}: ${archive.stderr.toString().trim()}`);
    execFileSync('tar', ['-x', '-C', into], { input: archive.stdout });
  }
  return join(into, prefix, 'dist');
}

/** The objects `kubectl kustomize` builds from a folder. */
function kustomize(folder: string): DiffObject[] {
  const built = execFileSync('kubectl', ['kustomize', folder], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  return parseAllDocuments(built)
    .map((document) => document.toJS() as DiffObject | null)
    .filter((object): object is DiffObject => object !== null);
}

/** The Linkerd release line a cluster's output installs: the one whose linkerd-control-plane version its HelmRelease names. */
function releaseLineOf(files: ReadonlyMap<string, string> | undefined): string | undefined {
  for (const [path, text] of files ?? []) {
    if (!path.endsWith('.yaml') || !text.includes('linkerd-control-plane')) continue;
    for (const document of parseAllDocuments(text)) {
      const object = document.toJS() as {
        kind?: string;
        spec?: { chart?: { spec?: { chart?: string; version?: unknown } } };
      };
      const chart = object?.kind === 'HelmRelease' ? object.spec?.chart?.spec : undefined;
      if (chart?.chart !== 'linkerd-control-plane') continue;
      return RELEASE_LINE_DATA.find((line) => line.helmChartVersions['linkerd-control-plane'] === String(chart.version))
        ?.name;
    }
  }
  return undefined;
}

/** The Kubernetes version to render for: the newest that every one of `lines` supports (the cluster is the same before and after). */
function kubeVersionFor(lines: readonly string[]): string {
  const ranges = lines.flatMap((line) => majorOf(line)?.kubernetes ?? []);
  if (ranges.length === 0) return KUBERNETES_VERSION;
  const min = ranges
    .map((range) => range.min)
    .sort(compareVersions)
    .pop()!;
  const maxes = ranges.flatMap((range) => (range.max ? [range.max] : [])).sort(compareVersions);
  const max = maxes[0];
  // The newest version both lines support (the cluster is the same before and after), else the test suite's.
  if (max && compareVersions(max, min) >= 0) return `${max}.0`;
  const preferred = KUBERNETES_VERSION.split('.').slice(0, 2).join('.');
  return compareVersions(preferred, min) >= 0 ? KUBERNETES_VERSION : `${min}.0`;
}

/** A cluster folder's layers (the entry point and each layer folder with a kustomization.yaml), each built and rendered. */
function layersOf(
  folder: string | undefined,
  files: ReadonlyMap<string, string> | undefined,
  cluster: string,
  kubeVersion: string,
): Map<string, LayerObject[]> {
  const layers = new Map<string, LayerObject[]>();
  if (!folder || !files || !existsSync(join(folder, 'kustomization.yaml'))) return layers;
  const rendered = renderOutput(cluster, files, undefined, kubeVersion);
  const folders = [
    '',
    ...new Set(
      [...files.keys()].filter((path) => path.endsWith('/kustomization.yaml')).map((path) => path.split('/')[0]),
    ),
  ];
  for (const layer of folders) {
    const objects: LayerObject[] = kustomize(join(folder, layer)).map((object) => ({ object, from: 'dist' }));
    for (const { object } of [...objects]) {
      if (object.kind !== 'HelmRelease') continue;
      const id = `${object.metadata.namespace ?? 'default'}/${object.metadata.name}`;
      const release = rendered.releases.find((candidate) => candidate.id === id);
      for (const renderedObject of release?.objects ?? [])
        objects.push({ object: renderedObject as K8sObject & DiffObject, from: id });
    }
    layers.set(layer === '' ? 'entry' : layer, objects);
  }
  return layers;
}

/**
 * What changes, layer by layer and object by object, from the dist/ folder `beforeDist` to `afterDist` (each a
 * folder of cluster folders), as lines; `label` names the two sides (e.g. `HEAD -> working tree`).
 */
export function diffDists(beforeDist: string, afterDist: string, label: string): string[] {
  const before = readFolder(beforeDist);
  const after = readFolder(afterDist);
  const lines: string[] = [];
  for (const cluster of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const releaseLines = [releaseLineOf(before.get(cluster)), releaseLineOf(after.get(cluster))].filter(
      (line): line is string => line !== undefined && /^(edge|stable)-/.test(line),
    );
    const kubeVersion = kubeVersionFor(releaseLines);
    const old = layersOf(
      before.has(cluster) ? join(beforeDist, cluster) : undefined,
      before.get(cluster),
      cluster,
      kubeVersion,
    );
    const next = layersOf(
      after.has(cluster) ? join(afterDist, cluster) : undefined,
      after.get(cluster),
      cluster,
      kubeVersion,
    );
    const names = [...new Set([...old.keys(), ...next.keys()])];
    const diffs = names.map((layer) => diffLayer(layer, old.get(layer) ?? [], next.get(layer) ?? []));
    const lineText = releaseLines.length > 0 ? `${[...new Set(releaseLines)].join(' -> ')}, ` : '';
    lines.push(`${cluster} (${lineText}rendered for Kubernetes ${kubeVersion}), ${label}:`);
    lines.push(...describeLayerDiffs(cluster, diffs).map((line) => `  ${line}`));
  }
  return lines;
}

/** `npm run diff [-- <git ref>]`: 0 after printing the differences, 2 for a ref without a dist/ to read, 1 on a failure. */
export function run(argv?: readonly string[]): number {
  const ref = commandLine('diff', COMMAND_LINES.diff, argv).positionals[0] ?? 'HEAD';
  const started = Date.now();
  const temporary = mkdtempSync(join(tmpdir(), 'linkerd-diff-'));
  try {
    let beforeDist: string;
    try {
      beforeDist = committedDist(ref, temporary);
    } catch (error) {
      console.error(`diff: cannot read dist/ at ${ref}: ${(error as Error).message.split('\n')[0]}`);
      return 2;
    }
    const lines = diffDists(beforeDist, join(PROJECT_DIR, 'dist'), `${ref} -> working tree`);
    if (lines.length === 0) lines.push(`no dist/ at ${ref} nor in the working tree`);
    for (const line of lines) console.log(line);
    console.log(`(rendered and compared in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } catch (error) {
    console.error(`diff failed: ${(error as Error).message}`);
    return 1;
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = run();
