/**
 * gen:values and gen:dashboards find the Helm chart data where the tests do (scripts/test-data/shared-dir.ts):
 * SHARED_DIR, else ../shared, else the .cache/shared that fetch:test-data fills; with none of them a plain
 * message naming the places tried and the command that fills .cache/shared, exit status 1, no stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findSharedDir, requireSharedDir, SharedDataMissing, TEST_DATA_DIR } from '../scripts/test-data/shared-dir';
import { findSharedDir as testsFindSharedDir } from './support/shared';

/** The project (not from support/synth, which would load cdk8s and the charts for nothing). */
const PROJECT_DIR = resolve(__dirname, '..');

let root: string;
let project: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'shared-dir-'));
  project = join(root, 'project');
  mkdirSync(project);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Makes `folder` hold the sub-folders `names` (empty: only their presence is read here). */
function fill(folder: string, names: readonly string[]): string {
  for (const name of names) mkdirSync(join(folder, name), { recursive: true });
  return folder;
}

const VALUES_NEEDS = ['linkerd-charts', 'jaeger-charts'];

test('the tests and the generators resolve the folder with one function', () => {
  expect(testsFindSharedDir).toBe(findSharedDir);
});

test('the generators read SHARED_DIR, else ../shared, else .cache/shared, like the tests', () => {
  const fetched = fill(join(project, TEST_DATA_DIR), ['flux-crds', ...VALUES_NEEDS, 'linkerd-grafana']);
  expect(requireSharedDir(VALUES_NEEDS, project, {})).toBe(fetched);
  expect(requireSharedDir(['linkerd-grafana'], project, {})).toBe(fetched);
  const beside = fill(join(root, 'shared'), ['flux-crds', ...VALUES_NEEDS, 'linkerd-grafana']);
  expect(requireSharedDir(VALUES_NEEDS, project, {})).toBe(beside);
  const elsewhere = fill(join(root, 'elsewhere'), VALUES_NEEDS);
  expect(requireSharedDir(VALUES_NEEDS, project, { SHARED_DIR: elsewhere })).toBe(elsewhere);
});

test('with neither ../shared nor .cache/shared the error names both, what is missing, and npm run fetch:test-data', () => {
  let thrown: unknown;
  try {
    requireSharedDir(VALUES_NEEDS, project, {});
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SharedDataMissing);
  expect((thrown as Error).message).toBe(
    `needs linkerd-charts/ and jaeger-charts/, in neither place it reads: ../shared (${join(root, 'shared')}) is absent, and .cache/shared (${join(project, TEST_DATA_DIR)}) is absent. Run \`npm run fetch:test-data\` to download the data into .cache/shared/, or set SHARED_DIR to a folder laid out like ../shared.`,
  );
  fill(join(root, 'shared'), ['flux-crds', 'linkerd-charts']);
  expect(() => requireSharedDir(VALUES_NEEDS, project, {})).toThrow(
    `../shared (${join(root, 'shared')}) has no jaeger-charts/, and .cache/shared`,
  );
  // ../shared holds test data (so it comes first) but not this: .cache/shared does, and the message says so.
  fill(join(project, TEST_DATA_DIR), ['flux-crds', 'linkerd-grafana']);
  expect(() => requireSharedDir(['linkerd-grafana'], project, {})).toThrow(
    `needs linkerd-grafana/: ../shared (${join(root, 'shared')}) is read first and has no linkerd-grafana/; .cache/shared has it: run again with SHARED_DIR=.cache/shared.`,
  );
});

/** Runs `npm run <script>` as npm would (node --import tsx); its exit status and output. */
function runScript(
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: PROJECT_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('gen:values and gen:dashboards without their data: the message, exit status 1, no stack trace', async () => {
  // A SHARED_DIR that holds only what the other generator needs (symbolic links to the real thing would do
  // too; an empty folder of each is enough for the check).
  const onlyGrafana = fill(join(root, 'only-grafana'), ['linkerd-grafana']);
  const onlyCharts = join(root, 'only-charts');
  mkdirSync(onlyCharts);
  symlinkSync(join(root, 'absent'), join(onlyCharts, 'linkerd-grafana')); // a dangling link is no data either
  const [values, dashboards] = await Promise.all([
    runScript('scripts/gen-values.ts', { SHARED_DIR: onlyGrafana }),
    runScript('scripts/gen-dashboards.ts', { SHARED_DIR: onlyCharts }),
  ]);
  expect(values).toEqual({
    status: 1,
    stdout: '',
    stderr: `gen:values: needs linkerd-charts/ and jaeger-charts/ and cert-manager-charts/ in SHARED_DIR, and ${onlyGrafana} has no linkerd-charts/ and jaeger-charts/ and cert-manager-charts/. Point SHARED_DIR at a folder laid out like ../shared, or unset it to read ../shared, else .cache/shared (which \`npm run fetch:test-data\` fills).\n`,
  });
  expect(dashboards).toEqual({
    status: 1,
    stdout: '',
    stderr: `gen:dashboards: needs linkerd-grafana/ in SHARED_DIR, and ${onlyCharts} has no linkerd-grafana/. Point SHARED_DIR at a folder laid out like ../shared, or unset it to read ../shared, else .cache/shared (which \`npm run fetch:test-data\` fills).\n`,
  });
});
