/**
 * Tests run untyped through SWC for speed; `npm test` type-checks with tsc beside them (scripts/test.js).
 * Which test files run is the tier's (test/support/test-tier.js, TEST_TIER=fast|render|ops|property, unset:
 * fast): `npm test`, `npm run test:render`, `npm run test:ops`, `npm run test:property`; CI runs all four.
 */
const { TIERS, testTier } = require('./test/support/test-tier.js');

const TIER = TIERS[testTier()];
const CORES = require('node:os').availableParallelism();

module.exports = {
  testEnvironment: 'node',
  testMatch: [...TIER.testMatch],
  testPathIgnorePatterns: [...TIER.testPathIgnorePatterns],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Jest's default (cores - 1) runs a 2-core machine in band, one suite at a time while a core waits on
  // helm, git or promtool: two workers there (beside `npm test`'s incremental tsc, quick when warm).
  maxWorkers: Math.max(2, CORES - 1),
  // Speed is the benchmark's business (npm run bench:test), not a test's: on a shared, busy machine a
  // suite that downloads or renders may take longer than jest's 5 s default without anything being wrong.
  testTimeout: 60_000,
  // One summary at the end of what did not run for want of ../shared, promtool or kubectl, and how to run it.
  reporters: ['default', '<rootDir>/test/support/skip-summary-reporter.js'],
  // Every temporary folder of the run under one, removed at the end (cdk8s's Testing.app() leaves its own).
  globalSetup: '<rootDir>/test/support/temp-root-setup.js',
  globalTeardown: '<rootDir>/test/support/temp-root-teardown.js',
};
