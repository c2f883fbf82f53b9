/**
 * `npm run outdated [-- --edge-repo <url> --stable-repo <url> --jaeger-repo <url> --oci-registry <url> --timeout <s>]`
 *
 * For each cluster: the Linkerd releases newer than its line (edge and stable, from the Helm repositories'
 * indexes), and newer versions of the pinned cert-manager, trust-manager (OCI registry tags) and Jaeger
 * charts. Says clearly which repository could not be reached (exit 1 then); every URL can point at a mirror.
 */
import { resolve } from 'node:path';
import { ConfigError, loadClusterConfig } from '../lib/plan/config-load';
import { readConfigFiles } from '../lib/input/config-files';
import { RELEASE_LINE_NAMES } from '../lib/linkerd/catalog';
import { CHANNEL_REPOSITORIES } from '../lib/linkerd/helm-charts';
import {
  CERT_MANAGER_HELM_CHART,
  type CompanionHelmChart,
  JAEGER_HELM_CHART,
  TRUST_MANAGER_HELM_CHART,
} from '../lib/linkerd/companion-helm-charts';
import { clusterName } from '../lib/plan/plan-clusters';
import { compareTags, newestReleases } from './release-line-add';
import { commandLine, type ParsedCli } from './cli-args';
import { COMMAND_LINES } from './command-lines';
import { fetchBytes, type IndexEntry, RepositoryError, repositoryIndex } from './release-lines/helm-repository';
import { compareNumbers, lineChannel, versionNumbers } from './release-lines/line-facts';

/** Where to look. */
export interface OutdatedOptions {
  readonly clustersDir: string;
  readonly edgeRepo?: string;
  readonly stableRepo?: string;
  readonly jaegerRepo?: string;
  /** Replaces the scheme and host of the OCI Helm charts (`oci://quay.io/...` → `<registry>/v2/...`). */
  readonly ociRegistry?: string;
  readonly timeoutSeconds?: number;
}

/** The report's lines, and whether every repository could be reached. */
export async function outdated(options: OutdatedOptions): Promise<{ lines: string[]; reachedAll: boolean }> {
  const timeout = options.timeoutSeconds ?? 30;
  const lines: string[] = [];
  let reachedAll = true;
  /** Runs one check; a failure is reported with the flag that points this check elsewhere (the fetchers say `--repo`). */
  const attempt = async <T>(what: string, flag: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof RepositoryError)) throw error;
      reachedAll = false;
      lines.push(`  cannot check ${what}: ${error.message.split('(--repo)').join(`(${flag})`)}`);
      return undefined;
    }
  };
  /** The index at `url`, which must list `chart`: a repository without it is a wrong URL, not "nothing newer". */
  const indexWith = async (url: string, helmChart: string, flag: string) => {
    const index = await repositoryIndex(url, timeout);
    if ((index.get(helmChart) ?? []).length === 0) {
      const helmCharts = [...index.keys()].sort();
      throw new RepositoryError(
        `${url.replace(/\/+$/, '')}/index.yaml has no chart ${helmChart}${helmCharts.length > 0 ? ` (it has ${helmCharts.slice(0, 5).join(', ')}${helmCharts.length > 5 ? ', ...' : ''})` : ' (it lists no chart at all)'}; check ${flag}`,
      );
    }
    return index;
  };

  lines.push('Linkerd');
  const edge = await attempt('edge releases', '--edge-repo', () =>
    indexWith(options.edgeRepo ?? CHANNEL_REPOSITORIES.edge, 'linkerd-control-plane', '--edge-repo'),
  );
  const stable = await attempt('stable releases', '--stable-repo', () =>
    indexWith(options.stableRepo ?? CHANNEL_REPOSITORIES.stable, 'linkerd-control-plane', '--stable-repo'),
  );
  const edgeTags = edge ? newestReleases(edge, 'edge') : [];
  const stableTags = stable ? newestReleases(stable, 'stable') : [];
  const input = readConfigFiles(options.clustersDir);
  const clusterLines: string[] = [];
  for (const file of input.files) {
    let line: string;
    try {
      line = loadClusterConfig(file.text, file.path).releaseLine;
    } catch (error) {
      lines.push(
        `  ${clusterName(file.path)}: ${file.path} is not valid (${error instanceof ConfigError ? error.problems[0] : (error as Error).message})`,
      );
      continue;
    }
    clusterLines.push(line);
    const channel = lineChannel(line)!;
    // Within a channel, by number. Across: every edge release is newer than the last open-source stable
    // (February 2024), and no stable release is newer than an edge line of this catalog.
    const newer = (tags: readonly string[], own: 'edge' | 'stable') =>
      channel === own ? tags.filter((tag) => compareTags(tag, line) > 0) : own === 'edge' ? tags : [];
    const describe = (label: string, tags: readonly string[], index: unknown) =>
      index === undefined
        ? `${label}: unknown (not reached)`
        : tags.length === 0
          ? `${label}: none`
          : `${label}: ${tags.length} (newest ${tags[0]}${tags.length > 1 ? `, then ${tags.slice(1, 3).join(', ')}` : ''})`;
    lines.push(
      `  ${clusterName(file.path)}: ${line}; newer ${describe('edge', newer(edgeTags, 'edge'), edge)}; newer ${describe('stable', newer(stableTags, 'stable'), stable)}`,
    );
  }
  const newest = edgeTags[0];
  if (newest && clusterLines.some((line) => lineChannel(line) === 'stable' || compareTags(newest, line) > 0)) {
    lines.push(
      RELEASE_LINE_NAMES.includes(newest)
        ? `  to move: releaseLine: ${newest} (in the catalog already; docs/upgrading.md "Upgrading Linkerd": one major at a time)`
        : `  to move: npm run release-line:add -- ${newest}, then releaseLine: ${newest} (docs/upgrading.md "Upgrade to a new Linkerd release"; one major at a time)`,
    );
  }

  lines.push('Companion charts');
  for (const helmChart of [CERT_MANAGER_HELM_CHART, TRUST_MANAGER_HELM_CHART]) {
    const tags = await attempt(`${helmChart.name} (${helmChart.repositoryUrl})`, '--oci-registry', () =>
      ociTags(helmChart, options.ociRegistry, timeout),
    );
    if (tags) lines.push(`  ${helmChart.name} ${helmChart.version}: ${newerVersions(helmChart.version, tags)}`);
  }
  const jaegerUrl = options.jaegerRepo ?? JAEGER_HELM_CHART.repositoryUrl;
  const jaeger = await attempt(`jaeger (${jaegerUrl})`, '--jaeger-repo', () =>
    indexWith(jaegerUrl, JAEGER_HELM_CHART.name, '--jaeger-repo'),
  );
  if (jaeger)
    lines.push(
      `  ${JAEGER_HELM_CHART.name} ${JAEGER_HELM_CHART.version}: ${newerVersions(
        JAEGER_HELM_CHART.version,
        (jaeger.get(JAEGER_HELM_CHART.name) ?? []).map((entry: IndexEntry) => entry.version),
      )}`,
    );
  return { lines, reachedAll };
}

/** The tags of an OCI Helm chart, from the registry's tags/list (with an anonymous token when the registry asks for one). */
async function ociTags(
  helmChart: CompanionHelmChart,
  registry: string | undefined,
  timeout: number,
): Promise<string[]> {
  const [, host, ...path] = helmChart.repositoryUrl.replace(/^oci:\/\//, '/').split('/');
  const base = (registry ?? `https://${host}`).replace(/\/+$/, '');
  const url = `${base}/v2/${path.join('/')}/tags/list`;
  let answer = await fetchBytes(url, timeout);
  if (answer.status === 401) {
    const challenge = /Bearer realm="([^"]+)"(?:,service="([^"]+)")?/.exec(
      answer.headers.get('www-authenticate') ?? '',
    );
    if (!challenge) throw new RepositoryError(`${url} asks for credentials this command does not have`);
    const tokenUrl = `${challenge[1]}?${challenge[2] ? `service=${encodeURIComponent(challenge[2])}&` : ''}scope=${encodeURIComponent(`repository:${path.join('/')}:pull`)}`;
    const token = await fetchBytes(tokenUrl, timeout);
    const { token: bearer, access_token: access } = JSON.parse(token.body.toString('utf8') || '{}');
    answer = await fetchBytes(url, timeout, { authorization: `Bearer ${bearer ?? access}` });
  }
  if (answer.status !== 200)
    throw new RepositoryError(`${url} answered HTTP ${answer.status}; check the registry (--oci-registry)`);
  try {
    const tags = JSON.parse(answer.body.toString('utf8')).tags;
    if (!Array.isArray(tags)) throw new Error('no "tags"');
    if (tags.length === 0) throw new Error(`no tags at all: the registry does not hold ${path.join('/')}`);
    return tags.map(String);
  } catch (error) {
    throw new RepositoryError(
      `${url} did not answer a tag list (${(error as Error).message}); check the registry (--oci-registry)`,
    );
  }
}

/** `none` or the released versions newer than `current` (pre-releases left out), newest first. */
function newerVersions(current: string, versions: readonly string[]): string {
  const numbers = versionNumbers;
  const newer = [...new Set(versions)]
    .filter((version) => /^v?\d+\.\d+\.\d+$/.test(version))
    .filter((version) => compareNumbers(numbers(version), numbers(current)) > 0)
    .sort((a, b) => compareNumbers(numbers(b), numbers(a)));
  return newer.length === 0
    ? 'up to date'
    : `newer ${newer.slice(0, 3).join(', ')}${newer.length > 3 ? ` (+${newer.length - 3} more)` : ''}; update lib/linkerd/companion-helm-charts.ts`;
}

async function main({ flags }: ParsedCli): Promise<number> {
  const flag = (name: string) => flags[name] as string | undefined;
  const timeout = flag('timeout');
  const { lines, reachedAll } = await outdated({
    clustersDir: resolve(process.env.CLUSTERS_DIR ?? 'clusters'),
    edgeRepo: flag('edge-repo'),
    stableRepo: flag('stable-repo'),
    jaegerRepo: flag('jaeger-repo'),
    ociRegistry: flag('oci-registry'),
    timeoutSeconds: timeout ? Number(timeout) : undefined,
  });
  console.log(lines.join('\n'));
  if (!reachedAll) console.error('outdated: some repositories could not be checked (see "cannot check" above)');
  return reachedAll ? 0 : 1;
}

if (require.main === module)
  void main(commandLine('outdated', COMMAND_LINES.outdated)).then((status) => (process.exitCode = status));
