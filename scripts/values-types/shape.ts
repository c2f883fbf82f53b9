/**
 * The shape of a Helm chart's values, inferred from the defaults in its values.yaml files: which
 * keys exist and what kind of value each takes. Shapes of several files merge, so a key that
 * values.yaml only documents in a comment but values-ha.yaml sets is part of the shape.
 */
import type { ValuesHelmChartName } from '../../lib/linkerd/helm-charts';
import { isFreeFormValue } from '../../lib/linkerd/values-free-form';

/** A scalar kind, as TypeScript names it. */
export type ScalarKind = 'boolean' | 'number' | 'string';

/** What a value may be. */
export type Shape =
  /** A scalar default: the value takes these kinds. */
  | { readonly kind: 'scalar'; readonly types: ReadonlySet<ScalarKind> }
  /** A null default: unset, so nothing is known and anything goes (until another file says more). */
  | { readonly kind: 'unset' }
  /** Defaults that disagree in kind: anything goes. */
  | { readonly kind: 'unknown' }
  /** A `{}` default or free-form data: a map with any keys. */
  | { readonly kind: 'open' }
  /** A map of known keys. */
  | { readonly kind: 'object'; readonly properties: ReadonlyMap<string, Shape> }
  /** A list; `element` is undefined when every default list is empty. */
  | { readonly kind: 'list'; readonly element: Shape | undefined };

const UNSET: Shape = { kind: 'unset' };
const UNKNOWN: Shape = { kind: 'unknown' };
const OPEN: Shape = { kind: 'open' };

/** The shape of one values document (already parsed, aliases resolved) of `chart`. */
export function inferShape(helmChart: ValuesHelmChartName, document: unknown): Shape {
  // An empty or comment-only values file sets no keys.
  return infer(helmChart, '', document ?? {});
}

function infer(helmChart: ValuesHelmChartName, path: string, value: unknown): Shape {
  if (value === null || value === undefined) return UNSET;
  if (Array.isArray(value)) {
    // Elements have no dotted path of their own; free-form rules apply to named values only.
    const element = value
      .map((item) => infer(helmChart, `${path}[]`, item))
      .reduce<Shape | undefined>((merged, shape) => (merged ? mergeShapes(merged, shape) : shape), undefined);
    return { kind: 'list', element };
  }
  if (typeof value === 'object') {
    if (Object.keys(value).length === 0 || isFreeFormValue(helmChart, path, value)) return OPEN;
    const properties = new Map<string, Shape>();
    for (const [key, item] of Object.entries(value)) {
      properties.set(key, infer(helmChart, path === '' ? key : `${path}.${key}`, item));
    }
    return { kind: 'object', properties };
  }
  // A free-form value with a scalar default (2.14's collector config is one YAML string) keeps its type.
  const kind = typeof value;
  if (kind === 'boolean' || kind === 'number' || kind === 'string') return { kind: 'scalar', types: new Set([kind]) };
  return UNKNOWN;
}

/**
 * Two shapes of one value combined: keys of both maps, kinds of both scalars. A null default
 * yields to the other file's (it only says "unset"); an open map stays open (its keys are examples);
 * defaults that disagree in kind become unknown.
 */
export function mergeShapes(a: Shape, b: Shape): Shape {
  if (a.kind === 'unset') return b;
  if (b.kind === 'unset') return a;
  if (a.kind === 'unknown' || b.kind === 'unknown') return UNKNOWN;
  if (a.kind === 'open' && (b.kind === 'open' || b.kind === 'object')) return OPEN;
  if (b.kind === 'open' && a.kind === 'object') return OPEN;
  if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', types: new Set([...a.types, ...b.types]) };
  if (a.kind === 'list' && b.kind === 'list') {
    const element = a.element && b.element ? mergeShapes(a.element, b.element) : (a.element ?? b.element);
    return { kind: 'list', element };
  }
  if (a.kind === 'object' && b.kind === 'object') {
    const properties = new Map(a.properties);
    for (const [key, shape] of b.properties) {
      const existing = properties.get(key);
      properties.set(key, existing ? mergeShapes(existing, shape) : shape);
    }
    return { kind: 'object', properties };
  }
  return UNKNOWN;
}

/** The sub-fields of a Linkerd resources value, as `proxy.resources` documents them. */
const RESOURCE_NAMES = ['cpu', 'memory', 'ephemeral-storage'];
const RESOURCE_BOUNDS = ['request', 'limit'];
const QUANTITY: Shape = { kind: 'scalar', types: new Set<ScalarKind>(['number', 'string']) };

/**
 * The shape with every Linkerd resources value completed: values.yaml documents most of them only
 * in comments ("see `proxy.resources` for sub-fields") and values-ha.yaml sets some sub-fields, so
 * each map of `{cpu, memory, ephemeral-storage}` × `{request, limit}` gets all six, each a
 * Kubernetes quantity (`"100m"`, `"128Mi"`, or a number), whatever its default (often null or "").
 */
export function completeResources(shape: Shape): Shape {
  if (shape.kind === 'list') return { kind: 'list', element: shape.element && completeResources(shape.element) };
  if (shape.kind !== 'object') return shape;
  if (isResources(shape)) {
    const bounds: Shape = { kind: 'object', properties: new Map(RESOURCE_BOUNDS.map((bound) => [bound, QUANTITY])) };
    return { kind: 'object', properties: new Map(RESOURCE_NAMES.map((name) => [name, bounds])) };
  }
  return {
    kind: 'object',
    properties: new Map([...shape.properties].map(([key, value]) => [key, completeResources(value)])),
  };
}

/** Whether a map is a resources value: only resource names, each a map of only request/limit. */
function isResources(shape: Shape & { kind: 'object' }): boolean {
  const keys = [...shape.properties.keys()];
  return (
    keys.some((key) => key === 'cpu' || key === 'memory') &&
    [...shape.properties].every(
      ([key, value]) =>
        RESOURCE_NAMES.includes(key) &&
        (value.kind === 'unset' ||
          (value.kind === 'object' && [...value.properties.keys()].every((bound) => RESOURCE_BOUNDS.includes(bound)))),
    )
  );
}
