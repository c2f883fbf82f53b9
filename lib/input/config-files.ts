/**
 * Reads the cluster config files from disk. With lib/output/write-dist.ts, the only module that touches
 * the disk besides main.ts.
 *
 * Every entry of the folder is accounted for: `*.yaml` and `*.yml` are configs; an entry with such a
 * name that cannot be read as a file is a problem with a message (never a stack trace); any other
 * visible file gets a warning, so a config saved under another name is not silently skipped. Folders are
 * passed over in silence: with the project at the root of a Flux repository, clusters/<name>/ are Flux's
 * bootstrap folders (clusters/<name>.yaml beside them is this project's config).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../plan/config-load';
import type { ConfigFile } from '../plan/plan-clusters';

/** What reading the folder found. */
export interface ConfigFiles {
  /** The configs, sorted by name. */
  readonly files: ConfigFile[];
  /** Entries named like configs that could not be read, as messages. */
  readonly problems: string[];
  /** Entries that are not configs, as messages. */
  readonly warnings: string[];
}

/** The extensions a config file may have. */
export const CONFIG_EXTENSIONS = ['.yaml', '.yml'];

/** Reads every `*.yaml` and `*.yml` in `directory`; throws a ConfigError when the folder itself cannot be read. */
export function readConfigFiles(directory: string): ConfigFiles {
  let entries: string[];
  try {
    entries = readdirSync(directory).sort();
  } catch (error) {
    throw new ConfigError([
      `${directory}/: ${describeError(error)}; it holds one <name>.yaml per cluster (see docs/configuration.md "Configuration")`,
    ]);
  }
  const result: ConfigFiles = { files: [], problems: [], warnings: [] };
  for (const entry of entries) {
    const path = join(directory, entry);
    const isConfig = CONFIG_EXTENSIONS.some(
      (extension) => entry.endsWith(extension) && entry.length > extension.length,
    );
    if (!isConfig) {
      // A folder is not a misnamed config: at a repository's root, `flux bootstrap` keeps clusters/<name>/ here.
      if (!entry.startsWith('.') && !isFolder(path)) {
        result.warnings.push(`warning: ${path}: not a cluster config (only *.yaml and *.yml files are read); ignored`);
      }
      continue;
    }
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      result.problems.push(`${path}: cannot be read: ${describeError(error)}`);
      continue;
    }
    if (!stat) {
      result.problems.push(
        `${path}: is a symbolic link to something that does not exist; point it at a config file or remove it`,
      );
    } else if (!stat.isFile()) {
      result.problems.push(
        `${path}: is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}; a cluster config is one YAML file (rename or remove it)`,
      );
    } else {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        result.problems.push(`${path}: cannot be read: ${describeError(error)}`);
        continue;
      }
      const encoding = foreignEncoding(bytes);
      if (encoding) {
        const hint = encoding.startsWith('UTF')
          ? `: save it as UTF-8 (e.g. iconv -f ${encoding.split(' ')[0]} -t UTF-8)`
          : '';
        result.problems.push(`${path}: is ${encoding}; a cluster config is UTF-8 text${hint}`);
      } else result.files.push({ path, text: bytes.toString('utf8').replace(/^\uFEFF/, '') });
    }
  }
  return result;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/**
 * The encoding of a file that is not UTF-8 text, when it is recognisable: UTF-16 or UTF-32 by their
 * byte-order marks, or UTF-16 without one by the zero bytes every ASCII character then carries.
 */
function foreignEncoding(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'UTF-32LE text';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'UTF-32BE text';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE text';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE text';
  // Without a mark: ASCII characters in UTF-16 are a letter and a zero byte, pair after pair.
  const sample = bytes.subarray(0, 64);
  const pairs = Math.floor(sample.length / 2);
  const count = (zeroFirst: boolean) =>
    Array.from({ length: pairs }, (_, index) => [sample[2 * index], sample[2 * index + 1]]).filter(([a, b]) =>
      zeroFirst ? a === 0 && b !== 0 : a !== 0 && b === 0,
    ).length;
  if (pairs >= 2 && count(false) >= 0.9 * pairs) return 'UTF-16LE text';
  if (pairs >= 2 && count(true) >= 0.9 * pairs) return 'UTF-16BE text';
  if (bytes.includes(0)) return 'binary (it holds zero bytes)';
  return undefined;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'ENOTDIR':
      return 'is not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'a loop of symbolic links (a link that points, in the end, to itself)';
    default:
      return code ?? String(error);
  }
}
