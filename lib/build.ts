/**
 * From cluster config files to the full content of dist/: every config is validated first and all
 * problems are reported together, before anything is synthesized or written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ConfigError, loadClusterConfig } from './config/load';
import { budgetProblems, clusterFootprint } from './footprint';
import { planCluster, ClusterPlan } from './plan';
import { ClusterOutput, synthesizeCluster } from './synthesize';

/** A cluster config file as read from disk. */
export interface ConfigFile {
  /** The path shown in messages, e.g. `clusters/studio.yaml`. */
  readonly path: string;
  readonly text: string;
}

/** Reads every `*.yaml` in `directory`, sorted by name. */
export function readConfigFiles(directory: string): ConfigFile[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => ({ path: join(directory, file), text: readFileSync(join(directory, file), 'utf8') }));
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

/** The content of dist/ for these clusters: paths relative to dist/. */
export function buildDist(plans: readonly ClusterPlan[]): { files: Map<string, string>; clusters: Map<string, ClusterOutput> } {
  const files = new Map<string, string>();
  const clusters = new Map<string, ClusterOutput>();
  for (const plan of plans) {
    const output = synthesizeCluster(plan);
    clusters.set(plan.name, output);
    for (const [path, content] of output.files) files.set(`${plan.name}/${path}`, content);
  }
  return { files, clusters };
}
