/**
 * Edits a cluster config file (clusters/<name>.yaml) for the make targets, keeping the person's
 * comments and formatting: the file goes through the `yaml` package's Document API, and a change is
 * written only when the whole file still passes the same validation `npm run synth` runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLSeq } from 'yaml';
import { ConfigError, loadClusterConfig } from '../lib/config/load';
import { ClusterConfig } from '../lib/config/schema';

/** How the document is printed: never fold long lines (PEM blocks, comments stay as written). */
const PRINT = { lineWidth: 0 } as const;

/** A config file read for editing. */
export interface ConfigFile {
  readonly path: string;
  readonly document: Document;
}

/** Reads and parses `path`; the file must already be a valid config (messages from the validator). */
export function readConfig(path: string): ConfigFile & { readonly config: ClusterConfig } {
  const text = readFileSync(path, 'utf8');
  const config = loadClusterConfig(text, path);
  return { path, document: parseDocument(text), config };
}

/** Validates the edited document and writes it; throws the validator's ConfigError otherwise. */
export function writeConfig(file: ConfigFile): ClusterConfig {
  const text = file.document.toString(PRINT);
  const config = loadClusterConfig(text, file.path);
  writeFileSync(file.path, text);
  return config;
}

/** The sequence at `path`, created (block style) when absent; an empty `[]` becomes a block list. */
export function sequenceAt(document: Document, path: readonly string[]): YAMLSeq {
  const existing = document.getIn(path, true);
  if (existing === undefined || existing === null || (isScalar(existing) && existing.value === null)) {
    const created = new YAMLSeq();
    document.setIn(path, created);
    return created;
  }
  if (!isSeq(existing)) throw new ConfigError([`${path.join('.')} must be a list`]);
  if (existing.items.length === 0) existing.flow = false;
  return existing;
}

/** Removes the key at `path` and then every mapping above it that this left empty. */
export function deleteEmpty(document: Document, path: readonly string[]): void {
  document.deleteIn(path);
  for (let depth = path.length - 1; depth > 0; depth--) {
    const parent = document.getIn(path.slice(0, depth), true);
    if (isMap(parent) && parent.items.length === 0) document.deleteIn(path.slice(0, depth));
    else break;
  }
}

/** A PEM certificate as a block literal (`|`), the way a person would paste it. */
export function pemScalar(pem: string): Scalar {
  const scalar = new Scalar(normalizePem(pem));
  scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}

/** The PEM text trimmed to its lines, ending in one newline. */
export function normalizePem(pem: string): string {
  return pem.replace(/\r/g, '').trim() + '\n';
}

/** The certificate's bytes (base64 body without whitespace), for comparing two PEM texts. */
export function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

/**
 * Runs a command-line entry point: a ConfigError prints the validator's messages and exits 1,
 * any other error prints its message and exits 2.
 */
export function run(main: () => void): void {
  try {
    main();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(`  ${problem}`);
      process.exitCode = 1;
    } else {
      console.error(`error: ${(error as Error).message}`);
      process.exitCode = 2;
    }
  }
}
