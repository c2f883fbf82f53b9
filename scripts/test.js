#!/usr/bin/env node
/**
 * `npm test [-- <jest args>]`: the type-check (tsc in build mode, incremental) and jest run at the same
 * time, and the run fails when either fails. Why: a warm type-check takes a fraction of a second and a
 * fresh one ~14 s of one core, beside jest's two workers, so the two take about as long as the slower one
 * instead of the sum (BENCHMARKS.md).
 * tsc's output is held back and printed after jest's, so the two never interleave.
 */

const { spawn } = require('node:child_process');
const { rmSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
// Build mode: with nothing changed since the last check it reads only file stamps and hashes (~0.2 s, where
// `tsc --noEmit --incremental` parses every file again, ~3.5 s); its state is .build/tsconfig.tsbuildinfo
// (beside tsconfig's outDir), and errors found stay reported until they are fixed.
const TSC = [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '--build', '.', '--noEmit', '--incremental'];
const BUILD_INFO = join(ROOT, '.build', 'tsconfig.tsbuildinfo');
/** npm writes this on every install: newer than the build state means the dependencies' types may have changed. */
const INSTALLED = join(ROOT, 'node_modules', '.package-lock.json');

/**
 * Build mode compares the project's own files only, not the declarations in node_modules: after an
 * install, the state is dropped so the next check is a full one (as in a fresh clone).
 */
function forgetStateAfterInstall() {
  try {
    if (statSync(INSTALLED).mtimeMs > statSync(BUILD_INFO).mtimeMs) rmSync(BUILD_INFO, { force: true });
  } catch {
    // no state yet, or no node_modules: nothing to forget
  }
}
const JEST = [require.resolve('jest/bin/jest', { paths: [ROOT] }), ...process.argv.slice(2)];

/** Runs node with `args`; resolves to its exit code (and its output when `capture`). */
function run(args, capture) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

forgetStateAfterInstall();
Promise.all([run(TSC, true), run(JEST, false)]).then(([tsc, jest]) => {
  if (tsc.code !== 0) process.stderr.write(`\ntsc --noEmit found type errors:\n${tsc.output}`);
  else process.stdout.write('tsc --noEmit: no type errors\n');
  process.exitCode = tsc.code || jest.code;
});
