/**
 * A cluster's plan: its validated config with the release line resolved, and every decision made from them
 * once, by the features' plan parts (features/<feature>/plan.ts): the Helm values of each Helm chart, the
 * webhooks, the footprint, the namespaces it declares, each layer's objects as construct props, the Flux layers.
 * The cdk8s charts (charts/) build from the plan's fields and never read its config (test/structure.test.ts).
 */
import { alertsPlan } from '../../features/alerts/plan';
import { type ClusterBasis, clusterBasis, inboundPolicies } from '../../features/core/basis';
import { type PlannedNamespace, plannedNamespaces } from '../../features/core/namespaces';
import { type DashboardsPlan, dashboardsPlan } from '../../features/dashboards/plan';
import {
  type CertManagerPlan,
  certManagerPlan,
  trustChainProps,
  webhookCertificatesProps,
} from '../../features/identity/plan';
import { type FluxObjectNames, notificationsPlan } from '../../features/notifications/plan';
import { badgerClaim } from '../../features/tracing/plan';
import type { SearchStorePlan } from '../../features/tracing/search-store';
import type { ClusterConfig } from '../../features/cluster-config';
import type { FluxNotificationsProps } from '../constructs/flux-notifications';
import type { MeshAlertsProps } from '../constructs/mesh-alerts';
import type { PersistentVolumeClaimProps } from '../constructs/persistent-volume-claim';
import type { TrustChainProps } from '../constructs/trust-chain';
import type { WebhookCertificatesProps } from '../constructs/webhook-certificates';
import { ENTRY_KUSTOMIZATION, type FluxLayer, fluxLayers, layerKustomizationName } from '../flux/layers';
import type { MeshHelmChartName } from '../linkerd/catalog';
import { CERT_MANAGER_RELEASES, ECK_OPERATOR_RELEASE, meshReleases } from '../linkerd/release-settings';
import { checkedValues } from '../linkerd/values-keys';
import { parseDuration } from '../config/duration';
import type { Webhook } from '../linkerd/webhooks';
import { clusterFootprint, type Footprint } from './footprint';
import { certManagerValues, helmChartValues, type HelmValues } from './helm-values';
import { installedWebhooks } from './installed-webhooks';
import { planPolicy, type PolicyPlan } from '../../features/policy/plan';
import { planTraffic, type ServiceScan, type TrafficPlan } from '../../features/traffic/plan';

export type { ClusterBasis, GatewayApiSource } from '../../features/core/basis';
export { clusterBasis } from '../../features/core/basis';
export type { PlannedNamespace } from '../../features/core/namespaces';

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
  /** The Namespaces this project declares for the cluster, with their metadata, in layer order. */
  readonly namespaces: readonly PlannedNamespace[];
  /** How Flux applies the layers: the GitRepository that holds this project and the interval (its place: fluxPath). */
  readonly flux: { readonly gitRepository: string; readonly interval: string };
  /** The claim Badger keeps traces on (prerequisites layer), with `tracing.storage: badger`. */
  readonly badgerClaim?: PersistentVolumeClaimProps;
  /**
   * The search cluster Jaeger keeps traces on, with `tracing.storage: elasticsearch | opensearch`; when this
   * project runs it (`provisioned`), its operator's release (prerequisites layer) and the Elasticsearch
   * (tracing-store layer).
   */
  readonly searchStore?: SearchStorePlan;
  /** cert-manager's and trust-manager's values, when this project installs them (prerequisites layer). */
  readonly certManager?: CertManagerPlan;
  /** The trust anchor and identity issuer (identity layer). */
  readonly trustChain: TrustChainProps;
  /** The webhooks' certificates (identity layer). */
  readonly webhookCertificates: WebhookCertificatesProps;
  /** The inbound policy objects per namespace (the policy layer; none when nothing needs authorizing). */
  readonly policy: PolicyPlan;
  /** Routes, rate limits and egress of the person's Services and namespaces (traffic layer), and their Services' annotations. */
  readonly traffic: TrafficPlan;
  /** The alerts (alerts layer), with `monitoring.alerts.enabled`. */
  readonly alerts?: MeshAlertsProps;
  /** The Grafana dashboards (dashboards layer), when a way to provision them is enabled. */
  readonly dashboards?: DashboardsPlan;
  /** The Flux layers the entry point applies, in apply order (each a folder of dist/<cluster>/, but gateway-api). */
  readonly layers: readonly FluxLayer[];
  /** The project's folder in the Git repository Flux reads (`flux.path`, or where synth found the project): lib/flux/layers.ts resolveFluxPath. */
  readonly fluxPath: string;
  /** Every Kustomization and HelmRelease this project emits for the cluster, by name (all in flux-system). */
  readonly fluxObjects: FluxObjectNames;
  /** The Provider and Alert that report Flux's failures (the entry point), with `flux.notifications`. */
  readonly notifications?: FluxNotificationsProps;
}

/**
 * The plan of cluster `name` from its validated `config` (read from `file`); `fluxPath` is the project's
 * folder in its Git repository (default: `flux.path`, else `.`); `services`: the person's Services the
 * repository scan found.
 */
export function planCluster(
  name: string,
  config: ClusterConfig,
  file = `clusters/${name}.yaml`,
  fluxPath = config.flux.path ?? '.',
  services?: ServiceScan,
): ClusterPlan {
  const basis = clusterBasis(name, config);
  // Every key checked against the Helm chart's own keys for this release line (no ../shared needed).
  const values = new Map(
    basis.helmCharts.map(
      (helmChart) => [helmChart, checkedValues(basis.line.name, helmChart, helmChartValues(basis, helmChart))] as const,
    ),
  );
  const policies = inboundPolicies(config);
  const policy = planPolicy({ ...basis, inboundPolicies: policies });
  const webhooks = installedWebhooks(basis);
  const badger = badgerClaim(config, basis.tracing);
  const { searchStore } = basis;
  const certManager = certManagerValues(basis, certManagerPlan(config));
  const traffic = planTraffic({ ...basis, file, inboundPolicies: policies, ...(services && { scan: services }) });
  const layers = clusterLayers(basis, policy, traffic, searchStore);
  const fluxObjects: FluxObjectNames = {
    kustomizations: [ENTRY_KUSTOMIZATION, ...layers.map((layer) => layerKustomizationName(layer.name))],
    helmReleases: [
      ...(config.certManager.install ? CERT_MANAGER_RELEASES.map((release) => release.name) : []),
      ...meshReleases(basis.helmCharts).map((release) => release.name),
    ],
  };
  // A Flux object is late once it is not Ready for longer than Flux itself waits for the slowest layer, plus 5 minutes.
  const slowestLayer = Math.max(...layers.map((layer) => parseDuration(layer.timeout) ?? 0));
  const notReadyFor = `${Math.ceil(slowestLayer / 60) + 5}m`;
  const alerts = alertsPlan(basis, webhooks, policies, { ...fluxObjects, notReadyFor }, traffic);
  const dashboards = dashboardsPlan(basis, traffic);
  const notifications = notificationsPlan(name, config, fluxObjects);
  return {
    ...basis,
    file,
    values,
    webhooks,
    footprint: clusterFootprint(basis, (_, helmChart) => values.get(helmChart) ?? {}),
    namespaces: plannedNamespaces(basis),
    flux: { gitRepository: config.flux.gitRepository, interval: config.flux.interval },
    ...(badger && { badgerClaim: badger }),
    ...(searchStore && { searchStore }),
    ...(certManager && { certManager }),
    trustChain: trustChainProps(config),
    webhookCertificates: webhookCertificatesProps(webhooks),
    policy,
    traffic,
    ...(alerts && { alerts }),
    ...(dashboards && { dashboards }),
    layers,
    fluxPath,
    fluxObjects,
    ...(notifications && { notifications }),
  };
}

/** The Flux layers of a cluster: which exist follows from its config, their timeouts from their releases'. */
function clusterLayers(
  { config, helmCharts, gatewayApi }: ClusterBasis,
  policy: PolicyPlan,
  traffic: TrafficPlan,
  searchStore: SearchStorePlan | undefined,
): FluxLayer[] {
  const { alerts, dashboards } = config.monitoring;
  return fluxLayers({
    prerequisiteReleases: [
      ...(config.certManager.install ? CERT_MANAGER_RELEASES : []),
      ...(searchStore?.provisioned ? [ECK_OPERATOR_RELEASE] : []),
    ],
    certManagerInstalled: config.certManager.install,
    meshReleases: meshReleases(helmCharts),
    ...(gatewayApi && { gatewayApiChannel: gatewayApi.channel }),
    policy: policy.namespaces.length > 0,
    traffic: traffic.namespaces.length > 0,
    alerts: alerts.enabled,
    dashboards: dashboards.sidecar.enabled || dashboards.grafanaOperator.enabled,
    ...(searchStore?.provisioned && { tracingStore: true }),
  });
}
