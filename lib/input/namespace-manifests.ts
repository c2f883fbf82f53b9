/**
 * Finds the Namespace manifests of the Git repository this project lives in, outside this project's own
 * folder (so outside dist/): the person's own manifests, which may already declare a namespace we mesh.
 * A reader of the disk, like config-files.ts; the decision is lib/plan/namespace-ownership.ts's.
 *
 * Cheap on purpose: `git grep` finds the candidates (tracked and untracked-but-not-ignored `*.yaml`/`*.yml`
 * with a line `kind: Namespace`), only those under 1 MiB are read and parsed, and Helm templates,
 * SOPS-encrypted files and documents that do not parse are skipped quietly.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isMap, LineCounter, parseAllDocuments } from 'yaml';

import type { NamespaceManifest, RepositoryScan } from '../plan/namespace-ownership';

export type { NamespaceManifest, RepositoryScan };

const MAX_BYTES = 1024 * 1024;

/** Scans the Git repository around `projectDir`, leaving out `projectDir` itself. */
export function scanNamespaceManifests(projectDir: string): RepositoryScan {
  const project = resolve(projectDir);
  let root: string;
  let listing: string;
  try {
    root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return { reason: `${project} is not in a Git repository (or git is not installed)` };
  }
  const own = relative(root, project);
  // The project is the whole repository: nothing else to look at.
  if (own === '') return { root, manifests: [] };
  try {
    // git grep reads the files in C, in parallel: only those that declare a Namespace come back.
    listing = execFileSync('git', ['grep', '-l', '-z', '-I', '--untracked', '-E', "^kind:[[:space:]]*[\"']?Namespace[\"']?[[:space:]]*$", '--', '*.yaml', '*.yml'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (error) {
    // Exit status 1: no file matched.
    if ((error as { status?: number }).status === 1) return { root, manifests: [] };
    return { reason: `git grep failed in ${root}` };
  }
  const manifests: NamespaceManifest[] = [];
  for (const file of new Set(listing.split('\0').filter(Boolean))) {
    if (file === own || file.startsWith(`${own.split(sep).join('/')}/`)) continue;
    if (/(^|\/)templates\//.test(file)) continue;
    const path = join(root, file);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > MAX_BYTES) continue;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    if (!/^kind:\s*["']?Namespace["']?\s*$/m.test(text) || /^sops:/m.test(text) || text.includes('{{')) continue;
    manifests.push(...namespacesIn(file, text));
  }
  manifests.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { root, manifests };
}

/** The Namespace documents of one file; documents that do not parse are skipped. */
function namespacesIn(file: string, text: string): NamespaceManifest[] {
  const lineCounter = new LineCounter();
  const found: NamespaceManifest[] = [];
  for (const document of parseAllDocuments(text, { lineCounter, uniqueKeys: false })) {
    if (document.errors.length > 0 || !isMap(document.contents)) continue;
    if (document.get('kind') !== 'Namespace') continue;
    const metadata = document.get('metadata', true);
    if (!isMap(metadata)) continue;
    const name = metadata.get('name');
    if (typeof name !== 'string') continue;
    const annotations = metadata.get('annotations', true);
    const inject = isMap(annotations) ? annotations.get('linkerd.io/inject') : undefined;
    const position = metadata.range ? lineCounter.linePos(metadata.range[0]).line - 1 : 1;
    found.push({ file, name, ...(typeof inject === 'string' && { inject }), line: Math.max(1, position) });
  }
  return found;
}
