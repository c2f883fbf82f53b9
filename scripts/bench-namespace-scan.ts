/**
 * `npm run bench:scan [-- --files 3000 --runs 7]`: what the one-owner-per-namespace scan costs synthesis in
 * a GitOps repository of a few thousand YAML files. Builds such a repository in a temporary folder (apps
 * with Deployments, Services, ConfigMaps and, one in ten, a Namespace; this project in a subfolder), then
 * times the scan alone and `npm run synth`'s main() in it, median and best of `runs`. Prints a Markdown
 * table for BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanNamespaceManifests } from '../lib/input/namespace-manifests';
import { main } from '../main';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';

const { flags } = commandLine('bench:scan', COMMAND_LINES['bench:scan']);
const option = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
const FILES = option('files', 3000);
const RUNS = option('runs', 7);

function timed(run: () => void): { median: number; best: number } {
  const times: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const started = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], best: times[0] };
}

const root = mkdtempSync(join(tmpdir(), 'bench-scan-'));
try {
  for (let index = 0; index < FILES; index++) {
    const app = `app-${Math.floor(index / 5)}`;
    const kind = index % 10 === 0 ? 'namespace' : ['deployment', 'service', 'configmap', 'kustomization'][index % 4];
    mkdirSync(join(root, 'apps', app), { recursive: true });
    const text =
      kind === 'namespace'
        ? `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${app}\n  annotations:\n    linkerd.io/inject: enabled\n`
        : `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${app}-${index}\n  namespace: ${app}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: main\n          image: example/${app}:1.0.${index}\n`;
    writeFileSync(join(root, 'apps', app, `${kind}-${index}.yaml`), text);
  }
  const project = join(root, 'infrastructure', 'linkerd');
  mkdirSync(join(project, 'clusters'), { recursive: true });
  writeFileSync(
    join(project, 'clusters', 'studio.yaml'),
    'meshedNamespaces: [{name: app-0, declared: elsewhere}, paperless]\n',
  );
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', '-A'], { cwd: root });
  const scan = timed(() => scanNamespaceManifests(project));
  const found = scanNamespaceManifests(project);
  const quiet = [console.log, console.error];
  console.log = console.error = () => undefined;
  const synth = timed(() => main(join(project, 'clusters'), join(project, 'dist')));
  [console.log, console.error] = quiet;
  const manifests = found.root === undefined ? 0 : found.manifests.length;
  console.log(
    `| files in the repository | Namespace manifests found | scan (median / best) | main() with the scan (median / best) |`,
  );
  console.log(`|---|---|---|---|`);
  console.log(
    `| ${FILES} YAML | ${manifests} | ${scan.median.toFixed(1)} / ${scan.best.toFixed(1)} ms | ${synth.median.toFixed(1)} / ${synth.best.toFixed(1)} ms |`,
  );
  console.log(
    `\n${RUNS} runs each; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}); node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
