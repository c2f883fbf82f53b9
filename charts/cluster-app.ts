/**
 * The app of one cluster: a chart per layer of its plan (ClusterPlan.layers), and the entry point's;
 * lib/output/cluster-files.ts renders them to files (in memory; main.ts writes them).
 */
import { App } from 'cdk8s';
import { AlertsChart } from './alerts-chart';
import { DashboardsChart } from './dashboards-chart';
import { FluxEntryChart, FluxLayersChart } from './flux-layers-chart';
import { IdentityChart } from './identity-chart';
import { MeshChart } from './mesh-chart';
import { NotificationsChart } from './notifications-chart';
import { PolicyChart } from './policy-chart';
import { PrerequisitesChart } from './prerequisites-chart';
import { TrafficChart } from './traffic-chart';
import { TracingStoreChart } from './tracing-store-chart';
import type { LayerName } from '../lib/flux/layers';
import { type ClusterOutput, clusterFiles, type LayerChart } from '../lib/output/cluster-files';
import type { ClusterPlan } from '../lib/plan/plan';

export function synthesizeCluster(plan: ClusterPlan): ClusterOutput {
  // One App per chart: each layer is its own kustomize root and no construct refers across them, and
  // cdk8s's Chart.toJson() prepares the whole App it is in, so with one App every layer's synthesis
  // walked every other layer's objects too (the meshed namespaces five times; BENCHMARKS.md).
  const prerequisites = new PrerequisitesChart(new App(), 'prerequisites', { plan });
  const layerChart = (name: LayerName): Omit<LayerChart, 'layer'> => {
    switch (name) {
      case 'prerequisites':
        return { chart: prerequisites, releases: prerequisites.releases };
      case 'identity':
        return { chart: new IdentityChart(new App(), name, { plan }) };
      case 'mesh': {
        const mesh = new MeshChart(new App(), name, {
          plan,
          repositoryName: prerequisites.linkerdRepositoryName,
          jaegerRepositoryName: prerequisites.jaegerRepositoryName,
        });
        return { chart: mesh, releases: mesh.releases };
      }
      case 'policy':
        return { chart: new PolicyChart(new App(), name, { policy: plan.policy }), layout: 'by-namespace' };
      case 'traffic':
        return { chart: new TrafficChart(new App(), name, { traffic: plan.traffic }), layout: 'by-namespace' };
      case 'alerts':
        return { chart: new AlertsChart(new App(), name, { alerts: planned(plan.alerts, name) }) };
      case 'dashboards':
        return { chart: new DashboardsChart(new App(), name, { dashboards: planned(plan.dashboards, name) }) };
      case 'tracing-store':
        return {
          chart: new TracingStoreChart(new App(), name, {
            elasticsearch: planned(plan.searchStore?.provisioned?.elasticsearch, name),
          }),
        };
      case 'gateway-api':
        throw new Error(`layer ${name} applies the upstream repository's folder; it has no chart`);
    }
  };
  // The layers with a folder of their own (the gateway-api layer applies another repository's).
  const layerCharts = plan.layers
    .filter((layer) => !layer.source)
    .map((layer): LayerChart => ({ layer, ...layerChart(layer.name) }));
  const notifications =
    plan.notifications && new NotificationsChart(new App(), 'notifications', { notifications: plan.notifications });
  return clusterFiles(
    plan,
    layerCharts,
    new FluxLayersChart(new App(), 'flux', { plan }),
    new FluxEntryChart(new App(), 'bootstrap', { plan }),
    notifications,
  );
}

/** The plan's part for a layer that exists (ClusterPlan.layers holds a layer only when its part does). */
function planned<T>(part: T | undefined, layer: LayerName): T {
  if (part === undefined) throw new Error(`the plan has layer ${layer} but nothing for it`);
  return part;
}

/** The content of dist/ for these clusters: paths relative to dist/. */
export function buildDist(plans: readonly ClusterPlan[]): {
  files: Map<string, string>;
  clusters: Map<string, ClusterOutput>;
} {
  const files = new Map<string, string>();
  const clusters = new Map<string, ClusterOutput>();
  for (const plan of plans) {
    const output = synthesizeCluster(plan);
    clusters.set(plan.name, output);
    for (const [path, content] of output.files) files.set(`${plan.name}/${path}`, content);
  }
  return { files, clusters };
}
