/**
 * Parsed YAML, cached by the text's sha256. Many suites parse the same texts (../shared's Helm chart indexes,
 * CRDs and values, the dist/ files of each fixture, helm's output), and each jest suite starts with empty
 * memory: parsing them again was the largest single cost of `npm test` (BENCHMARKS.md). The parse result is
 * kept as JSON in .build/test-cache/yaml/ (gitignored), keyed by the exact text, the options and the
 * version of `yaml`, so a hit gives what parsing that text gives; a text that does not parse is never
 * cached (the parse runs and throws again). A value with YAML aliases comes back with the shared parts
 * copied (JSON has no references), which no caller tells apart. The folder keeps at most 64 MiB and 4000
 * entries, the least recently used entries going first (test/support/file-cache.ts; npm test uses
 * about 7 MiB, with test:render about 20).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { FileCache, MIB } from './file-cache';

const CACHE = new FileCache({
  root: resolve(__dirname, '../../.build/test-cache'),
  name: 'yaml',
  maxBytes: 64 * MIB,
  maxEntries: 4000,
});
/** Bumped when what an entry holds changes shape. */
const FORMAT = 1;
const YAML_VERSION: string = JSON.parse(readFileSync(require.resolve('yaml/package.json'), 'utf8')).version;

/** Entries read or written by this process, as JSON text (each use gets its own copy). */
const memory = new Map<string, string>();

function cached<T>(kind: string, text: string, options: unknown, compute: () => T): T {
  const key = createHash('sha256')
    .update(JSON.stringify({ FORMAT, YAML_VERSION, kind, options }))
    .update('\0')
    .update(text)
    .digest('hex');
  let json = memory.get(key) ?? CACHE.read(`${key}.json`);
  if (json === undefined) {
    const value = compute();
    json = JSON.stringify(value) ?? 'null';
    CACHE.write(`${key}.json`, json);
  }
  memory.set(key, json);
  return JSON.parse(json) as T;
}

/** `parse(text, { maxAliasCount })` of `yaml`, cached. */
export function parseYamlCached(text: string, maxAliasCount: number): any {
  return cached('parse', text, { maxAliasCount }, () => parse(text, { maxAliasCount }));
}

/** One document of a multi-document text: its value and the comments before it (helm's `# Source:` line). */
export interface ParsedDocument {
  readonly value: unknown;
  readonly commentBefore: string;
}

/**
 * Every document of a multi-document text with the comments before it, cached; throws `<label>: not YAML: ...`
 * on the first error (never cached).
 */
export function parseDocumentsCached(text: string, label: string, maxAliasCount: number): ParsedDocument[] {
  return cached('documents', text, { maxAliasCount }, () =>
    parseAllDocuments(text).map((document) => {
      if (document.errors.length > 0) throw new Error(`${label}: not YAML: ${document.errors[0].message}`);
      const commentBefore = `${document.commentBefore ?? ''}\n${(document.contents as { commentBefore?: string } | null)?.commentBefore ?? ''}`;
      return { value: document.toJS({ maxAliasCount }) ?? null, commentBefore };
    }),
  );
}
