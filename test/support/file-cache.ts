/**
 * One folder of keyed cache entries (one file per key) that stays under a bound of bytes and of entries: the caches the tests
 * keep in the git-ignored .build/ (parsed YAML, helm renders, tool answers) and .cache/crd-validators/.
 * A key changes whenever what it is made of changes (Helm chart data, a source file, a tool's version), so
 * without a bound every old entry would stay forever.
 *
 * - Least recently used goes first: reading an entry sets its modification time to now, and a write that
 *   takes the folder past `maxBytes` or `maxEntries` removes the entries used longest ago until it is under
 *   again (never the one just written). A working set smaller than the bound therefore survives every run.
 * - Safe with several jest workers or runs at once: an entry is written to a temporary file and renamed
 *   into place (a reader sees all of it or nothing), an entry another process removed between listing and
 *   reading is a miss, and a failed write or removal is no error (a cache is never needed to pass).
 * - Only its own folder: a folder or entry name that is not one plain file name (`a/b`, `..`, `.x`) is
 *   refused, and eviction removes only files directly in the folder whose names an entry or a temporary
 *   file of this helper has (not folders, not symbolic links' targets, nothing else).
 */
import { randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** An entry's name: letters, digits, `_` and `-`, then optional `.ext` parts (e.g. a sha256 and `.json`). */
const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9]+)*$/;
/** A temporary file of {@link FileCache.write}: `<entry>.<pid>.<8 hex digits>.tmp`. */
const TEMPORARY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9]+)*\.\d+\.[0-9a-f]{8}\.tmp$/;
/** A temporary file older than this was left by a process that died while writing: eviction removes it. */
const ABANDONED_MS = 60 * 60 * 1000;

/** Where a cache lives and how much it may hold. */
export interface FileCacheOptions {
  /** The folder that holds the cache's folder, e.g. `<project>/.build/test-cache`. */
  readonly root: string;
  /** The cache's own folder under `root`: one plain name, e.g. `yaml`. It holds this cache's entries only. */
  readonly name: string;
  /** The most bytes the entries may take together; past it, the least recently used are removed on a write. */
  readonly maxBytes: number;
  /** The most entries the folder keeps (small entries, one per source change, would take long to reach `maxBytes`). */
  readonly maxEntries: number;
}

/** Throws unless `name` is one plain file name (no separator, not `.` or `..`, no leading dot). */
function checkName(name: string, what: string): string {
  if (!ENTRY_NAME.test(name) || name.endsWith('.tmp') || name.length > 200)
    throw new Error(
      `${what} ${JSON.stringify(name)} is not a plain file name (letters, digits, _ - and .ext parts, not .tmp): refused, it could point outside the cache folder`,
    );
  return name;
}

/** Whether `error` says the file is not there (removed by another process, or never written). */
function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/** Removes the file at `path` if it can; another process may have removed it first, or the folder be read-only. */
function removeFile(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // the next write tries again
  }
}

export class FileCache {
  /** The cache's folder: `<root>/<name>`. */
  readonly dir: string;
  readonly maxBytes: number;
  readonly maxEntries: number;

  constructor(options: FileCacheOptions) {
    if (!(options.maxBytes > 0)) throw new Error(`maxBytes ${options.maxBytes} must be a positive number of bytes`);
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1)
      throw new Error(`maxEntries ${options.maxEntries} must be a whole number of entries, at least 1`);
    this.dir = join(options.root, checkName(options.name, 'cache folder'));
    this.maxBytes = options.maxBytes;
    this.maxEntries = options.maxEntries;
  }

  /** The path of entry `name` (which is refused unless it is a plain file name); the entry may not exist. */
  path(name: string): string {
    return join(this.dir, checkName(name, 'cache entry'));
  }

  /**
   * Entry `name` as text, marked as just used; undefined when there is none, it went while being read, or
   * it cannot be read (then the caller computes the value again, as on a fresh clone).
   */
  read(name: string): string | undefined {
    const file = this.path(name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    this.touch(name);
    return text;
  }

  /** Marks entry `name` as just used (its modification time set to now); false when it is not there. */
  touch(name: string): boolean {
    const file = this.path(name);
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch (error) {
      if (isMissing(error)) return false;
      // a read-only cache: still usable, just not reordered
    }
    return true;
  }

  /**
   * Writes entry `name` whole (a temporary file renamed into place), then removes the least recently used
   * entries while the folder holds more than `maxBytes` or `maxEntries`. A write that fails (no space, read-only) is no error.
   */
  write(name: string, content: string | Buffer): void {
    const file = this.path(name);
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temporary, content);
      renameSync(temporary, file);
    } catch {
      removeFile(temporary);
      return;
    }
    this.evict(name);
  }

  /** Removes the least recently used entries (never `keep`) until the folder holds at most `maxBytes` and `maxEntries`. */
  evict(keep?: string): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const now = Date.now();
    const entries: Array<{ name: string; size: number; used: number }> = [];
    let total = 0;
    for (const name of names) {
      const temporary = TEMPORARY_NAME.test(name);
      if (!temporary && !ENTRY_NAME.test(name)) continue; // not ours
      let stats: ReturnType<typeof lstatSync>;
      try {
        stats = lstatSync(join(this.dir, name));
      } catch {
        continue; // removed since the listing
      }
      if (!stats.isFile()) continue; // a folder or a link is not an entry
      if (temporary) {
        // Another process's write in progress counts as a file it is about to have; an old one is litter.
        if (now - stats.mtimeMs > ABANDONED_MS) removeFile(join(this.dir, name));
        else total += stats.size;
        continue;
      }
      total += stats.size;
      if (name !== keep) entries.push({ name, size: stats.size, used: stats.mtimeMs });
    }
    // `entries` leaves out `keep`, which counts as one more.
    let count = entries.length + (keep === undefined ? 0 : 1);
    if (total <= this.maxBytes && count <= this.maxEntries) return;
    entries.sort((a, b) => a.used - b.used || (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (total <= this.maxBytes && count <= this.maxEntries) break;
      removeFile(join(this.dir, entry.name));
      total -= entry.size;
      count -= 1;
    }
  }
}

/** One mebibyte, for writing bounds: `64 * MIB`. */
export const MIB = 1024 * 1024;
