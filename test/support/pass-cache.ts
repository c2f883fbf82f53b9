/**
 * What a deterministic outside tool (promtool) answered for exact inputs, kept when it passed, so a warm
 * `npm test` does not run the tool again on inputs it has accepted already (as .build/render-cache does for
 * `helm template`). The key is the tool's identity (its resolved path, size and modification time) and
 * every input file's name and bytes; a changed rule, case or tool runs the tool again. A failure is never
 * kept: a test that expects one runs the tool every time. Entries live in .build/test-cache/<tool>/
 * (gitignored), so a fresh clone and CI always run the tool.
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
 * `run()`'s output when the tool at `binary` has passed on exactly `inputs` (file name → text) before;
 * otherwise runs it, and keeps its output if it returns (throwing means it did not pass).
 */
export function cachedPass(tool: string, binary: string, inputs: ReadonlyMap<string, string>, run: () => string): string {
  const hash = createHash('sha256').update(JSON.stringify({ FORMAT, tool, binary: binaryIdentity(binary) }));
  for (const [name, text] of [...inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`\0${name}\0${text.length}\0`).update(text);
  const file = join(CACHE_ROOT, tool, `${hash.digest('hex')}.txt`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const output = run();
  mkdirSync(join(CACHE_ROOT, tool), { recursive: true });
  writeFileSync(`${file}.${process.pid}.tmp`, output);
  renameSync(`${file}.${process.pid}.tmp`, file);
  return output;
}
