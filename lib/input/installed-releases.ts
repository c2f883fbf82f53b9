/**
 * Reads which Linkerd release each cluster's committed dist/ installs: the Helm chart version and Helm
 * repository of its linkerd-control-plane HelmRelease (dist/<cluster>/mesh/linkerd-control-plane.yaml).
 * A reader of the disk, like config-files.ts; what to make of it is lib/plan/upgrade-path.ts's.
 *
 * "Committed" because Flux applies what is in Git: the file is read from the Git commit checked out
 * (`git show HEAD:...`), so running `npm run synth` twice does not make a refused jump look done. Outside
 * a Git repository nothing is installed from this folder (Flux reads Git), so nothing is read. A file that
 * is missing, too large or not a HelmRelease counts as nothing installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

import type { InstalledRelease } from '../plan/upgrade-path';

export type { InstalledRelease };

const MAX_BYTES = 1024 * 1024;

/** The release the committed dist/ of each cluster installs, by cluster name (absent: none). */
export function readInstalledReleases(distDir: string, clusters: readonly string[]): Map<string, InstalledRelease> {
  const installed = new Map<string, InstalledRelease>();
  if (!existsSync(distDir) || !isInGit(distDir)) return installed;
  for (const cluster of clusters) {
    const relative = `${cluster}/mesh/linkerd-control-plane.yaml`;
    const text = committedFile(distDir, relative);
    const release = text === undefined ? undefined : controlPlaneRelease(text, join(distDir, relative));
    if (release) installed.set(cluster, release);
  }
  return installed;
}

function isInGit(directory: string): boolean {
  try {
    return (
      execFileSync('git', ['rev-parse', '--is-inside-work-tree'], {
        cwd: directory,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() === 'true'
    );
  } catch {
    return false;
  }
}

/** The file at HEAD (`./path` relative to `directory`), or undefined when HEAD lacks it. */
function committedFile(directory: string, path: string): string | undefined {
  try {
    const text = execFileSync('git', ['show', `HEAD:./${path}`], {
      cwd: directory,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: MAX_BYTES,
    });
    return text;
  } catch {
    return undefined;
  }
}

function controlPlaneRelease(text: string, file: string): InstalledRelease | undefined {
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 10 });
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const release = document as {
    kind?: unknown;
    spec?: { chart?: { spec?: { chart?: unknown; version?: unknown; sourceRef?: { name?: unknown } } } };
  };
  const spec = release.spec?.chart?.spec;
  if (release.kind !== 'HelmRelease' || spec?.chart !== 'linkerd-control-plane') return undefined;
  if (typeof spec.version !== 'string' || typeof spec.sourceRef?.name !== 'string') return undefined;
  return { file, helmChartVersion: spec.version, repository: spec.sourceRef.name };
}
