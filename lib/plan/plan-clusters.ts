/**
 * From cluster config files to plans: every config is validated first and all problems are reported
 * together, before anything is synthesized or written.
 */
import { basename } from 'node:path';
import { ConfigError, loadClusterConfig } from '../config/load';
import { budgetProblems, clusterFootprint } from './footprint';
import { ClusterPlan, planCluster } from './plan';

/** A cluster config file as read from disk. */
export interface ConfigFile {
  /** The path shown in messages, e.g. `clusters/studio.yaml`. */
  readonly path: string;
  readonly text: string;
}

/**
 * Validates every file, the mesh's requests against its `budget` included; throws one ConfigError
 * with every problem of every file.
 */
export function planClusters(files: readonly ConfigFile[]): ClusterPlan[] {
  const problems: string[] = [];
  const plans: ClusterPlan[] = [];
  if (files.length === 0) problems.push('no cluster configs: add clusters/<name>.yaml (see README)');
  for (const file of files) {
    try {
      const plan = planCluster(basename(file.path, '.yaml'), loadClusterConfig(file.text, file.path));
      const overBudget = budgetProblems(clusterFootprint(plan), file.path);
      if (overBudget.length > 0) problems.push(...overBudget);
      else plans.push(plan);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else problems.push(`${file.path}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return plans;
}
