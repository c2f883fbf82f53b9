/**
 * What a release line's Helm charts say about it, read from each Helm chart's own Chart.yaml and values.yaml:
 * the facts of lib/linkerd/catalog.ts that are Helm chart data. Used by gen:values (Helm charts from ../shared)
 * and release-line:add (Helm charts from a Helm repository).
 *
 * {@link HELM_CHART_FACTS} is the one place a fact is defined: its name, its documentation and how it is read.
 * gen:values writes the `ReleaseLineData` interface (imports/linkerd-values/release-line-data.ts) and each
 * line's values (release-line.ts) from it, and lib/linkerd/catalog.ts's `ReleaseLine` extends that
 * interface, so adding a fact is one entry here (then `npm run gen:values`).
 */
import { CHANNEL_REPOSITORIES, LINKERD_HELM_CHARTS, type LinkerdHelmChartName } from '../../lib/linkerd/helm-charts';
import { hasValueAt, valueAt } from '../../lib/common/value-path';

/** One Helm chart's data files, parsed. */
export interface HelmChartData {
  /** Chart.yaml. */
  readonly chartYaml: { readonly version?: unknown; readonly appVersion?: unknown };
  /** values.yaml (aliases resolved). */
  readonly values: Record<string, unknown>;
}

/** The parsed Helm charts of one line. */
export type LineHelmCharts = Readonly<Partial<Record<LinkerdHelmChartName, HelmChartData>>>;

/** A fact a line's Helm charts state: a yes/no (or a list of strings) read from their values. */
export interface HelmChartFact {
  /** Its documentation, written as the property's JSDoc in the generated `ReleaseLineData`. */
  readonly doc: string;
  /**
   * Its TypeScript type in the generated `ReleaseLineData`.
   * @default 'boolean'
   */
  readonly type?: 'boolean' | 'readonly string[]';
  /** Reads it from the line's charts. */
  readonly read: (helmCharts: LineHelmCharts) => boolean | readonly string[];
}

const has = (helmCharts: LineHelmCharts, helmChart: LinkerdHelmChartName, path: string) =>
  hasValueAt(helmCharts[helmChart]?.values, path);

/** Every fact the Helm charts state, in the order the generated files list them. */
export const HELM_CHART_FACTS = {
  gatewayApiOptIn: {
    doc: 'Whether linkerd-crds installs the Gateway API CRDs only when asked (`installGatewayAPI`). Lines where this is false ship the CRDs they need on their own.',
    read: (helmCharts) => has(helmCharts, 'linkerd-crds', 'installGatewayAPI'),
  },
  namespaceMetadataJobOptional: {
    doc: 'Whether the viz and jaeger Helm charts have `createNamespaceMetadataJob`.',
    read: (helmCharts) => has(helmCharts, 'linkerd-viz', 'createNamespaceMetadataJob'),
  },
  collectorConfigIsString: {
    doc: "Whether linkerd-jaeger's `collector.config` is a YAML string (2.14) or a map (edge).",
    read: (helmCharts) => typeof valueAt(helmCharts['linkerd-jaeger']?.values, 'collector.config') === 'string',
  },
  nativeSidecar: {
    doc: 'Whether the control plane has `proxy.nativeSidecar` (the proxy as a Kubernetes sidecar container).',
    read: (helmCharts) => has(helmCharts, 'linkerd-control-plane', 'proxy.nativeSidecar'),
  },
  proxyTracing: {
    doc: 'Whether the control plane exports traces itself over OTLP (`proxy.tracing`, `controller.tracing`).',
    // The proxies' own OTLP export, complete: an `enabled` switch and the collector's mesh identity with its namespace.
    read: (helmCharts) =>
      has(helmCharts, 'linkerd-control-plane', 'proxy.tracing.enabled') &&
      has(helmCharts, 'linkerd-control-plane', 'proxy.tracing.collector.meshIdentity.namespace'),
  },
  clusterNetworks: {
    doc: 'The control plane\'s default `clusterNetworks`: the networks its proxies treat as in-cluster (the default networks of an unmeshed Prometheus, docs/policy.md "Inbound policy").',
    type: 'readonly string[]',
    read: (helmCharts): readonly string[] =>
      String(valueAt(helmCharts['linkerd-control-plane']?.values, 'clusterNetworks') ?? '')
        .split(',')
        .map((network) => network.trim())
        .filter((network) => network !== ''),
  },
} satisfies Record<string, HelmChartFact>;

/** The facts every line has besides {@link HELM_CHART_FACTS}: its identity and Helm chart versions. */
export const IDENTITY_FACTS = {
  name: "The line's name as written in a cluster config, e.g. `edge-25.9.4`.",
  channel: '`stable` or `edge`: which Helm repository (and HelmRepository object) serves it.',
  repositoryUrl: 'The HTTP Helm repository that publishes the Helm charts.',
  helmChartVersions: 'Exact published Helm chart versions; a Helm chart missing here does not exist in this line.',
} as const;

/** The generated facts of one line (the hand-written rest is in lib/linkerd/catalog.ts). */
export type LineFacts = {
  readonly name: string;
  readonly channel: 'edge' | 'stable';
  readonly repositoryUrl: string;
  readonly helmChartVersions: Readonly<Partial<Record<LinkerdHelmChartName, string>>>;
} & { readonly [fact in keyof typeof HELM_CHART_FACTS]: ReturnType<(typeof HELM_CHART_FACTS)[fact]['read']> };

/** The TypeScript type of each identity fact, as the generated interface writes it. */
export const IDENTITY_FACT_TYPES: Readonly<Record<keyof typeof IDENTITY_FACTS, string>> = {
  name: 'string',
  channel: "'edge' | 'stable'",
  repositoryUrl: 'string',
  helmChartVersions: `{ readonly [helmChart in ${LINKERD_HELM_CHARTS.map((helmChart) => `'${helmChart}'`).join(' | ')}]?: string }`,
};

const LINE_NAME = /^(edge)-(\d{2})\.(\d{1,2})\.(\d{1,2})$|^(stable)-(\d+)\.(\d+)\.(\d+)$/;

/** The channel of a line name, or undefined when the name is neither `edge-YY.M.N` nor `stable-X.Y.Z`. */
export function lineChannel(name: string): 'edge' | 'stable' | undefined {
  const match = LINE_NAME.exec(name);
  return match ? (match[1] === 'edge' ? 'edge' : 'stable') : undefined;
}

/**
 * A line name as Linkerd writes its tag: numbers without leading zeros (`edge-26.08.3` → `edge-26.8.3`,
 * `stable-2.14.010` → `stable-2.14.10`); undefined for a name that is no line. Two names are the same line
 * when their canonical names are equal.
 */
export function canonicalLineName(name: string): string | undefined {
  const match = LINE_NAME.exec(name);
  if (!match) return undefined;
  const numbers = (match[1] ? match.slice(2, 5) : match.slice(6, 9)).map((part) => String(Number(part)));
  return match[1] ? `edge-${match[2]}.${numbers[1]}.${numbers[2]}` : `stable-${numbers.join('.')}`;
}

/** The Helm chart version every Helm chart of edge line `edge-YY.M.N` is published at: `20YY.M.N`. */
export function edgeHelmChartVersion(name: string): string {
  const [, , year, month, number] = LINE_NAME.exec(name)!;
  return `20${year}.${Number(month)}.${Number(number)}`;
}

/** The facts of line `name` from its Helm charts' data. */
export function lineFacts(name: string, helmCharts: LineHelmCharts): LineFacts {
  const channel = lineChannel(name);
  if (!channel) throw new Error(`"${name}" is not a release line name: edge-YY.M.N or stable-X.Y.Z`);
  const helmChartVersions: Partial<Record<LinkerdHelmChartName, string>> = {};
  for (const helmChart of LINKERD_HELM_CHARTS) {
    const data = helmCharts[helmChart];
    if (!data) continue;
    const version = String(data.chartYaml.version ?? '');
    // Linkerd's source tree says 0.0.0-undefined for edge Helm charts; the release rewrites it to YYYY.M.N.
    helmChartVersions[helmChart] =
      channel === 'edge' && (version === '' || version.startsWith('0.0.0')) ? edgeHelmChartVersion(name) : version;
  }
  const facts = Object.fromEntries(
    Object.entries(HELM_CHART_FACTS).map(([fact, definition]) => [
      fact,
      (definition as HelmChartFact).read(helmCharts),
    ]),
  );
  return { name, channel, repositoryUrl: CHANNEL_REPOSITORIES[channel], helmChartVersions, ...facts } as LineFacts;
}

/** Compares two lists of version numbers (`[26, 8, 3]`), a missing number counting as 0. */
export function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++)
    if ((a[index] ?? 0) !== (b[index] ?? 0)) return (a[index] ?? 0) - (b[index] ?? 0);
  return 0;
}

/** The numbers of a release tag or a version: `edge-26.8.3` → [26, 8, 3], `v1.21.1` → [1, 21, 1]. */
export function versionNumbers(tagOrVersion: string): number[] {
  return tagOrVersion
    .replace(/^(edge|stable)-/, '')
    .replace(/^v/, '')
    .split('.')
    .map(Number);
}
