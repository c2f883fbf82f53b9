/**
 * Builds one cluster's charts from its plan and renders them to files (in memory; main.ts writes).
 *
 * dist/<cluster>/
 *   kustomization.yaml, flux-kustomizations.yaml   the entry point: Flux Kustomizations per layer
 *   README.md                                      the install order as a Mermaid graph
 *   prerequisites/  identity/  mesh/               one folder per layer, each a kustomize root
 */
import { posix } from 'node:path';
import { App, Chart } from 'cdk8s';
import { FluxLayer, FluxLayersChart, layerKustomizationName } from '../charts/flux-layers-chart';
import { IdentityChart } from '../charts/identity-chart';
import { MeshChart } from '../charts/mesh-chart';
import { PrerequisitesChart } from '../charts/prerequisites-chart';
import { FluxHelmRelease } from './constructs/flux-helm-release';
import { installGraph } from './install-graph';
import { CERT_MANAGER_NAMESPACE } from './names';
import { ClusterPlan } from './plan';
import { toYaml } from './yaml-writer';

/** A Kubernetes object as synthesized. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
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
  readonly layers: readonly LayerOutput[];
  /** The Flux Kustomizations of the entry point. */
  readonly entryObjects: readonly KubeObject[];
}

/** Deployments whose readiness stands in for cert-manager and trust-manager installed elsewhere. */
const EXTERNAL_CERT_MANAGER_DEPLOYMENTS = ['cert-manager', 'cert-manager-webhook', 'trust-manager'];

export function synthesizeCluster(plan: ClusterPlan): ClusterOutput {
  const app = new App();
  const prerequisites = new PrerequisitesChart(app, 'prerequisites', { plan });
  const identity = new IdentityChart(app, 'identity', { plan });
  const mesh = new MeshChart(app, 'mesh', { plan, repositoryName: prerequisites.linkerdRepositoryName });

  const layerCharts: Array<{ layer: FluxLayer; chart: Chart; releases: readonly FluxHelmRelease[] }> = [
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
    { chart: mesh, releases: mesh.releases, layer: { name: 'mesh', dependsOn: ['identity'], timeout: layerTimeout(mesh.releases) } },
  ];

  const clusterPath = './' + posix.join(plan.config.flux.path, 'dist', plan.name);
  const flux = new FluxLayersChart(app, 'flux', { plan, layers: layerCharts.map((entry) => entry.layer), clusterPath });

  const files = new Map<string, string>();
  const layers: LayerOutput[] = [];
  for (const { layer, chart, releases } of layerCharts) {
    const objects = chart.toJson() as KubeObject[];
    for (const [file, content] of renderFolder(objects)) files.set(`${layer.name}/${file}`, content);
    layers.push({ ...layer, objects, releases });
  }
  const entryObjects = flux.toJson() as KubeObject[];
  files.set('flux-kustomizations.yaml', renderDocuments(entryObjects));
  files.set('kustomization.yaml', renderKustomization(['flux-kustomizations.yaml']));
  files.set('README.md', installGraph(plan, layers.map((layer) => ({ ...layer, kustomization: layerKustomizationName(layer.name) }))));
  return { files, layers, entryObjects };
}

/** The time a layer may take: the longest chain of Helm timeouts among its releases, plus a margin. */
function layerTimeout(releases: readonly FluxHelmRelease[]): string {
  const chain = (release: FluxHelmRelease): number =>
    release.timeoutSeconds + Math.max(0, ...release.dependencies.map(chain));
  const seconds = Math.max(0, ...releases.map(chain)) + 5 * 60;
  return `${Math.ceil(seconds / 60)}m`;
}

/** A layer folder: one file per kind, and a kustomization.yaml that lists them. */
function renderFolder(objects: readonly KubeObject[]): Map<string, string> {
  const byKind = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const file = `${object.kind.toLowerCase()}.yaml`;
    const sameKind = byKind.get(file);
    if (sameKind) sameKind.push(object);
    else byKind.set(file, [object]);
  }
  const files = new Map<string, string>();
  const names = [...byKind.keys()].sort();
  for (const name of names) files.set(name, renderDocuments(byKind.get(name)!));
  files.set('kustomization.yaml', renderKustomization(names));
  return files;
}

/**
 * YAML documents separated by `---`, long strings never folded: `yaml`'s `stringify(object, {lineWidth: 0})`,
 * written by the faster lib/yaml-writer.ts (byte-identical, see test/yaml-writer.test.ts).
 */
export function renderDocuments(objects: readonly object[]): string {
  return objects.map(toYaml).join('---\n');
}

function renderKustomization(resources: readonly string[]): string {
  return renderDocuments([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }]);
}
