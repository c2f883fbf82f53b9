/**
 * The files of one cluster, rendered (in memory; main.ts writes them) from the charts built for it:
 *
 * dist/<cluster>/
 *   kustomization.yaml, flux-kustomizations.yaml   the entry point: Flux Kustomizations per layer
 *   (notifications.yaml)                           and, with flux.notifications, the Provider and Alert
 *   README.md                                      the install order as a Mermaid graph
 *   prerequisites/  identity/  mesh/  (alerts/)     one folder per layer, each a kustomize root:
 *                                                  a file per HelmRelease, one per other kind
 */
import type { Chart } from 'cdk8s';
import type { FluxHelmRelease } from '../constructs/flux-helm-release';
import { type FluxLayer, GATEWAY_API_LAYER, layerKustomizationName } from '../flux/layers';
import { GATEWAY_API_URL } from '../linkerd/gateway-api';
import type { ClusterPlan } from '../plan/plan';
import { type GraphLayer, installGraph } from './install-graph';
import { type FolderLayout, type KubeObject, renderDocuments, renderFolder, renderKustomization } from './render';

/** The chart built for one layer of a plan. */
export interface LayerChart {
  /** The layer (one of ClusterPlan.layers with a folder of its own). */
  readonly layer: FluxLayer;
  /** The cdk8s chart that holds the layer's objects. */
  readonly chart: Chart;
  /**
   * The layer's HelmReleases (the install graph draws them and their order).
   * @default - none
   */
  readonly releases?: readonly FluxHelmRelease[];
  /**
   * How the layer's folder is split into files.
   * @default 'by-kind'
   */
  readonly layout?: FolderLayout;
}

/** One layer's folder: its Flux wiring, its objects and the releases it waits for. */
export interface LayerOutput extends FluxLayer {
  readonly objects: readonly KubeObject[];
  readonly releases: readonly FluxHelmRelease[];
}

/** Everything synthesized for one cluster. */
export interface ClusterOutput {
  /** Files by path relative to dist/<cluster>/. */
  readonly files: ReadonlyMap<string, string>;
  /** The layers with a folder of their own, in apply order. */
  readonly layers: readonly LayerOutput[];
  /** The Flux Kustomizations of the entry point. */
  readonly entryObjects: readonly KubeObject[];
}

/**
 * The files of `plan`'s cluster: a folder per layer chart, the entry point from `entry` (the Flux
 * Kustomizations of every layer), and the install graph.
 */
export function clusterFiles(
  plan: ClusterPlan,
  layerCharts: readonly LayerChart[],
  entry: Chart,
  notifications?: Chart,
): ClusterOutput {
  const files = new Map<string, string>();
  const layers: LayerOutput[] = [];
  for (const { layer, chart, releases = [], layout } of layerCharts) {
    const objects = chart.toJson() as KubeObject[];
    for (const [file, content] of renderFolder(objects, layout)) files.set(`${layer.name}/${file}`, content);
    layers.push({ ...layer, objects, releases });
  }
  const entryObjects = entry.toJson() as KubeObject[];
  files.set('flux-kustomizations.yaml', renderDocuments(entryObjects));
  // The Provider and Alert that report Flux's failures, applied by the entry point with the layers' Kustomizations.
  const notificationObjects = (notifications?.toJson() ?? []) as KubeObject[];
  if (notificationObjects.length > 0) files.set('notifications.yaml', renderDocuments(notificationObjects));
  files.set(
    'kustomization.yaml',
    renderKustomization([
      'flux-kustomizations.yaml',
      ...(notificationObjects.length > 0 ? ['notifications.yaml'] : []),
    ]),
  );
  files.set(
    'README.md',
    installGraph(
      plan,
      plan.layers.map((layer) => graphLayer(plan, layer, layers)),
    ),
  );
  return { files, layers, entryObjects: [...entryObjects, ...notificationObjects] };
}

/** A layer of the plan as the install graph draws it: its folder's objects, or where another source's come from. */
function graphLayer(plan: ClusterPlan, layer: FluxLayer, rendered: readonly LayerOutput[]): GraphLayer {
  const kustomization = layerKustomizationName(layer.name);
  const own = rendered.find((candidate) => candidate.name === layer.name);
  if (own) return { ...own, kustomization };
  if (layer.name !== GATEWAY_API_LAYER || !layer.source || !plan.gatewayApi)
    throw new Error(`layer ${layer.name} of ${plan.name} has no chart`);
  return {
    ...layer,
    kustomization,
    folder: `${GATEWAY_API_URL.replace(/^https:\/\//, '')} ${plan.gatewayApi.release} ${layer.source.path.replace(/^\.\//, '')}/`,
    releases: [],
    objects: [{ kind: `Gateway API CRDs (${plan.gatewayApi.channel})`, metadata: { name: layer.name } }],
  };
}
