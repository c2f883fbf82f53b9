/**
 * Reading what a Helm repository or a Helm chart package hands us, which is untrusted input: the bounds
 * (sizes, YAML aliases), the checks that keep a name from becoming a path outside its folder, and the
 * one error type a person can act on. Used by the repository client, the package reader and
 * release-line:add.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';

/** A failure a person can act on: the message says what failed and what to do. */
export class RepositoryError extends Error {}

/** How much untrusted data we read at most. */
export interface Limits {
  /** The largest index.yaml, in bytes. @default 32 MiB (Linkerd's edge index is well under 2 MiB) */
  readonly indexBytes: number;
  /** The largest Helm chart package as downloaded, in bytes. @default 16 MiB (Linkerd's largest is under 200 KiB) */
  readonly packageBytes: number;
  /** The most a Helm chart package may expand to (its tar), in bytes. @default 64 MiB (Linkerd's largest is under 2 MiB) */
  readonly unpackedBytes: number;
  /**
   * YAML aliases: yaml's `maxAliasCount`, which bounds how far aliases may expand a document (an
   * "alias bomb" otherwise takes minutes or the memory of the machine). @default 100 (yaml's own default)
   */
  readonly yamlAliases: number;
}

export const DEFAULT_LIMITS: Limits = {
  indexBytes: 32 * 1024 * 1024,
  packageBytes: 16 * 1024 * 1024,
  unpackedBytes: 64 * 1024 * 1024,
  yamlAliases: 100,
};

/** `33554432` → `32 MiB` */
export function mebibytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(2)} MiB`;
}

/**
 * Parses untrusted YAML (`what` names it in messages): aliases bounded, duplicate keys refused, and a
 * document nested too deeply for the parser refused with a message instead of a stack trace.
 */
export function parseUntrustedYaml(
  text: string,
  what: string,
  limits: Pick<Limits, 'yamlAliases'> = DEFAULT_LIMITS,
): unknown {
  const tooDeep = () =>
    new RepositoryError(`${what} is nested more than ${MAX_FLOW_DEPTH} levels deep; refused, check the mirror`);
  // yaml's parser recurses: thousands of nested brackets overflow the stack, tens of thousands abort the process.
  if (flowDepth(text) > MAX_FLOW_DEPTH) throw tooDeep();
  try {
    return parse(text, { maxAliasCount: limits.yamlAliases, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    if (error instanceof RangeError || /call stack/i.test(message)) throw tooDeep();
    if (/alias count/i.test(message)) {
      throw new RepositoryError(
        `${what} expands its YAML aliases beyond ${limits.yamlAliases} (an alias bomb?); refused, check the mirror`,
      );
    }
    throw new RepositoryError(`${what} is not valid YAML (${message}); check the mirror`);
  }
}

/** How deep YAML flow collections may nest (`[[[...`); far beyond any Helm chart's. */
const MAX_FLOW_DEPTH = 1000;

/** The deepest nesting of `[`/`{` in `text`, counted over every character (quotes and comments too: an upper bound). */
function flowDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x5b || code === 0x7b) deepest = Math.max(deepest, ++depth);
    else if ((code === 0x5d || code === 0x7d) && depth > 0) depth--;
  }
  return deepest;
}

/** Whether a value is a YAML mapping (a plain object). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Semantic Versioning 2.0.0, which Helm requires of a Helm chart's version (semver.org's regular expression).
 * It holds no `/`, `*` or space, so a checked version can name a file and sit in a comment.
 */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Whether `version` is a SemVer 2 version (what Helm accepts as a Helm chart version). */
export function isHelmChartVersion(version: string): boolean {
  return version.length <= 128 && SEMVER.test(version);
}

/**
 * `folder` joined with `segments`, checked to stay inside `folder`: each segment a plain file name
 * (no separator, not `.` or `..`, no NUL) and the result below `folder`. Throws a RepositoryError
 * naming `what` otherwise.
 */
export function inside(folder: string, segments: readonly string[], what: string): string {
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
      throw new RepositoryError(`${what}: "${segment}" is not a plain file name; refused, nothing was written`);
    }
  }
  const base = resolve(folder);
  const target = resolve(base, ...segments);
  const rel = relative(base, target);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw new RepositoryError(
      `${what}: ${JSON.stringify(segments.join('/'))} lies outside ${folder}; refused, nothing was written`,
    );
  }
  return target;
}
