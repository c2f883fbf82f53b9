/**
 * What a release line's charts say about it, read from each chart's own Chart.yaml and values.yaml:
 * the facts of lib/linkerd/catalog.ts that are chart data. Used by gen:values (charts from ../shared)
 * and release-line:add (charts from a Helm repository).
 */
import { CHANNEL_REPOSITORIES, LINKERD_CHARTS, LinkerdChartName } from '../../lib/linkerd/charts';

/** One chart's data files, parsed. */
export interface ChartData {
  /** Chart.yaml. */
  readonly chart: { readonly version?: unknown; readonly appVersion?: unknown };
  /** values.yaml (aliases resolved). */
  readonly values: Record<string, unknown>;
}

/** The generated facts of one line (the hand-written rest is in lib/linkerd/catalog.ts). */
export interface LineFacts {
  readonly name: string;
  readonly channel: 'edge' | 'stable';
  readonly repositoryUrl: string;
  readonly chartVersions: Readonly<Partial<Record<LinkerdChartName, string>>>;
  readonly gatewayApiOptIn: boolean;
  readonly namespaceMetadataJobOptional: boolean;
  readonly collectorConfigIsString: boolean;
  readonly nativeSidecar: boolean;
  readonly proxyTracing: boolean;
}

const LINE_NAME = /^(edge)-(\d{2})\.(\d{1,2})\.(\d{1,2})$|^(stable)-(\d+\.\d+\.\d+)$/;

/** The channel of a line name, or undefined when the name is neither `edge-YY.M.N` nor `stable-X.Y.Z`. */
export function lineChannel(name: string): 'edge' | 'stable' | undefined {
  const match = LINE_NAME.exec(name);
  return match ? (match[1] === 'edge' ? 'edge' : 'stable') : undefined;
}

/** The chart version every chart of edge line `edge-YY.M.N` is published at: `20YY.M.N`. */
export function edgeChartVersion(name: string): string {
  const [, , year, month, number] = LINE_NAME.exec(name)!;
  return `20${year}.${Number(month)}.${Number(number)}`;
}

/** The facts of line `name` from its charts' data. */
export function lineFacts(name: string, charts: Readonly<Partial<Record<LinkerdChartName, ChartData>>>): LineFacts {
  const channel = lineChannel(name);
  if (!channel) throw new Error(`"${name}" is not a release line name: edge-YY.M.N or stable-X.Y.Z`);
  const chartVersions: Partial<Record<LinkerdChartName, string>> = {};
  for (const chart of LINKERD_CHARTS) {
    const data = charts[chart];
    if (!data) continue;
    const version = String(data.chart.version ?? '');
    // Linkerd's source tree says 0.0.0-undefined for edge charts; the release rewrites it to YYYY.M.N.
    chartVersions[chart] = channel === 'edge' && (version === '' || version.startsWith('0.0.0')) ? edgeChartVersion(name) : version;
  }
  const has = (chart: LinkerdChartName, path: string) => pathOf(charts[chart]?.values, path) !== undefined;
  return {
    name,
    channel,
    repositoryUrl: CHANNEL_REPOSITORIES[channel],
    chartVersions,
    gatewayApiOptIn: has('linkerd-crds', 'installGatewayAPI'),
    namespaceMetadataJobOptional: has('linkerd-viz', 'createNamespaceMetadataJob'),
    collectorConfigIsString: typeof pathOf(charts['linkerd-jaeger']?.values, 'collector.config') === 'string',
    nativeSidecar: has('linkerd-control-plane', 'proxy.nativeSidecar'),
    // The proxies' own OTLP export, complete: an `enabled` switch and the collector's mesh identity with its namespace.
    proxyTracing: has('linkerd-control-plane', 'proxy.tracing.enabled') && has('linkerd-control-plane', 'proxy.tracing.collector.meshIdentity.namespace'),
  };
}

function pathOf(values: unknown, path: string): unknown {
  let node: unknown = values;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node === null ? '' : node;
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
