/**
 * Dotted paths of Helm values as types, from the generated values types: what a `setPath`-style
 * helper can take instead of `string`, so a misspelled path fails to compile.
 */
import type { LinkerdValues, LinkerdValuesLine, LinkerdValuesMap } from '../../imports/linkerd-values';

/**
 * Every dotted path into values of type `T`: each key, and each key below a known map. Below an
 * open map (`Record<string, unknown>`) any continuation is allowed; lists and scalars end a path.
 */
export type ValuePath<T, Prefix extends string = ''> = T extends readonly unknown[]
  ? never
  : T extends object
    ? { [K in keyof T & string]-?: `${Prefix}${K}` | ValuePath<NonNullable<T[K]>, `${Prefix}${K}.`> }[keyof T & string]
    : never;

/** The value paths Helm chart `C` has in at least one release line. */
export type LinkerdValuePath<C extends LinkerdHelmChartOf = LinkerdHelmChartOf> = {
  [L in LinkerdValuesLine]: C extends keyof LinkerdValuesMap[L] ? ValuePath<LinkerdValues<L, C>> : never;
}[LinkerdValuesLine];

/** The Helm charts at least one release line has generated types for. */
type LinkerdHelmChartOf = { [L in LinkerdValuesLine]: keyof LinkerdValuesMap[L] }[LinkerdValuesLine];

/** Helm values: a tree of plain data. */
export type HelmValues = Record<string, unknown>;

/** Sets `value` at a dotted path, creating the mappings on the way. */
export function setPath(target: HelmValues, path: LinkerdValuePath, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node = (node[key] ??= {}) as HelmValues;
  }
  node[keys[keys.length - 1]] = value;
}
