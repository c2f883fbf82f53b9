/**
 * `npm run fetch:test-data [-- --edge-repo <url> --stable-repo <url> --jaeger-repo <url> --jetstack-repo <url>
 * --raw-source <url> --timeout <seconds>]`
 *
 * Downloads the upstream data the tests check against (what ../shared holds beside the project) into the
 * git-ignored .cache/shared/, laid out like ../shared, for a clone without it (the tests and gen:values/gen:dashboards
 * read ../shared when it exists, else this: test-data/shared-dir.ts):
 * - helm-repositories/<repository>/: the Helm chart packages of every catalog line (linkerd-edge, linkerd-stable),
 *   of Jaeger (jaeger) and of cert-manager and trust-manager (jetstack), each checked against the sha256 of
 *   its own repository's index.yaml; an index.yaml of the packages kept, with relative URLs.
 * - linkerd-charts/<line>/<chart>/, jaeger-charts/jaeger-<version>/, cert-manager-charts/<chart>-<version>/:
 *   Chart.yaml, values.yaml and values-ha.yaml, taken from those packages.
 * - flux-crds/, cert-manager-crds/, prometheus-operator-crds/: the CRD files of scripts/test-data/upstream-crds.ts,
 *   each checked against the sha256 pinned there.
 * - linkerd-grafana/linkerd/linkerd2/<line>/grafana/: linkerd2's grafana/ at each line's tag (values.yaml and the
 *   dashboards it lists), checked by making from it exactly the committed imports/linkerd-grafana/<line>.ts and the set of dashboards it re-exports.
 * ../shared's hand-written docs/ are not upstream data and are not fetched (no test reads them).
 *
 * Everything is untrusted input, read as release-line:add reads it (scripts/release-lines/): sizes and YAML
 * aliases bounded, names never paths outside their folder, digests checked on every use (a cached file is
 * reused only when its sha256 is the expected one). The folder appears whole or not at all, and a run that
 * finds everything in place writes nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { CHANNEL_REPOSITORIES, LINKERD_HELM_CHARTS } from '../lib/linkerd/helm-charts';
import {
  CERT_MANAGER_HELM_CHART,
  JAEGER_HELM_CHART,
  TRUST_MANAGER_HELM_CHART,
} from '../lib/linkerd/companion-helm-charts';
import { RELEASE_LINE_NAMES, releaseLine } from '../lib/linkerd/catalog';
import { valuesDocument } from './gen-values';
import { unpackHelmChart } from './release-lines/helm-chart-package';
import {
  DASHBOARDS_OUTPUT_DIR,
  GRAFANA_SOURCE_URL,
  lineModules,
  MAX_DASHBOARD_BYTES,
  readGrafanaFolder,
} from './release-lines/grafana-dashboards';
import {
  checkDigest,
  fetchOk,
  type IndexEntry,
  indexDigest,
  indexUrl,
  packageUrl,
  parseRepositoryIndex,
  sha256,
} from './release-lines/helm-repository';
import {
  DEFAULT_LIMITS,
  inside,
  isHelmChartVersion,
  isMapping,
  type Limits,
  mebibytes,
  parseUntrustedYaml,
  RepositoryError,
} from './release-lines/untrusted';
import { MAX_CRD_BYTES, UPSTREAM_CRDS } from './test-data/upstream-crds';
import { TEST_DATA_DIR } from './test-data/shared-dir';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';

export { RepositoryError } from './release-lines/untrusted';

/** Where the data goes, relative to the project (where the tests and generators look: test-data/shared-dir.ts). */
export { TEST_DATA_DIR } from './test-data/shared-dir';

/**
 * cert-manager's and trust-manager's HTTP Helm repository: the mesh installs them from their OCI registry
 * (lib/linkerd/companion-helm-charts.ts); jetstack publishes every release here too, with an index and digests.
 */
export const JETSTACK_REPOSITORY = 'https://charts.jetstack.io';

/** The most one run downloads in all. @default 256 MiB (about 8 MiB today) */
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

/** What to fetch from where. */
export interface FetchTestDataOptions {
  /** The project: its .cache/ and its committed imports/linkerd-grafana/. */
  readonly projectDir: string;
  /** @default https://helm.linkerd.io/edge */
  readonly edgeRepo?: string;
  /** @default https://helm.linkerd.io/stable */
  readonly stableRepo?: string;
  /** @default Jaeger's repository (lib/linkerd/companion-helm-charts.ts) */
  readonly jaegerRepo?: string;
  /** @default {@link JETSTACK_REPOSITORY} */
  readonly jetstackRepo?: string;
  /** Where GitHub's files are served raw (`<url>/<owner>/<repo>/<tag>/<path>`). @default https://raw.githubusercontent.com */
  readonly rawSource?: string;
  /** The release lines whose Helm charts and dashboards are fetched (a test takes fewer, to stay fast). @default every catalog line */
  readonly lines?: readonly string[];
  /** Per request. @default 30 */
  readonly timeoutSeconds?: number;
  /** @default DEFAULT_LIMITS, and {@link MAX_TOTAL_BYTES} for the whole run */
  readonly limits?: Partial<Limits & { readonly totalBytes: number }>;
}

/** What a run did. */
export interface FetchTestDataResult {
  /** Whether .cache/shared was written (false: everything was in place). */
  readonly written: boolean;
  /** Files in .cache/shared, and their bytes. */
  readonly files: number;
  readonly bytes: number;
  /** Requests made (indexes included), and the bytes they brought. */
  readonly downloads: number;
  readonly downloadedBytes: number;
}

/** A Helm chart package to keep: which repository folder, which Helm chart and version. */
interface WantedHelmChart {
  readonly folder: string;
  readonly helmChart: string;
  readonly version: string;
}

/** A repository folder of helm-repositories/, where it is fetched from and the flag that points it elsewhere. */
interface Repository {
  readonly url: string;
  readonly flag: string;
}

/** Fetches everything into `<projectDir>/.cache/shared`; throws a RepositoryError saying what failed (nothing changed then). */
export async function fetchTestData(options: FetchTestDataOptions): Promise<FetchTestDataResult> {
  const outDir = join(options.projectDir, TEST_DATA_DIR);
  const timeoutSeconds = options.timeoutSeconds ?? 30;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const totalBytes = options.limits?.totalBytes ?? MAX_TOTAL_BYTES;
  const rawSource = (options.rawSource ?? GRAFANA_SOURCE_URL).replace(/\/+$/, '');
  const lines = options.lines ?? RELEASE_LINE_NAMES;
  const repositories: Record<string, Repository> = {
    'linkerd-edge': { url: options.edgeRepo ?? CHANNEL_REPOSITORIES.edge, flag: '--edge-repo' },
    'linkerd-stable': { url: options.stableRepo ?? CHANNEL_REPOSITORIES.stable, flag: '--stable-repo' },
    jaeger: { url: options.jaegerRepo ?? JAEGER_HELM_CHART.repositoryUrl, flag: '--jaeger-repo' },
    jetstack: { url: options.jetstackRepo ?? JETSTACK_REPOSITORY, flag: '--jetstack-repo' },
  };

  let downloads = 0;
  let downloadedBytes = 0;
  /** Every GET of the run: counted, and the run's total bounded. */
  const get = async (url: string, maxBytes: number, flag: string): Promise<Buffer> => {
    let body: Buffer;
    try {
      body = await fetchOk(url, timeoutSeconds, maxBytes);
    } catch (error) {
      throw error instanceof RepositoryError
        ? new RepositoryError(error.message.split('(--repo)').join(`(${flag})`))
        : error;
    }
    downloads++;
    downloadedBytes += body.length;
    if (downloadedBytes > totalBytes)
      throw new RepositoryError(
        `the downloads passed ${mebibytes(totalBytes)} in all (about 8 MiB is expected); refused, check the mirrors`,
      );
    return body;
  };
  /** The file already in .cache/shared at `path`, when its sha256 is `digest`. */
  const reusable = (path: string, digest: string): Buffer | undefined => {
    const file = inside(outDir, path.split('/'), 'the cache');
    if (!existsSync(file)) return undefined;
    const bytes = readFileSync(file);
    return sha256(bytes) === digest ? bytes : undefined;
  };

  const files = new Map<string, Buffer>();
  const put = (path: string, content: Buffer | string) => {
    inside(outDir, path.split('/'), 'a file of the test data');
    files.set(path, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
  };

  // Helm chart packages: every catalog line's Linkerd Helm charts, Jaeger, cert-manager and trust-manager.
  const wanted: WantedHelmChart[] = [];
  for (const line of lines) {
    const { channel, helmChartVersions } = releaseLine(line);
    for (const helmChart of LINKERD_HELM_CHARTS) {
      const version = helmChartVersions[helmChart];
      if (version) wanted.push({ folder: `linkerd-${channel}`, helmChart, version });
    }
  }
  wanted.push({ folder: 'jaeger', helmChart: JAEGER_HELM_CHART.name, version: JAEGER_HELM_CHART.version });
  for (const helmChart of [CERT_MANAGER_HELM_CHART, TRUST_MANAGER_HELM_CHART])
    wanted.push({ folder: 'jetstack', helmChart: helmChart.name, version: helmChart.version });

  const unpacked = new Map<string, ReadonlyMap<string, string>>();
  const key = (folder: string, helmChart: string, version: string) => `${folder}/${helmChart}@${version}`;
  for (const [folder, repository] of Object.entries(repositories)) {
    const helmCharts = uniqueHelmCharts(wanted.filter((entry) => entry.folder === folder));
    if (helmCharts.length === 0) continue;
    const repositoryUrl = repository.url.replace(/\/+$/, '');
    const url = indexUrl(repositoryUrl);
    const index = parseRepositoryIndex(
      (await get(url, limits.indexBytes, repository.flag)).toString('utf8'),
      url,
      limits,
    );
    const kept: Record<string, Array<Record<string, unknown>>> = {};
    await inParallel(helmCharts, async ({ helmChart, version }) => {
      const entry = indexEntry(index, helmChart, version, repositoryUrl, repository.flag);
      const digest = indexDigest(entry, repositoryUrl);
      const file = `${helmChart}-${version}.tgz`;
      const path = posix.join('helm-repositories', folder, file);
      let bytes = reusable(path, digest);
      if (!bytes) {
        const url = packageUrl(repositoryUrl, entry);
        bytes = await get(url, limits.packageBytes, repository.flag);
        checkDigest(bytes, entry, url, repositoryUrl);
      }
      const label = `${repositoryUrl} ${file}`;
      const chartFiles = checkedHelmChartFiles(bytes, label, helmChart, entry, limits);
      unpacked.set(key(folder, helmChart, version), chartFiles);
      put(path, bytes);
      const document = parseUntrustedYaml(chartFiles.get('Chart.yaml')!, `${label} Chart.yaml`, limits) as Record<
        string,
        unknown
      >;
      (kept[helmChart] ??= []).push({
        ...(document.apiVersion === 'v1' || document.apiVersion === 'v2' ? { apiVersion: document.apiVersion } : {}),
        name: helmChart,
        version,
        ...(entry.appVersion !== undefined && { appVersion: entry.appVersion }),
        digest,
        urls: [file],
      });
    });
    const entries = Object.fromEntries(
      Object.keys(kept)
        .sort()
        .map((helmChart) => [
          helmChart,
          kept[helmChart].sort((a, b) => String(a.version).localeCompare(String(b.version))),
        ]),
    );
    put(posix.join('helm-repositories', folder, 'index.yaml'), stringify({ apiVersion: 'v1', entries }));
  }

  // Values files, from the packages: as ../shared's folders hold them.
  const chartFile = (folder: string, helmChart: string, version: string, name: string) =>
    unpacked.get(key(folder, helmChart, version))?.get(name);
  for (const line of lines) {
    const { channel, helmChartVersions } = releaseLine(line);
    for (const helmChart of LINKERD_HELM_CHARTS) {
      const version = helmChartVersions[helmChart];
      if (!version) continue;
      for (const name of ['Chart.yaml', 'values.yaml', 'values-ha.yaml']) {
        const text = chartFile(`linkerd-${channel}`, helmChart, version, name);
        if (text !== undefined) put(posix.join('linkerd-charts', line, helmChart, name), text);
      }
    }
  }
  for (const name of ['Chart.yaml', 'values.yaml'])
    put(
      posix.join('jaeger-charts', `jaeger-${JAEGER_HELM_CHART.version}`, name),
      chartFile('jaeger', JAEGER_HELM_CHART.name, JAEGER_HELM_CHART.version, name)!,
    );
  for (const helmChart of [CERT_MANAGER_HELM_CHART, TRUST_MANAGER_HELM_CHART])
    put(
      posix.join('cert-manager-charts', `${helmChart.name}-${helmChart.version}`, 'values.yaml'),
      chartFile('jetstack', helmChart.name, helmChart.version, 'values.yaml')!,
    );

  // CRDs, each pinned by its sha256.
  await inParallel(UPSTREAM_CRDS, async (crd) => {
    const path = posix.join(crd.folder, posix.basename(crd.path));
    let bytes = reusable(path, crd.sha256);
    if (!bytes) {
      const url = `${rawSource}/${crd.repository}/${crd.tag}/${crd.path}`;
      bytes = await get(url, MAX_CRD_BYTES, '--raw-source');
      const actual = sha256(bytes);
      if (actual !== crd.sha256) {
        throw new RepositoryError(
          `${url} is not the file scripts/test-data/upstream-crds.ts pins: its sha256 is ${actual}, the table says ${crd.sha256}; try again, or check the mirror (--raw-source)`,
        );
      }
    }
    put(path, bytes);
  });

  // linkerd2's grafana/ at each line's tag: what it makes must be the committed module of the line.
  await inParallel(lines, async (line) => {
    const modulePath = join(options.projectDir, DASHBOARDS_OUTPUT_DIR, `${line}.ts`);
    if (!existsSync(modulePath)) return;
    const committed = (path: string) => {
      const file = join(options.projectDir, path);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    };
    const folder = posix.join('linkerd-grafana', 'linkerd', 'linkerd2', line, 'grafana');
    const base = `${rawSource}/linkerd/linkerd2/${line}/grafana`;
    /** The folder read from the cache (a file it lacks is taken as absent upstream too) or from the source. */
    const attempt = async (fromCache: boolean) => {
      const read = new Map<string, string>();
      const readFile = async (path: string): Promise<string | undefined> => {
        const cached = inside(outDir, [...folder.split('/'), ...path.split('/')], `the cache path of grafana/${path}`);
        let text: string;
        if (fromCache) {
          if (!existsSync(cached)) return undefined;
          text = readFileSync(cached, 'utf8');
        } else {
          try {
            text = (await get(`${base}/${path}`, MAX_DASHBOARD_BYTES, '--raw-source')).toString('utf8');
          } catch (error) {
            if (error instanceof RepositoryError && /answered HTTP 404/.test(error.message)) return undefined;
            throw error;
          }
        }
        read.set(path, text);
        return text;
      };
      const { dashboards, skipped } = await readGrafanaFolder(readFile, `linkerd2 ${line} (${base})`);
      return {
        read,
        same: [...lineModules(line, dashboards, skipped)].every(([path, text]) => committed(path) === text),
      };
    };
    // The cache is checked like the source: it is used only when it makes the committed module.
    let result = existsSync(inside(outDir, [...folder.split('/'), 'values.yaml'], 'the cache'))
      ? await attempt(true).catch((error) => (error instanceof RepositoryError ? undefined : Promise.reject(error)))
      : undefined;
    if (!result?.same) result = await attempt(false);
    if (!result.same) {
      throw new RepositoryError(
        `linkerd2's grafana/ at ${line} (${base}) does not make the committed ${DASHBOARDS_OUTPUT_DIR}/${line}.ts and its dashboards set (a dashboard differs from the sha256 there, or the list differs); refused, check the mirror (--raw-source)`,
      );
    }
    for (const [path, text] of result.read) put(posix.join(folder, path), text);
  });

  const written = !sameTree(outDir, files);
  if (written) replaceFolder(outDir, files);
  return {
    written,
    files: files.size,
    bytes: [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0),
    downloads,
    downloadedBytes,
  };
}

function uniqueHelmCharts(helmCharts: readonly WantedHelmChart[]): WantedHelmChart[] {
  return [...new Map(helmCharts.map((entry) => [`${entry.helmChart}@${entry.version}`, entry])).values()];
}

/** The one index entry of `chart` at `version`; refused when it is missing or listed twice. */
function indexEntry(
  index: ReadonlyMap<string, readonly IndexEntry[]>,
  helmChart: string,
  version: string,
  repositoryUrl: string,
  flag: string,
): IndexEntry {
  const matches = (index.get(helmChart) ?? []).filter((entry) => entry.version === version);
  if (matches.length === 0)
    throw new RepositoryError(
      `the index of ${repositoryUrl} has no ${helmChart} ${version}; check the repository URL (${flag})`,
    );
  if (matches.length > 1)
    throw new RepositoryError(
      `the index of ${repositoryUrl} lists ${helmChart} ${version} ${matches.length} times; refused, check the mirror (${flag})`,
    );
  const [entry] = matches;
  if (entry.nameField !== undefined && entry.nameField !== helmChart)
    throw new RepositoryError(
      `${helmChart} ${version} in the index of ${repositoryUrl} is named ${JSON.stringify(entry.nameField)}; refused`,
    );
  // jetstack's versions carry a leading "v", which Helm accepts; the rest is SemVer (so it can name a file).
  if (!isHelmChartVersion(entry.version.replace(/^v/, '')))
    throw new RepositoryError(
      `${helmChart} ${JSON.stringify(version)} in the index of ${repositoryUrl} is not a SemVer version; refused`,
    );
  return entry;
}

/**
 * A package's Chart.yaml, values.yaml and values-ha.yaml (by name), after unpacking it whole as Helm would
 * (helm-chart-package.ts refuses links, `..` and the rest) and checking Chart.yaml's name, version and appVersion
 * against the index entry.
 */
function checkedHelmChartFiles(
  bytes: Buffer,
  label: string,
  helmChart: string,
  entry: IndexEntry,
  limits: Limits,
): Map<string, string> {
  const top = new Set(['Chart.yaml', 'values.yaml', 'values-ha.yaml'].map((name) => `${helmChart}/${name}`));
  const files = new Map(
    [...unpackHelmChart(bytes, label, helmChart, (path) => top.has(path), limits)].map(([path, text]) => [
      path.slice(helmChart.length + 1),
      text,
    ]),
  );
  const chartYaml = files.get('Chart.yaml');
  if (chartYaml === undefined || files.get('values.yaml') === undefined)
    throw new RepositoryError(`${label} is corrupt or truncated: it has no Chart.yaml and values.yaml`);
  const document = parseUntrustedYaml(chartYaml, `${label} Chart.yaml`, limits);
  if (!isMapping(document)) throw new RepositoryError(`${label}: Chart.yaml is not a mapping; refused`);
  for (const [field, expected] of [
    ['name', helmChart],
    ['version', entry.version],
    ['appVersion', entry.appVersion],
  ] as const) {
    const actual = document[field];
    if ((expected === undefined && actual !== undefined) || (expected !== undefined && String(actual) !== expected)) {
      throw new RepositoryError(
        `${label}: Chart.yaml says ${field} ${JSON.stringify(actual ?? null)}, its index entry says ${JSON.stringify(expected ?? null)}; refused, check the mirror`,
      );
    }
  }
  for (const name of ['values.yaml', 'values-ha.yaml']) {
    const text = files.get(name);
    if (text !== undefined) valuesDocument(text, `${label} ${name}`);
  }
  return files;
}

/** Runs `task` over `items`, a few at a time (a person's network, and the servers, stay unhurried). */
async function inParallel<T>(items: readonly T[], task: (item: T) => Promise<void>, width = 6): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** Whether `folder` holds exactly `files`, byte for byte. */
function sameTree(folder: string, files: ReadonlyMap<string, Buffer>): boolean {
  if (!existsSync(folder)) return false;
  const present = listFiles(folder);
  return (
    present.length === files.size &&
    present.every((path) => files.get(path)?.equals(readFileSync(join(folder, path))) === true)
  );
}

function listFiles(folder: string, under = ''): string[] {
  return readdirSync(join(folder, under), { withFileTypes: true }).flatMap((entry) => {
    const path = under ? `${under}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(folder, path) : [path];
  });
}

/** Writes `files` as `folder`, whole: staged beside it, then renamed in place of the old one. */
function replaceFolder(folder: string, files: ReadonlyMap<string, Buffer>): void {
  const staging = `${folder}.staging-${process.pid}`;
  const previous = `${folder}.previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [path, content] of files) {
      const target = inside(staging, path.split('/'), 'a file of the test data');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    if (existsSync(folder)) renameSync(folder, previous);
    try {
      renameSync(staging, folder);
    } catch (error) {
      if (existsSync(previous)) renameSync(previous, folder);
      throw error;
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new RepositoryError(`writing ${folder} failed (${(error as Error).message}); it is as it was`);
  }
  rmSync(previous, { recursive: true, force: true });
}

async function main(): Promise<number> {
  const { flags } = commandLine('fetch:test-data', COMMAND_LINES['fetch:test-data']);
  const projectDir = resolve(__dirname, '..');
  const flag = (name: string) => flags[name] as string | undefined;
  const started = process.hrtime.bigint();
  try {
    const result = await fetchTestData({
      projectDir,
      edgeRepo: flag('edge-repo'),
      stableRepo: flag('stable-repo'),
      jaegerRepo: flag('jaeger-repo'),
      jetstackRepo: flag('jetstack-repo'),
      rawSource: flag('raw-source'),
      timeoutSeconds: flag('timeout') ? Number(flag('timeout')) : undefined,
    });
    const seconds = (Number(process.hrtime.bigint() - started) / 1e9).toFixed(1);
    const where = relative(projectDir, join(projectDir, TEST_DATA_DIR));
    const held = `${where}/ (${result.files} files, ${mebibytes(result.bytes)})`;
    const fetched = `${result.downloads} downloads (${mebibytes(result.downloadedBytes)}) in ${seconds} s`;
    console.log(
      result.written
        ? `fetch:test-data: wrote ${held} after ${fetched}`
        : `fetch:test-data: ${held} is up to date, nothing written; ${fetched}`,
    );
    console.log('The tests read it when ../shared is absent (../shared wins when it is there).');
    return 0;
  } catch (error) {
    if (error instanceof RepositoryError) {
      console.error(`fetch:test-data: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) void main().then((status) => (process.exitCode = status));
