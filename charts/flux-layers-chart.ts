import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  Kustomization,
  KustomizationSpecDeletionPolicy,
  KustomizationSpecSourceRefKind,
} from '../imports/kustomize.toolkit.fluxcd.io';
import { clusterPath, ENTRY_KUSTOMIZATION, layerKustomizationName } from '../lib/flux/layers';
import { FLUX_NAMESPACE } from '../lib/linkerd/names';
import type { ClusterPlan } from '../lib/plan/plan';

/** Props of the {@link FluxLayersChart}. */
export interface FluxLayersChartProps {
  /** The cluster's plan: its layers (ClusterPlan.layers, in apply order) and its Flux settings. */
  readonly plan: ClusterPlan;
}

/** What every Kustomization of a cluster shares: the interval, retries, pruning and the GitRepository. */
function commonSpec(plan: ClusterPlan) {
  const { flux } = plan;
  return {
    interval: flux.interval,
    retryInterval: '1m',
    prune: true,
    sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: flux.gitRepository },
  };
}

/**
 * The entry Kustomization `linkerd` alone: it applies dist/<cluster>/ (the layers' Kustomizations, so
 * changes to the layers reach the cluster through Git like everything else). It is not in dist/<cluster>/
 * itself: it belongs in the person's Flux bootstrap folder (`npm run bootstrap`), whose Kustomization
 * (flux-system) is then its one Flux owner; without Flux bootstrap, `kubectl apply -k` applies it once.
 */
export class FluxEntryChart extends Chart {
  public constructor(scope: Construct, id: string, props: FluxLayersChartProps) {
    super(scope, id);
    const { plan } = props;
    new Kustomization(this, 'Entry', {
      metadata: { name: ENTRY_KUSTOMIZATION, namespace: FLUX_NAMESPACE },
      spec: { ...commonSpec(plan), path: clusterPath(plan.fluxPath, plan.name), timeout: '2m', wait: false },
    });
  }
}

/**
 * The entry point's objects: Flux Kustomizations that apply each layer folder in order, waiting for one
 * to be healthy before the next. The entry Kustomization that applies them is {@link FluxEntryChart}'s.
 */
export class FluxLayersChart extends Chart {
  public constructor(scope: Construct, id: string, props: FluxLayersChartProps) {
    super(scope, id);
    const { plan } = props;
    const path = clusterPath(plan.fluxPath, plan.name);
    const common = commonSpec(plan);

    for (const layer of plan.layers) {
      new Kustomization(this, layer.name, {
        metadata: { name: layerKustomizationName(layer.name), namespace: FLUX_NAMESPACE },
        spec: {
          ...common,
          path: `${path}/${layer.name}`,
          ...(layer.source && {
            sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: layer.source.gitRepository },
            path: layer.source.path,
            prune: false,
            deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
          }),
          ...(layer.dependsOn.length && {
            dependsOn: layer.dependsOn.map((name) => ({ name: layerKustomizationName(name) })),
          }),
          timeout: layer.timeout,
          ...(layer.healthChecks ? { wait: false, healthChecks: [...layer.healthChecks] } : { wait: true }),
          ...(layer.healthCheckExprs && { healthCheckExprs: [...layer.healthCheckExprs] }),
        },
      });
    }
  }
}
