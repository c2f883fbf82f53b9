/**
 * Join 8, second half: no value of ours is silently ignored by a template. Each value we set (a leaf of
 * a HelmRelease's `values`; a free-form block such as Jaeger's `userconfig` counts as one) is rendered
 * without it and, where that changes nothing (the value equals the Helm chart's default), with a different
 * value. A value whose absence and change both leave the output as it was is one the templates never
 * read: a warning, listed below with the reason we still set it. Heavy (one helm run per value, cached):
 * `npm run test:render` runs it; CI too.
 */
import { FREE_FORM_VALUE_PATHS } from '../../lib/linkerd/values-free-form';
import {
  clusterConfigPaths,
  type K8sObject,
  renderCluster,
  type RenderedRelease,
  renderWithValues,
} from '../support/helm-render';
import { describeWithShared } from '../support/shared';
import { testTier } from '../support/test-tier';

const HEAVY = testTier() === 'render';

/**
 * Values we set that no template reads, by `chart: path`, with why we set them anyway. Whoever makes one
 * take effect (or stops setting it) removes it here.
 */
const KNOWN_IGNORED: Readonly<Record<string, string>> = {
  'linkerd-viz: prometheus.resources':
    "with an external Prometheus (prometheus.enabled: false) viz renders none; the resource profile still writes every component's resources",
  'linkerd-jaeger: jaeger.resources':
    "with backend otlp (jaeger.enabled: false) linkerd-jaeger renders no Jaeger; the resource profile still writes every component's resources",
};

/** The leaves of a values tree (free-form blocks of the Helm chart, and each component's resources, count as one). */
function leafPaths(values: Record<string, unknown>, helmChart: string, prefix: string[] = []): string[][] {
  const freeForm = (FREE_FORM_VALUE_PATHS as Record<string, readonly string[]>)[helmChart] ?? [];
  return Object.entries(values).flatMap(([key, value]) => {
    const path = [...prefix, key];
    const isMap = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0;
    const whole =
      freeForm.includes(path.join('.')) ||
      /[rR]esources$/.test(key) ||
      Object.keys((value ?? {}) as object).some((child) => /[./]/.test(child));
    if (isMap && !whole) return leafPaths(value as Record<string, unknown>, helmChart, path);
    return [path];
  });
}

function withLeaf(
  values: Record<string, unknown>,
  path: readonly string[],
  replace: (value: unknown) => unknown | typeof REMOVE,
): Record<string, unknown> {
  const copy = structuredClone(values);
  let node = copy as Record<string, any>;
  for (const key of path.slice(0, -1)) node = node[key];
  const next = replace(node[path[path.length - 1]]);
  if (next === REMOVE) delete node[path[path.length - 1]];
  else node[path[path.length - 1]] = next;
  return copy;
}
const REMOVE = Symbol('remove');

/** A different value of the same kind. */
function changed(value: unknown): unknown {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string')
    return /^\d+(m|Mi|Gi)$/.test(value)
      ? value.replace(/^(\d+)/, (digits) => String(Number(digits) + 1))
      : `${value}-changed`;
  if (Array.isArray(value)) return [];
  if (value === null) return 'changed';
  return {};
}

const same = (a: readonly K8sObject[], b: readonly K8sObject[]) => JSON.stringify(a) === JSON.stringify(b);

/** The value paths of `release` that change nothing, rendered without them and with another value. */
export function ignoredValues(release: RenderedRelease): string[] {
  const ignored: string[] = [];
  for (const path of leafPaths(release.values, release.helmChart)) {
    const without = renderWithValues(
      release,
      withLeaf(release.values, path, () => REMOVE),
    );
    if ('error' in without || !same(without.objects, release.objects)) continue;
    const other = renderWithValues(release, withLeaf(release.values, path, changed));
    if ('error' in other || !same(other.objects, release.objects)) continue;
    ignored.push(path.join('.'));
  }
  return ignored;
}

(HEAVY ? describeWithShared : describe.skip)(
  'every value we set changes what helm renders (npm run test:render)',
  () => {
    const { fixtures, clusters } = clusterConfigPaths();
    const everywhere = new Set<string>();
    test.each([...fixtures, ...clusters])('%s', (config) => {
      const found: string[] = [];
      for (const release of renderCluster(config).releases)
        for (const path of ignoredValues(release)) found.push(`${release.helmChart}: ${path}`);
      for (const entry of found) everywhere.add(entry);
      const unexpected = found.filter((entry) => !(entry in KNOWN_IGNORED));
      expect(unexpected).toEqual([]);
    });

    test('each known ignored value is still ignored somewhere (runs after the configs above)', () => {
      expect(Object.keys(KNOWN_IGNORED).filter((entry) => !everywhere.has(entry))).toEqual([]);
    });
  },
);

if (!HEAVY) {
  test('value effects run in npm run test:render (one helm run per value)', () => {
    expect(HEAVY).toBe(false);
  });
}
