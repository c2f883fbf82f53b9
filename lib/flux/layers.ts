/**
 * The Flux layers of a cluster: the Kustomizations the entry point applies, one per layer folder of
 * dist/<cluster>/ (and one for the upstream Gateway API CRDs), what each waits for, for how long and by
 * which health checks. The plan computes a cluster's list once (ClusterPlan.layers, from
 * {@link fluxLayers}); the charts and `make up` (scripts/cluster-facts.ts) read it from there.
 */
import { posix } from 'node:path';
import type {
  KustomizationSpecHealthCheckExprs,
  KustomizationSpecHealthChecks,
} from '../../imports/kustomize.toolkit.fluxcd.io';
import { parseDuration } from '../config/duration';
import { gatewayApiCrdFolder } from '../linkerd/gateway-api';
import { CERT_MANAGER_NAMESPACE } from '../linkerd/names';
import type { ReleaseSettings } from '../linkerd/release-settings';

/** The layers, by the name of their folder under dist/<cluster>/ and the suffix of their Kustomization. */
export type LayerName =
  | 'prerequisites'
  | 'gateway-api'
  | 'identity'
  | 'mesh'
  | 'policy'
  | 'traffic'
  | 'alerts'
  | 'dashboards'
  | 'tracing-store';

/** One layer as Flux applies it. */
export interface FluxLayer {
  /** The folder under dist/<cluster>/ and the suffix of the Kustomization's name. */
  readonly name: LayerName;
  /** Layers that must be applied and healthy first. */
  readonly dependsOn: readonly LayerName[];
  /** How long Flux waits for the layer's objects to become ready. */
  readonly timeout: string;
  /**
   * Objects outside the layer to wait for instead of the layer's own (sets `wait: false`).
   * @default - wait for every object the layer applies
   */
  readonly healthChecks?: readonly KustomizationSpecHealthChecks[];
  /**
   * CEL readiness rules for custom resources that report no Ready condition.
   * @default - none
   */
  readonly healthCheckExprs?: readonly KustomizationSpecHealthCheckExprs[];
  /**
   * A folder of another GitRepository (in flux-system) to apply instead of dist/<cluster>/<name>/, e.g.
   * the Gateway API CRDs from kubernetes-sigs/gateway-api. Such a layer is never pruned and its objects
   * are orphaned, not deleted, when the layer goes: CRDs take every object of their kinds with them.
   * @default - the layer's own folder of this project's GitRepository, pruned
   */
  readonly source?: { readonly gitRepository: string; readonly path: string };
}

/** The name of the Flux Kustomization a person points at dist/<cluster>/ (the entry point). */
export const ENTRY_KUSTOMIZATION = 'linkerd';

/** The Flux Kustomization that applies one layer. */
export function layerKustomizationName(layer: LayerName): string {
  return `${ENTRY_KUSTOMIZATION}-${layer}`;
}

/** The layer that applies the upstream Gateway API CRDs. */
export const GATEWAY_API_LAYER = 'gateway-api' satisfies LayerName;

/** The GitRepository (in flux-system) of kubernetes-sigs/gateway-api, which the gateway-api layer applies from. */
export const GATEWAY_API_REPOSITORY = 'gateway-api';

/**
 * Deployments whose readiness stands in for cert-manager and trust-manager installed elsewhere: every one
 * their Helm charts render (test/render checks it), the CA injector included, which fills every webhook's caBundle.
 */
export const EXTERNAL_CERT_MANAGER_DEPLOYMENTS: readonly string[] = [
  'cert-manager',
  'cert-manager-cainjector',
  'cert-manager-webhook',
  'trust-manager',
];

/** A trust-manager Bundle reports "Synced", not "Ready": it is ready once the trust roots ConfigMap is written. */
export const BUNDLE_HEALTH_CHECK: KustomizationSpecHealthCheckExprs = {
  apiVersion: 'trust.cert-manager.io/v1alpha1',
  kind: 'Bundle',
  // exists(), not all(): all() is true on an empty list, before trust-manager has looked.
  current: "status.?conditions.orValue([]).exists(e, e.type == 'Synced' && e.status == 'True')",
  failed: "status.?conditions.orValue([]).exists(e, e.type == 'Synced' && e.status == 'False')",
};

/**
 * An ECK Elasticsearch reports its phase, not a Ready condition: ready once ECK has every node up ("Ready"),
 * failed when ECK refuses its spec ("Invalid").
 */
export const ELASTICSEARCH_HEALTH_CHECK: KustomizationSpecHealthCheckExprs = {
  apiVersion: 'elasticsearch.k8s.elastic.co/v1',
  kind: 'Elasticsearch',
  current: "status.?phase.orValue('') == 'Ready'",
  failed: "status.?phase.orValue('') == 'Invalid'",
};

/** The margin a layer gets beyond the longest chain of Helm timeouts among its releases, in seconds. */
const LAYER_MARGIN_SECONDS = 5 * 60;

/** The time a layer may take: the longest chain of Helm timeouts among its releases, plus a margin. */
export function layerTimeout(releases: readonly ReleaseSettings[]): string {
  const byName = new Map(releases.map((release) => [release.name, release]));
  const chain = (release: ReleaseSettings): number =>
    seconds(release) + Math.max(0, ...(release.after ?? []).flatMap((name) => byName.get(name) ?? []).map(chain));
  const total = Math.max(0, ...releases.map(chain)) + LAYER_MARGIN_SECONDS;
  return `${Math.ceil(total / 60)}m`;
}

function seconds(release: ReleaseSettings): number {
  const value = parseDuration(release.timeout);
  if (value === undefined)
    throw new Error(`release ${release.name}: timeout "${release.timeout}" is not a duration such as "5m"`);
  return value;
}

/** What decides a cluster's layers. */
export interface LayerChoices {
  /** The HelmReleases of the prerequisites layer (none when cert-manager is installed elsewhere). */
  readonly prerequisiteReleases: readonly ReleaseSettings[];
  /** Whether this project installs cert-manager and trust-manager; otherwise the first layer waits for those installed elsewhere. */
  readonly certManagerInstalled: boolean;
  /** The HelmReleases of the mesh layer. */
  readonly meshReleases: readonly ReleaseSettings[];
  /**
   * The channel of the upstream Gateway API CRDs, when the cluster installs them.
   * @default - no gateway-api layer
   */
  readonly gatewayApiChannel?: 'standard' | 'experimental';
  /** Whether any namespace gets inbound policy objects (the policy layer). */
  readonly policy: boolean;
  /**
   * Whether the person's Services get routes or rate limits, or a namespace egress policy (the traffic layer).
   * @default false
   */
  readonly traffic?: boolean;
  /**
   * Whether a trace store is provisioned (the tracing-store layer: its kinds' CRDs come with the operator's
   * HelmRelease in the prerequisites layer, so Flux's dry run of the store needs them installed first).
   * @default false
   */
  readonly tracingStore?: boolean;
  /** Whether the alerting rules are emitted (the alerts layer). */
  readonly alerts: boolean;
  /** Whether dashboards are emitted (the dashboards layer). */
  readonly dashboards: boolean;
}

/** A cluster's layers in apply order. */
export function fluxLayers(choices: LayerChoices): FluxLayer[] {
  const layers: FluxLayer[] = [
    {
      name: 'prerequisites',
      dependsOn: [],
      timeout: layerTimeout(choices.prerequisiteReleases),
      // Installed elsewhere: wait for that cert-manager/trust-manager before issuing certificates.
      ...(!choices.certManagerInstalled && {
        healthChecks: EXTERNAL_CERT_MANAGER_DEPLOYMENTS.map((name) => ({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name,
          namespace: CERT_MANAGER_NAMESPACE,
        })),
      }),
    },
  ];
  if (choices.gatewayApiChannel) {
    // The upstream Gateway API CRDs: a layer of their own, applied from the gateway-api GitRepository.
    layers.push({
      name: GATEWAY_API_LAYER,
      dependsOn: ['prerequisites'],
      timeout: '5m',
      source: { gitRepository: GATEWAY_API_REPOSITORY, path: `./${gatewayApiCrdFolder(choices.gatewayApiChannel)}` },
    });
  }
  layers.push(
    { name: 'identity', dependsOn: ['prerequisites'], timeout: '5m', healthCheckExprs: [BUNDLE_HEALTH_CHECK] },
    // The control plane needs the Gateway API CRDs (its policy controller watches HTTPRoute, GRPCRoute).
    {
      name: 'mesh',
      dependsOn: choices.gatewayApiChannel ? ['identity', GATEWAY_API_LAYER] : ['identity'],
      timeout: layerTimeout(choices.meshReleases),
    },
  );
  if (choices.policy) {
    // After the mesh layer: Server, HTTPRoute and the authorizations are kinds linkerd-crds installs there
    // (in one layer, Flux's dry run of a Server would fail before the CRDs exist, and nothing would apply).
    layers.push({ name: 'policy', dependsOn: ['mesh'], timeout: '2m' });
  }
  if (choices.traffic) {
    // After the mesh layer too (linkerd-crds' Server, HTTPLocalRateLimitPolicy, EgressNetwork; the Gateway API routes
    // come with the gateway-api layer before it); beside the policy layer, whose Servers it never overlaps.
    layers.push({ name: 'traffic', dependsOn: ['mesh'], timeout: '2m' });
  }
  if (choices.tracingStore) {
    // After the prerequisites (the operator and its CRDs), beside the mesh: the mesh does not wait for the store
    // (Jaeger retries it), and a store that takes its time starting never holds the control plane back.
    layers.push({
      name: 'tracing-store',
      dependsOn: ['prerequisites'],
      timeout: '15m',
      healthCheckExprs: [ELASTICSEARCH_HEALTH_CHECK],
    });
  }
  // No dependency: the rules must arrive even while the mesh layers are broken.
  if (choices.alerts) layers.push({ name: 'alerts', dependsOn: [], timeout: '2m' });
  // No dependency either: the GrafanaDashboard CRD is the person's, and dashboards matter most while the mesh is broken.
  if (choices.dashboards) layers.push({ name: 'dashboards', dependsOn: [], timeout: '2m' });
  return layers;
}

/** The folder of a cluster's output in the Git repository Flux reads, e.g. `./infra/linkerd/dist/studio` (`flux.path` is the project's folder). */
export function clusterPath(fluxPath: string, cluster: string): string {
  return `./${posix.join(fluxPath, 'dist', cluster)}`;
}

/** A folder of the repository as `flux.path` writes it: `.` for the root, no `./`, no trailing `/`. */
function normalGitPath(path: string): string {
  const normal = posix.normalize(path).replace(/\/+$/, '');
  return normal === '' ? '.' : normal.replace(/^\.\/(?=.)/, '');
}

/**
 * The project's folder in the repository Flux reads, from which every Kustomization path is written:
 * where synth found the project in its Git repository (`located`, read by lib/input/project-location.ts),
 * else the configured `flux.path`, else `.` (outside any Git repository). Flux reads paths from the
 * repository root, so a configured value that is not where the project sits is a problem, naming the right one.
 */
export function resolveFluxPath(
  configured: string | undefined,
  located: string | undefined,
): { path: string; problem?: string } {
  if (located === undefined) return { path: configured === undefined ? '.' : normalGitPath(configured) };
  const path = normalGitPath(located);
  if (configured !== undefined && normalGitPath(configured) !== path)
    return {
      path,
      problem: `flux.path: "${configured}" is not where this project sits in its Git repository, "${path}" (Flux reads every path from the repository root, so each layer would fail in the cluster); set flux.path: "${path}", or leave it out: it defaults to where the project sits`,
    };
  return { path };
}
