/**
 * `npm run synth [-- <clustersDir> <distDir>]`: validates clusters/*.yaml and replaces dist/ with what they synthesize.
 * On any error nothing is written and dist/ stays exactly as it was.
 */
import { dirname, resolve } from 'node:path';
import { buildDist } from './charts/cluster-app';
import { readConfigFiles } from './lib/input/config-files';
import { readInstalledReleases } from './lib/input/installed-releases';
import { scanNamespaceManifests } from './lib/input/namespace-manifests';
import { clusterName, planClustersWithWarnings } from './lib/plan/plan-clusters';
import { ConfigError } from './lib/config/load';
import { footprintSummary } from './lib/plan/footprint';
import { writeDist } from './lib/output/write-dist';

export function main(clustersDir = 'clusters', distDir = 'dist'): number {
  const started = process.hrtime.bigint();
  try {
    const input = readConfigFiles(clustersDir);
    // One Flux owner per Namespace: the plans are checked against the Git repository around this project (clusters/'s parent).
    const scan = scanNamespaceManifests(dirname(resolve(clustersDir)));
    // One Linkerd major at a time: each cluster's line against the release its committed dist/ installs.
    const installed = readInstalledReleases(distDir, input.files.map((file) => clusterName(file.path)));
    const { plans, warnings } = planClustersWithWarnings(input.files, input.problems, scan, installed);
    const { files, clusters } = buildDist(plans);
    writeDist(distDir, files);
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    for (const [name, output] of clusters) {
      const objects = output.layers.reduce((sum, layer) => sum + layer.objects.length, output.entryObjects.length);
      console.log(`${distDir}/${name}: ${objects} objects in ${output.layers.length} layers`);
    }
    console.log(`synthesized ${files.size} files in ${milliseconds.toFixed(0)} ms`);
    // What the mesh itself reserves, per cluster (details: npm run footprint -- <cluster>).
    for (const plan of plans) console.log(`footprint ${footprintSummary(plan.footprint)}`);
    // Settings without effect and files that are not configs: said, not refused.
    for (const warning of [...input.warnings, ...warnings]) console.error(warning);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.problems.length} problem(s) in the cluster configs; ${distDir}/ was not changed:`);
      for (const problem of error.problems) console.error(`  ${problem}`);
    } else {
      console.error(`synthesis failed; ${distDir}/ was not changed:\n${(error as Error).stack}`);
    }
    return 1;
  }
}

// `npm run synth` runs this through scripts/synth.js (a cached bundle); direct runs work too.
if (require.main === module) {
  process.exitCode = main(...process.argv.slice(2));
}
