import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { MeshHelmChartName } from '../lib/linkerd/catalog';
import { JAEGER_HELM_CHART } from '../lib/linkerd/companion-helm-charts';
import { FluxHelmRelease } from '../lib/constructs/flux-helm-release';
import { MeshedNamespace } from '../lib/constructs/meshed-namespace';
import { caBundleDriftIgnore } from '../lib/flux/drift-detection';
import { FLUX_NAMESPACE } from '../lib/linkerd/names';
import { meshReleases } from '../lib/linkerd/release-settings';
import type { ClusterPlan } from '../lib/plan/plan';

/** Props of the {@link MeshChart}. */
export interface MeshChartProps {
  /** The cluster's plan: its Helm charts, values and webhooks. */
  readonly plan: ClusterPlan;
  /** The HelmRepository (in flux-system) that serves the plan's release line. */
  readonly repositoryName: string;
  /**
   * The HelmRepository (in flux-system) that serves the Jaeger project's Helm chart.
   * @default - none; required when the plan installs Helm chart `jaeger`
   */
  readonly jaegerRepositoryName?: string;
}

/**
 * The last layer: the Linkerd Helm charts as HelmReleases chained (CNI plugin,) crds → control plane → viz,
 * jaeger, and the namespaces a person meshes.
 */
export class MeshChart extends Chart {
  public readonly releases: readonly FluxHelmRelease[];

  public constructor(scope: Construct, id: string, props: MeshChartProps) {
    super(scope, id);
    const { plan } = props;
    const byHelmChart = new Map<MeshHelmChartName, FluxHelmRelease>();
    // Where each Helm chart installs, how long Helm may wait and what it waits for: lib/linkerd/release-settings.ts.
    for (const release of meshReleases(plan.helmCharts)) {
      const helmChart = release.name;
      const source =
        helmChart === 'jaeger'
          ? jaegerSource(props.jaegerRepositoryName)
          : linkerdSource(plan.line, props.repositoryName, helmChart);
      byHelmChart.set(
        helmChart,
        new FluxHelmRelease(this, helmChart, {
          releaseName: helmChart,
          namespace: FLUX_NAMESPACE,
          targetNamespace: release.namespace,
          source,
          timeout: release.timeout,
          interval: plan.flux.interval,
          dependsOn: (release.after ?? []).map((name) => byHelmChart.get(name)!),
          // A hand edit to a mesh object (a webhook's failure policy, a Deployment) is reverted at the next reconcile.
          driftDetection: {
            ignore: caBundleDriftIgnore(plan.webhooks.filter((webhook) => webhook.helmChart === helmChart)),
          },
          // Computed once by the plan, every key checked against the Helm chart's own keys for this release line.
          values: plan.values.get(helmChart)!,
        }),
      );
    }
    this.releases = [...byHelmChart.values()];

    // A namespace the person's own manifests declare is not in the plan: one Flux owner per Namespace.
    for (const namespace of plan.namespaces) {
      if (namespace.layer === 'mesh') new MeshedNamespace(this, `meshed-${namespace.name}`, namespace.props);
    }
  }
}

function linkerdSource(
  line: ClusterPlan['line'],
  helmRepository: string,
  helmChart: Exclude<MeshHelmChartName, 'jaeger'>,
) {
  const version = line.helmChartVersions[helmChart];
  if (!version) throw new Error(`release line ${line.name} does not publish ${helmChart}`);
  return { helmRepository, chart: helmChart, version };
}

function jaegerSource(helmRepository: string | undefined) {
  if (!helmRepository)
    throw new Error('MeshChart: jaegerRepositoryName is required when the plan installs Helm chart jaeger');
  return { helmRepository, chart: JAEGER_HELM_CHART.name, version: JAEGER_HELM_CHART.version };
}
