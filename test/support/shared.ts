/**
 * ../shared holds the CRDs and chart values that tests check our output against. A person's own
 * clone may not have it: those tests then say they were skipped and why. In CI (CI=true) its absence
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
  describe(name, () => {
    test.skip(`skipped: ${SHARED_DIR} is absent (it holds the CRDs and chart values this checks against)`, () => undefined);
  });
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED "${name}": ${SHARED_DIR} is absent (it holds the CRDs and chart values this checks against)`);
}
