/**
 * Where the project sits in its Git repository, as Flux reads paths: from the repository root. A reader of
 * the disk, like config-files.ts; the Git root is the one the Namespace scan found (namespace-manifests.ts),
 * so no second `git` runs. What the answer means (flux.path's default, a configured value refused) is
 * lib/flux/layers.ts resolveFluxPath's.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The folder that holds `distDir`, relative to the Git work tree `root` (`.` at the root, `/`-separated),
 * e.g. `infrastructure/linkerd`; undefined outside any Git repository (no `root`), when dist/ lies outside
 * `root`, or when the output is not named `dist` (the Kustomization paths name `dist/<cluster>`).
 */
export function projectLocation(root: string | undefined, distDir: string): string | undefined {
  if (root === undefined) return undefined;
  const dist = resolve(distDir);
  if (basename(dist) !== 'dist') return undefined;
  let project: string;
  try {
    // git names the root by its real path: so is the project's folder, through any symbolic link.
    project = realpathSync(dirname(dist));
  } catch {
    return undefined;
  }
  const path = relative(realpathSync(root), project);
  if (path.startsWith('..') || isAbsolute(path)) return undefined;
  return path === '' ? '.' : path.split(sep).join('/');
}
