/**
 * What a release line's charts say about it, read from each chart's own Chart.yaml and values.yaml:
 * the facts of lib/linkerd/catalog.ts that are chart data. Used by gen:values (charts from ../shared)
 * and release-line:add (charts from a Helm repository).
 *
 * {@link CHART_FACTS} is the one place a fact is defined: its name, its documentation and how it is read.
 * gen:values writes the `ReleaseLineData` interface (imports/linkerd-values/release-line-data.ts) and each
 * line's values (release-line.ts) from it, and lib/linkerd/catalog.ts's `ReleaseLine` extends that
 * interface, so adding a fact is one entry here (then `npm run gen:values`).
 */
import { CHANNEL_REPOSITORIES, LINKERD_HELM_CHARTS, LinkerdHelmChartName } from '../../lib/linkerd/helm-charts';
import { hasValueAt, valueAt } from '../../lib/common/value-path';

/** One chart's data files, parsed. */
export interface ChartData {
  /** Chart.yaml. */
  readonly chart: { readonly version?: unknown; readonly appVersion?: unknown };
  /** values.yaml (aliases resolved). */
  readonly values: Record<string, unknown>;
}

/** The parsed charts of one line. */
export type LineCharts = Readonly<Partial<Record<LinkerdHelmChartName, ChartData>>>;

/** A fact a line's charts state: a yes/no (or a list of strings) read from their values. */
export interface ChartFact {
  /** Its documentation, written as the property's JSDoc in the generated `ReleaseLineData`. */
  readonly doc: string;
  /**
   * Its TypeScript type in the generated `ReleaseLineData`.
   * @default 'boolean'
   */
  readonly type?: 'boolean' | 'readonly string[]';
  /** Reads it from the line's charts. */
  readonly read: (charts: LineCharts) => boolean | readonly string[];
}

const has = (charts: LineCharts, chart: LinkerdHelmChartName, path: string) => hasValueAt(charts[chart]?.values, path);

/** Every fact the charts state, in the order the generated files list them. */
export const CHART_FACTS = {
  gatewayApiOptIn: {
    doc: 'Whether linkerd-crds installs the Gateway API CRDs only when asked (`installGatewayAPI`). Lines where this is false ship the CRDs they need on their own.',
    read: (charts) => has(charts, 'linkerd-crds', 'installGatewayAPI'),
  },
  namespaceMetadataJobOptional: {
    doc: 'Whether the viz and jaeger charts have `createNamespaceMetadataJob`.',
    read: (charts) => has(charts, 'linkerd-viz', 'createNamespaceMetadataJob'),
  },
  collectorConfigIsString: {
    doc: "Whether linkerd-jaeger's `collector.config` is a YAML string (2.14) or a map (edge).",
    read: (charts) => typeof valueAt(charts['linkerd-jaeger']?.values, 'collector.config') === 'string',
  },
  nativeSidecar: {
    doc: 'Whether the control plane has `proxy.nativeSidecar` (the proxy as a Kubernetes sidecar container).',
    read: (charts) => has(charts, 'linkerd-control-plane', 'proxy.nativeSidecar'),
  },
  proxyTracing: {
    doc: 'Whether the control plane exports traces itself over OTLP (`proxy.tracing`, `controller.tracing`).',
    // The proxies' own OTLP export, complete: an `enabled` switch and the collector's mesh identity with its namespace.
    read: (charts) => has(charts, 'linkerd-control-plane', 'proxy.tracing.enabled') && has(charts, 'linkerd-control-plane', 'proxy.tracing.collector.meshIdentity.namespace'),
  },
  clusterNetworks: {
    doc: "The control plane's default `clusterNetworks`: the networks its proxies treat as in-cluster (the default networks of an unmeshed Prometheus, README \"Policy\").",
    type: 'readonly string[]',
    read: (charts): readonly string[] =>
      String(valueAt(charts['linkerd-control-plane']?.values, 'clusterNetworks') ?? '')
        .split(',')
        .map((network) => network.trim())
        .filter((network) => network !== ''),
  },
} satisfies Record<string, ChartFact>;

/** The facts every line has besides {@link CHART_FACTS}: its identity and chart versions. */
export const IDENTITY_FACTS = {
  name: "The line's name as written in a cluster config, e.g. `edge-25.9.4`.",
  channel: '`stable` or `edge`: which Helm repository (and HelmRepository object) serves it.',
  repositoryUrl: 'The HTTP Helm repository that publishes the charts.',
  chartVersions: 'Exact published chart versions; a chart missing here does not exist in this line.',
} as const;

/** The generated facts of one line (the hand-written rest is in lib/linkerd/catalog.ts). */
export type LineFacts = {
  readonly name: string;
  readonly channel: 'edge' | 'stable';
  readonly repositoryUrl: string;
  readonly chartVersions: Readonly<Partial<Record<LinkerdHelmChartName, string>>>;
} & { readonly [fact in keyof typeof CHART_FACTS]: ReturnType<(typeof CHART_FACTS)[fact]['read']> };

/** The TypeScript type of each identity fact, as the generated interface writes it. */
export const IDENTITY_FACT_TYPES: Readonly<Record<keyof typeof IDENTITY_FACTS, string>> = {
  name: 'string',
  channel: "'edge' | 'stable'",
  repositoryUrl: 'string',
  chartVersions: `{ readonly [chart in ${LINKERD_HELM_CHARTS.map((chart) => `'${chart}'`).join(' | ')}]?: string }`,
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

/** The chart version every chart of edge line `edge-YY.M.N` is published at: `20YY.M.N`. */
export function edgeChartVersion(name: string): string {
  const [, , year, month, number] = LINE_NAME.exec(name)!;
  return `20${year}.${Number(month)}.${Number(number)}`;
}

/** The facts of line `name` from its charts' data. */
export function lineFacts(name: string, charts: LineCharts): LineFacts {
  const channel = lineChannel(name);
  if (!channel) throw new Error(`"${name}" is not a release line name: edge-YY.M.N or stable-X.Y.Z`);
  const chartVersions: Partial<Record<LinkerdHelmChartName, string>> = {};
  for (const chart of LINKERD_HELM_CHARTS) {
    const data = charts[chart];
    if (!data) continue;
    const version = String(data.chart.version ?? '');
    // Linkerd's source tree says 0.0.0-undefined for edge charts; the release rewrites it to YYYY.M.N.
    chartVersions[chart] = channel === 'edge' && (version === '' || version.startsWith('0.0.0')) ? edgeChartVersion(name) : version;
  }
  const facts = Object.fromEntries(Object.entries(CHART_FACTS).map(([fact, definition]) => [fact, (definition as ChartFact).read(charts)]));
  return { name, channel, repositoryUrl: CHANNEL_REPOSITORIES[channel], chartVersions, ...facts } as LineFacts;
}

/** Compares two lists of version numbers (`[26, 8, 3]`), a missing number counting as 0. */
export function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) if ((a[index] ?? 0) !== (b[index] ?? 0)) return (a[index] ?? 0) - (b[index] ?? 0);
  return 0;
}

/** The numbers of a release tag or a version: `edge-26.8.3` → [26, 8, 3], `v1.21.1` → [1, 21, 1]. */
export function versionNumbers(tagOrVersion: string): number[] {
  return tagOrVersion.replace(/^(edge|stable)-/, '').replace(/^v/, '').split('.').map(Number);
}
