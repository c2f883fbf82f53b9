/**
 * Talking to Helm repositories for release-line:add and outdated: fetching with a time-out and messages
 * that say what failed, reading index.yaml, and unpacking the files we need from a chart package (a
 * gzipped tar) with no dependency.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';

/** A failure a person can act on: the message says what failed and what to do. */
export class RepositoryError extends Error {}

/** GETs `url`; throws a RepositoryError naming the URL for an unreachable host, a time-out or an HTTP error. */
export async function fetchBytes(url: string, timeoutSeconds: number, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000), headers });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
      throw new RepositoryError(`no answer from ${url} within ${timeoutSeconds} s; check the network or the repository URL (--repo), or raise --timeout`);
    }
    throw new RepositoryError(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}; check the network or the repository URL (--repo)`);
  }
  let body: Buffer;
  try {
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new RepositoryError(`the answer of ${url} broke off: ${(error as Error).message}`);
  }
  return { status: response.status, body, headers: response.headers };
}

/** GETs `url` and insists on HTTP 200. */
export async function fetchOk(url: string, timeoutSeconds: number): Promise<Buffer> {
  const { status, body } = await fetchBytes(url, timeoutSeconds);
  if (status !== 200) throw new RepositoryError(`${url} answered HTTP ${status}; check the repository URL (--repo)`);
  return body;
}

/** One chart version in a repository's index.yaml. */
export interface IndexEntry {
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly urls: readonly string[];
  readonly digest?: string;
}

/** The entries of a Helm repository, by chart name. */
export async function repositoryIndex(repositoryUrl: string, timeoutSeconds: number): Promise<Map<string, IndexEntry[]>> {
  const url = `${repositoryUrl.replace(/\/+$/, '')}/index.yaml`;
  const text = (await fetchOk(url, timeoutSeconds)).toString('utf8');
  let index: { entries?: Record<string, unknown[]> };
  try {
    index = parse(text, { maxAliasCount: -1 }) ?? {};
  } catch (error) {
    throw new RepositoryError(`${url} is not a Helm repository index (not YAML: ${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof index !== 'object' || index === null || typeof index.entries !== 'object' || index.entries === null) {
    throw new RepositoryError(`${url} is not a Helm repository index (no "entries")`);
  }
  const entries = new Map<string, IndexEntry[]>();
  for (const [name, versions] of Object.entries(index.entries)) {
    if (!Array.isArray(versions)) continue;
    entries.set(
      name,
      versions
        .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
        .map((entry) => ({
          name,
          version: String(entry.version ?? ''),
          ...(entry.appVersion !== undefined && { appVersion: String(entry.appVersion) }),
          urls: Array.isArray(entry.urls) ? entry.urls.map(String) : [],
          ...(typeof entry.digest === 'string' && { digest: entry.digest }),
        })),
    );
  }
  return entries;
}

/** The absolute URL of a package, whose index entry may give it relative to the repository. */
export function packageUrl(repositoryUrl: string, entry: IndexEntry): string {
  const url = entry.urls[0];
  if (!url) throw new RepositoryError(`${entry.name} ${entry.version} has no download URL in the index of ${repositoryUrl}`);
  return new URL(url, `${repositoryUrl.replace(/\/+$/, '')}/`).toString();
}

/** Checks a downloaded package against the index's sha256 digest, when the index gives one. */
export function checkDigest(bytes: Buffer, entry: IndexEntry, url: string): void {
  if (!entry.digest) return;
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== entry.digest) {
    throw new RepositoryError(`${url} is corrupt or truncated: its sha256 is ${actual}, the index says ${entry.digest}; try again, or check the mirror`);
  }
}

/** The files of a chart package (`<chart>/Chart.yaml`, ...) whose names `wanted` accepts, by path. */
export function unpackChart(bytes: Buffer, url: string, wanted: (path: string) => boolean): Map<string, string> {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch (error) {
    throw new RepositoryError(`${url} is corrupt or truncated (not a gzip file: ${(error as Error).message}); try again, or check the mirror`);
  }
  const files = new Map<string, string>();
  let offset = 0;
  let ended = false;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) {
      ended = true;
      break;
    }
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const stored = parseInt(field(148, 8).trim() || '0', 8);
    let sum = 0;
    for (let index = 0; index < 512; index++) sum += index >= 148 && index < 156 ? 32 : header[index];
    if (sum !== stored) throw new RepositoryError(`${url} is corrupt (a tar header's checksum does not match); try again, or check the mirror`);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const start = offset + 512;
    if (start + size > tar.length) throw new RepositoryError(`${url} is truncated (${name} ends past the end of the package); try again, or check the mirror`);
    if ((type === '0' || type === '') && wanted(name)) files.set(name, tar.subarray(start, start + size).toString('utf8'));
    offset = start + Math.ceil(size / 512) * 512;
  }
  // A tar ends with zero blocks: without them the package was cut short.
  if (!ended) throw new RepositoryError(`${url} is truncated (the archive ends without its end marker); try again, or check the mirror`);
  return files;
}
