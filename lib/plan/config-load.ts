/**
 * Reads cluster config files and turns every problem into a message a person can act on:
 * the file, the field path, the value given and what is allowed.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { closest } from '../common/did-you-mean';
import { personMessage } from '../common/message-text';
import {
  type ClusterConfig,
  type ClusterConfigInput,
  clusterConfigSchema,
  inputWarnings,
} from '../../features/cluster-config';
import { secretProblems } from '../config/secrets';

/**
 * Every problem found in one run, reported together. Each problem is one line and repeats no secret: the
 * one place config messages pass through (lib/common/message-text.ts).
 */
export class ConfigError extends Error {
  public readonly problems: readonly string[];
  public constructor(problems: readonly string[]) {
    const shown = problems.map(personMessage);
    super(shown.join('\n'));
    this.problems = shown;
    this.name = 'ConfigError';
  }
}

/** How many problems of one file are shown; the rest are counted (10,000 unknown keys are not a 2 MB message). */
export const MAX_PROBLEMS_PER_FILE = 50;

/** How deep a config may nest mappings and lists; the schema's deepest field is 6 levels down. */
export const MAX_DEPTH = 32;
/** How deep a config's text may nest before it is read at all (the reader itself follows a few hundred levels). */
const MAX_TEXT_DEPTH = 256;

/**
 * How deep `text` nests, as far as its characters show without reading it: "[" and "{" outside quotes and
 * comments, and lines indented deeper than the line before. It can count too few (an apostrophe in a plain
 * value is taken for a quote), never too many: the read document's own depth is checked after (tooDeep).
 */
export function textNestingDepth(text: string): number {
  let deepest = 0;
  let flow = 0;
  let quote: string | undefined;
  const indents: number[] = [];
  for (const line of text.split('\n')) {
    if (flow === 0 && quote === undefined) {
      const indent = line.length - line.trimStart().length;
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) {
        while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        deepest = Math.max(deepest, indents.length);
      }
    }
    for (let index = 0; index < line.length; index++) {
      const char = line[index];
      if (quote !== undefined) {
        if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]))) break;
      else if (char === '[' || char === '{') deepest = Math.max(deepest, indents.length + ++flow);
      else if ((char === ']' || char === '}') && flow > 0) flow--;
    }
  }
  return deepest;
}

/** `problems` of `source`, at most {@link MAX_PROBLEMS_PER_FILE}, then how many more there are. */
function bounded(problems: readonly string[], source: string): string[] {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return [...problems];
  const rest = problems.length - MAX_PROBLEMS_PER_FILE;
  return [
    ...problems.slice(0, MAX_PROBLEMS_PER_FILE),
    `${source}: ${rest} more problem${rest === 1 ? '' : 's'} not shown (the first ${MAX_PROBLEMS_PER_FILE} are above); fix those and run again`,
  ];
}

/** A key that would set an object's prototype instead of a field: never a key of a config. */
const PROTOTYPE_KEY = '__proto__';

/** What a mapping key named like an object's prototype is told. */
function prototypeKeyProblem(source: string, path: readonly PropertyKey[]): string {
  return `${source}: ${formatPath(path)}: "${PROTOTYPE_KEY}" is not allowed as a key (it names the prototype of an object, not a field); remove it or give the name you meant`;
}

/** What a config nested deeper than {@link MAX_DEPTH} is told. */
function depthProblem(source: string, path: readonly PropertyKey[]): string {
  const shown = formatPath(path.slice(0, 6));
  return `${source}: ${shown ? `${shown}: ` : 'the top level: '}nests mappings or lists more than ${MAX_DEPTH} levels deep${path.length > 6 ? ` (${shown}...)` : ''}; no field of a cluster config is that deep: remove the extra nesting`;
}

/**
 * Prototype keys (`__proto__`) and nesting past {@link MAX_DEPTH} in a config given as a value, walked
 * without recursion (a deep value must not overflow the stack that reports it).
 */
function structureProblems(input: unknown, source: string): string[] {
  const problems: string[] = [];
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length > MAX_DEPTH) {
      problems.push(depthProblem(source, path));
      break;
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--)
        stack.push({ value: value[index], path: [...path, index] });
      continue;
    }
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      if (key === PROTOTYPE_KEY) problems.push(prototypeKeyProblem(source, [...path, key]));
      else stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return problems;
}

/** The path of the first YAML node nested deeper than {@link MAX_DEPTH}, walked without recursion. */
function tooDeep(root: unknown): PropertyKey[] | undefined {
  const stack: Array<{ node: unknown; path: PropertyKey[] }> = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (path.length > MAX_DEPTH) return path;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        stack.push({ node: pair.key, path: [...path, key] }, { node: pair.value, path: [...path, key] });
      }
    } else node.items.forEach((item, index) => stack.push({ node: item, path: [...path, index] }));
  }
  return undefined;
}

/** Validates a config given in code; `source` names it in messages. */
export function parseClusterConfig(input: ClusterConfigInput | unknown, source: string): ClusterConfig {
  // Prototype keys and runaway nesting first: the schema would drop a `__proto__` key unread.
  const structure = structureProblems(input, source);
  if (structure.length > 0) throw new ConfigError(bounded(structure, source));
  // Secrets first, by field, without repeating the value; the schema's own message for that field is left out.
  const secrets = secretProblems(input);
  const secretPaths = new Set(secrets.map((problem) => formatPath(problem.path)));
  const result = clusterConfigSchema.safeParse(input, { reportInput: true });
  const problems = secrets.map((problem) => `${source}: ${formatPath(problem.path)}: ${problem.message}`);
  if (!result.success) {
    // At the secret's field or below it (a namespace given as a string is checked as `{name}`).
    const underSecret = (path: string) =>
      [...secretPaths].some(
        (secret) => path === secret || path.startsWith(`${secret}.`) || path.startsWith(`${secret}[`),
      );
    const issues = result.error.issues.filter((issue) => !underSecret(formatPath(issue.path)));
    problems.push(...issues.flatMap((issue) => describeIssue(issue, source)));
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(bounded(problems, source));
  return result.data;
}

/** Parses and validates the text of a cluster config file. */
export function loadClusterConfig(text: string, file: string): ClusterConfig {
  return loadClusterConfigWithWarnings(text, file).config;
}

/**
 * {@link loadClusterConfig}, with the warnings of how a value was read (`warning: <file>: <field>: ...`, e.g.
 * `releaseLine: 2.20`, which YAML reads as 2.2, taken as a line): what only the config as written shows.
 */
export function loadClusterConfigWithWarnings(
  text: string,
  file: string,
): { config: ClusterConfig; warnings: string[] } {
  if (text.trim() === '') {
    throw new ConfigError([
      `${file}: the file is empty; a cluster config is a YAML mapping (write "{}" for all defaults)`,
    ]);
  }
  // The YAML reader recurses per level: far past any config's depth it runs out of stack, at a depth that
  // varies from run to run, and where it does it may or may not say so. Such a text is refused before it is read.
  if (textNestingDepth(text) > MAX_TEXT_DEPTH) {
    throw new ConfigError([
      `${file}: nests "[", "{" or indented blocks more than ${MAX_TEXT_DEPTH} levels deep; a cluster config nests at most ${MAX_DEPTH} levels: remove the extra nesting`,
    ]);
  }
  // Parsed without positions first: with `prettyErrors`, yaml counts every line of the file for them, which a
  // config without YAML errors never needs (a few percent of synthesis for 20000 meshed namespaces).
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    // Parsed again, with positions, for the messages.
    const errors = parseDocument(text, { prettyErrors: true }).errors;
    // The parser's own stack ran out: the text nests too deep (each of its errors says only that).
    if (errors.some((error) => /Maximum call stack size exceeded/.test(error.message))) {
      throw new ConfigError([
        `${file}: not valid YAML: nests "[", "{" or indented blocks deeper than the YAML reader can follow; a cluster config nests at most ${MAX_DEPTH} levels: remove the extra nesting`,
      ]);
    }
    throw new ConfigError(
      bounded(
        errors.map((error) => {
          const position = error.linePos?.[0];
          const where = position ? ` at line ${position.line}, column ${position.col}` : '';
          if (error.code === 'MULTIPLE_DOCS') {
            return `${file}: holds more than one YAML document (a "---" line${position ? ` at line ${position.line}` : ''} starts another); a cluster config is one document: put each cluster in its own clusters/<name>.yaml`;
          }
          if (error.code === 'DUPLICATE_KEY') {
            const key = keyAt(text, error.pos[0]);
            return `${file}: not valid YAML${where}: the key ${key === undefined ? '' : `${JSON.stringify(key)} `}appears twice in one mapping (map keys must be unique); keep one of them`;
          }
          // prettyErrors appends the position and a source excerpt to the message; keep the sentence.
          return `${file}: not valid YAML${where}: ${error.message.split(' at line ')[0].split('\n')[0]}`;
        }),
        file,
      ),
    );
  }
  const deep = tooDeep(document.contents);
  if (deep) throw new ConfigError([depthProblem(file, deep)]);
  // A YAML tag is written with "!" (`!!binary`, `!custom`): a text without one has none to look for.
  const tagProblems = (text.includes('!') ? unreadTags(document.contents, []) : []).map(
    ({ path, tag }) =>
      `${file}: ${formatPath(path) || 'the top level'}: has the YAML tag ${tag}, which a cluster config does not use; remove it (plain YAML values only: strings, numbers, true/false, lists and mappings)`,
  );
  if (tagProblems.length > 0) throw new ConfigError(bounded(tagProblems, file));
  keepLabelValuesAsWritten(document);
  if (!isMap(document.contents)) {
    const got = document.contents === null ? 'nothing' : describeValue(document.toJS());
    throw new ConfigError([
      `${file}: the top level must be a mapping of fields (releaseLine, meshedNamespaces, ...), got ${got}`,
    ]);
  }
  const input = document.toJS();
  return { config: parseClusterConfig(input, file), warnings: inputWarnings(input, file) };
}

/** The mapping key written at `offset` of `text` (plain, "double" or 'single' quoted), when one is. */
function keyAt(text: string, offset: number): string | undefined {
  const rest = text.slice(offset, offset + 300);
  const quoted = /^"((?:[^"\\]|\\.)*)"\s*:/.exec(rest);
  if (quoted) {
    try {
      return JSON.parse(`"${quoted[1]}"`);
    } catch {
      return quoted[1];
    }
  }
  const single = /^'((?:[^']|'')*)'\s*:/.exec(rest);
  if (single) return single[1].replaceAll("''", "'");
  const plain = /^([^\s:,{}[\]#][^:\n]*?)\s*:(\s|$)/.exec(rest);
  return plain?.[1];
}

/** The tags of the YAML core schema (what plain YAML values resolve to); any other tag is refused. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

/** Nodes with an explicit tag outside the core schema (`!!binary`, `!!set`, `!custom`), with their paths. */
function unreadTags(node: unknown, path: (string | number)[]): Array<{ path: (string | number)[]; tag: string }> {
  if (!node || isAlias(node)) return [];
  const found: Array<{ path: (string | number)[]; tag: string }> = [];
  const tag = (node as Node).tag;
  if (tag && !CORE_TAGS.has(tag)) found.push({ path, tag: tag.replace('tag:yaml.org,2002:', '!!') });
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      found.push(...unreadTags(pair.key, [...path, key]), ...unreadTags(pair.value, [...path, key]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => found.push(...unreadTags(item, [...path, index])));
  }
  return found;
}

/**
 * Label values are strings; YAML reads `version: 1.50` as the number 1.5 and `tier: 007` as 7. Under a
 * `labels:` mapping, a number or boolean keeps the text it was written as, so `1.50` stays "1.50".
 */
function keepLabelValuesAsWritten(document: Document): void {
  const visit = (node: unknown, underLabels: boolean): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (
          underLabels &&
          isScalar(pair.value) &&
          typeof pair.value.value !== 'string' &&
          pair.value.value !== null &&
          typeof pair.value.source === 'string'
        ) {
          pair.value.value = pair.value.source;
        } else {
          visit(pair.value, key === 'labels');
        }
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item, false);
    }
  };
  visit(document.contents, false);
}

function describeIssue(issue: z.core.$ZodIssue, source: string): string[] {
  const path = formatPath(issue.path);
  const at = path === '' ? source : `${source}: ${path}`;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(issue.path);
      return issue.keys.map((key) => {
        // Own keys only: a field named like an Object property (`constructor`) must not find the prototype's.
        const moved = issue.path.length === 0 && Object.hasOwn(MOVED_FIELDS, key) ? MOVED_FIELDS[key] : undefined;
        const guess = closest(key, allowed);
        const hint = moved ? ` (${moved})` : guess ? ` (did you mean "${guess}"?)` : '';
        return `${source}: ${formatPath([...issue.path, key])}: unknown field${hint}; allowed here: ${allowed.join(', ')}`;
      });
    }
    case 'invalid_type':
      if (issue.expected === 'number' && typeof issue.input === 'number')
        return [`${at}: must be a finite number, got ${describeValue(issue.input)}`];
      return [`${at}: must be ${article(issue.expected)}, got ${describeValue(issue.input)}`];
    case 'too_small':
    case 'too_big': {
      // zod's own words ("Too small: expected number to be >0") said as ours.
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      const what =
        issue.origin === 'array' || issue.origin === 'set'
          ? `must list ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} ${Number(bound) === 1 ? 'entry' : 'entries'}`
          : issue.origin === 'string'
            ? Number(bound) === 1 && issue.code === 'too_small'
              ? 'must not be empty'
              : `must be ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} characters long`
            : `must be ${issue.code === 'too_small' ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than'} ${bound}`;
      return [issue.input === undefined ? `${at}: ${what}` : `${at}: ${what}, got ${describeValue(issue.input)}`];
    }
    case 'invalid_value':
      return [
        `${at}: ${describeValue(issue.input)} is not allowed; allowed: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`,
      ];
    default:
      // A field that may hold a credential (features/notifications/schema.ts): named, its value never repeated.
      if (issue.code === 'custom' && (issue.params as { withheld?: boolean } | undefined)?.withheld)
        return [`${at}: ${issue.message}`];
      return [
        issue.input === undefined ? `${at}: ${issue.message}` : `${at}: ${describeValue(issue.input)} ${issue.message}`,
      ];
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`,
    '',
  );
}

/** Top-level fields people bring from other Linkerd setups, and where they live here. */
const MOVED_FIELDS: Readonly<Record<string, string>> = {
  jaeger: 'tracing settings live under "tracing": enabled, backend, otlpEndpoint, storage',
  prometheus: 'an existing Prometheus is "viz.prometheus.url"; PodMonitors are "monitoring.podMonitors"',
  grafana: 'Grafana links are "viz.grafana.url" or "viz.grafana.externalUrl"; viz bundles no Grafana',
  namespaces: 'did you mean "meshedNamespaces"?',
};

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string' && (value.includes('\n') || value.length > 80)) {
    // PEM text and the like: the first line says what it is.
    return `${JSON.stringify(value.split('\n')[0].slice(0, 60))}…`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value))
    return Number.isNaN(value) ? '.nan (not a number)' : `${value > 0 ? '' : '-'}.inf (infinity)`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

function article(expected: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', boolean: 'true or false' };
  return names[expected] ?? `a ${expected}`;
}

/** The field names the schema accepts at `path` (array indexes skipped). */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType | undefined = clusterConfigSchema;
  for (const part of path) {
    schema = unwrap(schema);
    const def: any = schema?._zod.def;
    if (def?.type === 'array') schema = def.element;
    // A record (e.g. policy.allow, keyed by namespace): every key has the same value schema.
    else if (def?.type === 'record') schema = def.valueType;
    else if (def?.type === 'object') schema = def.shape[part as string];
    else return [];
  }
  const def: any = unwrap(schema)?._zod.def;
  return def?.type === 'object' ? Object.keys(def.shape) : [];
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (;;) {
    const def: any = current?._zod.def;
    if (def?.type === 'default' || def?.type === 'optional' || def?.type === 'prefault') current = def.innerType;
    // A transform's pipe: the keys are those of its input.
    else if (def?.type === 'pipe') current = def.out?._zod.def.type === 'transform' ? def.in : def.out;
    else return current;
  }
}
