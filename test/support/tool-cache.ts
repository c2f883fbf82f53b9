/**
 * What a deterministic outside tool (promtool, the TypeScript compiler) answered for exact inputs, kept so a
 * warm `npm test` does not run the tool again on inputs it has answered already (as .build/render-cache
 * does for `helm template`). The key is the tool's identity (for a binary: its resolved path, size and
 * modification time) and every input's name and bytes: a changed input or tool runs the tool again. Only
 * an answer is kept: when the run throws (promtool failed), nothing is, and a test that expects a failure
 * runs the tool every time. Entries live in .build/test-cache/<tool>/ (gitignored), so a fresh clone and
 * CI always run the tool.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const CACHE_ROOT = resolve(__dirname, '../../.build/test-cache');
/** Bumped when what an entry holds changes shape. */
const FORMAT = 1;

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
export function cachedRun(tool: string, identity: string, inputs: ReadonlyMap<string, string | Buffer>, run: () => string): string {
  const hash = createHash('sha256').update(JSON.stringify({ FORMAT, tool, identity }));
  for (const [name, content] of [...inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`\0${name}\0${content.length}\0`).update(content);
  const file = join(CACHE_ROOT, tool, `${hash.digest('hex')}.txt`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const output = run();
  mkdirSync(join(CACHE_ROOT, tool), { recursive: true });
  writeFileSync(`${file}.${process.pid}.tmp`, output);
  renameSync(`${file}.${process.pid}.tmp`, file);
  return output;
}
