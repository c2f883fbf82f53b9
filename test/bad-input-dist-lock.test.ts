/**
 * Issue 37, class 5: dist.lock is taken atomically. The lock never exists without its holder's process id
 * (written beside, then linked), and a stale lock is taken over by one synth only, so concurrent synths
 * never both enter and never delete each other's staging folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DistWriteError, writeDist } from '../lib/output/write-dist';

const ROOT = resolve(__dirname, '..');
const SYNTH = join(ROOT, 'scripts/synth.js');

/** Runs `count` real `npm run synth` processes (scripts/synth.js) at once; resolves to their exit codes and output. */
function synthsAtOnce(count: number, clusters: string, dist: string) {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<{ status: number | null; output: string }>((done) => {
          const child = spawn(process.execPath, [SYNTH, clusters, dist], { cwd: ROOT });
          let output = '';
          child.stdout.on('data', (chunk) => (output += chunk));
          child.stderr.on('data', (chunk) => (output += chunk));
          child.on('close', (status) => done({ status, output }));
        }),
    ),
  );
}

describe('several real synths at once', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dist-lock-'));
    mkdirSync(join(root, 'clusters'));
    for (const name of ['home', 'lab', 'studio'])
      writeFileSync(join(root, 'clusters', `${name}.yaml`), `meshedNamespaces: [apps]\n`);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test.each([
    ['no lock', () => undefined],
    // A killed synth's lock: every synth finds it stale at once; one takes it over.
    ['a stale lock', (dist: string) => writeFileSync(`${dist}.lock`, '999999999\n')],
  ])('%s: each one writes a complete dist/ or is refused by the lock; none breaks another', async (_name, plant) => {
    const clusters = join(root, 'clusters');
    const dist = join(root, 'dist');
    for (let round = 0; round < 2; round++) {
      plant(dist);
      const runs = await synthsAtOnce(4, clusters, dist);
      for (const run of runs) {
        if (run.status !== 0)
          expect(run.output).toMatch(/another synth \((process \d+|one taking the lock)\) is writing/);
        expect(run.output).not.toMatch(/\n\s+at |staging|cannot move/);
      }
      expect(runs.some((run) => run.status === 0)).toBe(true);
      // Exactly the three clusters, each complete; no lock, staging folder or old copy left.
      expect(readdirSync(dist).sort()).toEqual(['home', 'lab', 'studio']);
      for (const name of ['home', 'lab', 'studio'])
        expect(readFileSync(join(dist, name, 'kustomization.yaml'), 'utf8')).toContain('resources:');
      expect(readdirSync(root).sort()).toEqual(['clusters', 'dist']);
    }
  });
});

describe('the lock is never seen without its holder', () => {
  let root: string;
  let dist: string;
  const FILES = new Map([['lab/kustomization.yaml', 'new\n']]);
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dist-lock-'));
    dist = join(root, 'dist');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('a lock just created, its id not yet written (a synth of before this change): busy, not stale', () => {
    writeFileSync(`${dist}.lock`, '');
    expect(() => writeDist(dist, FILES)).toThrow(
      new DistWriteError(
        `another synth (one taking the lock) is writing ${dist}/ now; wait for it to finish (if no synth runs, remove ${dist}.lock)`,
        false,
      ),
    );
    expect(existsSync(`${dist}.lock`)).toBe(true);
  });

  test('a stale lock with another synth taking it over right now: this one waits, then takes it', () => {
    writeFileSync(`${dist}.lock`, '999999999\n');
    // A takeover whose synth was killed: its guard is stale too and is cleared.
    writeFileSync(`${dist}.lock.break`, '999999998\n');
    expect(writeDist(dist, FILES).notes).toEqual([]);
    expect(readdirSync(root).sort()).toEqual(['dist']);
  });

  test('release removes only its own lock', () => {
    expect(writeDist(dist, FILES).notes).toEqual([]);
    expect(existsSync(`${dist}.lock`)).toBe(false);
    expect(readdirSync(root).filter((entry) => entry.startsWith('dist.lock'))).toEqual([]);
  });
});
