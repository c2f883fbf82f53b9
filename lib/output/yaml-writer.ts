/**
 * A fast YAML writer for the plain data we emit, byte-identical to `yaml`'s
 * `stringify(value, { lineWidth: 0 })` (test/yaml-writer.test.ts compares both).
 *
 * Why: serializing with `yaml` builds a node tree per document and was the largest cost of synthesis
 * (most of the time for thousands of namespaces). This writer walks the data once and appends text.
 * It renders only what it knows to match: anything else (multi-line strings, which `yaml` writes as
 * block scalars; shared or cyclic objects, which it writes as anchors; class instances, undefined,
 * non-finite numbers) makes it hand the whole document to `yaml` instead.
 */
import { stringify } from 'yaml';

const YAML_OPTIONS = { lineWidth: 0 } as const;

/** Strings `yaml` always writes plain (unquoted): they start with a letter and hold no indicator. */
const PLAIN = /^[A-Za-z][A-Za-z0-9._/-]*$/;
/** Words of YAML 1.2's core schema that would read back as null or a boolean: `yaml` quotes them. */
const CORE_WORDS = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
/** Where `yaml`'s choice depends on the position: document markers, and line breaks (block scalars). */
const POSITIONAL = /^(?:%|---|\.\.\.)|\n/;
/** `yaml` writes longer keys as explicit `? key` entries. */
const MAX_IMPLICIT_KEY = 1024;

/** Thrown inside the writer when a document needs `yaml` itself. */
class NeedsYaml extends Error {}

/** How `yaml` writes single-line strings that are not plainly safe, computed once per string. */
const scalarCache = new Map<string, string>();

/** `value` as YAML text, exactly as `stringify(value, { lineWidth: 0 })` writes it. */
export function toYaml(value: unknown): string {
  return fastYaml(value) ?? stringify(value, YAML_OPTIONS);
}

/** `value` as YAML text, or undefined when it holds something only `yaml` itself writes right. */
export function fastYaml(value: unknown): string | undefined {
  try {
    if (!isCollection(value)) return undefined;
    if (isEmpty(value)) return Array.isArray(value) ? '[]\n' : '{}\n';
    // The pieces of text are collected and joined once: appending to one string made a rope of every piece,
    // and for thousands of documents the garbage of those ropes cost more than writing them (BENCHMARKS.md 6.).
    const pieces: string[] = [];
    writeCollection(value, '', '', new Set<object>(), pieces);
    return pieces.join('');
  } catch (error) {
    if (error instanceof NeedsYaml) return undefined;
    throw error;
  }
}

/**
 * Appends a non-empty collection's lines to `pieces`, each line indented by `indent` but the first by `first`
 * (an item of a sequence starts on the dash's line: `- key: value`, `- - item`).
 */
function writeCollection(value: object, first: string, indent: string, seen: Set<object>, pieces: string[]): void {
  enter(value, seen);
  if (Array.isArray(value)) writeSequence(value, first, indent, seen, pieces);
  else writeMapping(value as Record<string, unknown>, first, indent, seen, pieces);
}

function writeMapping(
  mapping: Record<string, unknown>,
  first: string,
  indent: string,
  seen: Set<object>,
  pieces: string[],
): void {
  let lineIndent = first;
  for (const key of Object.keys(mapping)) {
    if (key.length > MAX_IMPLICIT_KEY) throw new NeedsYaml();
    const value = mapping[key];
    pieces.push(lineIndent, writeString(key), ':');
    if (isCollection(value) && !isEmpty(value)) {
      // A nested mapping or sequence starts on the next line.
      const nested = `${indent}  `;
      pieces.push('\n');
      writeCollection(value, nested, nested, seen, pieces);
    } else {
      writeInline(value, pieces);
    }
    lineIndent = indent;
  }
}

function writeSequence(
  items: readonly unknown[],
  first: string,
  indent: string,
  seen: Set<object>,
  pieces: string[],
): void {
  let lineIndent = first;
  for (let index = 0; index < items.length; index++) {
    if (!(index in items)) throw new NeedsYaml(); // a hole: yaml writes null
    const item = items[index];
    pieces.push(lineIndent, '-');
    if (isCollection(item) && !isEmpty(item)) {
      // The item's first line shares the dash's line: `- key: value`, `- - item`.
      pieces.push(' ');
      writeCollection(item, '', `${indent}  `, seen, pieces);
    } else {
      writeInline(item, pieces);
    }
    lineIndent = indent;
  }
}

/** A scalar or an empty collection, on the line of its key or dash. */
function writeInline(value: unknown, pieces: string[]): void {
  if (!isCollection(value)) pieces.push(' ', writeScalar(value), '\n');
  else pieces.push(Array.isArray(value) ? ' []\n' : ' {}\n');
}

/** Marks an object as written: `yaml` would write a second occurrence as an alias. */
function enter(value: object, seen: Set<object>): void {
  if (seen.has(value)) throw new NeedsYaml();
  seen.add(value);
}

function writeScalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NeedsYaml();
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      throw new NeedsYaml();
    default:
      throw new NeedsYaml(); // undefined, bigint, symbol, function
  }
}

function writeString(value: string): string {
  if (PLAIN.test(value) && !CORE_WORDS.test(value)) return value;
  if (POSITIONAL.test(value)) throw new NeedsYaml();
  let written = scalarCache.get(value);
  if (written === undefined) {
    // A single-line string is written the same as a key, a value or a document: ask yaml once.
    written = stringify(value, YAML_OPTIONS).slice(0, -1);
    if (written.includes('\n')) throw new NeedsYaml();
    scalarCache.set(value, written);
  }
  return written;
}

function isCollection(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return true;
  throw new NeedsYaml(); // a class instance (Date, Map, ...): yaml has its own rules
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}
