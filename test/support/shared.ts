/**
 * ../shared holds the CRDs and Helm chart values that tests check our output against. A person's own
 * clone may not have it: `npm run fetch:test-data` downloads the same upstream data into the
 * git-ignored .cache/shared/ (laid out like ../shared), which the tests read when ../shared is absent.
 * With neither, those tests are skipped, and the run ends with one summary of what did not run and
 * what makes it run (test/support/skip-summary-reporter.js). In CI (CI=true) their absence is a
 * failure, so the checks can never silently stop running. Where the data is found: SHARED_DIR, else
 * ../shared, else .cache/shared (scripts/test-data/shared-dir.ts, which the generators use too).
 */
import { resolve } from 'node:path';
import { findSharedDir, holdsSharedData } from '../../scripts/test-data/shared-dir';

// The one resolution of where the data is, shared with gen:values and gen:dashboards.
export { findSharedDir, holdsSharedData };

export const SHARED_DIR = findSharedDir(resolve(__dirname, '../..'));
export const HAS_SHARED = holdsSharedData(SHARED_DIR);

/** `describe` that runs only where ../shared exists, and says so where it does not. */
export function describeWithShared(name: string, body: () => void): void {
  if (HAS_SHARED) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('needs ../shared', () => {
        throw new Error(`CI needs ${SHARED_DIR} (CRDs and Helm chart values) for "${name}"`);
      });
    });
    return;
  }
  describeMissing(
    '../shared',
    name,
    process.env.SHARED_DIR ? `SHARED_DIR ${SHARED_DIR} is absent` : 'neither ../shared nor .cache/shared is there',
  );
}

/**
 * A skipped suite that the run's summary lists under `piece` (`../shared`, `promtool`, `kubectl`):
 * one pending test titled `missing <piece>: <why>`.
 */
export function describeMissing(piece: string, name: string, why: string): void {
  describe(name, () => {
    if (process.env.CI === 'true') {
      test(`needs ${piece}`, () => {
        throw new Error(`CI needs ${piece} for "${name}": ${why}`);
      });
    } else {
      test.skip(`missing ${piece}: ${why}`, () => undefined);
    }
  });
}
