/** What code under test prints, captured instead of shown. */

/** What `run` printed (each console.error and console.log call's arguments joined by a space) */
export interface Printed<T> {
  readonly result: T;
  readonly errors: string[];
  readonly logs: string[];
}

/**
 * Runs `run` with console.error and console.log captured; returns what it returned and printed. The
 * console is restored afterwards, also when `run` throws (the error is thrown on, with what was printed
 * until then on its `printed` property).
 */
export function captureConsole<T>(run: () => T): Printed<T> {
  const errors: string[] = [];
  const logs: string[] = [];
  const spies = [
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' '))),
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.join(' '))),
  ];
  try {
    return { result: run(), errors, logs };
  } catch (error) {
    if (error !== null && typeof error === 'object') Object.assign(error, { printed: { errors, logs } });
    throw error;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/**
 * Lines of main()'s errors that come from running outside a Git repository (a temporary folder): the
 * namespace-ownership scan's "could not look". The tests of other errors leave them out.
 */
export const withoutScanNotice = (errors: readonly string[]): string[] =>
  errors.filter((line) => !line.includes('could not look for Namespace manifests'));
