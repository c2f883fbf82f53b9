/**
 * Dotted paths into nested values (Helm values, parsed YAML): `proxy.tracing.enabled`. Own keys only,
 * so a path never reads what an object inherits (`constructor`, `__proto__`).
 */

/** The value at a dotted `path` of `values`, or undefined when a key on the way is absent or not a mapping. */
export function valueAt(values: unknown, path: string): unknown {
  let node: unknown = values;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Whether `values` has the key at a dotted `path`, whatever its value (a `null` default counts). */
export function hasValueAt(values: unknown, path: string): boolean {
  const keys = path.split('.');
  const parent = keys.length === 1 ? values : valueAt(values, keys.slice(0, -1).join('.'));
  return (
    parent !== null &&
    typeof parent === 'object' &&
    !Array.isArray(parent) &&
    Object.hasOwn(parent, keys[keys.length - 1])
  );
}
