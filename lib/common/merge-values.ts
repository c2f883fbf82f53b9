/** Deep merge of plain values (Helm values, parsed YAML). */

/** Plain values: a tree of maps, lists and scalars. */
type Values = Record<string, unknown>;

/** `over` merged into `under`: `over` wins; maps merge, everything else (lists too) is replaced. Neither is changed. */
export function mergeValues(under: Readonly<Values>, over: Readonly<Values>): Values {
  const merged: Values = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const below = merged[key];
    merged[key] = isMap(below) && isMap(value) ? mergeValues(below, value) : value;
  }
  return merged;
}

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
