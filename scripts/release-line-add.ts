/**
 * `npm run release-line:add -- <line> [--repo <url>] [--timeout <seconds>]`, e.g. `edge-26.11.2`.
 *
 * Adds a Linkerd release line from its Helm repository (https://helm.linkerd.io/edge or /stable by the
 * line's channel; --repo for a mirror): finds the release's Helm charts in index.yaml (edge: every Helm chart at
 * YYYY.M.N; stable: the versions whose appVersion is the tag), downloads their packages (reusing the
 * git-ignored .cache/ only where a package's digest matches the index), checks each against its index
 * entry and the line, and runs {@link ADD_STEPS} over them: the generated values (types, key trees, HA
 * data, the line's catalog facts, as gen:values makes them) and the checks of hand-written code. All files
 * of the line appear together, the cached packages with them, or nothing is written.
 *
 * A repository is untrusted input: sizes and YAML aliases are bounded, names never become paths outside
 * their folder, and nothing it says reaches generated code except as data (see scripts/release-lines/).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { COMPONENTS } from '../lib/linkerd/components';
import {
  CHANNEL_REPOSITORIES,
  LINKERD_HELM_CHARTS,
  type LinkerdHelmChartName,
  REQUIRED_HELM_CHARTS,
} from '../lib/linkerd/helm-charts';
import { helmChartWebhooks, webhookKeysIn } from '../lib/linkerd/webhooks';
import {
  type HelmChartFiles,
  generateLineFiles,
  indexFromFolders,
  sortLines,
  valuesDocument,
  VALUES_OUTPUT_DIR,
} from './gen-values';
import {
  DASHBOARDS_OUTPUT_DIR,
  GRAFANA_SOURCE_URL,
  grafanaDashboardFiles,
  indexModule,
  linesIn,
} from './release-lines/grafana-dashboards';
import {
  checkDigest,
  fetchOk,
  type IndexEntry,
  indexDigest,
  packageUrl,
  repositoryIndex,
  sha256,
} from './release-lines/helm-repository';
import { unpackHelmChart } from './release-lines/helm-chart-package';
import {
  canonicalLineName,
  compareNumbers,
  edgeHelmChartVersion,
  lineChannel,
  versionNumbers,
} from './release-lines/line-facts';
import { writeAllOrNothing } from './release-lines/staged-write';
import {
  DEFAULT_LIMITS,
  inside,
  isHelmChartVersion,
  isMapping,
  type Limits,
  parseUntrustedYaml,
  RepositoryError,
} from './release-lines/untrusted';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';

export { RepositoryError } from './release-lines/untrusted';

/** What to add, and where. */
export interface AddOptions {
  readonly line: string;
  /** The project folder (its imports/ and .cache/). */
  readonly projectDir: string;
  /** @default the channel's repository */
  readonly repositoryUrl?: string;
  /** @default 30 */
  readonly timeoutSeconds?: number;
  /** @default DEFAULT_LIMITS */
  readonly limits?: Partial<Limits>;
  /** @default ADD_STEPS */
  readonly steps?: readonly AddStep[];
  /** Where linkerd2's files are served raw (`<url>/linkerd/linkerd2/<tag>/grafana/...`). @default GRAFANA_SOURCE_URL */
  readonly grafanaSourceUrl?: string;
}

/** A Helm chart package of the release, downloaded (or taken from the cache), checked and unpacked. */
export interface FetchedHelmChart {
  readonly name: string;
  readonly version: string;
  /** Where it was downloaded from. */
  readonly url: string;
  /** The package (its sha256 is the index's digest). */
  readonly package: Buffer;
  /** Every file of the package, by its path inside the Helm chart (`values.yaml`, `templates/...`). */
  readonly files: ReadonlyMap<string, string>;
}

/** What every step sees: the line, its checked Helm charts, and the bounded ways to read more. */
export interface AddContext {
  readonly line: string;
  readonly channel: 'edge' | 'stable';
  readonly repositoryUrl: string;
  /** The project (read only: a step returns the files to write). */
  readonly projectDir: string;
  readonly timeoutSeconds: number;
  readonly limits: Limits;
  /** The release's Linkerd Helm charts (those of LINKERD_HELM_CHARTS it has), checked: Chart.yaml, values.yaml, values-ha.yaml. */
  readonly helmCharts: Readonly<Partial<Record<LinkerdHelmChartName, HelmChartFiles>>>;
  /** The same Helm charts' packages, checked (e.g. for a step that renders them with helm from a temporary folder). */
  readonly packages: ReadonlyMap<LinkerdHelmChartName, FetchedHelmChart>;
  /**
   * Another Helm chart of the release in the same repository (e.g. `linkerd2-cni`), found, downloaded, checked
   * and unpacked like the Linkerd Helm charts (its package is cached with theirs); undefined when the release
   * has no such chart.
   */
  helmChart(name: string): Promise<FetchedHelmChart | undefined>;
  /** GETs `url` (http(s)) within the run's time-out, at most `maxBytes`; what it returns is untrusted. */
  fetch(url: string, maxBytes?: number): Promise<Buffer>;
  /** Where linkerd2's files are served raw, for the Grafana dashboards at the release tag. */
  readonly grafanaSourceUrl: string;
}

/** What a step gives back; it writes nothing itself. */
export interface StepResult {
  /** Files to write, by project-relative posix path (those under the line's values folder appear with it). */
  readonly files?: ReadonlyMap<string, string>;
  /** Why the line cannot be added: any problem of any step stops the add before anything is written. */
  readonly problems?: readonly string[];
}

/** One step of adding a line: a Helm chart's generated files, a check, a render. */
export interface AddStep {
  /** What it does, for messages. */
  readonly name: string;
  run(context: AddContext): Promise<StepResult> | StepResult;
}

/** The Helm charts' generated values: what gen:values makes from ../shared, byte for byte. */
const valuesStep: AddStep = {
  name: 'generated values',
  run: (context) => ({ files: generateLineFiles(context.line, context.helmCharts) }),
};

/**
 * What a line's Helm charts lack that hand-written code relies on: each component's resources path (or the
 * Helm chart's values let it), and a known Certificate for every webhook.
 */
const handWrittenCodeStep: AddStep = {
  name: 'hand-written code',
  run: ({ line, helmCharts }) => ({ problems: handWrittenCodeProblems(line, helmCharts) }),
};

/** Linkerd's Grafana dashboards at the release tag (scripts/release-lines/grafana-dashboards.ts). */
const grafanaDashboardsStep: AddStep = {
  name: 'Grafana dashboards',
  run: async (context) => ({ files: await grafanaDashboardFiles(context) }),
};

/** The steps of adding a line, in order: add one here for another Helm chart's files or another check. */
export const ADD_STEPS: readonly AddStep[] = [handWrittenCodeStep, valuesStep, grafanaDashboardsStep];

/** Adds the line; returns the files written (relative to the project). Throws a RepositoryError saying what failed. */
export async function addReleaseLine(options: AddOptions): Promise<string[]> {
  const { line, projectDir } = options;
  const channel = lineChannel(line);
  if (!channel)
    throw new RepositoryError(
      `${JSON.stringify(line)} is not a release line: write edge-YY.M.N (e.g. edge-26.11.2) or stable-X.Y.Z`,
    );
  const canonical = canonicalLineName(line)!;
  if (canonical !== line)
    throw new RepositoryError(
      `"${line}" is written ${canonical} (Linkerd's tags have no leading zeros); run release-line:add ${canonical}`,
    );
  const valuesDir = join(projectDir, VALUES_OUTPUT_DIR);
  const existing = readdirSync(valuesDir).find((name) => canonicalLineName(name) === line);
  if (existing)
    throw new RepositoryError(
      `${line} exists already (${VALUES_OUTPUT_DIR}/${existing}); set releaseLine: ${line} in a cluster config to use it`,
    );
  const repositoryUrl = (options.repositoryUrl ?? CHANNEL_REPOSITORIES[channel]).replace(/\/+$/, '');
  const timeoutSeconds = options.timeoutSeconds ?? 30;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };

  const index = await repositoryIndex(repositoryUrl, timeoutSeconds, limits);
  const release = (helmChart: string) => releaseEntry(index, helmChart, line, channel, repositoryUrl);
  const entries = LINKERD_HELM_CHARTS.map((helmChart) => [helmChart, release(helmChart)] as const).filter(
    (pair): pair is readonly [LinkerdHelmChartName, IndexEntry] => pair[1] !== undefined,
  );
  if (entries.length === 0) {
    const newest = newestReleases(index, channel).slice(0, 3).join(', ');
    throw new RepositoryError(
      `${repositoryUrl} has no release ${line}${newest ? `; its newest: ${newest}` : ''}; check the name (npm run outdated lists newer releases)`,
    );
  }
  const missing = REQUIRED_HELM_CHARTS.filter((helmChart) => !entries.some(([name]) => name === helmChart));
  if (missing.length > 0)
    throw new RepositoryError(
      `${line} in ${repositoryUrl} lacks ${missing.join(' and ')}, which every cluster installs; it cannot be added`,
    );

  // Download (or reuse from the cache), check and unpack every Helm chart; nothing is written until every step agreed.
  const cacheDir = join(projectDir, '.cache', 'linkerd-charts');
  const fetched = new Map<string, FetchedHelmChart>();
  const fetchHelmChart = async (helmChart: string, entry: IndexEntry): Promise<FetchedHelmChart> => {
    const known = fetched.get(helmChart);
    if (known) return known;
    const helmChartPackage = await verifiedPackage({
      helmChart,
      entry,
      line,
      repositoryUrl,
      timeoutSeconds,
      limits,
      cacheDir,
    });
    fetched.set(helmChart, helmChartPackage);
    return helmChartPackage;
  };
  const helmCharts: Partial<Record<LinkerdHelmChartName, HelmChartFiles>> = {};
  const packages = new Map<LinkerdHelmChartName, FetchedHelmChart>();
  for (const [helmChart, entry] of entries) {
    const fetchedHelmChart = await fetchHelmChart(helmChart, entry);
    packages.set(helmChart, fetchedHelmChart);
    const { files, url } = fetchedHelmChart;
    if (files.get('Chart.yaml') === undefined || files.get('values.yaml') === undefined)
      throw new RepositoryError(`${url} is corrupt or truncated: it has no Chart.yaml and values.yaml`);
    helmCharts[helmChart] = {
      chartYaml: files.get('Chart.yaml')!,
      valuesYaml: files.get('values.yaml')!,
      valuesHaYaml: files.get('values-ha.yaml'),
    };
  }

  const context: AddContext = {
    line,
    channel,
    repositoryUrl,
    projectDir,
    timeoutSeconds,
    limits,
    helmCharts,
    packages,
    helmChart: async (name) => {
      const entry = release(name);
      return entry && fetchHelmChart(name, entry);
    },
    fetch: (url, maxBytes = limits.packageBytes) => fetchOk(url, timeoutSeconds, maxBytes),
    grafanaSourceUrl: options.grafanaSourceUrl ?? GRAFANA_SOURCE_URL,
  };
  const files = new Map<string, string | Buffer>();
  const problems: string[] = [];
  for (const step of options.steps ?? ADD_STEPS) {
    const result = await step.run(context);
    problems.push(...(result.problems ?? []).map((problem) => `${step.name}: ${problem}`));
    for (const [path, content] of result.files ?? []) {
      const target = inside(projectDir, path.split('/'), `the ${step.name} step`);
      // A file already there with these very bytes (a set of dashboards another line shares) is left as it is.
      if (!files.has(path) && existsSync(target) && readFileSync(target).equals(Buffer.from(content))) continue;
      if (files.has(path) || existsSync(target))
        throw new RepositoryError(`the ${step.name} step would overwrite ${path}; nothing was written`);
      files.set(path, content);
    }
  }
  if (problems.length > 0) {
    throw new RepositoryError(
      `${line} cannot be added as it is; nothing was written:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }

  // The line's folder, its packages in the cache and index.ts: all or nothing.
  const lineFolder = posix.join(VALUES_OUTPUT_DIR, line);
  const lineFiles = [...files.keys()]
    .filter((path) => path.startsWith(`${lineFolder}/`))
    .map((path) => path.slice(lineFolder.length + 1));
  const indexPath = posix.join(VALUES_OUTPUT_DIR, 'index.ts');
  const written = [...[...files.keys()].filter((path) => !path.startsWith('.cache/')), indexPath];
  files.set(indexPath, indexFromFolders(projectDir, new Map([[line, lineFiles]])));
  const dashboardsIndex = posix.join(DASHBOARDS_OUTPUT_DIR, 'index.ts');
  if (files.has(posix.join(DASHBOARDS_OUTPUT_DIR, `${line}.ts`))) {
    files.set(
      dashboardsIndex,
      indexModule(sortLines([...linesIn(readdirSync(join(projectDir, DASHBOARDS_OUTPUT_DIR))), line])),
    );
    written.push(dashboardsIndex);
  }
  for (const helmChartPackage of fetched.values()) {
    const cached = cachePath(cacheDir, line, helmChartPackage.name, helmChartPackage.version);
    if (!existsSync(cached) || sha256(readFileSync(cached)) !== sha256(helmChartPackage.package))
      files.set(posix.relative(projectDir, cached).split('\\').join('/'), helmChartPackage.package);
  }
  try {
    writeAllOrNothing({ projectDir, files, newFolders: [lineFolder] });
  } catch (error) {
    throw new RepositoryError(`writing ${line} failed (${(error as Error).message}); nothing was changed`);
  }
  return written;
}

/** The index entry of `chart` in the release; undefined when the release has none, refused when ambiguous. */
function releaseEntry(
  index: ReadonlyMap<string, readonly IndexEntry[]>,
  helmChart: string,
  line: string,
  channel: 'edge' | 'stable',
  repositoryUrl: string,
): IndexEntry | undefined {
  const matches = (index.get(helmChart) ?? []).filter((entry) =>
    channel === 'edge' ? entry.version === edgeHelmChartVersion(line) : entry.appVersion === line,
  );
  if (matches.length > 1) {
    const versions = matches.map((entry) => JSON.stringify(entry.version)).join(', ');
    throw new RepositoryError(
      `the index of ${repositoryUrl} lists ${helmChart} for ${line} ${matches.length} times (${versions}); refused, check the mirror`,
    );
  }
  return matches[0];
}

/** Where a package is cached: `.cache/linkerd-charts/<line>/<chart>-<version>.tgz`, checked to stay there. */
function cachePath(cacheDir: string, line: string, helmChart: string, version: string): string {
  return inside(
    cacheDir,
    [line, `${helmChart}-${version}.tgz`],
    `the cache path of ${helmChart} ${JSON.stringify(version)}`,
  );
}

/**
 * A Helm chart's package: the cached one when its sha256 is the index's digest, else downloaded and checked
 * against it; then unpacked (see helm-chart-package.ts) and its Chart.yaml checked against the index entry and
 * the line: the same name, version and appVersion.
 */
async function verifiedPackage(input: {
  readonly helmChart: string;
  readonly entry: IndexEntry;
  readonly line: string;
  readonly repositoryUrl: string;
  readonly timeoutSeconds: number;
  readonly limits: Limits;
  readonly cacheDir: string;
}): Promise<FetchedHelmChart> {
  const { helmChart, entry, line, repositoryUrl, limits } = input;
  const about = `${helmChart} ${JSON.stringify(entry.version)} in the index of ${repositoryUrl}`;
  if (entry.nameField !== undefined && entry.nameField !== helmChart)
    throw new RepositoryError(`${about} is named ${JSON.stringify(entry.nameField)}; refused, check the mirror`);
  if (!isHelmChartVersion(entry.version))
    throw new RepositoryError(
      `${about}: the version is not a SemVer version, as Helm requires; refused, nothing was written`,
    );
  const digest = indexDigest(entry, repositoryUrl);
  const url = packageUrl(repositoryUrl, entry);
  const cached = cachePath(input.cacheDir, line, helmChart, entry.version);
  let bytes: Buffer | undefined = existsSync(cached) ? readFileSync(cached) : undefined;
  if (bytes === undefined || sha256(bytes) !== digest) {
    bytes = await fetchOk(url, input.timeoutSeconds, limits.packageBytes);
    checkDigest(bytes, entry, url, repositoryUrl);
  }
  const prefix = `${helmChart}/`;
  const unpacked = unpackHelmChart(bytes, url, helmChart, () => true, limits);
  const files = new Map([...unpacked].map(([path, text]) => [path.slice(prefix.length), text]));
  const chartYaml = files.get('Chart.yaml');
  if (chartYaml !== undefined) {
    const document = parseUntrustedYaml(chartYaml, `${url} Chart.yaml`, limits);
    if (!isMapping(document)) throw new RepositoryError(`${url}: Chart.yaml is not a mapping; refused`);
    const disagree = (field: string, actual: unknown, expected: string | undefined, where: string) => {
      if ((expected === undefined && actual !== undefined) || (expected !== undefined && actual !== expected)) {
        throw new RepositoryError(
          `${url}: Chart.yaml says ${field} ${JSON.stringify(actual ?? null)}, ${where} ${JSON.stringify(expected ?? null)}; refused, check the mirror`,
        );
      }
    };
    disagree('name', document.name, helmChart, 'its index entry says');
    disagree('version', document.version, entry.version, 'its index entry says');
    disagree('appVersion', document.appVersion, entry.appVersion, 'its index entry says');
    // The line: an edge Helm chart is versioned 20YY.M.N (how it was found); a stable Helm chart's appVersion is the tag.
    if (lineChannel(line) === 'edge')
      disagree('version', document.version, edgeHelmChartVersion(line), 'the release line needs');
    if (lineChannel(line) === 'stable' || document.appVersion !== undefined)
      disagree('appVersion', document.appVersion, line, 'the release line is');
  }
  for (const name of ['values.yaml', 'values-ha.yaml']) {
    const text = files.get(name);
    if (text !== undefined) valuesDocument(text, `${url} ${name}`);
  }
  return { name: helmChart, version: entry.version, url, package: bytes, files };
}

function handWrittenCodeProblems(
  line: string,
  helmCharts: Readonly<Partial<Record<LinkerdHelmChartName, HelmChartFiles>>>,
): string[] {
  const problems: string[] = [];
  for (const helmChart of LINKERD_HELM_CHARTS) {
    const files = helmCharts[helmChart];
    if (!files) continue;
    const values = [files.valuesYaml, files.valuesHaYaml]
      .filter((text): text is string => text !== undefined)
      .map((text) => valuesDocument(text, `${helmChart} values`));
    for (const component of COMPONENTS.filter((candidate) => candidate.helmChart === helmChart)) {
      const [top] = component.valuesPath.split('.');
      // Resources keys that values.yaml only documents in comments are fine; the component's own key must exist.
      if (component.valuesPath.includes('.') && !values.some((document) => Object.hasOwn(document, top))) {
        problems.push(
          `${helmChart} has no "${top}" value, where lib/linkerd/components.ts sets ${component.group}.${component.key}'s resources`,
        );
      }
    }
    try {
      helmChartWebhooks(line, helmChart, webhookKeysIn(values[0]));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

/** The release tags in an index, newest first (from linkerd-control-plane's entries). */
export function newestReleases(index: Map<string, IndexEntry[]>, channel: 'edge' | 'stable'): string[] {
  const tags = (index.get('linkerd-control-plane') ?? [])
    .map((entry) => (channel === 'edge' ? edgeTag(entry.version) : entry.appVersion))
    .filter((tag): tag is string => !!tag && lineChannel(tag) === channel);
  return [...new Set(tags)].sort(compareTags).reverse();
}

/** `2026.8.3` → `edge-26.8.3`; undefined for a version that is not an edge date. */
export function edgeTag(version: string): string | undefined {
  const match = /^20(\d{2})\.(\d{1,2})\.(\d{1,2})$/.exec(version);
  return match ? `edge-${match[1]}.${match[2]}.${match[3]}` : undefined;
}

/** Orders release tags of one channel by their numbers. */
export function compareTags(a: string, b: string): number {
  return compareNumbers(versionNumbers(a), versionNumbers(b));
}

async function main(): Promise<number> {
  const {
    flags,
    positionals: [line],
  } = commandLine('release-line:add', COMMAND_LINES['release-line:add']);
  const projectDir = resolve(__dirname, '..');
  try {
    const timeout = flags.timeout as string | undefined;
    const files = await addReleaseLine({
      line,
      projectDir,
      repositoryUrl: flags.repo as string | undefined,
      grafanaSourceUrl: flags['grafana-source'] as string | undefined,
      timeoutSeconds: timeout ? Number(timeout) : undefined,
    });
    console.log(`release-line:add: added ${line}:`);
    for (const file of files) console.log(`  ${file}`);
    console.log(
      [
        'Next:',
        '  npm test                                   # the new line against every check (values, webhooks, snapshots)',
        `  set releaseLine: ${line} in clusters/<name>.yaml`,
        '  npm run synth                              # then review git diff -- dist, commit and push',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof RepositoryError) {
      console.error(`release-line:add: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) void main().then((status) => (process.exitCode = status));
