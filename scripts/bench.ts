/**
 * `npm run bench [-- --runs 5 --baseline <rev>]`: measures synthesis wall time and peak memory (median
 * of --runs runs) for the default config, 10–20000 meshed namespaces and 1–20 clusters; the same code
 * run with tsx; the floor (`node -e "require('cdk8s')"`, run right before each synthesis run: the
 * "× floor" column is the median of those paired ratios, so a busy machine slows both sides of a pair
 * alike); optionally an older revision (`--baseline <rev>`). The goals: the default config at most
 * 2.5× the floor, and 20000 meshed namespaces under 2 s with linear growth. Writes the results into BENCHMARKS.md between its
 * `bench:results` markers and prints them. `npm test`'s time: `npm run bench:test` (scripts/bench-test.ts).
 *
 * Every run synthesizes generated configs into a temp folder: the project's clusters/ and dist/ are
 * only read (clusters/ as the default scenario), never written.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const RESULTS_START = '<!-- bench:results -->';
const RESULTS_END = '<!-- /bench:results -->';

interface Options {
  readonly runs: number;
  /** A git revision to measure too, as it ran then (`node --import tsx main.ts`): the "before". */
  readonly baseline?: string;
}

/** One measured command: median wall seconds and median peak RSS (MiB, largest process). */
interface Measurement {
  readonly seconds: number;
  readonly mebibytes: number | undefined;
  /** False when the command failed (only where failure is allowed). */
  readonly ok?: boolean;
  /** The fastest run, when several: on a shared machine the least disturbed one. */
  readonly best?: number;
}

/** A set of cluster configs to synthesize. */
interface Scenario {
  readonly name: string;
  /** Files of the clusters folder: name → text. */
  readonly configs: ReadonlyMap<string, string>;
}

function parseOptions(argv: readonly string[]): Options {
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs, e.g. --runs 3');
  const baselineAt = argv.indexOf('--baseline');
  const baseline = baselineAt >= 0 ? argv[baselineAt + 1] : undefined;
  if (baselineAt >= 0 && !baseline) throw new Error('--baseline takes a git revision, e.g. --baseline HEAD~3');
  const known = new Set(['--runs', '--baseline']);
  argv.forEach((argument, index) => {
    const isValue = index > 0 && (argv[index - 1] === '--runs' || argv[index - 1] === '--baseline');
    if (!isValue && !known.has(argument))
      throw new Error(`unknown argument "${argument}"; usage: npm run bench [-- --runs N --baseline <rev>]`);
  });
  return { runs, baseline };
}

function scenarios(): Scenario[] {
  const projectConfigs = new Map(
    readdirSync(join(ROOT, 'clusters'))
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => [file, readFileSync(join(ROOT, 'clusters', file), 'utf8')] as const),
  );
  const meshed = (count: number) => {
    const names = Array.from({ length: count }, (_, index) => `  - app-${String(index + 1).padStart(5, '0')}`);
    return new Map([['studio.yaml', `meshedNamespaces:\n${names.join('\n')}\n`]]);
  };
  const clusters = (count: number) =>
    new Map(
      Array.from(
        { length: count },
        (_, index) => [`cluster-${String(index + 1).padStart(2, '0')}.yaml`, '{}\n'] as const,
      ),
    );
  return [
    { name: 'default config (clusters/)', configs: projectConfigs },
    { name: '10 meshed namespaces', configs: meshed(10) },
    { name: '100 meshed namespaces', configs: meshed(100) },
    { name: '1000 meshed namespaces', configs: meshed(1000) },
    { name: '5000 meshed namespaces', configs: meshed(5000) },
    { name: '20000 meshed namespaces', configs: meshed(20000) },
    { name: '1 cluster (defaults)', configs: clusters(1) },
    { name: '5 clusters', configs: clusters(5) },
    { name: '20 clusters', configs: clusters(20) },
  ];
}

/** Runs a command once, timing it; peak RSS from GNU time when it exists. */
function runOnce(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  mayFail = false,
): Measurement {
  const hasTime = existsSync('/usr/bin/time');
  const memoryFile = join(tmpdir(), `bench-memory-${process.pid}`);
  const [file, fileArgs] = hasTime
    ? ['/usr/bin/time', ['-f', '%M', '-o', memoryFile, command, ...args]]
    : [command, args];
  const started = process.hrtime.bigint();
  const result = spawnSync(file, fileArgs, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && !mayFail) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  }
  const kilobytes = hasTime ? Number(readFileSync(memoryFile, 'utf8').trim().split('\n').pop()) : NaN;
  return { seconds, mebibytes: Number.isFinite(kilobytes) ? kilobytes / 1024 : undefined, ok: result.status === 0 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of `runs` runs; `before` runs untimed before each (e.g. to empty a cache). */
function measure(runs: number, run: () => Measurement, before?: () => void): Measurement {
  const samples: Measurement[] = [];
  for (let index = 0; index < runs; index++) {
    before?.();
    samples.push(run());
  }
  const memory = samples.map((sample) => sample.mebibytes).filter((value): value is number => value !== undefined);
  return {
    seconds: median(samples.map((sample) => sample.seconds)),
    best: Math.min(...samples.map((sample) => sample.seconds)),
    mebibytes: memory.length ? median(memory) : undefined,
  };
}

/**
 * `runs` pairs of (floor, `run`): the measurement of `run` and the median of the ratios run / floor
 * within each pair.
 */
function measurePaired(
  runs: number,
  floor: () => Measurement,
  run: () => Measurement,
): { measurement: Measurement; ratio: number } {
  const ratios: number[] = [];
  const measurement = measure(runs, () => {
    const base = floor();
    const sample = run();
    ratios.push(sample.seconds / base.seconds);
    return sample;
  });
  return { measurement, ratio: median(ratios) };
}

function writeClusters(directory: string, configs: ReadonlyMap<string, string>): void {
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  for (const [file, text] of configs) writeFileSync(join(directory, file), text);
}

/** Every file under `directory`, by relative path. */
function readTree(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) visit(full);
      else files.set(relative(directory, full), readFileSync(full, 'utf8'));
    }
  };
  visit(directory);
  return files;
}

function sameTree(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, content]) => b.get(path) === content);
}

/** The project at `revision` (git archive), sharing our node_modules; it synthesizes ./clusters into ./dist. */
function baselineApp(root: string, revision: string): string {
  const app = join(root, 'baseline-app');
  mkdirSync(app, { recursive: true });
  const archive = spawnSync('git', ['archive', revision], { cwd: ROOT, maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive ${revision} failed: ${archive.stderr}`);
  const untar = spawnSync('tar', ['-x', '-C', app], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  return app;
}

/** The scenario the libraries' own floor is measured beside. */
const LIBRARY_FLOOR_SCENARIO = '20000 meshed namespaces';

/**
 * The floor of the libraries at that size, nothing of ours: `yaml` parses the config (as lib/plan/config-load.ts
 * does), cdk8s builds one plain Namespace ApiObject per meshed namespace in one Chart and renders them
 * (`toJson`), written as JSON. What `npm run synth` adds on top of this is ours to cut.
 */
const LIBRARY_FLOOR = `
const { App, Chart, ApiObject } = require('cdk8s');
const { parseDocument } = require('yaml');
const config = parseDocument(require('node:fs').readFileSync(process.argv[1], 'utf8')).toJS();
const chart = new Chart(new App(), 'mesh');
for (const name of config.meshedNamespaces) {
  new ApiObject(chart, name, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations: { 'linkerd.io/inject': 'enabled' } } });
}
process.stdout.write(chart.toJson().map((object) => JSON.stringify(object)).join('\\n').length + ' bytes\\n');
`;

/** The load average (1, 5 and 15 minutes), as `uptime` prints it: on a shared machine, what the figures ran beside. */
const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

function machine(loadAtStart: string): string[] {
  const model =
    /model name\s*:\s*(.+)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ??
    cpus()[0]?.model ??
    'unknown';
  const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout?.trim() || String(cpus().length);
  return [
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- machine: ${nproc} cores (nproc), ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, node ${process.version}`,
    `- load average (1, 5, 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end`,
  ];
}

const seconds = (value: number) => `${value.toFixed(2)} s`;
const withBest = (measurement: Measurement) =>
  `${seconds(measurement.seconds)} (min ${seconds(measurement.best ?? measurement.seconds)})`;
const memory = (measurement: Measurement) =>
  measurement.mebibytes === undefined ? 'n/a' : `${measurement.mebibytes.toFixed(0)} MiB`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const loadAtStart = loadAverage();
  const root = mkdtempSync(join(tmpdir(), 'linkerd-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const clustersDir = join(root, 'clusters');
    const oursDist = join(root, 'dist-ours');
    const tsxDist = join(root, 'dist-tsx');
    const baseline = options.baseline ? baselineApp(root, options.baseline) : undefined;
    const synth = join(ROOT, 'scripts', 'synth.js');
    const stamp = join(ROOT, '.build', 'synth', 'stamp');

    log('floor: node -e "require(\'cdk8s\')"');
    const floor = measure(options.runs, () => runOnce(process.execPath, ['-e', "require('cdk8s')"], ROOT));
    // Warm the bundle once, so the runs below measure what every run after a change measures.
    writeClusters(clustersDir, scenarios()[0].configs);
    runOnce(process.execPath, [synth, clustersDir, oursDist], ROOT);

    const rows: string[] = [];
    const results = new Map<string, { ours: Measurement; ratio: number; tsx: Measurement; baseline?: Measurement }>();
    const runFloor = () => runOnce(process.execPath, ['-e', "require('cdk8s')"], ROOT);
    let cold: Measurement | undefined;
    let libraryFloor: Measurement | undefined;
    for (const scenario of scenarios()) {
      log(`${scenario.name}`);
      writeClusters(clustersDir, scenario.configs);
      const { measurement: ours, ratio } = measurePaired(options.runs, runFloor, () =>
        runOnce(process.execPath, [synth, clustersDir, oursDist], ROOT),
      );
      const tsx = measure(options.runs, () =>
        runOnce(process.execPath, ['--import', 'tsx', join(ROOT, 'main.ts'), clustersDir, tsxDist], ROOT),
      );
      if (!sameTree(readTree(oursDist), readTree(tsxDist)))
        throw new Error(`${scenario.name}: the bundle and tsx wrote different dist/ trees`);
      if (!cold) {
        // The first run after a source change rebuilds the bundle: forget the stamp before each run.
        cold = measure(
          options.runs,
          () => runOnce(process.execPath, [synth, clustersDir, oursDist], ROOT),
          () => rmSync(stamp, { force: true }),
        );
      }
      let before: Measurement | undefined;
      if (baseline) {
        writeClusters(join(baseline, 'clusters'), scenario.configs);
        before = measure(options.runs, () => runOnce(process.execPath, ['--import', 'tsx', 'main.ts'], baseline));
      }
      results.set(scenario.name, { ours, ratio, tsx, baseline: before });
      if (scenario.name === LIBRARY_FLOOR_SCENARIO) {
        libraryFloor = measure(options.runs, () =>
          runOnce(process.execPath, ['-e', LIBRARY_FLOOR, join(clustersDir, 'studio.yaml')], ROOT),
        );
      }
      rows.push(
        `| ${scenario.name} | ${withBest(ours)} | ${memory(ours)} | ${ratio.toFixed(1)}× | ${seconds(tsx.seconds)} | ` +
          `${before ? `${seconds(before.seconds)} | ${memory(before)}` : '– | –'} |`,
      );
    }

    const get = (name: string) => results.get(name)!;
    const defaults = get('default config (clusters/)');
    const n1000 = get('1000 meshed namespaces').ours.seconds;
    const n5000 = get('5000 meshed namespaces').ours.seconds;
    const n20000 = get('20000 meshed namespaces').ours.seconds;
    // Linear: the time each namespace adds from 5000 to 20000 is at most twice what it adds from 1000 to 5000.
    const perNamespaceLow = ((n5000 - n1000) / 4000) * 1000;
    const perNamespaceHigh = ((n20000 - n5000) / 15000) * 1000;
    const linear = perNamespaceHigh <= 2 * Math.max(perNamespaceLow, 0.02);
    const goals = [
      `- default config ≤ 2.5× the floor (paired median): ${defaults.ratio.toFixed(2)}× (${verdict(defaults.ratio <= 2.5)})`,
      `- 20000 meshed namespaces < 2 s and linear: ${seconds(n20000)}; ${perNamespaceLow.toFixed(3)} ms per namespace ` +
        `from 1000 to 5000, ${perNamespaceHigh.toFixed(3)} ms from 5000 to 20000 (${verdict(n20000 < 2 && linear)})`,
      `- for comparison, the libraries alone at 20000 namespaces (yaml parsing the config, 20000 plain cdk8s ` +
        `Namespace objects and toJson, nothing of ours): ${libraryFloor ? withBest(libraryFloor) : 'not measured'}`,
    ];

    const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
    const section = [
      RESULTS_START,
      `Command: \`${command}\` (${options.runs} runs each, medians, and the fastest run as min; memory is the peak RSS of the largest process, from GNU time)`,
      '',
      ...machine(loadAtStart),
      '',
      `| scenario | \`npm run synth\` (bundle) | peak memory | × floor | same code via \`node --import tsx main.ts\` | before: ${options.baseline ? `\`${options.baseline}\` via tsx` : '(no --baseline)'} | its peak memory |`,
      '|---|---|---|---|---|---|---|',
      `| floor: \`node -e "require('cdk8s')"\` (alone) | ${withBest(floor)} | ${memory(floor)} | 1.0× | | | |`,
      ...rows,
      '',
      `First run after a source change (the bundle is rebuilt), default config: ${seconds(cold!.seconds)}.`,
      '',
      'Goals:',
      ...goals,
      RESULTS_END,
    ].join('\n');

    const file = join(ROOT, 'BENCHMARKS.md');
    const current = existsSync(file)
      ? readFileSync(file, 'utf8')
      : `# Benchmarks\n\n${RESULTS_START}\n${RESULTS_END}\n`;
    const start = current.indexOf(RESULTS_START);
    const end = current.indexOf(RESULTS_END);
    if (start < 0 || end < 0) throw new Error(`BENCHMARKS.md lacks the ${RESULTS_START} … ${RESULTS_END} markers`);
    writeFileSync(file, current.slice(0, start) + section + current.slice(end + RESULTS_END.length));
    process.stdout.write(`${section}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
