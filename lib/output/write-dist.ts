/**
 * Writes dist/ so that a reader (or a failed run) never sees a mix of old and new files: everything
 * goes to a sibling folder first, which then replaces dist/ with two renames.
 *
 * - One synth at a time: a lock file `<dist>.lock` beside dist/ holds the writer's process id from the
 *   moment it exists (written beside, then linked: {@link takeLock}); a lock whose process is gone (a
 *   killed synth) is taken over by one synth only.
 * - Recoverable: a synth killed between the two renames leaves dist/ as `<dist>.previous-<pid>`; the next
 *   synth puts it back before it does anything else. Leftover staging folders are removed.
 * - Honest: a failure before the swap leaves dist/ as it was (`changed: false`); a failure to remove the
 *   old copy after the swap is a note (dist/ is new, the old copy is named), never "not changed".
 * - Refused outright: a dist/ that is a symbolic link or not a folder (it is not ours to replace), and an
 *   output that is, contains or lies inside the configs, the project or a Git work tree root
 *   ({@link outputProblems}).
 */
import * as nodeFs from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** The file system calls the writer makes; tests inject failures through these. */
export interface DistFileSystem {
  readonly mkdirSync: typeof nodeFs.mkdirSync;
  readonly writeFileSync: typeof nodeFs.writeFileSync;
  readonly renameSync: typeof nodeFs.renameSync;
  readonly rmSync: typeof nodeFs.rmSync;
}

/** Options of {@link writeDist}. */
export interface WriteDistOptions {
  /**
   * Replacements for the file system calls (failure injection in tests).
   * @default - node:fs
   */
  readonly fs?: Partial<DistFileSystem>;
}

/** A failure to write dist/, saying whether dist/ changed. */
export class DistWriteError extends Error {
  public constructor(
    message: string,
    /** Whether dist/ is no longer what it was before this run. */
    public readonly changed: boolean,
  ) {
    super(message);
    this.name = 'DistWriteError';
  }
}

/** What a successful write has to tell (a recovery, an old copy that could not be removed). */
export interface DistWriteResult {
  readonly notes: readonly string[];
}

/** Replaces `distDir` with exactly `files` (paths relative to it). */
export function writeDist(
  distDir: string,
  files: ReadonlyMap<string, string>,
  options: WriteDistOptions = {},
): DistWriteResult {
  const fs: DistFileSystem = { ...nodeFs, ...options.fs };
  const dist = resolve(distDir);
  const shown = `${distDir.replace(/\/+$/, '')}/`;
  const notes: string[] = [];
  refuseForeignDist(dist, shown, new Set([...files.keys()].map((path) => path.split('/')[0])));
  const releaseLock = takeLock(dist, shown);
  try {
    notes.push(...recover(dist, shown, fs));
    const staging = `${dist}.staging-${process.pid}`;
    const previous = `${dist}.previous-${process.pid}`;
    try {
      const made = new Set<string>();
      for (const [path, content] of files) {
        const folder = dirname(join(staging, path));
        if (!made.has(folder)) {
          fs.mkdirSync(folder, { recursive: true });
          made.add(folder);
        }
        fs.writeFileSync(join(staging, path), content);
      }
    } catch (error) {
      removeQuietly(staging, fs);
      throw new DistWriteError(
        `cannot write the new files beside ${shown} (${describeError(error)} in ${dirname(dist)})`,
        false,
      );
    }
    const hadDist = nodeFs.existsSync(dist);
    if (hadDist) {
      try {
        fs.renameSync(dist, previous);
      } catch (error) {
        removeQuietly(staging, fs);
        throw new DistWriteError(`cannot move ${shown} aside (${describeError(error)})`, false);
      }
    }
    try {
      fs.renameSync(staging, dist);
    } catch (error) {
      if (!hadDist) {
        removeQuietly(staging, fs);
        throw new DistWriteError(`cannot move the new files into place as ${shown} (${describeError(error)})`, false);
      }
      try {
        fs.renameSync(previous, dist);
      } catch (rollback) {
        throw new DistWriteError(
          `cannot move the new files into place (${describeError(error)}), nor the old ${shown} back (${describeError(rollback)}): ` +
            `${shown} is missing now; the old one is ${previous}, and the next synth puts it back first`,
          true,
        );
      }
      removeQuietly(staging, fs);
      throw new DistWriteError(`cannot move the new files into place as ${shown} (${describeError(error)})`, false);
    }
    if (hadDist) {
      try {
        fs.rmSync(previous, { recursive: true, force: true });
      } catch (error) {
        notes.push(
          `note: ${shown} was replaced, but its old copy ${previous} could not be removed (${describeError(error)}); the next synth removes it`,
        );
      }
    }
    return { notes };
  } finally {
    releaseLock();
  }
}

/**
 * Why `distDir` must not be synth's output, given the configs folder it reads: it is, contains or lies in
 * the configs; it is or contains the project (`projectDirs`); it is the root of a Git work tree (one
 * that contains such a root contains the project, or is refused by {@link writeDist} for what it holds).
 * Empty when it may be written.
 */
export function outputProblems(distDir: string, clustersDir: string, projectDirs: readonly string[]): string[] {
  const dist = realPathOf(distDir);
  const clusters = realPathOf(clustersDir);
  const shown = `${distDir.replace(/\/+$/, '')}/`;
  const why = 'synth replaces the whole output folder';
  const problems: string[] = [];
  if (dist === clusters || inside(clusters, dist))
    problems.push(
      `${shown}: is or contains the configs folder ${clustersDir}; ${why}, so give another output, e.g. dist`,
    );
  else if (inside(dist, clusters))
    problems.push(
      `${shown}: lies inside the configs folder ${clustersDir}; ${why} and would be read as configs: give another output, e.g. dist`,
    );
  for (const project of new Set(projectDirs.map(realPathOf))) {
    if (dist === project || inside(project, dist))
      problems.push(
        `${shown}: is or contains the project folder ${project}; ${why}, so give a folder of its own, e.g. dist`,
      );
  }
  // A work tree's root holds `.git` (a folder, or a file in a linked worktree or submodule).
  if (problems.length === 0 && nodeFs.existsSync(join(dist, '.git'))) {
    problems.push(
      `${shown}: is or contains the root of a Git work tree; ${why}, so give a folder of its own, e.g. dist`,
    );
  }
  return problems;
}

/**
 * Refuses a dist/ that is not a folder synth wrote (a symlink, a file, a folder of something else): each
 * entry must be a cluster folder (with a kustomization.yaml) or a name this run writes (`ours`).
 */
function refuseForeignDist(dist: string, shown: string, ours: ReadonlySet<string>): void {
  let stat: nodeFs.Stats | undefined;
  try {
    stat = nodeFs.lstatSync(dist, { throwIfNoEntry: false });
  } catch (error) {
    throw new DistWriteError(`${shown}: cannot be looked at (${describeError(error)})`, false);
  }
  if (!stat) return;
  if (stat.isSymbolicLink()) {
    const target = nodeFs.readlinkSync(dist);
    const dangling = !nodeFs.existsSync(dist);
    throw new DistWriteError(
      `${shown}: is a symbolic link to ${target}${dangling ? ', which does not exist' : ''}; synth replaces the output folder and will not replace a link (nor what it points to): remove the link, or give the real folder as the output`,
      false,
    );
  }
  if (!stat.isDirectory()) {
    throw new DistWriteError(
      `${shown}: is a file, not a folder; synth writes a folder there and will not delete the file: move it away, or give another output`,
      false,
    );
  }
  const foreign = nodeFs.readdirSync(dist).filter((entry) => {
    if ((entry.startsWith('.') && entry !== '.git') || ours.has(entry)) return false;
    return !nodeFs.existsSync(join(dist, entry, 'kustomization.yaml'));
  });
  if (foreign.length > 0) {
    throw new DistWriteError(
      `${shown}: holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}, which synth did not write (each entry of its output is a cluster folder with a kustomization.yaml); ` +
        'synth replaces the whole folder, so give an empty or new folder, or the one it wrote',
      false,
    );
  }
}

/** How long a lock file may stay empty before it counts as left by a killed synth (its writer is slower than that). */
const EMPTY_LOCK_GRACE_MS = 10_000;

/**
 * Takes `<dist>.lock`; returns the function that releases it. Atomic: the lock never exists without its
 * holder's process id. The id is written to a file of this process's own first (`<dist>.lock.<pid>`),
 * which is then hard-linked as the lock (a link fails when the lock exists, on every file system Git
 * runs on). A lock whose process is gone is taken over under a second lock, `<dist>.lock.break` (also
 * linked): only one synth breaks it, and only while it still holds the dead process's id, so two synths
 * that both found it stale cannot both enter. A lock folder or an unreadable lock is a message naming it.
 */
function takeLock(dist: string, shown: string): () => void {
  const lock = `${dist}.lock`;
  const mine = `${lock}.${process.pid}`;
  const cannot = (error: unknown, path = lock) =>
    new DistWriteError(
      `cannot create the lock ${path} (${describeError(error)}); ${shown} is written beside it`,
      false,
    );
  try {
    nodeFs.writeFileSync(mine, `${process.pid}\n`);
  } catch (error) {
    throw cannot(error, mine);
  }
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (linked(mine, lock, cannot)) {
        return () => {
          if (lockText(lock, shown) === `${process.pid}\n`) nodeFs.rmSync(lock, { force: true });
        };
      }
      const text = lockText(lock, shown);
      if (text === undefined) continue; // released meanwhile: try again
      const holder = Number(text.trim());
      const busy =
        text === ''
          ? Date.now() - (nodeFs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) < EMPTY_LOCK_GRACE_MS
          : Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder);
      if (busy) {
        throw new DistWriteError(
          `another synth (${text === '' ? 'one taking the lock' : `process ${holder}`}) is writing ${shown} now; wait for it to finish (if no synth runs, remove ${lock})`,
          false,
        );
      }
      // Its process is gone (a killed synth): the lock is stale. One synth at a time takes it over.
      const guard = `${lock}.break`;
      if (!linked(mine, guard, cannot)) {
        breakStaleGuard(guard, shown);
        sleep(10);
        continue;
      }
      try {
        if (lockText(lock, shown) === text) nodeFs.rmSync(lock, { force: true });
      } finally {
        nodeFs.rmSync(guard, { force: true });
      }
    }
    throw new DistWriteError(
      `cannot take the lock ${lock}: other synths keep taking it; wait for them to finish and run again`,
      false,
    );
  } finally {
    nodeFs.rmSync(mine, { force: true });
  }
}

/** Links `from` as `to`: true when this made `to`, false when `to` already exists. */
function linked(from: string, to: string, cannot: (error: unknown, path?: string) => DistWriteError): boolean {
  try {
    nodeFs.linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cannot(error, to);
  }
}

/** The text of the lock file `lock`; undefined when there is none. A folder or an unreadable file is a message. */
function lockText(lock: string, shown: string): string | undefined {
  let stat: nodeFs.Stats | undefined;
  try {
    stat = nodeFs.lstatSync(lock, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (stat.isFile()) return nodeFs.readFileSync(lock, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DistWriteError(
      `${lock}: the lock of ${shown} cannot be read (${describeError(error)}); if no synth runs, remove it`,
      false,
    );
  }
  throw new DistWriteError(
    `${lock}: is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}, not the lock file synth writes beside ${shown}; if no synth runs, remove it (rm -r ${lock}) and run again`,
    false,
  );
}

/** A takeover lock left by a synth killed while it held it (for microseconds) is removed; a live one is waited for. */
function breakStaleGuard(guard: string, shown: string): void {
  const holder = Number(lockText(guard, shown)?.trim());
  if (Number.isInteger(holder) && holder > 0 && !isRunning(holder)) nodeFs.rmSync(guard, { force: true });
}

/** Waits `milliseconds` without spinning (synth is synchronous). */
function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Puts back a dist/ an interrupted synth left moved aside, and removes leftover staging and old copies. */
function recover(dist: string, shown: string, fs: DistFileSystem): string[] {
  const notes: string[] = [];
  const parent = dirname(dist);
  const name = basename(dist);
  const siblings = nodeFs.readdirSync(parent).sort();
  const previous = siblings.filter((entry) => entry.startsWith(`${name}.previous-`));
  if (!nodeFs.existsSync(dist) && previous.length > 0) {
    const restored = join(parent, previous[previous.length - 1]);
    try {
      fs.renameSync(restored, dist);
    } catch (error) {
      throw new DistWriteError(
        `${shown} is missing and its copy ${restored}, left by an interrupted synth, cannot be put back (${describeError(error)}); rename it to ${shown} by hand`,
        false,
      );
    }
    notes.push(
      `note: ${shown} was missing (a synth was interrupted while replacing it); put back from ${restored} first`,
    );
  }
  for (const entry of siblings.filter(
    (entry) => entry.startsWith(`${name}.previous-`) || entry.startsWith(`${name}.staging-`),
  )) {
    const path = join(parent, entry);
    if (!nodeFs.existsSync(path)) continue;
    try {
      fs.rmSync(path, { recursive: true, force: true });
      notes.push(`note: removed ${path}, left by an interrupted synth`);
    } catch (error) {
      notes.push(
        `note: could not remove ${path}, left by an interrupted synth (${describeError(error)}); remove it by hand`,
      );
    }
  }
  return notes;
}

function removeQuietly(path: string, fs: DistFileSystem): void {
  try {
    fs.rmSync(path, { recursive: true, force: true });
  } catch {
    // The next synth removes leftovers.
  }
}

/** `path` with every symbolic link of its existing part resolved. */
function realPathOf(path: string): string {
  const absolute = resolve(path);
  let existing = absolute;
  while (!nodeFs.existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    return join(nodeFs.realpathSync(existing), relative(existing, absolute));
  } catch {
    return absolute;
  }
}

/** Whether `path` lies strictly inside `folder`. */
function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && rel.split(sep)[0] !== '..';
}

/** An error of the file system in words (the code, not a stack trace). */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EBUSY':
      return 'busy (in use)';
    default:
      return code ?? (error as Error).message ?? String(error);
  }
}
