/**
 * Reads the cluster config files from disk. With lib/output/write-dist.ts, the only module that touches
 * the disk besides main.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigFile } from '../plan/plan-clusters';

/** Reads every `*.yaml` in `directory`, sorted by name. */
export function readConfigFiles(directory: string): ConfigFile[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => ({ path: join(directory, file), text: readFileSync(join(directory, file), 'utf8') }));
}

