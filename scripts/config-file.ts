/**
 * Edits a cluster config file (clusters/<name>.yaml) for the make targets, keeping the person's
 * comments and formatting: an edit changes only the lines it is about (scripts/yaml-edit.ts), and a
 * change is written only when the whole file still passes the same validation `npm run synth` runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Document, parseDocument, Scalar } from 'yaml';
import { ConfigError, loadClusterConfig } from '../lib/plan/config-load';
import type { ClusterConfig } from '../features/cluster-config';

/** A config file read for editing: its YAML Document keeps the person's comments and layout (lib/plan's ConfigFile is a file's text as read for synthesis). */
export interface EditableConfig {
  readonly path: string;
  readonly document: Document;
}

/** Reads and parses `path`; the file must already be a valid config (messages from the validator). */
export function readConfig(path: string): EditableConfig & { readonly config: ClusterConfig; readonly text: string } {
  const text = readFileSync(path, 'utf8');
  const config = loadClusterConfig(text, path);
  return { path, document: parseDocument(text), config, text };
}

/** Validates `text` as the config at `path` and writes it; throws the validator's ConfigError otherwise. */
export function writeConfigText(path: string, text: string): ClusterConfig {
  const config = loadClusterConfig(text, path);
  writeFileSync(path, text);
  return config;
}

/** A PEM certificate as a block literal (`|`), the way a person would paste it. */
export function pemScalar(pem: string): Scalar {
  const scalar = new Scalar(normalizePem(pem));
  scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}

/** The PEM text trimmed to its lines, ending in one newline. */
export function normalizePem(pem: string): string {
  return `${pem.replace(/\r/g, '').trim()}\n`;
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
