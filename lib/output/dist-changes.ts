/**
 * What a synth changes in dist/: the files added, changed and removed per cluster and layer, the Helm chart
 * versions that move, and the objects added, removed and changed (kind, namespace, name), computed in memory
 * from dist/'s current files and the ones the configs synthesize. main.ts prints it after a synth and, with
 * `--check`, instead of writing. Every new file is counted and, up to a bound per line, named: `git diff -- dist`
 * leaves untracked files out, this does not.
 *
 * Bounded: a line names at most {@link DEFAULT_LIMIT} files or objects and counts the rest ("and 19,990 more"),
 * so a change of 20,000 namespaces prints a few lines.
 */
import { parse } from 'yaml';

/** The layer of a dist/ file: its folder under dist/<cluster>/, or `entry` for the entry point's files. */
export type LayerKey = string;

/** One object of dist/, by kind, namespace and name. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** The layer whose folder holds it. */
  readonly layer: LayerKey;
}

/** The files of one layer that a synth adds, changes and removes (paths relative to dist/<cluster>/). */
export interface LayerChanges {
  readonly layer: LayerKey;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

/** A Helm chart whose version a HelmRelease moves (a release added or removed has one side only). */
export interface ChartMove {
  /** The HelmRelease's name. */
  readonly release: string;
  readonly chart: string;
  readonly from?: string;
  readonly to?: string;
}

/** What a synth changes in one cluster's folder. */
export interface ClusterChanges {
  readonly cluster: string;
  /** `added`: a new cluster folder; `removed`: its config is gone; `unchanged`: every file is the same. */
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** The layers with a changed file, entry point first, then in the order of their folders. */
  readonly layers: readonly LayerChanges[];
  readonly charts: readonly ChartMove[];
  readonly objects: {
    readonly added: readonly ObjectRef[];
    readonly removed: readonly ObjectRef[];
    readonly changed: readonly ObjectRef[];
  };
}

/** What a synth changes in dist/, cluster by cluster (by name). */
export interface DistChanges {
  readonly clusters: readonly ClusterChanges[];
  /** Files added, changed and removed over every cluster. */
  readonly files: { readonly added: number; readonly changed: number; readonly removed: number };
}

/** How many files or objects a line names before it counts the rest. */
export const DEFAULT_LIMIT = 8;

/** The changes from `before` (dist/ as it is) to `after` (what the configs synthesize); paths relative to dist/. */
export function distChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): DistChanges {
  const clusterNames = [...new Set([...before.keys(), ...after.keys()].map((path) => path.split('/')[0]))].sort();
  const clusters = clusterNames.map((cluster) => clusterChanges(cluster, before, after));
  const count = (field: 'added' | 'changed' | 'removed') =>
    clusters.reduce((sum, cluster) => sum + cluster.layers.reduce((inner, layer) => inner + layer[field].length, 0), 0);
  return { clusters, files: { added: count('added'), changed: count('changed'), removed: count('removed') } };
}

/** Whether a synth would change anything in dist/. */
export function hasChanges(changes: DistChanges): boolean {
  return changes.files.added + changes.files.changed + changes.files.removed > 0;
}

function clusterChanges(
  cluster: string,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): ClusterChanges {
  const prefix = `${cluster}/`;
  const own = (files: ReadonlyMap<string, string>) =>
    new Map(
      [...files].filter(([path]) => path.startsWith(prefix)).map(([path, text]) => [path.slice(prefix.length), text]),
    );
  const old = own(before);
  const next = own(after);
  const byLayer = new Map<LayerKey, { added: string[]; changed: string[]; removed: string[] }>();
  const layerOf = (path: string): LayerKey => (path.includes('/') ? path.split('/')[0] : 'entry');
  const at = (layer: LayerKey) => {
    let entry = byLayer.get(layer);
    if (!entry) byLayer.set(layer, (entry = { added: [], changed: [], removed: [] }));
    return entry;
  };
  const touched: string[] = [];
  for (const [path, text] of next) {
    const previous = old.get(path);
    if (previous === undefined) at(layerOf(path)).added.push(path);
    else if (previous !== text) at(layerOf(path)).changed.push(path);
    else continue;
    touched.push(path);
  }
  for (const path of old.keys()) {
    if (!next.has(path)) {
      at(layerOf(path)).removed.push(path);
      touched.push(path);
    }
  }
  const layers = [...byLayer]
    .sort(([a], [b]) => (a === 'entry' ? -1 : b === 'entry' ? 1 : a.localeCompare(b)))
    .map(([layer, files]) => ({
      layer,
      added: files.added.sort(),
      changed: files.changed.sort(),
      removed: files.removed.sort(),
    }));
  const status = old.size === 0 ? 'added' : next.size === 0 ? 'removed' : layers.length === 0 ? 'unchanged' : 'changed';
  if (layers.length === 0)
    return { cluster, status, layers, charts: [], objects: { added: [], removed: [], changed: [] } };

  // Objects: compared by kind, namespace and name over the files that changed (an object that moved between
  // files unchanged is no change).
  const documentsOf = (files: ReadonlyMap<string, string>) => {
    const documents = new Map<string, { ref: ObjectRef; text: string }>();
    for (const path of touched) {
      const text = files.get(path);
      if (text === undefined || !/\.ya?ml$/.test(path) || path.split('/').pop() === 'kustomization.yaml') continue;
      for (const document of splitDocuments(text)) {
        const ref = objectRef(document, layerOf(path));
        if (ref) documents.set(refKey(ref), { ref, text: document });
      }
    }
    return documents;
  };
  const oldObjects = documentsOf(old);
  const newObjects = documentsOf(next);
  const added: ObjectRef[] = [];
  const changed: ObjectRef[] = [];
  for (const [key, { ref, text }] of newObjects) {
    const previous = oldObjects.get(key);
    if (!previous) added.push(ref);
    else if (previous.text !== text) changed.push(ref);
  }
  const removed = [...oldObjects].filter(([key]) => !newObjects.has(key)).map(([, { ref }]) => ref);
  return { cluster, status, layers, charts: chartMoves(old, next), objects: { added, removed, changed } };
}

/** The YAML documents of a file (`---` lines separate them), empty ones left out. */
function splitDocuments(text: string): string[] {
  return text
    .split(/^---[ \t]*$/m)
    .filter((document) => document.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#')));
}

/**
 * The kind, namespace and name of a document: read from its top-level `kind:` and `metadata:` lines, as
 * synth writes them (fast for 20,000 namespaces); a document written otherwise is parsed.
 */
function objectRef(document: string, layer: LayerKey): ObjectRef | undefined {
  const kind = /^kind:[ \t]*(\S+)[ \t]*$/m.exec(document)?.[1];
  const metadata = /^metadata:[ \t]*\n((?:[ \t]+.*\n?|\n)*)/m.exec(document)?.[1];
  const name = metadata && /^ {2}name:[ \t]*(\S+)[ \t]*$/m.exec(metadata)?.[1];
  if (kind && name && !/^["'&*!|>]/.test(name) && !/^["'&*!|>]/.test(kind)) {
    const namespace = /^ {2}namespace:[ \t]*(\S+)[ \t]*$/m.exec(metadata)?.[1];
    return { kind, name, layer, ...(namespace && { namespace }) };
  }
  try {
    const value = parse(document, { maxAliasCount: 100 }) as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
    } | null;
    if (typeof value?.kind !== 'string' || typeof value.metadata?.name !== 'string') return undefined;
    return {
      kind: value.kind,
      name: value.metadata.name,
      layer,
      ...(typeof value.metadata.namespace === 'string' && { namespace: value.metadata.namespace }),
    };
  } catch {
    return undefined;
  }
}

function refKey(ref: ObjectRef): string {
  return `${ref.kind}\0${ref.namespace ?? ''}\0${ref.name}`;
}

/** Each HelmRelease's Helm chart and version: its spec.chart.spec, or the tag of the OCIRepository its chartRef names. */
/** The fields of a HelmRelease or OCIRepository that name a Helm chart and its version. */
interface ChartFields {
  readonly metadata?: { readonly name?: unknown };
  readonly spec?: {
    readonly chart?: { readonly spec?: { readonly chart?: unknown; readonly version?: unknown } };
    readonly chartRef?: { readonly name?: unknown };
    readonly url?: unknown;
    readonly ref?: { readonly tag?: unknown };
  };
}

function chartVersions(files: ReadonlyMap<string, string>): Map<string, { chart: string; version?: string }> {
  const releases: Array<{ name: string; spec: NonNullable<ChartFields['spec']> }> = [];
  const ociTags = new Map<string, { chart: string; version?: string }>();
  for (const [path, text] of files) {
    if (!/\.ya?ml$/.test(path) || !/^kind:[ \t]*(HelmRelease|OCIRepository)[ \t]*$/m.test(text)) continue;
    for (const document of splitDocuments(text)) {
      const kind = /^kind:[ \t]*(\S+)/m.exec(document)?.[1];
      if (kind !== 'HelmRelease' && kind !== 'OCIRepository') continue;
      let value: ChartFields | null;
      try {
        value = parse(document, { maxAliasCount: 100 }) as ChartFields | null;
      } catch {
        continue;
      }
      const name = value?.metadata?.name;
      if (!value || typeof name !== 'string') continue;
      const spec = value.spec ?? {};
      if (kind === 'HelmRelease') releases.push({ name, spec });
      else
        ociTags.set(name, {
          chart: String(spec.url ?? name)
            .split('/')
            .pop()!,
          ...(spec.ref?.tag !== undefined && { version: String(spec.ref.tag) }),
        });
    }
  }
  const versions = new Map<string, { chart: string; version?: string }>();
  for (const { name, spec } of releases) {
    const template = spec.chart?.spec;
    if (template?.chart)
      versions.set(name, {
        chart: String(template.chart),
        ...(template.version !== undefined && { version: String(template.version) }),
      });
    else if (typeof spec.chartRef?.name === 'string' && ociTags.has(spec.chartRef.name))
      versions.set(name, ociTags.get(spec.chartRef.name)!);
  }
  return versions;
}

function chartMoves(old: ReadonlyMap<string, string>, next: ReadonlyMap<string, string>): ChartMove[] {
  const before = chartVersions(old);
  const after = chartVersions(next);
  const moves: ChartMove[] = [];
  for (const release of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const from = before.get(release);
    const to = after.get(release);
    if (from && to && from.chart === to.chart && from.version === to.version) continue;
    moves.push({
      release,
      chart: (to ?? from)!.chart,
      ...(from?.version !== undefined && { from: from.version }),
      ...(to?.version !== undefined && { to: to.version }),
    });
  }
  return moves;
}

/** `items` joined, at most `limit` of them named and the rest counted. */
export function bounded(items: readonly string[], limit = DEFAULT_LIMIT): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${(items.length - limit).toLocaleString('en-US')} more`;
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}

/** Objects as `Kind namespace/name`, grouped by kind when there are more than `limit`. */
function describeObjects(objects: readonly ObjectRef[], limit: number): string {
  const names = objects.map((object) => `${object.namespace ? `${object.namespace}/` : ''}${object.name}`);
  if (objects.length <= limit) return objects.map((object, index) => `${object.kind} ${names[index]}`).join(', ');
  const byKind = new Map<string, string[]>();
  objects.forEach((object, index) => {
    const list = byKind.get(object.kind) ?? [];
    list.push(names[index]);
    byKind.set(object.kind, list);
  });
  const perKind = Math.max(1, Math.floor(limit / byKind.size));
  return [...byKind]
    .map(([kind, list]) => `${kind} ${list.length.toLocaleString('en-US')} (${bounded(list, perKind)})`)
    .join('; ');
}

/**
 * The changes as lines: per cluster, each layer's files added, changed and removed, the Helm chart versions that
 * move, and the objects added, removed and changed; a cluster with no change says "nothing changed". Each line
 * names at most `limit` files or objects.
 */
export function describeDistChanges(changes: DistChanges, distDir = 'dist', limit = DEFAULT_LIMIT): string[] {
  const root = distDir.replace(/\/+$/, '');
  const lines: string[] = [];
  for (const cluster of changes.clusters) {
    const folder = `${root}/${cluster.cluster}`;
    if (cluster.status === 'unchanged') {
      lines.push(`${folder}: nothing changed`);
      continue;
    }
    const files = (field: 'added' | 'changed' | 'removed') =>
      cluster.layers.reduce((sum, layer) => sum + layer[field].length, 0);
    const counts = (['added', 'changed', 'removed'] as const)
      .filter((field) => files(field) > 0)
      .map((field) => `${plural(files(field), 'file')} ${field}`)
      .join(', ');
    const what = cluster.status === 'added' ? 'new' : cluster.status === 'removed' ? 'removed' : 'changed';
    lines.push(`${folder}: ${what}, ${counts}`);
    for (const layer of cluster.layers) {
      for (const field of ['added', 'changed', 'removed'] as const) {
        const paths = layer[field];
        if (paths.length > 0)
          lines.push(`  ${layer.layer}: ${plural(paths.length, 'file')} ${field}: ${bounded(paths, limit)}`);
      }
    }
    if (cluster.charts.length > 0) {
      const moves = cluster.charts.map(
        (move) =>
          `${move.release}${move.chart === move.release ? '' : ` (${move.chart})`} ${move.from ?? '(new)'} -> ${move.to ?? '(removed)'}`,
      );
      lines.push(`  Helm charts: ${bounded(moves, limit)}`);
    }
    for (const field of ['added', 'removed', 'changed'] as const) {
      const objects = cluster.objects[field];
      if (objects.length > 0)
        lines.push(`  ${plural(objects.length, 'object')} ${field}: ${describeObjects(objects, limit)}`);
    }
  }
  return lines;
}
