import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Kustomization,
  KustomizationSpecDeletionPolicy,
  KustomizationSpecHealthCheckExprs,
  KustomizationSpecHealthChecks,
  KustomizationSpecSourceRefKind,
} from '../imports/kustomize.toolkit.fluxcd.io';
import { FLUX_NAMESPACE } from '../lib/linkerd/names';
import { ClusterPlan } from '../lib/plan/plan';

/** One layer folder of dist/<cluster>/ as Flux applies it. */
export interface FluxLayer {
  /** The folder under dist/<cluster>/ and the suffix of the Kustomization's name. */
  readonly name: string;
  /** Layers that must be applied and healthy first. */
  readonly dependsOn: readonly string[];
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

/** Props of the {@link FluxLayersChart}. */
export interface FluxLayersChartProps {
  readonly plan: ClusterPlan;
  /** The layers, in apply order. */
  readonly layers: readonly FluxLayer[];
  /** The folder of this cluster in the Git repository, e.g. `./dist/studio`. */
  readonly clusterPath: string;
}

/** The name of the Flux Kustomization a person points at dist/<cluster>/ (the entry point). */
export const ENTRY_KUSTOMIZATION = 'linkerd';

/**
 * The entry point: Flux Kustomizations that apply each layer folder in order, waiting for one to be
 * healthy before the next, plus the entry Kustomization that applies this chart itself (so changes
 * to the layers reach the cluster through Git like everything else).
 */
export class FluxLayersChart extends Chart {
  public constructor(scope: Construct, id: string, props: FluxLayersChartProps) {
    super(scope, id);
    const { flux } = props.plan.config;
    const common = {
      interval: flux.interval,
      retryInterval: '1m',
      prune: true,
      sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: flux.gitRepository },
    };

    new Kustomization(this, 'Entry', {
      metadata: { name: ENTRY_KUSTOMIZATION, namespace: FLUX_NAMESPACE },
      spec: { ...common, path: props.clusterPath, timeout: '2m', wait: false },
    });

    for (const layer of props.layers) {
      new Kustomization(this, layer.name, {
        metadata: { name: layerKustomizationName(layer.name), namespace: FLUX_NAMESPACE },
        spec: {
          ...common,
          path: `${props.clusterPath}/${layer.name}`,
          ...(layer.source && {
            sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: layer.source.gitRepository },
            path: layer.source.path,
            prune: false,
            deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
          }),
          ...(layer.dependsOn.length && { dependsOn: layer.dependsOn.map((name) => ({ name: layerKustomizationName(name) })) }),
          timeout: layer.timeout,
          ...(layer.healthChecks ? { wait: false, healthChecks: [...layer.healthChecks] } : { wait: true }),
          ...(layer.healthCheckExprs && { healthCheckExprs: [...layer.healthCheckExprs] }),
        },
      });
    }
  }
}

/** The Flux Kustomization that applies one layer folder. */
export function layerKustomizationName(layer: string): string {
  return `${ENTRY_KUSTOMIZATION}-${layer}`;
}
