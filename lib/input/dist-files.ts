/**
 * The files of the current dist/, as synth would replace them: every regular file under it (paths relative to
 * it, `/`-separated) with its text. main.ts compares them with what the configs synthesize
 * (lib/output/dist-changes.ts) to say what changed, or, with `--check`, whether anything would.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file of `distDir` by path. A dist/ that does not exist, or is not a folder (synth refuses to replace
 * it anyway), holds nothing; symbolic links inside it are not followed (synth never writes one).
 */
export function readDistFiles(distDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const top = lstatSync(distDir, { throwIfNoEntry: false });
  if (!top?.isDirectory()) return files;
  const visit = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) visit(join(folder, entry.name), path);
      else if (entry.isFile()) files.set(path, readFileSync(join(folder, entry.name), 'utf8'));
    }
  };
  visit(distDir, '');
  return files;
}
