/**
 * From cluster config files to plans: every config is validated first (its budget and, given the scan
 * of the repository, its namespaces' single owner included) and all problems are reported together in
 * one ConfigError, before anything is synthesized or written.
 */
import { ConfigError, loadClusterConfigWithWarnings } from './config-load';
import { configWarnings } from '../../features/cluster-config';
import { resolveFluxPath } from '../flux/layers';
import { budgetProblems } from './footprint';
import { namespaceOwnership, type RepositoryScan } from './namespace-ownership';
import { type ClusterPlan, planCluster } from './plan';
import { type CommittedRelease, upgradeProblems } from './upgrade-path';

/** A cluster config file as read from disk. */
export interface ConfigFile {
  /** The path shown in messages, e.g. `clusters/studio.yaml`. */
  readonly path: string;
  readonly text: string;
}

/**
 * Validates every file, the mesh's requests against its `budget` included; throws one ConfigError
 * with every problem of every file (and `earlierProblems`, found reading them).
 */
export function planClusters(files: readonly ConfigFile[], earlierProblems: readonly string[] = []): ClusterPlan[] {
  return planClustersWithWarnings(files, earlierProblems).plans;
}

/**
 * {@link planClusters}, with the warnings of settings that have no effect (`warning: file: field: ...`);
 * with `scan` (the Namespace manifests of the repository, lib/input), also one Flux owner per namespace;
 * with `installed` (what each cluster's committed dist/ installs, lib/input), one Linkerd major at a time;
 * with `projectPath` (where the project sits in its Git repository, lib/input), the Flux paths from there.
 */
export function planClustersWithWarnings(
  files: readonly ConfigFile[],
  earlierProblems: readonly string[] = [],
  scan?: RepositoryScan,
  installed?: ReadonlyMap<string, CommittedRelease>,
  projectPath?: string,
): { plans: ClusterPlan[]; warnings: string[] } {
  const problems: string[] = [...earlierProblems];
  const plans: ClusterPlan[] = [];
  const warnings: string[] = [];
  if (files.length === 0 && problems.length === 0)
    problems.push('no cluster configs: add clusters/<name>.yaml (see README)');
  const byName = new Map<string, string>();
  for (const file of files) {
    const name = clusterName(file.path);
    const other = byName.get(name);
    if (other) {
      problems.push(`${file.path}: names the same cluster "${name}" as ${other}; keep one of them`);
      continue;
    }
    byName.set(name, file.path);
    try {
      const { config, warnings: readWarnings } = loadClusterConfigWithWarnings(file.text, file.path);
      // Flux reads every path from the repository root: from where the project sits, when synth knows it.
      const fluxPath = resolveFluxPath(config.flux.path, projectPath);
      if (fluxPath.problem) problems.push(`${file.path}: ${fluxPath.problem}`);
      const plan = planCluster(
        name,
        config,
        file.path,
        fluxPath.path,
        scan?.root !== undefined ? scan.services : undefined,
      );
      const ownership = scan ? namespaceOwnership(plan, scan) : { problems: [], warnings: [] };
      // One Linkerd major at a time, from what the committed dist/ installs (lib/input/installed-releases.ts).
      const upgrade = upgradeProblems(config, file.path, installed?.get(name));
      const planProblems = [
        ...budgetProblems(plan.footprint, file.path),
        ...ownership.problems,
        ...upgrade.problems,
        ...plan.traffic.problems,
      ];
      if (planProblems.length > 0) problems.push(...planProblems);
      else plans.push(plan);
      warnings.push(
        ...readWarnings,
        ...configWarnings(config, file.path),
        ...ownership.warnings,
        ...upgrade.warnings,
        ...plan.traffic.warnings,
      );
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else problems.push(`${file.path}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { plans, warnings };
}

/** The cluster a config file is for: its name without the folder and the `.yaml`/`.yml` extension. */
export function clusterName(path: string): string {
  return path
    .split(/[\\/]/)
    .pop()!
    .replace(/\.ya?ml$/, '');
}
