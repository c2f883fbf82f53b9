/**
 * promtool (Prometheus' rule checker) for the tests that run it: $PROMTOOL, else .build/promtool
 * (`npm run fetch:promtool` unpacks Debian's prometheus package there, as CI does), else PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeMissing } from './shared';

function findPromtool(): string | undefined {
  if (process.env.PROMTOOL) return process.env.PROMTOOL;
  const unpacked = resolve(__dirname, '../../.build/promtool/usr/bin/promtool');
  if (existsSync(unpacked)) return unpacked;
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The promtool binary, or undefined where there is none. */
export const PROMTOOL: string | undefined = findPromtool();

/** `describe` that runs only where promtool is; elsewhere one skipped test the run's summary lists (under CI=true, a failure). */
export function describeWithPromtool(name: string, body: () => void): void {
  if (PROMTOOL) describe(name, body);
  else describeMissing('promtool', name, 'promtool is not on PATH nor in .build/promtool');
}
