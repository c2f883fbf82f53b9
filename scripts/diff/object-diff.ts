/**
 * What the cluster would see change, object by object (`npm run diff`, scripts/diff.ts): objects created and
 * deleted, and for the others the fields that change as a compact field-path diff. Noise is left out: map key
 * order and the order of named list items (containers, env, ports, volumes: matched by name), and what only
 * follows a Helm chart's version (the `helm.sh/chart` and version labels, `checksum/*` annotations), counted.
 * Secrets' values are never printed, long texts (a dashboard's JSON) are summarized by size, and every list is
 * bounded, so that a 20,000-namespace change stays readable.
 */

/** An object as kustomize builds it or Helm renders it. */
export interface DiffObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One object of a layer, with what made it (the layer's folder, or a HelmRelease of it). */
export interface LayerObject {
  readonly object: DiffObject;
  /** `dist` for an object of the layer's folder, else the HelmRelease (`namespace/name`) that renders it. */
  readonly from: string;
}

/** One field that changes: its path, before and after (undefined: absent). */
export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The changes of one layer. */
export interface LayerDiff {
  readonly layer: string;
  readonly created: readonly LayerObject[];
  readonly deleted: readonly LayerObject[];
  readonly changed: ReadonlyArray<{ readonly object: LayerObject; readonly fields: readonly FieldChange[] }>;
  readonly unchanged: number;
  /** Fields left out as noise (version labels, checksums), over the layer. */
  readonly noise: number;
}

/**
 * Labels and annotations whose value only follows a Helm chart's version (`helm.sh/chart: linkerd-viz-2026.8.3`,
 * Linkerd's `linkerd.io/created-by: linkerd/helm edge-26.8.3`): the images and settings that really move are shown.
 */
const VERSION_LABELS = new Set([
  'helm.sh/chart',
  'app.kubernetes.io/version',
  'chart',
  'linkerd.io/helm-release-version',
  'linkerd.io/created-by',
]);

/** Whether a field path is noise: a version label or a `checksum/*` annotation, at any depth (pod templates too). */
export function isNoise(path: readonly string[]): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (parent === 'labels' && VERSION_LABELS.has(last)) return true;
  if (parent === 'annotations' && (last.startsWith('checksum/') || VERSION_LABELS.has(last))) return true;
  return false;
}

/** An object's identity in the cluster: API group, kind, namespace, name (the version may move). */
export function objectKey(object: DiffObject): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${group}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** `Kind namespace/name`. */
export function objectName(object: DiffObject): string {
  return `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
}

/** The key of a list item that has a name (containers, env, ports, volumes, ...), or undefined. */
function itemName(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const record = item as Record<string, unknown>;
  for (const key of ['name', 'mountPath', 'containerPort', 'key', 'path']) {
    if (typeof record[key] === 'string' || typeof record[key] === 'number') return String(record[key]);
  }
  return undefined;
}

/** The fields that differ between `before` and `after` (paths like `spec.containers[proxy].image`), noise left out. */
export function fieldChanges(
  before: unknown,
  after: unknown,
  path: readonly string[] = [],
): { fields: FieldChange[]; noise: number } {
  const fields: FieldChange[] = [];
  let noise = 0;
  const visit = (a: unknown, b: unknown, at: readonly string[], shown: string): void => {
    if (isNoise(at)) {
      if (JSON.stringify(a) !== JSON.stringify(b)) noise++;
      return;
    }
    if (isMap(a) && isMap(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
        visit(a[key], b[key], [...at, key], shown === '' ? key : `${shown}.${key}`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const names = (list: unknown[]) => list.map(itemName);
      const [aNames, bNames] = [names(a), names(b)];
      const keyed =
        aNames.every((name) => name !== undefined) &&
        bNames.every((name) => name !== undefined) &&
        new Set(aNames).size === a.length &&
        new Set(bNames).size === b.length;
      if (keyed) {
        // Matched by name: a reordering is no change.
        const byName = (list: unknown[], listNames: (string | undefined)[]) =>
          new Map(list.map((item, index) => [listNames[index]!, item]));
        const [aMap, bMap] = [byName(a, aNames), byName(b, bNames)];
        for (const name of [...new Set([...aNames, ...bNames])] as string[])
          visit(aMap.get(name), bMap.get(name), [...at, name], `${shown}[${name}]`);
        return;
      }
      if (a.length === b.length) {
        a.forEach((item, index) => visit(item, b[index], [...at, String(index)], `${shown}[${index}]`));
        return;
      }
    }
    if (JSON.stringify(a) !== JSON.stringify(b))
      fields.push({ path: shown, ...(a !== undefined && { before: a }), ...(b !== undefined && { after: b }) });
  };
  visit(before, after, path, path.join('.'));
  return { fields, noise };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The diff of one layer's objects, before and after. */
export function diffLayer(layer: string, before: readonly LayerObject[], after: readonly LayerObject[]): LayerDiff {
  const old = new Map(before.map((entry) => [objectKey(entry.object), entry]));
  const next = new Map(after.map((entry) => [objectKey(entry.object), entry]));
  const created = after.filter((entry) => !old.has(objectKey(entry.object)));
  const deleted = before.filter((entry) => !next.has(objectKey(entry.object)));
  const changed: Array<{ object: LayerObject; fields: FieldChange[] }> = [];
  let unchanged = 0;
  let noise = 0;
  for (const entry of after) {
    const previous = old.get(objectKey(entry.object));
    if (!previous) continue;
    const result = fieldChanges(previous.object, entry.object);
    noise += result.noise;
    if (result.fields.length > 0) changed.push({ object: entry, fields: result.fields });
    else unchanged++;
  }
  return { layer, created, deleted, changed, unchanged, noise };
}

/** Bounds of the printed diff. */
export interface DiffLimits {
  /** Objects listed per layer and kind of change. */
  readonly objects: number;
  /** Fields listed per changed object. */
  readonly fields: number;
  /** Characters of a value shown inline; a longer text is summarized by its size. */
  readonly value: number;
}

export const DEFAULT_LIMITS: DiffLimits = { objects: 40, fields: 12, value: 100 };

/** A value as one short line; a Secret's never shown; a long text summarized. */
function shownValue(value: unknown, secret: boolean, limit: number): string {
  if (value === undefined) return '(none)';
  if (secret) return '(hidden)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text.length <= limit && !text.includes('\n')) return text;
  return `(${typeof value === 'string' ? 'text' : 'value'} of ${text.length.toLocaleString('en-US')} characters)`;
}

/** Two long texts (a values file, a dashboard's JSON) as their sizes and the first line that differs each way. */
function textChange(before: string, after: string, limit: number): string {
  const [a, b] = [before.split('\n'), after.split('\n')];
  const [inA, inB] = [new Set(a), new Set(b)];
  const removed = a.filter((line) => !inB.has(line));
  const added = b.filter((line) => !inA.has(line));
  const clip = (line: string) => {
    const trimmed = line.trim();
    return trimmed.length > limit ? `${trimmed.slice(0, limit)}...` : trimmed;
  };
  const sizes = `text of ${before.length.toLocaleString('en-US')} -> ${after.length.toLocaleString('en-US')} characters`;
  if (removed.length + added.length === 0) return `(${sizes}, lines reordered)`;
  const first = [
    ...(removed.length > 0 ? [`-"${clip(removed[0])}"`] : []),
    ...(added.length > 0 ? [`+"${clip(added[0])}"`] : []),
  ].join(' ');
  return `(${sizes}; ${removed.length} lines out, ${added.length} in; first: ${first})`;
}

/** The layer diffs as lines: a one-line summary per layer, then each created, deleted and changed object. */
export function describeLayerDiffs(
  cluster: string,
  diffs: readonly LayerDiff[],
  limits: DiffLimits = DEFAULT_LIMITS,
): string[] {
  const lines: string[] = [];
  const origin = (entry: LayerObject) => (entry.from === 'dist' ? '' : ` (HelmRelease ${entry.from})`);
  for (const diff of diffs) {
    const summary = [
      `${diff.created.length} created`,
      `${diff.deleted.length} deleted`,
      `${diff.changed.length} changed`,
      `${diff.unchanged} unchanged`,
    ].join(', ');
    const noise = diff.noise > 0 ? `; ${diff.noise} version labels and checksums left out` : '';
    lines.push(`${cluster}/${diff.layer}: ${summary}${noise}`);
    const list = <T>(items: readonly T[], line: (item: T) => string[]) => {
      for (const item of items.slice(0, limits.objects)) lines.push(...line(item));
      if (items.length > limits.objects)
        lines.push(`  ... and ${(items.length - limits.objects).toLocaleString('en-US')} more`);
    };
    list(diff.created, (entry) => [`  + ${objectName(entry.object)}${origin(entry)}`]);
    list(diff.deleted, (entry) => [`  - ${objectName(entry.object)}${origin(entry)}`]);
    list(diff.changed, ({ object, fields }) => {
      const secret = object.object.kind === 'Secret';
      const shown = fields.slice(0, limits.fields).map((field) => {
        const changeOf = (before: unknown, after: unknown) =>
          !secret &&
          typeof before === 'string' &&
          typeof after === 'string' &&
          (before.length > limits.value || after.length > limits.value || `${before}${after}`.includes('\n'))
            ? textChange(before, after, limits.value)
            : before === undefined
              ? `added ${shownValue(after, secret, limits.value)}`
              : after === undefined
                ? `removed (was ${shownValue(before, secret, limits.value)})`
                : `${shownValue(before, secret, limits.value)} -> ${shownValue(after, secret, limits.value)}`;
        return `      ${field.path}: ${changeOf(field.before, field.after)}`;
      });
      if (fields.length > limits.fields) shown.push(`      ... and ${fields.length - limits.fields} more fields`);
      return [`  ~ ${objectName(object.object)}${origin(object)}`, ...shown];
    });
  }
  return lines;
}
