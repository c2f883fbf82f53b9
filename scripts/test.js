#!/usr/bin/env node
/**
 * `npm test [-- <jest args>]`: the type-check (tsc, incremental) and jest run at the same time, and
 * the run fails when either fails. Why: jest uses one worker on a 2-core machine and tsc one core, so
 * side by side they take about as long as the slower one instead of the sum (BENCHMARKS.md).
 * tsc's output is held back and printed after jest's, so the two never interleave.
 */
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const TSC = [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '--noEmit', '-p', '.', '--incremental', '--tsBuildInfoFile', join('.build', 'tsc.tsbuildinfo')];
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

Promise.all([run(TSC, true), run(JEST, false)]).then(([tsc, jest]) => {
  if (tsc.code !== 0) process.stderr.write(`\ntsc --noEmit found type errors:\n${tsc.output}`);
  else process.stdout.write('tsc --noEmit: no type errors\n');
  process.exitCode = tsc.code || jest.code;
});
