import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshChartName } from '../lib/linkerd/catalog';
import { JAEGER_CHART } from '../lib/linkerd/companion-charts';
import { FluxHelmRelease } from '../lib/constructs/flux-helm-release';
import { MeshedNamespace } from '../lib/constructs/meshed-namespace';
import { caBundleDriftIgnore } from '../lib/flux/drift-detection';
import { FLUX_NAMESPACE } from '../lib/linkerd/names';
import { meshedNamespaceLevel } from '../lib/linkerd/pod-security';
import { meshReleases } from '../lib/linkerd/release-settings';
import { ClusterPlan } from '../lib/plan/plan';

/** Props of the {@link MeshChart}. */
export interface MeshChartProps {
  /** The cluster's plan: its charts, values and webhooks. */
  readonly plan: ClusterPlan;
  /** The HelmRepository (in flux-system) that serves the plan's release line. */
  readonly repositoryName: string;
  /**
   * The HelmRepository (in flux-system) that serves the Jaeger project's chart.
   * @default - none; required when the plan installs chart `jaeger`
   */
  readonly jaegerRepositoryName?: string;
}

/**
 * The last layer: the Linkerd charts as HelmReleases chained (CNI plugin,) crds → control plane → viz,
 * jaeger, and the namespaces a person meshes.
 */
export class MeshChart extends Chart {
  public readonly releases: readonly FluxHelmRelease[];

  public constructor(scope: Construct, id: string, props: MeshChartProps) {
    super(scope, id);
    const { plan } = props;
    const byChart = new Map<MeshChartName, FluxHelmRelease>();
    // Where each chart installs, how long Helm may wait and what it waits for: lib/linkerd/release-settings.ts.
    for (const release of meshReleases(plan.charts)) {
      const chartName = release.name;
      const source = chartName === 'jaeger' ? jaegerSource(props.jaegerRepositoryName) : linkerdSource(plan.line, props.repositoryName, chartName);
      byChart.set(
        chartName,
        new FluxHelmRelease(this, chartName, {
          releaseName: chartName,
          namespace: FLUX_NAMESPACE,
          targetNamespace: release.namespace,
          source,
          timeout: release.timeout,
          interval: plan.config.flux.interval,
          dependsOn: (release.after ?? []).map((name) => byChart.get(name)!),
          // A hand edit to a mesh object (a webhook's failure policy, a Deployment) is reverted at the next reconcile.
          driftDetection: { ignore: caBundleDriftIgnore(plan.webhooks.filter((webhook) => webhook.chart === chartName)) },
          // Computed once by the plan, every key checked against the chart's own keys for this release line.
          values: plan.values.get(chartName)!,
        }),
      );
    }
    this.releases = [...byChart.values()];

    // A namespace the person's own manifests declare gets nothing from here: one Flux owner per Namespace.
    for (const namespace of plan.config.meshedNamespaces.filter((candidate) => candidate.declared === 'here')) {
      new MeshedNamespace(this, `meshed-${namespace.name}`, { ...namespace, podSecurity: meshedNamespaceLevel(namespace, plan.config.podSecurity) });
    }
  }
}

function linkerdSource(line: ClusterPlan['line'], helmRepository: string, chartName: Exclude<MeshChartName, 'jaeger'>) {
  const version = line.chartVersions[chartName];
  if (!version) throw new Error(`release line ${line.name} does not publish ${chartName}`);
  return { helmRepository, chart: chartName, version };
}

function jaegerSource(helmRepository: string | undefined) {
  if (!helmRepository) throw new Error('MeshChart: jaegerRepositoryName is required when the plan installs chart jaeger');
  return { helmRepository, chart: JAEGER_CHART.chart, version: JAEGER_CHART.version };
}
