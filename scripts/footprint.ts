/**
 * `npm run footprint -- <cluster>`: the CPU and memory every Linkerd component requests and may use
 * in clusters/<cluster>.yaml (or .yml), its proxies, the totals and the budget (logic: lib/plan/footprint.ts).
 * Without a name, every cluster. Exits 1 when a config is invalid or over its budget.
 */
import { ConfigError, loadClusterConfig } from '../lib/plan/config-load';
import { readConfigFiles } from '../lib/input/config-files';
import { formatFootprint } from '../lib/plan/footprint';
import { planCluster } from '../lib/plan/plan';
import { clusterName } from '../lib/plan/plan-clusters';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';

function footprintReport(clustersDir: string, names: readonly string[]): number {
  let input: ReturnType<typeof readConfigFiles>;
  try {
    input = readConfigFiles(clustersDir);
  } catch (error) {
    console.error((error as ConfigError).problems?.join('\n') ?? String(error));
    return 1;
  }
  const available = input.files.map((file) => clusterName(file.path));
  let status = 0;
  for (const name of names.length ? names : available) {
    const file = input.files.find((candidate) => clusterName(candidate.path) === name);
    if (!file) {
      console.error(
        `no cluster "${name}": there is no ${clustersDir}/${name}.yaml (clusters: ${available.join(', ') || 'none'})`,
      );
      status = 1;
      continue;
    }
    try {
      const { footprint } = planCluster(name, loadClusterConfig(file.text, file.path), file.path);
      console.log(`${formatFootprint(footprint)}\n`);
      const { all } = footprint.totals;
      if (all.cpuRequest > footprint.budget.cpu || all.memoryRequest > footprint.budget.memory) status = 1;
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [(error as Error).message];
      console.error(
        `${file.path}: cannot compute the footprint:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
      );
      status = 1;
    }
  }
  return status;
}

process.exitCode = footprintReport(
  process.env.CLUSTERS_DIR ?? 'clusters',
  commandLine('footprint', COMMAND_LINES.footprint).positionals,
);
