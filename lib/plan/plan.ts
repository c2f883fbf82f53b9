/**
 * A cluster's plan: its validated config with the release line resolved, and everything computed from
 * them once: the Helm values of each Helm chart, the webhooks, the footprint, the namespaces it declares,
 * the Flux layers.
 * The cdk8s charts (charts/) build from this and read nothing else, so a test can make one by hand.
 */
import type { ClusterConfig } from '../config/schema';
import { type FluxLayer, fluxLayers } from '../flux/layers';
import { type MeshHelmChartName, releaseLine, type ReleaseLine } from '../linkerd/catalog';
import {
  CERT_MANAGER_NAMESPACE,
  CNI_NAMESPACE,
  TRACING_NAMESPACE,
  LINKERD_NAMESPACE,
  VIZ_NAMESPACE,
} from '../linkerd/names';
import { CERT_MANAGER_RELEASES, meshReleases } from '../linkerd/release-settings';
import { checkedValues } from '../linkerd/values-keys';
import type { Webhook } from '../linkerd/webhooks';
import { clusterFootprint, type Footprint } from './footprint';
import { helmChartValues, type HelmValues } from './helm-values';
import { planPolicy, type PolicyPlan } from './policy';
import { installedWebhooks } from './installed-webhooks';
import { DNS_LABEL } from '../common/dns-label';

/** What a plan is computed from: the config and the choices it implies (the input of helmChartValues and the footprint). */
export interface ClusterBasis {
  /** The cluster's name: its config file's name and its folder under dist/. */
  readonly name: string;
  readonly config: ClusterConfig;
  readonly line: ReleaseLine;
  /** The Helm charts this cluster installs in the mesh layer (each a HelmRelease), in install order. */
  readonly helmCharts: readonly MeshHelmChartName[];
  /**
   * How traces are collected: `linkerd-jaeger` (the line's extension, whatever the backend), `jaeger`
   * (proxies export to the Jaeger project's Jaeger v2 we install), `otlp` (proxies export to the person's
   * collector; nothing installed), or `off`.
   */
  readonly tracing: 'linkerd-jaeger' | 'jaeger' | 'otlp' | 'off';
  /**
   * The Gateway API CRDs installed from upstream (kubernetes-sigs/gateway-api) before the control plane.
   * @default - none: `gatewayApi.install: false`, or a line whose linkerd-crds ships its own
   */
  readonly gatewayApi?: GatewayApiSource;
}

/** A release of the upstream Gateway API CRDs and its channel. */
export interface GatewayApiSource {
  /** A tag of kubernetes-sigs/gateway-api, e.g. `v1.4.0`. */
  readonly release: string;
  readonly channel: 'standard' | 'experimental';
}

/** One cluster's plan: its basis and the results computed from it, once. */
export interface ClusterPlan extends ClusterBasis {
  /** The config file it comes from, as messages name it (e.g. `clusters/studio.yaml`). */
  readonly file: string;
  /** The Helm values of each Helm chart in {@link ClusterBasis.helmCharts}, checked against its own keys for the line. */
  readonly values: ReadonlyMap<MeshHelmChartName, HelmValues>;
  /** Every webhook of the Linkerd Helm charts it installs, in install order (identity layer: their certificates). */
  readonly webhooks: readonly Webhook[];
  /** What the mesh requests and may use, against the config's budget. */
  readonly footprint: Footprint;
  /** The names of the Namespaces this project declares for the cluster, in layer order. */
  readonly namespaces: readonly string[];
  /** The inbound policy objects per namespace (the policy layer; none when nothing needs authorizing). */
  readonly policy: PolicyPlan;
  /** The Flux layers the entry point applies, in apply order (each a folder of dist/<cluster>/, but gateway-api). */
  readonly layers: readonly FluxLayer[];
  /** The project's folder in the Git repository Flux reads (`flux.path`, or where synth found the project): lib/flux/layers.ts resolveFluxPath. */
  readonly fluxPath: string;
}

/**
 * The plan of cluster `name` from its validated `config` (read from `file`); `fluxPath` is the project's
 * folder in its Git repository (default: `flux.path`, else `.`).
 */
export function planCluster(
  name: string,
  config: ClusterConfig,
  file = `clusters/${name}.yaml`,
  fluxPath = config.flux.path ?? '.',
): ClusterPlan {
  const basis = clusterBasis(name, config);
  // Every key checked against the Helm chart's own keys for this release line (no ../shared needed).
  const values = new Map(
    basis.helmCharts.map(
      (helmChart) => [helmChart, checkedValues(basis.line.name, helmChart, helmChartValues(basis, helmChart))] as const,
    ),
  );
  const policy = planPolicy(basis);
  return {
    ...basis,
    file,
    values,
    webhooks: installedWebhooks(basis),
    footprint: clusterFootprint(basis, (_, helmChart) => values.get(helmChart) ?? {}),
    namespaces: declaredNamespaces(basis),
    policy,
    layers: clusterLayers(basis, policy),
    fluxPath,
  };
}

/** The Flux layers of a cluster: which exist follows from its config, their timeouts from their releases'. */
function clusterLayers({ config, helmCharts, gatewayApi }: ClusterBasis, policy: PolicyPlan): FluxLayer[] {
  const { alerts, dashboards } = config.monitoring;
  return fluxLayers({
    prerequisiteReleases: config.certManager.install ? CERT_MANAGER_RELEASES : [],
    certManagerInstalled: config.certManager.install,
    meshReleases: meshReleases(helmCharts),
    ...(gatewayApi && { gatewayApiChannel: gatewayApi.channel }),
    policy: policy.namespaces.length > 0,
    alerts: alerts.enabled,
    dashboards: dashboards.sidecar.enabled || dashboards.grafanaOperator.enabled,
  });
}

/** The basis of a plan: the release line resolved, the Helm charts and the way traces go. */
export function clusterBasis(name: string, config: ClusterConfig): ClusterBasis {
  if (!DNS_LABEL.test(name)) {
    throw new Error(
      `cluster name "${name}" must be lowercase letters, digits and "-" (it names a folder and Flux objects)`,
    );
  }
  const line = releaseLine(config.releaseLine);
  const tracing = !config.tracing.enabled
    ? 'off'
    : line.helmChartVersions['linkerd-jaeger']
      ? 'linkerd-jaeger'
      : config.tracing.backend === 'jaeger'
        ? 'jaeger'
        : 'otlp';
  const helmCharts: MeshHelmChartName[] = [
    ...(config.cni.enabled ? (['linkerd2-cni'] as const) : []),
    'linkerd-crds',
    'linkerd-control-plane',
  ];
  if (config.viz.enabled) helmCharts.push('linkerd-viz');
  if (tracing === 'linkerd-jaeger' || tracing === 'jaeger') helmCharts.push(tracing);
  const gatewayApi =
    config.gatewayApi.install && line.gatewayApi
      ? { release: line.gatewayApi.install, channel: config.gatewayApi.channel }
      : undefined;
  return { name, config, line, helmCharts, tracing, ...(gatewayApi && { gatewayApi }) };
}

/**
 * The Namespaces the cdk8s charts declare (prerequisites layer, then the meshed ones of the mesh layer).
 * lib/output/cluster-files.ts checks the synthesized Namespace objects against this list.
 */
function declaredNamespaces({ config, helmCharts }: ClusterBasis): string[] {
  return [
    ...(helmCharts.includes('linkerd2-cni') ? [CNI_NAMESPACE] : []),
    LINKERD_NAMESPACE,
    ...(helmCharts.includes('linkerd-viz') ? [VIZ_NAMESPACE] : []),
    ...(helmCharts.includes('linkerd-jaeger') || helmCharts.includes('jaeger') ? [TRACING_NAMESPACE] : []),
    ...(config.certManager.install ? [CERT_MANAGER_NAMESPACE] : []),
    ...config.meshedNamespaces.filter((namespace) => namespace.declared === 'here').map((namespace) => namespace.name),
  ];
}
