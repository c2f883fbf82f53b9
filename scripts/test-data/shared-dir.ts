/**
 * Where the upstream data is that the tests check against and the generators (gen:values, gen:dashboards)
 * generate from: `SHARED_DIR` when set, else ../shared beside the project, else the project's .cache/shared/
 * that `npm run fetch:test-data` fills (laid out like ../shared). The one resolution both use.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where fetch:test-data puts the data, relative to the project. */
export const TEST_DATA_DIR = '.cache/shared';

/** The command that fills {@link TEST_DATA_DIR}. */
export const FETCH_COMMAND = 'npm run fetch:test-data';

/** Whether `dir` holds the test data (fetch:test-data writes .cache/shared whole, so this means all of it). */
export function holdsSharedData(dir: string): boolean {
  return existsSync(resolve(dir, 'flux-crds')) && existsSync(resolve(dir, 'linkerd-charts'));
}

/**
 * Where the data is: SHARED_DIR when set, else ../shared beside the project, else the project's
 * .cache/shared when fetch:test-data filled it; ../shared (absent) when neither is there.
 */
export function findSharedDir(projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHARED_DIR) return resolve(env.SHARED_DIR);
  const beside = resolve(projectDir, '../shared');
  const fetched = resolve(projectDir, TEST_DATA_DIR);
  return !holdsSharedData(beside) && holdsSharedData(fetched) ? fetched : beside;
}

/** The data a command needs is in none of the places it reads: the message says where it looked and what fills them. */
export class SharedDataMissing extends Error {}

/**
 * {@link findSharedDir}, for a command that needs the sub-folders `needs` (e.g. `linkerd-charts`) there.
 * Throws a {@link SharedDataMissing} naming every place tried (SHARED_DIR, or ../shared and .cache/shared)
 * and the command that fills .cache/shared; the caller puts its own name in front (`gen:values: needs ...`).
 */
export function requireSharedDir(
  needs: readonly string[],
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = findSharedDir(projectDir, env);
  const missing = (folder: string) => needs.filter((name) => !existsSync(join(folder, name)));
  if (missing(dir).length === 0) return dir;
  const what = needs.map((name) => `${name}/`).join(' and ');
  const state = (folder: string) =>
    existsSync(folder)
      ? `has no ${missing(folder)
          .map((name) => `${name}/`)
          .join(' and ')}`
      : 'is absent';
  if (env.SHARED_DIR) {
    throw new SharedDataMissing(
      `needs ${what} in SHARED_DIR, and ${dir} ${state(dir)}. Point SHARED_DIR at a folder laid out like ../shared, or unset it to read ../shared, else ${TEST_DATA_DIR} (which \`${FETCH_COMMAND}\` fills).`,
    );
  }
  const beside = resolve(projectDir, '../shared');
  const fetched = resolve(projectDir, TEST_DATA_DIR);
  if (missing(fetched).length === 0) {
    // ../shared holds test data, so it is read first, but not what this command needs; .cache/shared has it.
    throw new SharedDataMissing(
      `needs ${what}: ../shared (${beside}) is read first and ${state(beside)}; ${TEST_DATA_DIR} has it: run again with SHARED_DIR=${TEST_DATA_DIR}.`,
    );
  }
  throw new SharedDataMissing(
    `needs ${what}, in neither place it reads: ../shared (${beside}) ${state(beside)}, and ${TEST_DATA_DIR} (${fetched}) ${state(fetched)}. Run \`${FETCH_COMMAND}\` to download the data into ${TEST_DATA_DIR}/, or set SHARED_DIR to a folder laid out like ../shared.`,
  );
}
