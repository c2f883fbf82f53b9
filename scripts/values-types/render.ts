/**
 * Writes a values {@link Shape} as TypeScript: a type (every property optional) and a runtime key
 * tree (keys only). Keys are sorted and indentation is fixed, so equal shapes give equal text.
 */
import type { Shape } from './shape';

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
      const lines = sortedEntries(shape.properties).map(
        ([key, value]) => `${inner}${propertyName(key)}?: ${renderType(value, inner)};`,
      );
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
      const lines = sortedEntries(shape.properties).map(
        ([key, value]) => `${inner}${propertyName(key)}: ${renderKeys(value, inner)},`,
      );
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
    default:
      return 'true';
  }
}

/**
 * A property name as written in TypeScript: bare when it is an identifier, else a string literal that
 * cannot end early: printable ASCII in single quotes with `\\` and `'` escaped, anything else
 * (line breaks, control and non-ASCII characters) by JSON.stringify. Keys come from Helm charts, which are
 * untrusted: a key is only ever data in the generated code.
 */
export function propertyName(key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return key;
  if (/^[\x20-\x7e]*$/.test(key)) return `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return JSON.stringify(key);
}

/**
 * Text for a comment in generated code: refused unless it is one line of printable characters without
 * `*\/` (which would end the comment and make the rest code). Only our own names and checked versions
 * go into comments; what a Helm chart says goes in as data (JSON.stringify, {@link propertyName}).
 */
export function commentText(text: string): string {
  if (text.includes('*/') || !/^[\x20-\x7e]*$/.test(text))
    throw new Error(`refusing to write ${JSON.stringify(text)} into a comment of generated code`);
  return text;
}

function sortedEntries<T>(map: ReadonlyMap<string, T>): Array<[string, T]> {
  return [...map.entries()].sort(([a], [b]) => compare(a, b));
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
