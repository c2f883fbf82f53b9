import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { LinkerdChartName } from '../lib/linkerd/catalog';
import { FluxHelmRelease } from '../lib/constructs/flux-helm-release';
import { MeshedNamespace } from '../lib/constructs/meshed-namespace';
import { FLUX_NAMESPACE, JAEGER_NAMESPACE, LINKERD_NAMESPACE, VIZ_NAMESPACE } from '../lib/linkerd/names';
import { ClusterPlan } from '../lib/plan/plan';
import { chartValues } from '../lib/plan/helm-values';
import { checkedValues } from '../lib/linkerd/values-keys';

/** Props of the {@link MeshChart}. */
export interface MeshChartProps {
  readonly plan: ClusterPlan;
  /** The HelmRepository (in flux-system) that serves the plan's release line. */
  readonly repositoryName: string;
}

/** Where each chart installs, and how long Helm may wait for it (control plane pods pull images and wait for identity). */
const RELEASES: Readonly<Record<LinkerdChartName, { namespace: string; timeout: string; after?: LinkerdChartName }>> = {
  'linkerd-crds': { namespace: LINKERD_NAMESPACE, timeout: '5m' },
  'linkerd-control-plane': { namespace: LINKERD_NAMESPACE, timeout: '10m', after: 'linkerd-crds' },
  'linkerd-viz': { namespace: VIZ_NAMESPACE, timeout: '10m', after: 'linkerd-control-plane' },
  'linkerd-jaeger': { namespace: JAEGER_NAMESPACE, timeout: '10m', after: 'linkerd-control-plane' },
};

/**
 * The last layer: the Linkerd charts as HelmReleases chained crds → control plane → viz, jaeger, and
 * the namespaces a person meshes.
 */
export class MeshChart extends Chart {
  public readonly releases: readonly FluxHelmRelease[];

  public constructor(scope: Construct, id: string, props: MeshChartProps) {
    super(scope, id);
    const { plan } = props;
    const byChart = new Map<LinkerdChartName, FluxHelmRelease>();
    for (const chart of plan.charts) {
      const release = RELEASES[chart];
      const version = plan.line.chartVersions[chart];
      if (!version) {
        throw new Error(`release line ${plan.line.name} does not publish ${chart}`);
      }
      const after = release.after && byChart.get(release.after);
      byChart.set(
        chart,
        new FluxHelmRelease(this, chart, {
          releaseName: chart,
          namespace: FLUX_NAMESPACE,
          targetNamespace: release.namespace,
          source: { helmRepository: props.repositoryName, chart, version },
          timeout: release.timeout,
          interval: plan.config.flux.interval,
          dependsOn: after ? [after] : [],
          // Every key checked against the chart's own keys for this release line (no ../shared needed).
          values: checkedValues(plan.line.name, chart, chartValues(plan, chart)),
        }),
      );
    }
    this.releases = [...byChart.values()];

    for (const namespace of plan.config.meshedNamespaces) {
      new MeshedNamespace(this, `meshed-${namespace.name}`, namespace);
    }
  }
}
