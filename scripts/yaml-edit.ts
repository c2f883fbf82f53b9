/**
 * Edits of a YAML file's text that change only the lines of what they change: the rest of the file
 * (its comments, spacing, quoting, list indentation) stays byte for byte. Each edit is checked: the
 * new text must parse to exactly what the same edit through the `yaml` Document API gives; an edit
 * this cannot make that way is refused (YamlEditError), never done by reprinting the file. A file whose
 * lines all end in CRLF keeps CRLF on the lines an edit adds ({@link keepingLineEnds}).
 */
import { isDeepStrictEqual } from 'node:util';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseAllDocuments,
  parseDocument,
  type Scalar,
  type YAMLMap,
} from 'yaml';

/** An edit that cannot be made without touching other lines. */
export class YamlEditError extends Error {}

const PRINT = { lineWidth: 0 } as const;

/** The column of offset `at` (characters since the line's start). */
function column(text: string, at: number): number {
  return at - (text.lastIndexOf('\n', at - 1) + 1);
}

/** The offset just after the line that holds offset `at` (after its newline; the text's end without one). */
function afterLine(text: string, at: number): number {
  if (at > 0 && text[at - 1] === '\n') return at;
  const newline = text.indexOf('\n', at);
  return newline < 0 ? text.length : newline + 1;
}

/** `lines` (each ending in a newline) inserted at `at`, where `at` is a line's start or the text's end. */
function insertLines(text: string, at: number, lines: string): string {
  const before = text.slice(0, at);
  return (before === '' || before.endsWith('\n') ? before : `${before}\n`) + lines + text.slice(at);
}

/** `node` printed as YAML block lines indented by `indent` (a value of a key, or `- item` of a list). */
function block(value: unknown, indent: number, document: Document): string {
  const printed = new Document(value, { ...document.options }).toString(PRINT);
  return printed
    .split('\n')
    .filter((line, index, all) => index < all.length - 1 || line !== '')
    .map((line) => `${' '.repeat(indent)}${line}\n`)
    .join('');
}

/** The key column of a block map's pairs (that of its first key). */
function keyIndent(text: string, map: YAMLMap): number {
  const first = map.items[0]?.key as Node | undefined;
  if (!first?.range) throw new YamlEditError('the mapping has no key to align with');
  return column(text, first.range[0]);
}

/**
 * Appends `item` to the sequence at `path` of document `index` of `text` (created when absent: a
 * block list under its key, in the deepest existing block mapping of the path). Returns the new text.
 */
export function appendToSequence(text: string, path: readonly string[], item: unknown, index = 0): string {
  return keepingLineEnds(text, (lf) => appendToSequenceLf(lf, path, item, index));
}

/**
 * `edit` made on `text` with LF line ends, its result given back with the file's own: a file whose every
 * line ends in CRLF gets CRLF on the lines the edit adds too (no file of mixed line ends); any other file
 * is edited as it is.
 */
export function keepingLineEnds(text: string, edit: (text: string) => string): string {
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  if (!crlf) return edit(text);
  return edit(text.replace(/\r\n/g, '\n')).replace(/\n/g, '\r\n');
}

function appendToSequenceLf(text: string, path: readonly string[], item: unknown, index: number): string {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || !documents[index]) throw new YamlEditError('the file does not parse');
  const document = documents[index];
  const expected = documents.map((each) => each.toJS());
  const edited = document.clone();
  asEditError(() => {
    const existing = edited.getIn(path, true);
    if (isSeq(existing)) existing.add(edited.createNode(item));
    else edited.setIn(path, edited.createNode([item]));
  });
  expected[index] = edited.toJS();

  const sequence = document.getIn(path, true);
  let next: string;
  if (isSeq(sequence) && !sequence.flow && sequence.items.length > 0) {
    const first = sequence.items[0] as Node;
    const last = sequence.items[sequence.items.length - 1] as Node;
    const dash = text.lastIndexOf('-', first.range![0]);
    next = insertLines(text, afterLine(text, last.range![1]), block([item], column(text, dash), document));
  } else if (isSeq(sequence) && sequence.flow && sequence.items.length === 0 && sequence.range) {
    // `key: []` becomes a block list under its key (then each later item is one more line).
    const [start, end] = sequence.range;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const keyColumn = text.slice(lineStart).search(/\S/);
    const emptied = text.slice(0, start).replace(/[ \t]+$/, '') + text.slice(end);
    const newline = emptied.indexOf('\n', lineStart);
    next = insertLines(emptied, newline < 0 ? emptied.length : newline + 1, block([item], keyColumn + 2, document));
  } else if (isSeq(sequence) && sequence.flow) {
    const close = text.lastIndexOf(']', sequence.range![1]);
    const inline = new Document(item).toString({ ...PRINT, collectionStyle: 'flow' }).trim();
    if (close < sequence.range![0] || inline.includes('\n'))
      throw new YamlEditError(`${path.join('.')} is a flow list`);
    next = `${text.slice(0, close)}${sequence.items.length > 0 ? ', ' : ''}${inline}${text.slice(close)}`;
  } else if (sequence === undefined) {
    next = insertUnder(text, document, path, [item]);
  } else {
    throw new YamlEditError(`${path.join('.')} is not a list`);
  }
  return checked(next, expected);
}

/** Sets the scalar at `path` of document `index` (the key created when absent). Returns the new text. */
export function setScalar(text: string, path: readonly string[], value: string, index = 0): string {
  return keepingLineEnds(text, (lf) => setScalarLf(lf, path, value, index));
}

function setScalarLf(text: string, path: readonly string[], value: string, index: number): string {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || !documents[index]) throw new YamlEditError('the file does not parse');
  const document = documents[index];
  const expected = documents.map((each) => each.toJS());
  const edited = document.clone();
  asEditError(() => edited.setIn(path, value));
  expected[index] = edited.toJS();
  const current = document.getIn(path, true);
  let next: string;
  if (isScalar(current) && current.range) {
    const printed = new Document(value).toString(PRINT).trim();
    next = text.slice(0, current.range[0]) + printed + text.slice(current.range[1]);
  } else if (current === undefined) {
    next = insertUnder(text, document, path, value);
  } else {
    throw new YamlEditError(`${path.join('.')} is not a scalar`);
  }
  return checked(next, expected);
}

/** Deletes the key at `path` of the document, and every mapping above it that this leaves empty. */
export function deleteKey(text: string, path: readonly string[]): string {
  return keepingLineEnds(text, (lf) => deleteKeyLf(lf, path));
}

function deleteKeyLf(text: string, path: readonly string[]): string {
  const document = parseDocument(text);
  const edited = document.clone();
  edited.deleteIn(path);
  let depth = path.length;
  // The highest key whose mapping holds nothing else goes instead.
  while (depth > 1) {
    const parent = document.getIn(path.slice(0, depth - 1), true);
    if (isMap(parent) && parent.items.length === 1) {
      edited.deleteIn(path.slice(0, depth - 1));
      depth--;
    } else break;
  }
  const target = path.slice(0, depth);
  const parent = target.length === 1 ? document.contents : document.getIn(target.slice(0, -1), true);
  if (!isMap(parent) || parent.flow)
    throw new YamlEditError(`${target.slice(0, -1).join('.') || 'the top level'} is not a block mapping`);
  const pair = parent.items.find(
    (candidate) => isScalar(candidate.key) && candidate.key.value === target[target.length - 1],
  );
  if (!pair) return text;
  const key = pair.key as Scalar;
  const value = pair.value as Node | null;
  const start = text.lastIndexOf('\n', key.range![0] - 1) + 1;
  const end = afterLine(text, value?.range ? value.range[1] : key.range![1]);
  return checked(text.slice(0, start) + text.slice(end), [edited.toJS()]);
}

/** Inserts `path`'s missing keys with `value` at the end of the deepest existing block mapping on the path. */
function insertUnder(text: string, document: Document, path: readonly string[], value: unknown): string {
  let depth = path.length - 1;
  while (depth > 0 && !isMap(document.getIn(path.slice(0, depth), true))) depth--;
  const map = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
  if (depth > 0 && document.getIn(path.slice(0, depth), true) === undefined)
    throw new YamlEditError('no mapping to add to');
  if (depth === 0 && isMap(map) && map.flow && map.items.length === 0 && map.range) {
    // A file that is `{}` (every default): the empty mapping gives way to the block of the new key.
    const lineStart = text.lastIndexOf('\n', map.range[0] - 1) + 1;
    const lineEnd = afterLine(text, map.range[1]);
    const rest = text.slice(lineStart, map.range[0]) + text.slice(map.range[1], lineEnd);
    // The line of `{}` goes when nothing else is on it.
    const emptied = text.slice(0, lineStart) + (rest.trim() === '' ? '' : rest) + text.slice(lineEnd);
    return insertLines(emptied, emptied.length, block(nest(path, value), 0, document));
  }
  if (!isMap(map) || map.flow || map.items.length === 0) {
    if (
      depth === 0 &&
      (document.contents === null || (isScalar(document.contents) && document.contents.value === null))
    ) {
      return insertLines(text, text.length, block(nest(path, value), 0, document));
    }
    throw new YamlEditError(`${path.slice(0, depth).join('.') || 'the top level'} is not a block mapping with keys`);
  }
  const last = map.items[map.items.length - 1];
  const end = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  return insertLines(text, afterLine(text, end), block(nest(path.slice(depth), value), keyIndent(text, map), document));
}

/** Runs a Document API edit; its refusal (a path through a list or a scalar) as a YamlEditError. */
function asEditError(edit: () => void): void {
  try {
    edit();
  } catch (error) {
    throw new YamlEditError((error as Error).message);
  }
}

function nest(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function checked(next: string, expected: readonly unknown[]): string {
  const documents = parseAllDocuments(next);
  const actual = Array.isArray(documents)
    ? documents.map((document) => (document.errors.length > 0 ? Symbol('invalid') : document.toJS()))
    : [];
  if (!isDeepStrictEqual(actual, [...expected]))
    throw new YamlEditError('the edit would change more than the lines it is about');
  return next;
}
