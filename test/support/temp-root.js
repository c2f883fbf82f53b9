/**
 * Jest's globalSetup and globalTeardown: every temporary folder a test run makes goes under one folder of its
 * own in the system's temporary folder, removed when the run ends. cdk8s's `Testing.app()` makes an output
 * folder with mkdtemp that nothing removes (hundreds per run); tests and the tools they start (git, helm) take
 * TMPDIR from the environment the workers inherit. The folder stays outside any Git repository, as tests that
 * say "not in a Git repository" need.
 */

const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const OWN = 'LINKERD_FLUX_TEST_TMPDIR';

/** Makes the run's folder and points TMPDIR at it. */
async function setup() {
  const root = mkdtempSync(join(tmpdir(), 'linkerd-flux-tests-'));
  process.env[OWN] = root;
  process.env.TMPDIR = root;
}

/** Removes the run's folder and all in it. */
async function teardown() {
  const root = process.env[OWN];
  if (root) rmSync(root, { recursive: true, force: true });
}

module.exports = { setup, teardown };
