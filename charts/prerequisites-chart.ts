import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  GitRepository,
  HelmRepository,
  OciRepository,
  OciRepositorySpecLayerSelectorOperation,
} from '../imports/source.toolkit.fluxcd.io';
import { FluxHelmRelease } from '../lib/constructs/flux-helm-release';
import {
  CERT_MANAGER_HELM_CHART,
  type CompanionHelmChart,
  ECK_OPERATOR_HELM_CHART,
  JAEGER_HELM_CHART,
  TRUST_MANAGER_HELM_CHART,
} from '../lib/linkerd/companion-helm-charts';
import { PersistentVolumeClaim } from '../lib/constructs/persistent-volume-claim';
import { Namespace } from '../lib/constructs/namespace';
import { GATEWAY_API_REPOSITORY } from '../lib/flux/layers';
import { GATEWAY_API_CRD_FOLDER, GATEWAY_API_URL } from '../lib/linkerd/gateway-api';
import { FLUX_NAMESPACE } from '../lib/linkerd/names';
import { CERT_MANAGER_RELEASES, ECK_OPERATOR_RELEASE } from '../lib/linkerd/release-settings';
import type { ClusterPlan } from '../lib/plan/plan';

/** Props of the {@link PrerequisitesChart}. */
export interface PrerequisitesChartProps {
  /** The cluster's plan: its release line, Helm charts, namespaces and companion releases. */
  readonly plan: ClusterPlan;
}

/**
 * The first layer: the Helm charts' sources, the namespaces (installed with Helm, the Linkerd Helm charts
 * create none), and cert-manager and trust-manager, whose CRDs the identity layer needs.
 */
export class PrerequisitesChart extends Chart {
  /** The HelmRepository that serves the Linkerd Helm charts. */
  public readonly linkerdRepositoryName: string;
  /** The HelmRepository that serves the Jaeger project's Helm chart, when the plan installs it. */
  public readonly jaegerRepositoryName?: string;
  /** cert-manager and trust-manager, when this project installs them. */
  public readonly releases: readonly FluxHelmRelease[];
  /** The GitRepository of kubernetes-sigs/gateway-api, when the plan installs the Gateway API CRDs. */
  public readonly gatewayApiRepositoryName?: string;

  public constructor(scope: Construct, id: string, props: PrerequisitesChartProps) {
    super(scope, id);
    const { plan } = props;
    const { line, helmCharts } = plan;

    this.linkerdRepositoryName = `linkerd-${line.channel}`;
    new HelmRepository(this, 'LinkerdRepository', {
      metadata: { name: this.linkerdRepositoryName, namespace: FLUX_NAMESPACE },
      spec: { url: line.repositoryUrl, interval: '1h' },
    });

    if (plan.gatewayApi) {
      // The CRDs only (config/crd/ at the release's tag): the gateway-api layer applies them.
      this.gatewayApiRepositoryName = GATEWAY_API_REPOSITORY;
      new GitRepository(this, 'GatewayApiRepository', {
        metadata: { name: GATEWAY_API_REPOSITORY, namespace: FLUX_NAMESPACE },
        spec: {
          url: GATEWAY_API_URL,
          ref: { tag: plan.gatewayApi.release },
          interval: '1h',
          // Only config/crd/ (both channels' CRDs and their kustomization.yaml) goes into the artifact.
          sparseCheckout: [GATEWAY_API_CRD_FOLDER],
        },
      });
    }

    // The namespaces with the metadata the Linkerd CLI would set (features/core/namespaces.ts). None is
    // ever pruned: linkerd holds the identity issuer and trust roots, the tracing namespace may hold Badger's
    // claim, cert-manager the trust anchor; turning a part off leaves its namespace (docs "What Flux never deletes").
    for (const namespace of plan.namespaces) {
      if (namespace.layer === 'prerequisites') new Namespace(this, `namespace-${namespace.name}`, namespace.props);
    }
    if (helmCharts.includes('jaeger')) {
      this.jaegerRepositoryName = JAEGER_HELM_CHART.name;
      new HelmRepository(this, 'JaegerRepository', {
        metadata: { name: this.jaegerRepositoryName, namespace: FLUX_NAMESPACE },
        spec: { url: JAEGER_HELM_CHART.repositoryUrl, interval: '1h' },
      });
    }
    if (plan.badgerClaim) new PersistentVolumeClaim(this, 'BadgerClaim', plan.badgerClaim);

    // ECK's operator and its CRDs, when it runs the Elasticsearch that keeps traces (the tracing-store layer).
    const operator = plan.searchStore?.provisioned?.operator;
    const storeReleases: FluxHelmRelease[] = [];
    if (operator) {
      new HelmRepository(this, 'ElasticRepository', {
        metadata: { name: 'elastic', namespace: FLUX_NAMESPACE },
        spec: { url: ECK_OPERATOR_HELM_CHART.repositoryUrl, interval: '1h' },
      });
      storeReleases.push(
        new FluxHelmRelease(this, 'EckOperator', {
          releaseName: ECK_OPERATOR_RELEASE.name,
          namespace: FLUX_NAMESPACE,
          targetNamespace: operator.namespace,
          source: {
            helmRepository: 'elastic',
            chart: ECK_OPERATOR_HELM_CHART.name,
            version: ECK_OPERATOR_HELM_CHART.version,
          },
          timeout: ECK_OPERATOR_RELEASE.timeout,
          interval: plan.flux.interval,
          values: operator.values,
        }),
      );
    }

    if (!plan.certManager) {
      this.releases = storeReleases;
      return;
    }
    // Where they install, how long Helm may wait and what waits for what: lib/linkerd/release-settings.ts.
    const [certManagerRelease, trustManagerRelease] = CERT_MANAGER_RELEASES;
    const certManager = new FluxHelmRelease(this, 'CertManager', {
      releaseName: certManagerRelease.name,
      namespace: FLUX_NAMESPACE,
      targetNamespace: certManagerRelease.namespace,
      source: { ociRepository: this.helmChartRepository(CERT_MANAGER_HELM_CHART) },
      timeout: certManagerRelease.timeout,
      interval: plan.flux.interval,
      values: plan.certManager.certManagerValues,
    });
    const trustManager = new FluxHelmRelease(this, 'TrustManager', {
      releaseName: trustManagerRelease.name,
      namespace: FLUX_NAMESPACE,
      targetNamespace: trustManagerRelease.namespace,
      source: { ociRepository: this.helmChartRepository(TRUST_MANAGER_HELM_CHART) },
      timeout: trustManagerRelease.timeout,
      interval: plan.flux.interval,
      dependsOn: [certManager],
      values: plan.certManager.trustManagerValues,
    });
    this.releases = [certManager, trustManager, ...storeReleases];
  }

  /** An OCIRepository holding one Helm chart at one version; returns its name. */
  private helmChartRepository({ name, repositoryUrl, version }: CompanionHelmChart): string {
    new OciRepository(this, `${name}-chart`, {
      metadata: { name, namespace: FLUX_NAMESPACE },
      spec: {
        url: repositoryUrl,
        ref: { tag: version },
        interval: '1h',
        layerSelector: {
          mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
          operation: OciRepositorySpecLayerSelectorOperation.COPY,
        },
      },
    });
    return name;
  }
}
