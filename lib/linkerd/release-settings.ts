/**
 * How each Helm chart of the mesh is installed as a HelmRelease: the namespace it installs into, how long
 * Helm may wait for it (control plane pods pull images and wait for identity), and the releases it
 * waits for. The charts (charts/) build their HelmReleases from these, and the plan budgets each layer's Flux
 * timeout from the same numbers (lib/flux/layers.ts layerTimeout).
 */
import type { MeshHelmChartName } from './catalog';
import {
  CERT_MANAGER_NAMESPACE,
  CNI_NAMESPACE,
  ECK_OPERATOR_NAMESPACE,
  TRACING_NAMESPACE,
  LINKERD_NAMESPACE,
  VIZ_NAMESPACE,
} from './names';

/** How one release is installed. */
export interface ReleaseSettings<Name extends string = string> {
  /** The release's name (and its Helm chart's). */
  readonly name: Name;
  /** The namespace it installs into. */
  readonly namespace: string;
  /** How long Helm waits for its objects to become ready, as a duration such as `5m`. */
  readonly timeout: string;
  /**
   * The releases of its layer that must be ready first.
   * @default - none
   */
  readonly after?: readonly Name[];
}

/** Where each mesh Helm chart installs, how long Helm may wait for it, and the mesh releases it waits for. */
export const MESH_RELEASE_SETTINGS: Readonly<
  Record<MeshHelmChartName, Omit<ReleaseSettings<MeshHelmChartName>, 'name'>>
> = {
  // The CNI DaemonSet must be ready on every node before a meshed pod (the control plane's first) starts.
  'linkerd2-cni': { namespace: CNI_NAMESPACE, timeout: '5m' },
  'linkerd-crds': { namespace: LINKERD_NAMESPACE, timeout: '5m' },
  'linkerd-control-plane': { namespace: LINKERD_NAMESPACE, timeout: '10m', after: ['linkerd-crds', 'linkerd2-cni'] },
  'linkerd-viz': { namespace: VIZ_NAMESPACE, timeout: '10m', after: ['linkerd-control-plane'] },
  'linkerd-jaeger': { namespace: TRACING_NAMESPACE, timeout: '10m', after: ['linkerd-control-plane'] },
  // Jaeger v2 after the control plane: its pod is meshed (the proxies' collector must have a mesh identity).
  jaeger: { namespace: TRACING_NAMESPACE, timeout: '5m', after: ['linkerd-control-plane'] },
};

/**
 * The mesh releases of `helmCharts` (a plan's, in install order), each waiting only for those of them
 * that are installed.
 */
export function meshReleases(helmCharts: readonly MeshHelmChartName[]): ReleaseSettings<MeshHelmChartName>[] {
  return helmCharts.map((name) => {
    const { after, ...settings } = MESH_RELEASE_SETTINGS[name];
    return { name, ...settings, after: (after ?? []).filter((before) => helmCharts.includes(before)) };
  });
}

/**
 * cert-manager and trust-manager, when this project installs them (prerequisites layer): trust-manager's
 * own webhook certificate comes from cert-manager.
 */
export const CERT_MANAGER_RELEASES: readonly ReleaseSettings<'cert-manager' | 'trust-manager'>[] = [
  { name: 'cert-manager', namespace: CERT_MANAGER_NAMESPACE, timeout: '10m' },
  { name: 'trust-manager', namespace: CERT_MANAGER_NAMESPACE, timeout: '5m', after: ['cert-manager'] },
];

/**
 * ECK's operator, when this project runs the Elasticsearch that keeps traces (prerequisites layer): its CRDs
 * must be installed before the tracing-store layer applies the Elasticsearch.
 */
export const ECK_OPERATOR_RELEASE: ReleaseSettings<'eck-operator'> = {
  name: 'eck-operator',
  namespace: ECK_OPERATOR_NAMESPACE,
  timeout: '5m',
};
