/**
 * Talking to Helm repositories for release-line:add and outdated: fetching with a time-out, a size limit
 * and messages that say what failed, reading index.yaml (bounded), choosing package URLs and checking
 * packages against the index's digest. What a repository says is untrusted (see ./untrusted.ts).
 */
import { createHash } from 'node:crypto';
import { DEFAULT_LIMITS, isMapping, type Limits, mebibytes, parseUntrustedYaml, RepositoryError } from './untrusted';

export { RepositoryError } from './untrusted';
export { unpackHelmChart } from './helm-chart-package';

/**
 * GETs `url`; throws a RepositoryError naming the URL for an unreachable host, a time-out, an HTTP error
 * or an answer larger than `maxBytes` (read no further than that).
 */
export async function fetchBytes(
  url: string,
  timeoutSeconds: number,
  headers: Record<string, string> = {},
  maxBytes: number = DEFAULT_LIMITS.packageBytes,
): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const protocol = safeUrl(url)?.protocol;
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new RepositoryError(
      `${JSON.stringify(url)} is not an http(s) URL; a Helm repository is reached over HTTP(S)`,
    );
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000), headers });
  } catch (error) {
    throw fetchError(url, timeoutSeconds, error);
  }
  const tooLarge = () =>
    new RepositoryError(
      `${url} is larger than ${mebibytes(maxBytes)}; refused (a Helm repository's files are far smaller), check the URL or the mirror`,
    );
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const reader = response.body?.getReader();
    for (;;) {
      const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
      if (chunk.done) break;
      total += chunk.value.length;
      if (total > maxBytes) {
        await reader!.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(Buffer.from(chunk.value));
    }
  } catch (error) {
    if (error instanceof RepositoryError) throw error;
    if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError')
      throw fetchError(url, timeoutSeconds, error);
    throw new RepositoryError(`the answer of ${url} broke off: ${(error as Error).message}`);
  }
  return { status: response.status, body: Buffer.concat(chunks), headers: response.headers };
}

function fetchError(url: string, timeoutSeconds: number, error: unknown): RepositoryError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
    return new RepositoryError(
      `no answer from ${url} within ${timeoutSeconds} s; check the network or the repository URL (--repo), or raise --timeout`,
    );
  }
  return new RepositoryError(
    `cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}; check the network or the repository URL (--repo)`,
  );
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** GETs `url` and insists on HTTP 200 (and at most `maxBytes`). */
export async function fetchOk(
  url: string,
  timeoutSeconds: number,
  maxBytes: number = DEFAULT_LIMITS.packageBytes,
): Promise<Buffer> {
  const { status, body } = await fetchBytes(url, timeoutSeconds, {}, maxBytes);
  if (status !== 200) throw new RepositoryError(`${url} answered HTTP ${status}; check the repository URL (--repo)`);
  return body;
}

/** One Helm chart version in a repository's index.yaml. */
export interface IndexEntry {
  /** The Helm chart's name: the key of `entries` it is listed under. */
  readonly name: string;
  /** The entry's own `name` field, when it has one (it should equal {@link name}). */
  readonly nameField?: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly urls: readonly string[];
  readonly digest?: string;
}

/** The entries of a Helm repository, by Helm chart name. Bounded: the index's size and its YAML aliases. */
export async function repositoryIndex(
  repositoryUrl: string,
  timeoutSeconds: number,
  limits: Pick<Limits, 'indexBytes' | 'yamlAliases'> = DEFAULT_LIMITS,
): Promise<Map<string, IndexEntry[]>> {
  const url = indexUrl(repositoryUrl);
  return parseRepositoryIndex((await fetchOk(url, timeoutSeconds, limits.indexBytes)).toString('utf8'), url, limits);
}

/** Where a repository's index.yaml is. */
export function indexUrl(repositoryUrl: string): string {
  return `${repositoryUrl.replace(/\/+$/, '')}/index.yaml`;
}

/** The entries of an index.yaml's text (fetched from `url`), by Helm chart name; bounded by its YAML aliases. */
export function parseRepositoryIndex(
  text: string,
  url: string,
  limits: Pick<Limits, 'yamlAliases'> = DEFAULT_LIMITS,
): Map<string, IndexEntry[]> {
  const index = parseUntrustedYaml(text, url, limits);
  if (!isMapping(index) || !isMapping(index.entries))
    throw new RepositoryError(`${url} is not a Helm repository index (no "entries")`);
  const entries = new Map<string, IndexEntry[]>();
  for (const [name, versions] of Object.entries(index.entries)) {
    if (!Array.isArray(versions)) continue;
    const scalar = (value: unknown) =>
      typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    entries.set(
      name,
      versions.filter(isMapping).map((entry) => ({
        name,
        ...(scalar(entry.name) !== undefined && { nameField: scalar(entry.name) }),
        version: scalar(entry.version) ?? '',
        ...(scalar(entry.appVersion) !== undefined && { appVersion: scalar(entry.appVersion) }),
        urls: Array.isArray(entry.urls) ? entry.urls.filter((item): item is string => typeof item === 'string') : [],
        ...(typeof entry.digest === 'string' && { digest: entry.digest }),
      })),
    );
  }
  return entries;
}

/** The absolute URL of a package, whose index entry may give it relative to the repository; http(s) only. */
export function packageUrl(repositoryUrl: string, entry: IndexEntry): string {
  const url = entry.urls[0];
  if (!url)
    throw new RepositoryError(`${entry.name} ${entry.version} has no download URL in the index of ${repositoryUrl}`);
  let absolute: URL;
  try {
    absolute = new URL(url, `${repositoryUrl.replace(/\/+$/, '')}/`);
  } catch {
    throw new RepositoryError(
      `${entry.name} ${entry.version} has a download URL that is no URL (${JSON.stringify(url)}) in the index of ${repositoryUrl}`,
    );
  }
  if (absolute.protocol !== 'http:' && absolute.protocol !== 'https:') {
    throw new RepositoryError(
      `${entry.name} ${entry.version}'s download URL ${JSON.stringify(url)} in the index of ${repositoryUrl} is not http(s); refused`,
    );
  }
  return absolute.toString();
}

/** The sha256 of `bytes`, in lowercase hex (as Helm writes digests). */
export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An index entry's digest, checked to be a sha256 (64 hex digits, as `helm repo index` writes); a missing digest is refused. */
export function indexDigest(entry: IndexEntry, repositoryUrl: string): string {
  if (entry.digest === undefined)
    throw new RepositoryError(
      `${entry.name} ${entry.version} has no digest in the index of ${repositoryUrl}, so its package cannot be checked; refused (helm repo index writes one for every entry)`,
    );
  if (!/^[0-9a-fA-F]{64}$/.test(entry.digest))
    throw new RepositoryError(
      `${entry.name} ${entry.version} has a digest in the index of ${repositoryUrl} that is no sha256 (${JSON.stringify(entry.digest.slice(0, 80))}); refused`,
    );
  return entry.digest.toLowerCase();
}

/** Checks a downloaded package against the index's sha256 digest (which it must have). */
export function checkDigest(bytes: Buffer, entry: IndexEntry, url: string, repositoryUrl: string = url): void {
  const expected = indexDigest(entry, repositoryUrl);
  const actual = sha256(bytes);
  if (actual !== expected) {
    throw new RepositoryError(
      `${url} is corrupt or truncated: its sha256 is ${actual}, the index says ${expected}; try again, or check the mirror`,
    );
  }
}
