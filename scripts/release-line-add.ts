/**
 * `npm run release-line:add -- <line> [--repo <url>] [--timeout <seconds>]`, e.g. `edge-26.11.2`.
 *
 * Adds a Linkerd release line from its Helm repository (https://helm.linkerd.io/edge or /stable by the
 * line's channel; --repo for a mirror): finds the release's charts in index.yaml (edge: every chart at
 * YYYY.M.N; stable: the versions whose appVersion is the tag), downloads their packages into the git-ignored
 * .cache/, and generates from each chart's Chart.yaml, values.yaml and values-ha.yaml what gen:values does
 * (types, key trees, HA data, the line's catalog facts). All files of the line appear together, or none.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COMPONENTS } from '../lib/linkerd/components';
import { CHANNEL_REPOSITORIES, LINKERD_CHARTS, LinkerdChartName, REQUIRED_CHARTS } from '../lib/linkerd/charts';
import { chartWebhooks } from '../lib/linkerd/webhooks';
import { ChartFiles, generateLineFiles, indexFromFolders, VALUES_OUTPUT_DIR } from './gen-values';
import { checkDigest, fetchOk, IndexEntry, packageUrl, RepositoryError, repositoryIndex, unpackChart } from './release-lines/helm-repository';
import { compareNumbers, edgeChartVersion, lineChannel, versionNumbers } from './release-lines/line-facts';
import { parse } from 'yaml';

/** What to add, and where. */
export interface AddOptions {
  readonly line: string;
  /** The project folder (its imports/ and .cache/). */
  readonly projectDir: string;
  /** @default the channel's repository */
  readonly repositoryUrl?: string;
  /** @default 30 */
  readonly timeoutSeconds?: number;
}

/** Adds the line; returns the files written (relative to the project). Throws a RepositoryError saying what failed. */
export async function addReleaseLine(options: AddOptions): Promise<string[]> {
  const { line, projectDir } = options;
  const channel = lineChannel(line);
  if (!channel) throw new RepositoryError(`"${line}" is not a release line: write edge-YY.M.N (e.g. edge-26.11.2) or stable-X.Y.Z`);
  const lineDir = join(projectDir, VALUES_OUTPUT_DIR, line);
  if (existsSync(lineDir)) throw new RepositoryError(`${line} exists already (${VALUES_OUTPUT_DIR}/${line}); set releaseLine: ${line} in a cluster config to use it`);
  const repositoryUrl = (options.repositoryUrl ?? CHANNEL_REPOSITORIES[channel]).replace(/\/+$/, '');
  const timeout = options.timeoutSeconds ?? 30;

  const index = await repositoryIndex(repositoryUrl, timeout);
  const release = (chart: LinkerdChartName): IndexEntry | undefined =>
    (index.get(chart) ?? []).find((entry) => (channel === 'edge' ? entry.version === edgeChartVersion(line) : entry.appVersion === line));
  const entries = LINKERD_CHARTS.map((chart) => [chart, release(chart)] as const).filter((pair): pair is readonly [LinkerdChartName, IndexEntry] => pair[1] !== undefined);
  if (entries.length === 0) {
    const newest = newestReleases(index, channel).slice(0, 3).join(', ');
    throw new RepositoryError(`${repositoryUrl} has no release ${line}${newest ? `; its newest: ${newest}` : ''}; check the name (npm run outdated lists newer releases)`);
  }
  const missing = REQUIRED_CHARTS.filter((chart) => !entries.some(([name]) => name === chart));
  if (missing.length > 0) throw new RepositoryError(`${line} in ${repositoryUrl} lacks ${missing.join(' and ')}, which every cluster installs; it cannot be added`);

  // Download (cached), check and unpack every chart before writing anything.
  const charts: Partial<Record<LinkerdChartName, ChartFiles>> = {};
  for (const [chart, entry] of entries) {
    const url = packageUrl(repositoryUrl, entry);
    const cached = join(projectDir, '.cache', 'linkerd-charts', line, `${chart}-${entry.version}.tgz`);
    let bytes: Buffer;
    if (existsSync(cached)) bytes = readFileSync(cached);
    else {
      bytes = await fetchOk(url, timeout);
      checkDigest(bytes, entry, url);
    }
    const files = unpackChart(bytes, url, (path) => /^[^/]+\/(Chart\.yaml|values\.yaml|values-ha\.yaml)$/.test(path));
    const file = (name: string) => [...files].find(([path]) => path.endsWith(`/${name}`))?.[1];
    if (file('Chart.yaml') === undefined || file('values.yaml') === undefined) throw new RepositoryError(`${url} is corrupt or truncated: it has no Chart.yaml and values.yaml`);
    charts[chart] = { chartYaml: file('Chart.yaml')!, valuesYaml: file('values.yaml')!, valuesHaYaml: file('values-ha.yaml') };
    if (!existsSync(cached)) {
      mkdirSync(join(cached, '..'), { recursive: true });
      writeFileSync(`${cached}.tmp`, bytes);
      renameSync(`${cached}.tmp`, cached);
    }
  }

  const needsCode = handWrittenCodeProblems(line, charts);
  if (needsCode.length > 0) {
    throw new RepositoryError(`${line} needs a change to hand-written code before it can be added; nothing was written:\n${needsCode.map((problem) => `  - ${problem}`).join('\n')}`);
  }

  // Write the line's folder beside its place and rename it in, then the index: all or nothing.
  const generated = generateLineFiles(line, charts);
  const staging = join(projectDir, VALUES_OUTPUT_DIR, `.${line}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const indexPath = join(projectDir, VALUES_OUTPUT_DIR, 'index.ts');
  const previousIndex = readFileSync(indexPath, 'utf8');
  try {
    for (const [path, content] of generated) writeFileSync(join(staging, path.split('/').pop()!), content);
    renameSync(staging, lineDir);
    writeFileSync(indexPath, indexFromFolders(projectDir));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    rmSync(lineDir, { recursive: true, force: true });
    writeFileSync(indexPath, previousIndex);
    throw new RepositoryError(`writing ${line} failed (${(error as Error).message}); nothing was changed`);
  }
  return [...generated.keys(), `${VALUES_OUTPUT_DIR}/index.ts`];
}

/**
 * What a line's charts lack that hand-written code relies on: each component's resources path (or the
 * chart's values let it), and a known Certificate for every webhook.
 */
function handWrittenCodeProblems(line: string, charts: Partial<Record<LinkerdChartName, ChartFiles>>): string[] {
  const problems: string[] = [];
  for (const chart of LINKERD_CHARTS) {
    const files = charts[chart];
    if (!files) continue;
    const values = [files.valuesYaml, files.valuesHaYaml].filter((text): text is string => text !== undefined).map((text) => parse(text, { maxAliasCount: -1 }) ?? {});
    for (const component of COMPONENTS.filter((candidate) => candidate.chart === chart)) {
      const [top] = component.valuesPath.split('.');
      // Resources keys that values.yaml only documents in comments are fine; the component's own key must exist.
      if (component.valuesPath.includes('.') && !values.some((document) => top in document)) {
        problems.push(`${chart} has no "${top}" value, where lib/linkerd/components.ts sets ${component.group}.${component.key}'s resources`);
      }
    }
    const webhookKeys = Object.keys(values[0]).filter((key) => {
      const node = values[0][key];
      return node !== null && typeof node === 'object' && !Array.isArray(node) && 'externalSecret' in node;
    });
    try {
      chartWebhooks(line, chart, webhookKeys);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

/** The release tags in an index, newest first (from linkerd-control-plane's entries). */
export function newestReleases(index: Map<string, IndexEntry[]>, channel: 'edge' | 'stable'): string[] {
  const tags = (index.get('linkerd-control-plane') ?? []).map((entry) => (channel === 'edge' ? edgeTag(entry.version) : entry.appVersion)).filter((tag): tag is string => !!tag && lineChannel(tag) === channel);
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

async function cli(): Promise<number> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const repositoryUrl = option('repo');
  const timeout = option('timeout');
  const [line] = args;
  if (!line) {
    console.error('usage: npm run release-line:add -- <line> [--repo <url>] [--timeout <seconds>]   e.g. edge-26.11.2');
    return 2;
  }
  const projectDir = resolve(__dirname, '..');
  try {
    const files = await addReleaseLine({ line, projectDir, repositoryUrl, timeoutSeconds: timeout ? Number(timeout) : undefined });
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

if (require.main === module) void cli().then((status) => (process.exitCode = status));
