import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshChartName } from '../lib/linkerd/catalog';
import { JAEGER_CHART } from '../lib/linkerd/companion-charts';
import { FluxHelmRelease } from '../lib/constructs/flux-helm-release';
import { MeshedNamespace } from '../lib/constructs/meshed-namespace';
import { CNI_NAMESPACE, FLUX_NAMESPACE, JAEGER_NAMESPACE, LINKERD_NAMESPACE, VIZ_NAMESPACE } from '../lib/linkerd/names';
import { ClusterPlan } from '../lib/plan/plan';
import { meshedNamespaceLevel } from '../lib/linkerd/pod-security';
import { Webhook } from '../lib/linkerd/webhooks';
import { HelmReleaseSpecDriftDetectionIgnore } from '../imports/helm.toolkit.fluxcd.io';

/** Props of the {@link MeshChart}. */
export interface MeshChartProps {
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
 * Where each chart installs, how long Helm may wait for it (control plane pods pull images and wait for
 * identity), and the installed releases it waits for.
 */
const RELEASES: Readonly<Record<MeshChartName, { namespace: string; timeout: string; after?: readonly MeshChartName[] }>> = {
  // The CNI DaemonSet must be ready on every node before a meshed pod (the control plane's first) starts.
  'linkerd2-cni': { namespace: CNI_NAMESPACE, timeout: '5m' },
  'linkerd-crds': { namespace: LINKERD_NAMESPACE, timeout: '5m' },
  'linkerd-control-plane': { namespace: LINKERD_NAMESPACE, timeout: '10m', after: ['linkerd-crds', 'linkerd2-cni'] },
  'linkerd-viz': { namespace: VIZ_NAMESPACE, timeout: '10m', after: ['linkerd-control-plane'] },
  'linkerd-jaeger': { namespace: JAEGER_NAMESPACE, timeout: '10m', after: ['linkerd-control-plane'] },
  // Jaeger v2 after the control plane: its pod is meshed (the proxies' collector must have a mesh identity).
  jaeger: { namespace: JAEGER_NAMESPACE, timeout: '5m', after: ['linkerd-control-plane'] },
};

/**
 * Fields of a mesh release's objects that others write, which drift detection must leave alone: the
 * caBundle cert-manager's CA injector fills in (from `injectCaFrom`) on each webhook configuration of
 * the chart (each Linkerd one holds a single webhook) and on viz's tap APIService. The chart renders
 * them empty. Only the kinds the chart has: a rule for an object the release does not render would
 * hide nothing but mislead (test/render checks the rules against the rendered objects).
 */
function driftIgnore(webhooks: readonly Webhook[]): HelmReleaseSpecDriftDetectionIgnore[] {
  const kinds = [...new Set(webhooks.map((webhook) => webhook.kind))].sort();
  return kinds.map((kind) => ({ paths: [kind === 'APIService' ? '/spec/caBundle' : '/webhooks/0/clientConfig/caBundle'], target: { kind } }));
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
    for (const chart of plan.charts) {
      const release = RELEASES[chart];
      const source = chart === 'jaeger' ? jaegerSource(props.jaegerRepositoryName) : linkerdSource(plan.line, props.repositoryName, chart);
      const after = (release.after ?? []).flatMap((name) => byChart.get(name) ?? []);
      byChart.set(
        chart,
        new FluxHelmRelease(this, chart, {
          releaseName: chart,
          namespace: FLUX_NAMESPACE,
          targetNamespace: release.namespace,
          source,
          timeout: release.timeout,
          interval: plan.config.flux.interval,
          dependsOn: after,
          // A hand edit to a mesh object (a webhook's failure policy, a Deployment) is reverted at the next reconcile.
          driftDetection: { ignore: driftIgnore(plan.webhooks.filter((webhook) => webhook.chart === chart)) },
          // Computed once by the plan, every key checked against the chart's own keys for this release line.
          values: plan.values.get(chart)!,
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

function linkerdSource(line: ClusterPlan['line'], helmRepository: string, chart: Exclude<MeshChartName, 'jaeger'>) {
  const version = line.chartVersions[chart];
  if (!version) throw new Error(`release line ${line.name} does not publish ${chart}`);
  return { helmRepository, chart, version };
}

function jaegerSource(helmRepository: string | undefined) {
  if (!helmRepository) throw new Error('MeshChart: jaegerRepositoryName is required when the plan installs chart jaeger');
  return { helmRepository, chart: JAEGER_CHART.chart, version: JAEGER_CHART.version };
}
