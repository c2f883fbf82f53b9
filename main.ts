/**
 * `npm run synth [-- [--check] <clustersDir> <distDir>]`: validates clusters/*.yaml and replaces dist/ with what they
 * synthesize, then says what changed (lib/output/dist-changes.ts). On any error nothing is written and dist/ stays
 * exactly as it was (or the message says what changed). `--check` writes nothing: it exits 1 and lists the
 * differences when dist/ is not what the configs synthesize (for pre-commit hooks and CI).
 */
import { dirname, resolve } from 'node:path';
import { buildDist } from './charts/cluster-app';
import { readConfigFiles } from './lib/input/config-files';
import { readInstalledReleases } from './lib/input/installed-releases';
import { scanNamespaceManifests } from './lib/input/namespace-manifests';
import { projectLocation } from './lib/input/project-location';
import { clusterName, planClustersWithWarnings } from './lib/plan/plan-clusters';
import { ConfigError } from './lib/plan/config-load';
import { personMessage } from './lib/common/message-text';
import { footprintSummary } from './lib/plan/footprint';
import { describeError, DistWriteError, outputProblems, writeDist } from './lib/output/write-dist';
import { readDistFiles } from './lib/input/dist-files';
import { describeDistChanges, distChanges, hasChanges } from './lib/output/dist-changes';

/**
 * What `npm run synth` writes to `distDir`, in memory: the configs of `clustersDir` read, checked against
 * the repository around them and planned. Throws a ConfigError with every problem. `npm run check` compares it with dist/.
 */
export function synthesizeFromDisk(clustersDir: string, distDir: string) {
  const input = readConfigFiles(clustersDir);
  // One Flux owner per Namespace: the plans are checked against the Git repository around this project (clusters/'s parent).
  const scan = scanNamespaceManifests(dirname(resolve(clustersDir)), {
    // The person's Services too, where a config manages their traffic (docs/traffic.md).
    services: input.files.some((file) => /(^|[{,\s])traffic\s*:/m.test(file.text)),
  });
  // One Linkerd major at a time: each cluster's line against the release its committed dist/ installs.
  const installed = readInstalledReleases(
    distDir,
    input.files.map((file) => clusterName(file.path)),
  );
  // Flux reads paths from the repository root: where this project sits in it (none outside Git: flux.path or '.').
  const projectPath = projectLocation(scan.root, distDir);
  const { plans, warnings } = planClustersWithWarnings(input.files, input.problems, scan, installed, projectPath);
  if (scan.root !== undefined) {
    for (const { file, reason } of scan.skipped ?? [])
      warnings.push(
        `warning: ${file} (in the repository): not read for Namespace declarations (one owner per namespace): ${reason}`,
      );
  }
  const { files, clusters } = buildDist(plans);
  return { files, clusters, plans, warnings: [...input.warnings, ...warnings] };
}

/** Options of {@link main}. */
export interface MainOptions {
  /** Compare dist/ with what the configs synthesize and write nothing; 1 when they differ. */
  readonly check?: boolean;
}

export function main(clustersDir = 'clusters', distDir = 'dist', options: MainOptions = {}): number {
  const started = process.hrtime.bigint();
  try {
    const refused = outputProblems(distDir, clustersDir, [dirname(resolve(clustersDir)), process.cwd()]);
    if (refused.length > 0) throw new DistWriteError(refused.join('\n  '), false);
    const { files, clusters, plans, warnings } = synthesizeFromDisk(clustersDir, distDir);
    // What this run changes, from dist/ as it is (read before it is replaced).
    const changes = distChanges(readDistFiles(distDir), files);
    if (options.check) {
      const shown = `${distDir.replace(/\/+$/, '')}/`;
      if (!hasChanges(changes)) {
        console.log(`${shown} is what ${clustersDir}/ synthesizes (${files.size} files); nothing to do`);
        return 0;
      }
      const { added, changed, removed } = changes.files;
      console.error(
        `${shown} is not what ${clustersDir}/ synthesizes (${added} files to add, ${changed} to change, ${removed} to remove); ` +
          `run npm run synth and commit ${shown}. ${shown} was not changed. The differences:`,
      );
      for (const line of describeDistChanges(changes, distDir)) console.error(`  ${line}`);
      return 1;
    }
    const written = writeDist(distDir, files);
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    for (const [name, output] of clusters) {
      const objects = output.layers.reduce((sum, layer) => sum + layer.objects.length, output.entryObjects.length);
      console.log(`${distDir}/${name}: ${objects} objects in ${output.layers.length} layers`);
    }
    console.log(`synthesized ${files.size} files in ${milliseconds.toFixed(0)} ms`);
    // What changed: new files are named too (git diff -- dist leaves untracked files out).
    for (const line of describeDistChanges(changes, distDir)) console.log(line);
    // What the mesh itself reserves, per cluster (details: npm run footprint -- <cluster>).
    for (const plan of plans) console.log(`footprint ${footprintSummary(plan.footprint)}`);
    // Settings without effect and files that are not configs: said, not refused.
    // Each one line, without a secret (a file name or a key may hold a newline).
    for (const warning of [...warnings, ...written.notes]) console.error(personMessage(warning));
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.problems.length} problem(s) in the cluster configs; ${distDir}/ was not changed:`);
      for (const problem of error.problems) console.error(`  ${problem}`);
    } else if (error instanceof DistWriteError) {
      console.error(
        error.changed
          ? `synthesis failed while replacing ${distDir}/:\n  ${error.message}`
          : `synthesis failed; ${distDir}/ was not changed:\n  ${error.message}`,
      );
    } else if (
      (error as NodeJS.ErrnoException).code !== undefined &&
      (error as NodeJS.ErrnoException).syscall !== undefined
    ) {
      // The disk or the environment, not a bug: what and where, without a stack trace.
      const fault = error as NodeJS.ErrnoException;
      console.error(
        `synthesis failed; ${distDir}/ was not changed:\n  ${fault.path ?? fault.syscall}: ${describeError(fault)}`,
      );
    } else {
      console.error(`synthesis failed; ${distDir}/ was not changed:\n${(error as Error).stack}`);
    }
    return 1;
  }
}

const USAGE =
  'usage: npm run synth [-- [--check] [<clustersDir> [<distDir>]]]  (defaults: clusters dist; --check writes nothing and exits 1 when dist/ differs)';

/** `npm run synth`'s command line: at most two folders and `--check` (`--help` prints the usage). */
export function run(argv: readonly string[]): number {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    console.log(USAGE);
    return 0;
  }
  const check = argv.includes('--check');
  argv = argv.filter((argument) => argument !== '--check');
  const flags = argv.filter((argument) => argument.startsWith('-'));
  if (flags.length > 0) {
    console.error(`synth takes no options but --check; unknown: ${flags.join(' ')}\n${USAGE}`);
    return 2;
  }
  if (argv.length > 2) {
    console.error(
      `synth takes at most two folders (the configs and the output); extra: ${argv.slice(2).join(' ')}\n${USAGE}`,
    );
    return 2;
  }
  if (argv.some((argument) => argument.trim() === '')) {
    console.error(`synth's folders must not be empty strings\n${USAGE}`);
    return 2;
  }
  const [clustersDir = 'clusters', distDir = 'dist'] = argv;
  return main(clustersDir, distDir, { check });
}

// `npm run synth` runs this through scripts/synth.js (a cached bundle); direct runs work too.
if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
