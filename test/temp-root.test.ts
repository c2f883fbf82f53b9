/**
 * The run's temporary folder (test/support/temp-root.js): the workers make their temporary folders under it, it
 * is outside any Git repository, and teardown removes it with all in it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Testing } from 'cdk8s';

// Plain JavaScript, as jest loads it for globalSetup and globalTeardown.
const tempRoot = require('./support/temp-root.js') as { setup: () => Promise<void>; teardown: () => Promise<void> };

test('this worker makes its temporary folders, cdk8s test apps included, under the run folder', () => {
  expect(basename(tmpdir())).toMatch(/^linkerd-flux-tests-/);
  expect(dirname(Testing.app().outdir)).toBe(tmpdir());
  expect(spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: tmpdir(), encoding: 'utf8' }).status).not.toBe(0);
});

test('setup makes a folder and points TMPDIR at it; teardown removes it and what it holds', async () => {
  const saved = { TMPDIR: process.env.TMPDIR, own: process.env.LINKERD_FLUX_TEST_TMPDIR };
  try {
    await tempRoot.setup();
    const root = process.env.TMPDIR!;
    expect(process.env.LINKERD_FLUX_TEST_TMPDIR).toBe(root);
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'a', 'b', 'file'), 'x');
    await tempRoot.teardown();
    expect(existsSync(root)).toBe(false);
  } finally {
    process.env.TMPDIR = saved.TMPDIR;
    process.env.LINKERD_FLUX_TEST_TMPDIR = saved.own;
  }
});
