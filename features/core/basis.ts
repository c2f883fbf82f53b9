/**
 * The basis of a cluster's plan: its validated config with the release line resolved, and the choices every
 * feature reads (the Helm charts installed, the tracing mode, the Gateway API source), each made once here.
 */
import { DNS_LABEL } from '../../lib/common/dns-label';
import type { ClusterConfig } from '../cluster-config';
import { type MeshHelmChartName, type ReleaseLine, releaseLine } from '../../lib/linkerd/catalog';
import { type GatewayApiSource, gatewayApiSource } from '../gateway-api/plan';
import { type TracingMode, tracingMode } from '../tracing/plan';
import { type SearchStorePlan, searchStorePlan } from '../tracing/search-store';

export type { GatewayApiSource } from '../gateway-api/plan';

/**
 * A config and the choices it implies, each made once: what every feature's checks (features/feature.ts)
 * and plan part read.
 */
export interface ConfigBasis {
  readonly config: ClusterConfig;
  readonly line: ReleaseLine;
  /** The Helm charts this cluster installs in the mesh layer (each a HelmRelease), in install order. */
  readonly helmCharts: readonly MeshHelmChartName[];
  /** How traces are collected (features/tracing/plan.ts). */
  readonly tracing: TracingMode;
  /**
   * The Gateway API CRDs installed from upstream (kubernetes-sigs/gateway-api) before the control plane.
   * @default - none: `gatewayApi.install: false`, or a line whose linkerd-crds ships its own
   */
  readonly gatewayApi?: GatewayApiSource;
  /**
   * The search cluster Jaeger writes to (features/tracing/search-store.ts), with `tracing.storage:
   * elasticsearch | opensearch` and the Jaeger v2 we install.
   * @default - none
   */
  readonly searchStore?: SearchStorePlan;
}

/** What a plan is computed from: a cluster's name and its config's basis. */
export interface ClusterBasis extends ConfigBasis {
  /** The cluster's name: its config file's name and its folder under dist/. */
  readonly name: string;
}

/** The basis of a plan: the release line resolved, the Helm charts and the way traces go. */
export function clusterBasis(name: string, config: ClusterConfig): ClusterBasis {
  if (!DNS_LABEL.test(name)) {
    throw new Error(
      `cluster name "${name}" must be lowercase letters, digits and "-" (it names a folder and Flux objects)`,
    );
  }
  return { name, ...configBasis(config) };
}

/** The choices `config` implies: the release line resolved, the Helm charts, the way traces go. */
export function configBasis(config: ClusterConfig): ConfigBasis {
  const line = releaseLine(config.releaseLine);
  const tracing = tracingMode(config, line);
  const helmCharts: MeshHelmChartName[] = [
    ...(config.cni.enabled ? (['linkerd2-cni'] as const) : []),
    'linkerd-crds',
    'linkerd-control-plane',
  ];
  if (config.viz.enabled) helmCharts.push('linkerd-viz');
  if (tracing === 'linkerd-jaeger' || tracing === 'jaeger') helmCharts.push(tracing);
  const gatewayApi = gatewayApiSource(config, line);
  const searchStore = searchStorePlan(config, tracing);
  return { config, line, helmCharts, tracing, ...(gatewayApi && { gatewayApi }), ...(searchStore && { searchStore }) };
}

/**
 * The effective default inbound policy of each namespace the person meshes: its own, else the cluster's
 * (`proxy.defaultInboundPolicy`). The policy plan and the alerts read it from here.
 */
export function inboundPolicies(config: Pick<ClusterConfig, 'meshedNamespaces' | 'proxy'>): Map<string, string> {
  return new Map(
    config.meshedNamespaces.map((namespace) => [
      namespace.name,
      namespace.defaultInboundPolicy ?? config.proxy.defaultInboundPolicy,
    ]),
  );
}
