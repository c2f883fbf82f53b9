/**
 * Writes dist/ so that a reader (or a failed run) never sees a mix of old and new files: everything
 * goes to a sibling folder first, which then replaces dist/ with two renames.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Replaces `distDir` with exactly `files` (paths relative to it). */
export function writeDist(distDir: string, files: ReadonlyMap<string, string>): void {
  const staging = `${distDir}.staging-${process.pid}`;
  const previous = `${distDir}.previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const made = new Set<string>();
    for (const [path, content] of files) {
      const folder = dirname(join(staging, path));
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(join(staging, path), content);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadDist = existsSync(distDir);
  if (hadDist) renameSync(distDir, previous);
  try {
    renameSync(staging, distDir);
  } catch (error) {
    if (hadDist) renameSync(previous, distDir);
    throw error;
  }
  if (hadDist) rmSync(previous, { recursive: true, force: true });
}
