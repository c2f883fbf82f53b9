/**
 * Checks Helm values against the keys of the Helm chart's own values.yaml/values-ha.yaml, at run time,
 * from the key trees generated into imports/linkerd-values (no ../shared needed). Also the typed
 * way to write values, and the one explicit escape hatch for keys the generated types lack.
 */
import {
  type KeyNode,
  type KeyTree,
  LINKERD_VALUE_KEYS,
  type LinkerdValues,
  type LinkerdValuesLine,
  type LinkerdValuesMap,
} from '../../imports/linkerd-values';
import { jaegerKeys } from '../../imports/jaeger-values/jaeger.keys';
import { certManagerKeys } from '../../imports/cert-manager-values/cert-manager.keys';
import { trustManagerKeys } from '../../imports/cert-manager-values/trust-manager.keys';
import type { ValuesHelmChartName } from './helm-charts';
import { closest } from '../common/did-you-mean';

/** A value path the Helm chart does not have, with what its parent allows. */
interface UnknownValue {
  /** Dotted path, with `[i]` for list elements: `proxy.resorces`. */
  readonly path: string;
  /** The path of the map it is in ('' at the top). */
  readonly parent: string;
  readonly key: string;
  readonly allowed: readonly string[];
}

/** The other projects' Helm charts: one pinned version on every line (lib/linkerd/companion-helm-charts.ts). */
const COMPANION_KEYS: Readonly<Record<'jaeger' | 'cert-manager' | 'trust-manager', KeyTree>> = {
  jaeger: jaegerKeys,
  'cert-manager': certManagerKeys,
  'trust-manager': trustManagerKeys,
};

/**
 * The generated key tree of `helmChart` in release line `line` (the other projects' Helm charts, Jaeger's,
 * cert-manager's and trust-manager's, are the same on every line); throws when there is none.
 */
export function valueKeyTree(line: string, helmChart: ValuesHelmChartName): KeyTree {
  if (helmChart === 'jaeger' || helmChart === 'cert-manager' || helmChart === 'trust-manager')
    return COMPANION_KEYS[helmChart];
  const helmCharts = (
    LINKERD_VALUE_KEYS as Readonly<Record<string, Readonly<Partial<Record<ValuesHelmChartName, KeyTree>>>>>
  )[line];
  const tree = helmCharts?.[helmChart];
  if (!tree) {
    throw new Error(
      `no generated value keys for ${helmChart} in ${line}; run "npm run gen:values" after adding a release line`,
    );
  }
  return tree;
}

/**
 * Every dotted path in `values` that `helmChart` of release line `line` does not have. Checking stops
 * at open maps (`{}` defaults, free-form data), at values whose default is not a map, and inside
 * {@link untypedValues}; list elements are checked when the default's elements are maps.
 */
export function unknownValuePaths(line: string, helmChart: ValuesHelmChartName, values: object): string[] {
  return findUnknown(valueKeyTree(line, helmChart), values, '').map((unknown) => unknown.path);
}

/**
 * One message per unknown value path, with a guess when a known key is close:
 * `linkerd-control-plane values: "proxy.resorces" is not a value of linkerd-control-plane in edge-25.9.4 (did you mean "proxy.resources"?)`.
 */
export function unknownValueProblems(line: string, helmChart: ValuesHelmChartName, values: object): string[] {
  return unknownValues(line, helmChart, values).map(
    ({ path, suggestion }) =>
      `${helmChart} values: "${path}" is not a value of ${helmChart} in ${line}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
  );
}

/** A value path the Helm chart does not have, and the nearest path it has, when one is close (a full dotted path). */
export interface UnknownValuePath {
  /** Dotted path, with `[i]` for list elements: `proxy.resorces`. */
  readonly path: string;
  /** The segments of {@link path} (list indexes as numbers), for a config problem's path. */
  readonly segments: readonly (string | number)[];
  /** The full path of the nearest key its parent has, e.g. `proxy.resources`. */
  readonly suggestion?: string;
}

/** Every value path of `values` that `helmChart` of `line` does not have, each with a guess when a known key is close. */
export function unknownValues(line: string, helmChart: ValuesHelmChartName, values: object): UnknownValuePath[] {
  return findUnknown(valueKeyTree(line, helmChart), values, '').map(({ path, parent, key, allowed }) => {
    const guess = closest(key, allowed);
    const segments = [...path.matchAll(/\[(\d+)\]|[^.[\]]+/g)].map((match) =>
      match[1] === undefined ? match[0] : Number(match[1]),
    );
    return { path, segments, ...(guess && { suggestion: parent === '' ? guess : `${parent}.${guess}` }) };
  });
}

/** Returns `values` unchanged, or throws listing every unknown value path (see {@link unknownValueProblems}). */
export function checkedValues<T extends object>(line: string, helmChart: ValuesHelmChartName, values: T): T {
  const problems = unknownValueProblems(line, helmChart, values);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return values;
}

/**
 * Values written against the generated type of `helmChart` in `line`, so a misspelled key or a value of
 * the wrong kind fails type-checking: `typedValues('edge-25.9.4', 'linkerd-viz', {...})`.
 */
export function typedValues<L extends LinkerdValuesLine, C extends keyof LinkerdValuesMap[L]>(
  _line: L,
  _chart: C,
  values: LinkerdValues<L, C>,
): LinkerdValues<L, C> {
  return values;
}

/**
 * What {@link untypedValues} returns: assignable to any map in the generated types, and adds no
 * key to their checks, so the keys around it stay checked.
 */
// `{}` on purpose: exactly "a map the types know nothing about".
// biome-ignore lint/complexity/noBannedTypes: `{}` is the point here
export type UntypedValues = {};

/** Symbols that mark untyped keys; each call gets its own, so several spreads into one map all count. */
const UNTYPED_MARKS = new Set<symbol>();

/**
 * THE ESCAPE HATCH for keys a Helm chart accepts but its generated types and key tree lack (e.g. a key
 * values.yaml documents only in a comment). Neither the types nor {@link unknownValuePaths} check
 * the keys given here, nor anything below them. Use it at a key, `proxy: untypedValues({...})`, or
 * spread it, `{ ...untypedValues({ newKey: 1 }), proxy: {...} }`; either way its siblings stay
 * checked. Every use is listed by `git grep -n 'untypedValues('`.
 */
export function untypedValues(values: Readonly<Record<string, unknown>>): UntypedValues {
  const mark = Symbol('untypedValues');
  UNTYPED_MARKS.add(mark);
  // An own enumerable symbol property: spreads copy it, JSON and YAML output ignore it.
  return { ...values, [mark]: Object.keys(values) };
}

function findUnknown(node: KeyNode, value: unknown, path: string): UnknownValue[] {
  if (node === true || node === '*' || value === null || typeof value !== 'object') return [];
  if (isListNode(node)) {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, index) => findUnknown(node[0], item, `${path}[${index}]`));
  }
  if (Array.isArray(value)) return [];
  const untyped = untypedKeys(value);
  const allowed = Object.keys(node);
  return Object.entries(value).flatMap(([key, item]) => {
    if (untyped.has(key)) return [];
    const itemPath = path === '' ? key : `${path}.${key}`;
    if (!Object.hasOwn(node, key)) return [{ path: itemPath, parent: path, key, allowed }];
    return findUnknown(node[key], item, itemPath);
  });
}

function isListNode(node: KeyNode): node is readonly [KeyTree] {
  return Array.isArray(node);
}

/** Keys of `value` that came from {@link untypedValues}. */
function untypedKeys(value: object): Set<string> {
  const keys = new Set<string>();
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (!UNTYPED_MARKS.has(symbol)) continue;
    for (const key of (value as Record<symbol, readonly string[]>)[symbol]) keys.add(key);
  }
  return keys;
}
