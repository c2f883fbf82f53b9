/**
 * Reads which Linkerd release each cluster's committed dist/ installs: the Helm chart version and Helm
 * repository of its linkerd-control-plane HelmRelease (dist/<cluster>/mesh/linkerd-control-plane.yaml).
 * A reader of the disk, like config-files.ts; what to make of it is lib/plan/upgrade-path.ts's.
 *
 * "Committed" because Flux applies what is in Git: the file is read from the Git commit checked out
 * (`git show HEAD:...`), so running `npm run synth` twice does not make a refused jump look done. Outside
 * a Git repository nothing is installed from this folder (Flux reads Git), so nothing is read; nor when
 * HEAD has no such file (a cluster not synthesized and committed yet: a fresh install).
 *
 * A committed file that cannot be read (over 1 MiB, more than one YAML document, more than 10 aliases, YAML
 * that does not parse, not a linkerd-control-plane HelmRelease) is never "nothing installed": it is
 * returned as unreadable, with the reason, and lib/plan/upgrade-path.ts says so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

import type { CommittedRelease, InstalledRelease } from '../plan/upgrade-path';

export type { CommittedRelease, InstalledRelease };

/** The largest control-plane file read (synth writes about 10 KiB). */
export const MAX_BYTES = 1024 * 1024;
/** The most YAML aliases read (synth writes none). */
const MAX_ALIASES = 10;

/** What the committed dist/ of each cluster installs, by cluster name (absent: nothing). */
export function readInstalledReleases(distDir: string, clusters: readonly string[]): Map<string, CommittedRelease> {
  const installed = new Map<string, CommittedRelease>();
  if (!existsSync(distDir) || !isInGit(distDir)) return installed;
  for (const cluster of clusters) {
    const relative = `${cluster}/mesh/linkerd-control-plane.yaml`;
    const file = join(distDir, relative);
    const committed = committedFile(distDir, relative);
    if (committed === undefined) continue;
    installed.set(
      cluster,
      'unreadable' in committed
        ? { file, unreadable: committed.unreadable }
        : controlPlaneRelease(committed.text, file),
    );
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

/**
 * The file at HEAD (`./path` relative to `directory`): undefined when HEAD lacks it (or there is no HEAD
 * yet), its text, or why it is not read (its size).
 */
function committedFile(directory: string, path: string): { text: string } | { unreadable: string } | undefined {
  const git = (args: string[], maxBuffer = MAX_BYTES) =>
    execFileSync('git', args, { cwd: directory, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer });
  let size: number;
  try {
    size = Number(git(['cat-file', '-s', `HEAD:./${path}`]).trim());
  } catch {
    return undefined;
  }
  if (!Number.isFinite(size)) return { unreadable: 'cannot be read from Git' };
  if (size > MAX_BYTES)
    return {
      unreadable: `is ${size} bytes in Git, over the ${MAX_BYTES / 1024} KiB synth reads (it writes about 10 KiB)`,
    };
  try {
    return { text: git(['cat-file', 'blob', `HEAD:./${path}`], MAX_BYTES + 1024) };
  } catch {
    return { unreadable: 'cannot be read from Git' };
  }
}

/** The release a control-plane file installs, or why it cannot be told. */
function controlPlaneRelease(text: string, file: string): CommittedRelease {
  const unreadable = (reason: string) => ({ file, unreadable: reason });
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length === 0) return unreadable('is empty');
  if (documents.length > 1)
    return unreadable(`holds ${documents.length} YAML documents; synth writes one HelmRelease there`);
  const [parsed] = documents;
  if (parsed.errors.length > 0)
    return unreadable(`is not valid YAML (${parsed.errors[0].message.split('\n')[0].split(' at line ')[0]})`);
  let document: unknown;
  try {
    document = parsed.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return unreadable(
      /alias/i.test((error as Error).message)
        ? `uses more than ${MAX_ALIASES} YAML aliases; synth writes none`
        : `cannot be read as YAML (${(error as Error).message})`,
    );
  }
  if (typeof document !== 'object' || document === null)
    return unreadable('is not the HelmRelease of the Helm chart linkerd-control-plane');
  const release = document as {
    kind?: unknown;
    spec?: { chart?: { spec?: { chart?: unknown; version?: unknown; sourceRef?: { name?: unknown } } } };
  };
  const spec = release.spec?.chart?.spec;
  if (release.kind !== 'HelmRelease' || spec?.chart !== 'linkerd-control-plane')
    return unreadable('is not the HelmRelease of the Helm chart linkerd-control-plane');
  if (typeof spec.version !== 'string' || typeof spec.sourceRef?.name !== 'string')
    return unreadable('names no Helm chart version or HelmRepository (spec.chart.spec.version, sourceRef.name)');
  return { file, helmChartVersion: spec.version, repository: spec.sourceRef.name };
}
