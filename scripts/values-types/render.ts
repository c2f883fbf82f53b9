/**
 * Writes a values {@link Shape} as TypeScript: a type (every property optional) and a runtime key
 * tree (keys only). Keys are sorted and indentation is fixed, so equal shapes give equal text.
 */
import { Shape } from './shape';

/** The TypeScript type of a shape, its nested lines indented from `indent`. */
export function renderType(shape: Shape, indent = ''): string {
  switch (shape.kind) {
    case 'scalar':
      return [...shape.types].sort(compare).join(' | ');
    case 'unset':
    case 'unknown':
      return 'unknown';
    case 'open':
      return 'Record<string, unknown>';
    case 'list': {
      if (!shape.element) return 'unknown[]';
      const element = renderType(shape.element, indent);
      return /^[\w.]+$/.test(element) ? `${element}[]` : `Array<${element}>`;
    }
    case 'object': {
      const inner = `${indent}  `;
      const lines = sortedEntries(shape.properties).map(([key, value]) => `${inner}${propertyName(key)}?: ${renderType(value, inner)};`);
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
  }
}

/**
 * The key tree of a shape as a TypeScript expression: `true` where checking stops (scalars, lists
 * of scalars, unknown values), `'*'` for open maps, nested objects for known keys, and `[{...}]`
 * for lists whose elements are maps of known keys.
 */
export function renderKeys(shape: Shape, indent = ''): string {
  switch (shape.kind) {
    case 'open':
      return `'*'`;
    case 'list':
      return shape.element?.kind === 'object' ? `[${renderKeys(shape.element, indent)}]` : 'true';
    case 'object': {
      const inner = `${indent}  `;
      const lines = sortedEntries(shape.properties).map(([key, value]) => `${inner}${propertyName(key)}: ${renderKeys(value, inner)},`);
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
    default:
      return 'true';
  }
}

/** A property name as written in TypeScript: bare when it is an identifier, else quoted. */
export function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function sortedEntries<T>(map: ReadonlyMap<string, T>): Array<[string, T]> {
  return [...map.entries()].sort(([a], [b]) => compare(a, b));
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
