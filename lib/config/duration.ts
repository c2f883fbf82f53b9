/** Go durations as cert-manager and Flux read them ("8760h", "1h30m", "90s"). */

const DURATION_PATTERN = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** What a duration must look like, for error messages. */
export const DURATION_FORMAT = 'a duration in hours, minutes and seconds such as "8760h", "10m" or "1h30m"';

/** Seconds of a duration, or undefined when it is not one (or is zero). */
export function parseDuration(value: string): number | undefined {
  const match = DURATION_PATTERN.exec(value);
  if (!match || value === '') return undefined;
  const [, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  const total = hours * 3600 + minutes * 60 + seconds;
  return total > 0 ? total : undefined;
}

/**
 * The longest duration Go can hold: time.Duration is an int64 of nanoseconds, and time.ParseDuration
 * fails with "invalid duration" beyond it (Go's src/time/format.go). cert-manager, Flux and Prometheus
 * all parse durations with it.
 */
export const MAX_DURATION = '2562047h47m16s';
/** {@link MAX_DURATION} in whole seconds. */
export const MAX_DURATION_SECONDS = Math.floor((2 ** 63 - 1) / 1e9);
