/**
 * The release catalog: what each supported Linkerd release line publishes.
 *
 * Adding a release line is adding an entry here; charts and constructs read only this data.
 */

/** The Helm charts a release line may publish. */
export type LinkerdChartName = 'linkerd-crds' | 'linkerd-control-plane' | 'linkerd-viz' | 'linkerd-jaeger';

/**
 * Every chart the mesh layer may install: Linkerd's own, and the Jaeger project's `jaeger` (tracing on
 * lines without linkerd-jaeger; see companion-charts.ts).
 */
export type MeshChartName = LinkerdChartName | 'jaeger';

/** Every chart name, in install order. */
export const LINKERD_CHARTS: readonly LinkerdChartName[] = [
  'linkerd-crds',
  'linkerd-control-plane',
  'linkerd-viz',
  'linkerd-jaeger',
];

/** Values of `proxy.defaultInboundPolicy` a line accepts. */
const INBOUND_POLICIES_214 = [
  'all-unauthenticated',
  'all-authenticated',
  'cluster-authenticated',
  'cluster-unauthenticated',
  'deny',
] as const;

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

const RELEASE_LINES: readonly ReleaseLine[] = [
  {
    name: 'edge-26.8.3',
    channel: 'edge',
    repositoryUrl: 'https://helm.linkerd.io/edge',
    chartVersions: {
      'linkerd-crds': '2026.8.3',
      'linkerd-control-plane': '2026.8.3',
      'linkerd-viz': '2026.8.3',
    },
    endOfLife: false,
    gatewayApiOptIn: true,
    namespaceMetadataJobOptional: true,
    inboundPolicies: [...INBOUND_POLICIES_214, 'audit'],
    collectorConfigIsString: false,
    nativeSidecar: true,
    proxyTracing: true,
  },
  {
    name: 'edge-25.9.4',
    channel: 'edge',
    repositoryUrl: 'https://helm.linkerd.io/edge',
    chartVersions: {
      'linkerd-crds': '2025.9.4',
      'linkerd-control-plane': '2025.9.4',
      'linkerd-viz': '2025.9.4',
      'linkerd-jaeger': '2025.9.4',
    },
    endOfLife: false,
    gatewayApiOptIn: true,
    namespaceMetadataJobOptional: true,
    inboundPolicies: [...INBOUND_POLICIES_214, 'audit'],
    collectorConfigIsString: false,
    nativeSidecar: true,
    proxyTracing: false,
  },
  {
    name: 'stable-2.14.10',
    channel: 'stable',
    repositoryUrl: 'https://helm.linkerd.io/stable',
    chartVersions: {
      'linkerd-crds': '1.8.0',
      'linkerd-control-plane': '1.16.11',
      'linkerd-viz': '30.12.11',
      'linkerd-jaeger': '30.12.11',
    },
    endOfLife: true,
    gatewayApiOptIn: false,
    namespaceMetadataJobOptional: false,
    inboundPolicies: INBOUND_POLICIES_214,
    collectorConfigIsString: true,
    nativeSidecar: false,
    proxyTracing: false,
  },
];

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
