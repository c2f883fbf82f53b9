/**
 * What a deterministic outside tool (promtool, the TypeScript compiler) answered for exact inputs, kept so
 * a warm `npm test` does not run the tool again on inputs it has answered already (as .build/render-cache
 * does for `helm template`). The key is the tool's identity (for a binary: its resolved path, size and
 * modification time) and every input's name and bytes: a changed input or tool runs the tool again. Only an
 * answer is kept: when the run throws (promtool failed), nothing is, and a test that expects a failure runs
 * the tool every time. Entries live in .build/test-cache/<tool>/ (gitignored), so a fresh clone and CI
 * always run the tool. Each tool's folder keeps at most 16 MiB and 128 entries, the least recently used
 * entries going first (test/support/file-cache.ts; a full run uses well under 1 MiB of each).
 */
import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { FileCache, MIB } from './file-cache';

const CACHE_ROOT = resolve(__dirname, '../../.build/test-cache');
/** Bumped when what an entry holds changes shape. */
const FORMAT = 1;
/** The most each tool's folder keeps (a run uses a few entries of each: one per input set). */
const MAX_BYTES = 16 * MIB;
const MAX_ENTRIES = 128;
/** One cache per tool name (a name that is not a plain folder name is refused). */
const caches = new Map<string, FileCache>();

/** The identity of the binary at `path`: resolved path, size and modification time. */
export function binaryIdentity(path: string): string {
  const real = realpathSync(path);
  const stats = statSync(real);
  return `${real} ${stats.size} ${stats.mtimeMs}`;
}

/**
 * What `run()` returned when `tool` (as `identity` names it) last ran on exactly `inputs` (name → text or
 * bytes); otherwise runs it and keeps what it returns (nothing when it throws).
 */
export function cachedRun(
  tool: string,
  identity: string,
  inputs: ReadonlyMap<string, string | Buffer>,
  run: () => string,
): string {
  const hash = createHash('sha256').update(JSON.stringify({ FORMAT, tool, identity }));
  for (const [name, content] of [...inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    hash.update(`\0${name}\0${content.length}\0`).update(content);
  let cache = caches.get(tool);
  if (!cache)
    caches.set(
      tool,
      (cache = new FileCache({ root: CACHE_ROOT, name: tool, maxBytes: MAX_BYTES, maxEntries: MAX_ENTRIES })),
    );
  const name = `${hash.digest('hex')}.txt`;
  const kept = cache.read(name);
  if (kept !== undefined) return kept;
  const output = run();
  cache.write(name, output);
  return output;
}
