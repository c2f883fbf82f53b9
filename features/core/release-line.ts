/**
 * `releaseLine` as people write it: a line name (`edge-26.8.3`), or a Linkerd version (`2.20`, `"2.19"`),
 * taken as the newest line of that major in the catalog. YAML reads `releaseLine: 2.20` as the number 2.2,
 * so a number with one decimal that no major has is read as the version it was written as (2.2 → 2.20).
 */
import { RELEASE_LINE_NAMES, releaseLine } from '../../lib/linkerd/catalog';

/** How a Linkerd version written for `releaseLine` was read: the line it is taken as, and what to tell. */
export interface ReleaseLineReading {
  readonly line: string;
  /** The warning's text, after `releaseLine: `. */
  readonly note: string;
}

/** The newest catalog line of Linkerd major `major` (`2.20` → `edge-26.8.3`); the catalog lists newest first. */
export function newestLineOfMajor(major: string): string | undefined {
  return RELEASE_LINE_NAMES.find((name) => releaseLine(name).major === major);
}

/** The Linkerd majors the catalog has lines of, newest first (`2.20, 2.19, 2.18, 2.14`). */
export function catalogMajors(): string[] {
  return [...new Set(RELEASE_LINE_NAMES.map((name) => releaseLine(name).major).filter((major) => major !== undefined))];
}

/**
 * The line a Linkerd version written for `releaseLine` is taken as, or undefined when `value` is no version
 * of a major the catalog has (a line name, or anything else, is left to the schema).
 */
export function releaseLineReading(value: unknown): ReleaseLineReading | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const written = String(value);
    const line = /^\d+\.\d+$/.test(written) ? newestLineOfMajor(written) : undefined;
    if (line) {
      return {
        line,
        note: `${written} (a number, read as Linkerd ${written}): taken as ${line}, the newest ${written} line here; write the line name to pin it`,
      };
    }
    // `2.20` in YAML is the number 2.2: the zero YAML dropped, when no major 2.2 is known.
    const padded = /^\d+\.\d$/.test(written) ? `${written}0` : undefined;
    const paddedLine = padded ? newestLineOfMajor(padded) : undefined;
    if (padded && paddedLine) {
      return {
        line: paddedLine,
        note: `${written} (YAML reads ${padded} as a number): taken as ${paddedLine} (Linkerd ${padded}); write it in quotes or as the line name`,
      };
    }
    return undefined;
  }
  if (typeof value === 'string') {
    const version = /^v?(\d+\.\d+)$/.exec(value.trim())?.[1];
    const line = version ? newestLineOfMajor(version) : undefined;
    if (version && line) {
      return {
        line,
        note: `"${value}" (Linkerd ${version}): taken as ${line}, the newest ${version} line here; write the line name to pin it (a newer ${version} line added with npm run release-line:add would be taken instead)`,
      };
    }
  }
  return undefined;
}

/** What a `releaseLine` that names no line is told: the lines, the versions taken, and how to add a line. */
export function unknownReleaseLineMessage(value: unknown): string {
  const lines = RELEASE_LINE_NAMES.map((name) => `${name} (Linkerd ${releaseLine(name).major ?? '?'})`).join(', ');
  const versions = catalogMajors().join(', ');
  const written = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const version = /^v?(\d+\.\d+)$/.exec(written)?.[1];
  const dropped =
    typeof value === 'number' && /^\d+\.\d$/.test(written) ? ` (or ${written}0, which YAML reads as ${written})` : '';
  const what = version
    ? `is Linkerd ${version}${dropped}, which no release line here belongs to`
    : typeof value === 'string'
      ? 'is not a release line here'
      : `is not a release line: write a line name`;
  return `${what}; lines: ${lines}; a Linkerd version (${versions}) is taken as its newest line; npm run release-line:add -- <release> adds newer lines (docs/upgrading.md)`;
}
