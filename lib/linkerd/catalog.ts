/**
 * The release catalog: what each supported Linkerd release line publishes.
 *
 * Data, not code: what the charts state (chart versions, which values exist) is generated per line from
 * the charts themselves (imports/linkerd-values/<line>/release-line.ts, by `npm run gen:values` or
 * `npm run release-line:add`); the few facts no chart states live in the small tables below. Adding a
 * line needs no edit here.
 */
import { RELEASE_LINE_DATA } from '../../imports/linkerd-values';
import { LinkerdChartName } from './charts';

export { LINKERD_CHARTS, REQUIRED_CHARTS } from './charts';
export type { LinkerdChartName, MeshChartName } from './charts';

/**
 * Values of `proxy.defaultInboundPolicy` a line accepts, by channel: no chart lists them (values.yaml
 * has only the default). From Linkerd's docs (reference/authorization-policy): 2.14 has these five;
 * edge lines add `audit` (edge-24.x on).
 */
const INBOUND_POLICIES: Readonly<Record<'stable' | 'edge', readonly string[]>> = {
  stable: ['all-unauthenticated', 'all-authenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'deny'],
  edge: ['all-unauthenticated', 'all-authenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'deny', 'audit'],
};

/**
 * Whether a line is past its end of life, by channel: since February 2024 the Linkerd project publishes
 * no open-source stable releases (the last is stable-2.14.10), so every stable line is; edge lines get
 * fixes only in the newest, which `npm run outdated` reports.
 */
const END_OF_LIFE: Readonly<Record<'stable' | 'edge', boolean>> = { stable: true, edge: false };

/** One supported Linkerd release line. */
export interface ReleaseLine {
  /** The line's name as written in a cluster config, e.g. `edge-25.9.4`. */
  readonly name: string;
  /** `stable` or `edge`: which Helm repository (and HelmRepository object) serves it. */
  readonly channel: 'stable' | 'edge';
  /** The HTTP Helm repository that publishes the charts. */
  readonly repositoryUrl: string;
  /** Exact published chart versions; a chart missing here does not exist in this line. */
  readonly chartVersions: Readonly<Partial<Record<LinkerdChartName, string>>>;
  /** Whether the line is past its end of life (no more fixes from the open-source project). */
  readonly endOfLife: boolean;
  /**
   * Whether linkerd-crds installs the Gateway API CRDs only when asked (`installGatewayAPI`).
   * Lines where this is false ship the CRDs they need on their own.
   */
  readonly gatewayApiOptIn: boolean;
  /** Whether the viz and jaeger charts have `createNamespaceMetadataJob`. */
  readonly namespaceMetadataJobOptional: boolean;
  /** Values the line accepts for `proxy.defaultInboundPolicy`. */
  readonly inboundPolicies: readonly string[];
  /** Whether linkerd-jaeger's `collector.config` is a YAML string (2.14) or a map (edge). */
  readonly collectorConfigIsString: boolean;
  /** Whether the control plane has `proxy.nativeSidecar` (the proxy as a Kubernetes sidecar container). */
  readonly nativeSidecar: boolean;
  /** Whether the control plane exports traces itself over OTLP (`proxy.tracing`, `controller.tracing`). */
  readonly proxyTracing: boolean;
}

const RELEASE_LINES: readonly ReleaseLine[] = RELEASE_LINE_DATA.map((line) => ({
  ...line,
  endOfLife: END_OF_LIFE[line.channel],
  inboundPolicies: INBOUND_POLICIES[line.channel],
}));

/** The line a cluster gets when its config names none. */
export const DEFAULT_RELEASE_LINE = 'edge-26.8.3';

/** Names of every supported release line. */
export const RELEASE_LINE_NAMES: readonly string[] = RELEASE_LINES.map((line) => line.name);

/** Looks up a release line by name; throws with the allowed names when it is unknown. */
export function releaseLine(name: string): ReleaseLine {
  const line = RELEASE_LINES.find((candidate) => candidate.name === name);
  if (!line) {
    throw new Error(`unknown release line "${name}"; supported: ${RELEASE_LINE_NAMES.join(', ')}`);
  }
  return line;
}
