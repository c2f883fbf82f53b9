/**
 * The app of one cluster: builds its charts from its plan and renders them to files (in memory;
 * main.ts writes them).
 *
 * dist/<cluster>/
 *   kustomization.yaml, flux-kustomizations.yaml   the entry point: Flux Kustomizations per layer
 *   README.md                                      the install order as a Mermaid graph
 *   prerequisites/  identity/  mesh/  (alerts/)     one folder per layer, each a kustomize root:
 *                                                  a file per HelmRelease, one per other kind
 */
import { posix } from 'node:path';
import { App, Chart } from 'cdk8s';
import { AlertsChart } from './alerts-chart';
import { DashboardsChart } from './dashboards-chart';
import { FluxLayer, FluxLayersChart, layerKustomizationName } from './flux-layers-chart';
import { IdentityChart } from './identity-chart';
import { MeshChart } from './mesh-chart';
import { PolicyChart } from './policy-chart';
import { GATEWAY_API_URL, PrerequisitesChart } from './prerequisites-chart';
import { FluxHelmRelease } from '../lib/constructs/flux-helm-release';
import { installGraph } from '../lib/output/install-graph';
import { CERT_MANAGER_NAMESPACE } from '../lib/linkerd/names';
import { ClusterPlan } from '../lib/plan/plan';
import { FolderLayout, KubeObject, renderDocuments, renderFolder, renderKustomization } from '../lib/output/render';

/** One layer's folder: its Flux wiring, its objects and the releases it waits for. */
export interface LayerOutput extends FluxLayer {
  readonly objects: readonly KubeObject[];
  readonly releases: readonly FluxHelmRelease[];
}

/** Everything synthesized for one cluster. */
export interface ClusterOutput {
  /** Files by path relative to dist/<cluster>/. */
  readonly files: ReadonlyMap<string, string>;
  readonly layers: readonly LayerOutput[];
  /** The Flux Kustomizations of the entry point. */
  readonly entryObjects: readonly KubeObject[];
  /**
   * Every layer the entry point applies, in apply order: the layer folders and those applied from another
   * source (the upstream Gateway API CRDs), which have no folder here.
   */
  readonly fluxLayers: readonly FluxLayer[];
}

/** The layer (and the suffix of its Flux Kustomization) that applies the upstream Gateway API CRDs. */
export const GATEWAY_API_LAYER = 'gateway-api';

/** Deployments whose readiness stands in for cert-manager and trust-manager installed elsewhere. */
const EXTERNAL_CERT_MANAGER_DEPLOYMENTS = ['cert-manager', 'cert-manager-webhook', 'trust-manager'];

export function synthesizeCluster(plan: ClusterPlan): ClusterOutput {
  // One App per chart: each layer is its own kustomize root and no construct refers across them, and
  // cdk8s's Chart.toJson() prepares the whole App it is in, so with one App every layer's synthesis
  // walked every other layer's objects too (the meshed namespaces five times; BENCHMARKS.md).
  const prerequisites = new PrerequisitesChart(new App(), 'prerequisites', { plan });
  const identity = new IdentityChart(new App(), 'identity', { plan });
  const mesh = new MeshChart(new App(), 'mesh', {
    plan,
    repositoryName: prerequisites.linkerdRepositoryName,
    jaegerRepositoryName: prerequisites.jaegerRepositoryName,
  });

  const layerCharts: Array<{ layer: FluxLayer; chart: Chart; releases: readonly FluxHelmRelease[]; layout?: FolderLayout }> = [
    {
      chart: prerequisites,
      releases: prerequisites.releases,
      layer: {
        name: 'prerequisites',
        dependsOn: [],
        timeout: layerTimeout(prerequisites.releases),
        // Installed elsewhere: wait for that cert-manager/trust-manager before issuing certificates.
        ...(!plan.config.certManager.install && {
          healthChecks: EXTERNAL_CERT_MANAGER_DEPLOYMENTS.map((name) => ({
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name,
            namespace: CERT_MANAGER_NAMESPACE,
          })),
        }),
      },
    },
    {
      chart: identity,
      releases: [],
      layer: {
        name: 'identity',
        dependsOn: ['prerequisites'],
        timeout: '5m',
        // A Bundle reports "Synced", not "Ready": wait until the trust roots ConfigMap is written.
        healthCheckExprs: [
          {
            apiVersion: 'trust.cert-manager.io/v1alpha1',
            kind: 'Bundle',
            // exists(), not all(): all() is true on an empty list, before trust-manager has looked.
            current: "status.?conditions.orValue([]).exists(e, e.type == 'Synced' && e.status == 'True')",
            failed: "status.?conditions.orValue([]).exists(e, e.type == 'Synced' && e.status == 'False')",
          },
        ],
      },
    },
    {
      chart: mesh,
      releases: mesh.releases,
      // The control plane needs the Gateway API CRDs (its policy controller watches HTTPRoute, GRPCRoute).
      layer: { name: 'mesh', dependsOn: plan.gatewayApi ? ['identity', GATEWAY_API_LAYER] : ['identity'], timeout: layerTimeout(mesh.releases) },
    },
  ];
  if (plan.policy.namespaces.length > 0) {
    // After the mesh layer: Server, HTTPRoute and the authorizations are kinds linkerd-crds installs there
    // (in one layer, Flux's dry run of a Server would fail before the CRDs exist, and nothing would apply).
    layerCharts.push({
      chart: new PolicyChart(new App(), 'policy', { policy: plan.policy }),
      releases: [],
      layer: { name: 'policy', dependsOn: ['mesh'], timeout: '2m' },
      layout: 'by-namespace',
    });
  }
  if (plan.config.monitoring.alerts.enabled) {
    // No dependency: the rules must arrive even while the mesh layers are broken.
    layerCharts.push({ chart: new AlertsChart(new App(), 'alerts', { plan }), releases: [], layer: { name: 'alerts', dependsOn: [], timeout: '2m' } });
  }
  const { dashboards } = plan.config.monitoring;
  if (dashboards.sidecar.enabled || dashboards.grafanaOperator.enabled) {
    // No dependency either: the GrafanaDashboard CRD is the person's, and dashboards matter most while the mesh is broken.
    layerCharts.push({ chart: new DashboardsChart(new App(), 'dashboards', { plan }), releases: [], layer: { name: 'dashboards', dependsOn: [], timeout: '2m' } });
  }

  // The upstream Gateway API CRDs: a layer of their own, applied from the gateway-api GitRepository.
  const gatewayApiLayers: FluxLayer[] = plan.gatewayApi
    ? [
        {
          name: GATEWAY_API_LAYER,
          dependsOn: ['prerequisites'],
          timeout: '5m',
          source: { gitRepository: prerequisites.gatewayApiRepositoryName!, path: plan.gatewayApi.channel === 'standard' ? './config/crd' : './config/crd/experimental' },
        },
      ]
    : [];
  const clusterPath = './' + posix.join(plan.config.flux.path, 'dist', plan.name);
  const fluxLayers = layerCharts.map((entry) => entry.layer);
  fluxLayers.splice(1, 0, ...gatewayApiLayers);
  const flux = new FluxLayersChart(new App(), 'flux', { plan, layers: fluxLayers, clusterPath });

  const files = new Map<string, string>();
  const layers: LayerOutput[] = [];
  for (const { layer, chart, releases, layout } of layerCharts) {
    const objects = chart.toJson() as KubeObject[];
    for (const [file, content] of renderFolder(objects, layout)) files.set(`${layer.name}/${file}`, content);
    layers.push({ ...layer, objects, releases });
  }
  // The plan's namespaces are what the ownership check looked at: they must be what the charts declare.
  const declared = layers.flatMap((layer) => layer.objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name));
  if (declared.join('\n') !== plan.namespaces.join('\n')) {
    throw new Error(`the charts declare the namespaces [${declared.join(', ')}] but the plan of ${plan.name} lists [${plan.namespaces.join(', ')}] (lib/plan/plan.ts declaredNamespaces)`);
  }
  const entryObjects = flux.toJson() as KubeObject[];
  files.set('flux-kustomizations.yaml', renderDocuments(entryObjects));
  files.set('kustomization.yaml', renderKustomization(['flux-kustomizations.yaml']));
  const graphLayers = [
    ...layers.map((layer) => ({ ...layer, kustomization: layerKustomizationName(layer.name) })),
    ...gatewayApiLayers.map((layer) => ({
      ...layer,
      kustomization: layerKustomizationName(layer.name),
      folder: `${GATEWAY_API_URL.replace(/^https:\/\//, '')} ${plan.gatewayApi!.release} ${layer.source!.path.replace(/^\.\//, '')}/`,
      releases: [],
      objects: [{ kind: `Gateway API CRDs (${plan.gatewayApi!.channel})`, metadata: { name: layer.name } }],
    })),
  ];
  graphLayers.splice(1, 0, ...graphLayers.splice(layers.length));
  files.set('README.md', installGraph(plan, graphLayers));
  return { files, layers, entryObjects, fluxLayers };
}

/** The time a layer may take: the longest chain of Helm timeouts among its releases, plus a margin. */
function layerTimeout(releases: readonly FluxHelmRelease[]): string {
  const chain = (release: FluxHelmRelease): number =>
    release.timeoutSeconds + Math.max(0, ...release.dependencies.map(chain));
  const seconds = Math.max(0, ...releases.map(chain)) + 5 * 60;
  return `${Math.ceil(seconds / 60)}m`;
}

/** The content of dist/ for these clusters: paths relative to dist/. */
export function buildDist(plans: readonly ClusterPlan[]): { files: Map<string, string>; clusters: Map<string, ClusterOutput> } {
  const files = new Map<string, string>();
  const clusters = new Map<string, ClusterOutput>();
  for (const plan of plans) {
    const output = synthesizeCluster(plan);
    clusters.set(plan.name, output);
    for (const [path, content] of output.files) files.set(`${plan.name}/${path}`, content);
  }
  return { files, clusters };
}
