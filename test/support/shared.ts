/**
 * ../shared holds the CRDs and chart values that tests check our output against. A person's own
 * clone may not have it: those tests are then skipped, and the run ends with one summary of what did
 * not run and what makes it run (test/support/skip-summary-reporter.js). In CI (CI=true) its absence
 * is a failure, so the checks can never silently stop running.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DIR = resolve(process.env.SHARED_DIR ?? resolve(__dirname, '../../../shared'));
export const HAS_SHARED = existsSync(resolve(SHARED_DIR, 'flux-crds')) && existsSync(resolve(SHARED_DIR, 'linkerd-charts'));

/** `describe` that runs only where ../shared exists, and says so where it does not. */
export function describeWithShared(name: string, body: () => void): void {
  if (HAS_SHARED) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('needs ../shared', () => {
        throw new Error(`CI needs ${SHARED_DIR} (CRDs and chart values) for "${name}"`);
      });
    });
    return;
  }
  describeMissing('../shared', name, `${SHARED_DIR} is absent`);
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
