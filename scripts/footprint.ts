/**
 * `npm run footprint -- <cluster>`: the CPU and memory every Linkerd component requests and may use
 * in clusters/<cluster>.yaml, its proxies, the totals and the budget (logic: lib/plan/footprint.ts).
 * Without a name, every cluster. Exits 1 when a config is invalid or over its budget.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadClusterConfig } from '../lib/config/load';
import { clusterFootprint, formatFootprint } from '../lib/plan/footprint';
import { planCluster } from '../lib/plan/plan';

function footprintReport(clustersDir: string, names: readonly string[]): number {
  const available = readdirSync(clustersDir).filter((file) => file.endsWith('.yaml')).map((file) => file.slice(0, -'.yaml'.length));
  let status = 0;
  for (const name of names.length ? names : available) {
    const file = join(clustersDir, `${name}.yaml`);
    if (!existsSync(file)) {
      console.error(`no cluster "${name}": ${file} does not exist (clusters: ${available.join(', ') || 'none'})`);
      status = 1;
      continue;
    }
    try {
      const footprint = clusterFootprint(planCluster(name, loadClusterConfig(readFileSync(file, 'utf8'), file)));
      console.log(formatFootprint(footprint) + '\n');
      const { all } = footprint.totals;
      if (all.cpuRequest > footprint.budget.cpu || all.memoryRequest > footprint.budget.memory) status = 1;
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [(error as Error).message];
      console.error(`${file}: cannot compute the footprint:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
      status = 1;
    }
  }
  return status;
}

process.exitCode = footprintReport(process.env.CLUSTERS_DIR ?? 'clusters', process.argv.slice(2));
