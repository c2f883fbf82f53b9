/**
 * Writing a set of files all or nothing: every file is first written beside its place (a new folder as a
 * whole, beside it), then renamed in; an existing file is kept aside until every rename has worked, and
 * put back if one fails. Nothing is touched before every file has been staged, so a failure while
 * staging leaves the project as it was (folders this created are removed again).
 */
import { existsSync, mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What to write, by path relative to `projectDir` (posix separators). */
export interface StagedWrite {
  readonly projectDir: string;
  readonly files: ReadonlyMap<string, string | Buffer>;
  /**
   * Folders (relative to the project) that must not exist yet and appear whole, in one rename: every file
   * of `files` below one of them is written into a staging folder beside it.
   */
  readonly newFolders?: readonly string[];
}

/** Writes `write.files`; throws the first error after undoing everything (the project as it was). */
export function writeAllOrNothing(write: StagedWrite): void {
  const suffix = `.staging-${process.pid}`;
  const created: string[] = [];
  const staged: Array<{ readonly from: string; readonly to: string }> = [];
  const moved: Array<{ readonly to: string; readonly backup?: string }> = [];
  const ensureFolder = (folder: string) => {
    const missing: string[] = [];
    for (let at = folder; !existsSync(at); at = dirname(at)) missing.unshift(at);
    for (const dir of missing) {
      mkdirSync(dir);
      created.push(dir);
    }
  };
  try {
    const folders = (write.newFolders ?? []).map((folder) => join(write.projectDir, folder));
    for (const folder of folders) {
      if (existsSync(folder)) throw new Error(`${folder} exists already`);
      ensureFolder(dirname(folder));
      const staging = `${folder}${suffix}`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging);
      staged.push({ from: staging, to: folder });
    }
    for (const [path, content] of write.files) {
      const target = join(write.projectDir, path);
      const folder = folders.find((candidate) => target.startsWith(`${candidate}/`));
      if (folder) {
        const inStaging = join(`${folder}${suffix}`, target.slice(folder.length + 1));
        mkdirSync(dirname(inStaging), { recursive: true });
        writeFileSync(inStaging, content);
        continue;
      }
      ensureFolder(dirname(target));
      writeFileSync(`${target}${suffix}`, content);
      staged.push({ from: `${target}${suffix}`, to: target });
    }
    // The commit: renames only.
    for (const { from, to } of staged) {
      const backup = existsSync(to) ? `${to}.backup-${process.pid}` : undefined;
      if (backup) renameSync(to, backup);
      moved.push({ to, backup });
      renameSync(from, to);
    }
  } catch (error) {
    for (const { to, backup } of moved.reverse()) {
      rmSync(to, { recursive: true, force: true });
      if (backup && existsSync(backup)) renameSync(backup, to);
    }
    for (const { from } of staged) rmSync(from, { recursive: true, force: true });
    for (const dir of created.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // Not empty: something else put a file there meanwhile; leave it.
      }
    }
    throw error;
  }
  for (const { backup } of moved) if (backup) rmSync(backup, { force: true });
}
