/**
 * `npm run bench:test [-- --runs 3]`: how long `npm test` takes, warm (run again with nothing changed,
 * in this checkout) and in a fresh clone (`git clone` of HEAD: no .build/ (type-check state, synth
 * bundle, helm renders, parsed YAML and tool answers), no .cache/ (compiled CRD validators), an empty jest cache; node_modules linked from this
 * checkout, as `npm ci` would install it; ../shared and promtool from here). Medians of --runs runs.
 * Writes the results into BENCHMARKS.md between its `bench:test` markers and prints them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { findSharedDir } from './test-data/shared-dir';

const ROOT = resolve(__dirname, '..');
const START = '<!-- bench:test -->';
const END = '<!-- /bench:test -->';
const GOALS = { warm: 15, fresh: 40 };

function parseRuns(argv: readonly string[]): number {
  if (argv.length === 0) return 3;
  const runs = Number(argv[1]);
  if (argv[0] !== '--runs' || argv.length !== 2 || !Number.isInteger(runs) || runs < 1) {
    throw new Error('usage: npm run bench:test [-- --runs N] (N a whole number of runs, e.g. --runs 3)');
  }
  return runs;
}

/** Seconds `npm test` took in `cwd`, and whether it passed. */
function npmTest(
  cwd: string,
  env: NodeJS.ProcessEnv,
  jestArgs: readonly string[] = [],
): { seconds: number; ok: boolean } {
  const started = process.hrtime.bigint();
  const result = spawnSync('npm', ['test', '--silent', '--', ...jestArgs], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, ok: result.status === 0 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function main(): void {
  const runs = parseRuns(process.argv.slice(2));
  // The data this checkout's tests read (SHARED_DIR, ../shared or .cache/shared), for the fresh clone too.
  const shared = findSharedDir(ROOT);
  const promtool = join(ROOT, '.build/promtool/usr/bin/promtool');
  const env = {
    ...process.env,
    SHARED_DIR: shared,
    ...(existsSync(promtool) && !process.env.PROMTOOL && { PROMTOOL: promtool }),
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);

  npmTest(ROOT, env); // warm-up: the state every run after the first finds
  const warm: number[] = [];
  const fresh: number[] = [];
  let failed = false;
  for (let run = 0; run < runs; run++) {
    log(`warm run ${run + 1}/${runs}`);
    const warmRun = npmTest(ROOT, env);
    warm.push(warmRun.seconds);
    const root = mkdtempSync(join(tmpdir(), 'linkerd-bench-test-'));
    try {
      const clone = join(root, 'project');
      const cloned = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { stdio: 'inherit' });
      if (cloned.status !== 0) throw new Error('git clone of this checkout failed');
      symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
      log(`fresh clone run ${run + 1}/${runs}`);
      const freshRun = npmTest(clone, env, ['--cacheDirectory', join(root, 'jest-cache')]);
      fresh.push(freshRun.seconds);
      failed ||= !warmRun.ok || !freshRun.ok;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const model =
    /model name\s*:\s*(.+)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ??
    cpus()[0]?.model ??
    'unknown';
  const load = existsSync('/proc/loadavg')
    ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
    : 'n/a';
  const verdict = (seconds: number, goal: number) =>
    `${seconds.toFixed(1)} s (goal ≤ ${goal} s: ${seconds <= goal ? 'met' : '**missed**'})`;
  const section = [
    START,
    `Command: \`npm run bench:test${runs !== 3 ? ` -- --runs ${runs}` : ''}\` (${runs} runs each, medians; \`npm test\` = \`tsc --build --noEmit\` and jest (two workers on 2 cores), side by side)`,
    '',
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- machine: ${cpus().length} cores, ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, node ${process.version}; load average at the end ${load}`,
    `- warm (run again with nothing changed): ${verdict(median(warm), GOALS.warm)}; runs ${warm.map((value) => value.toFixed(1)).join(', ')} s`,
    `- fresh clone (no .build/, .cache/ or jest cache): ${verdict(median(fresh), GOALS.fresh)}; runs ${fresh.map((value) => value.toFixed(1)).join(', ')} s`,
    ...(failed ? ['- some runs failed (their time still counts)'] : []),
    END,
  ].join('\n');
  const file = join(ROOT, 'BENCHMARKS.md');
  const current = readFileSync(file, 'utf8');
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end >= 0
      ? current.slice(0, start) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n## npm test\n\n${section}\n`;
  writeFileSync(file, next);
  process.stdout.write(`${section}\n`);
}

main();
