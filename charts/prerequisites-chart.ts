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
  certManagerMonitoringValues,
  type CompanionHelmChart,
  JAEGER_HELM_CHART,
  TRUST_MANAGER_HELM_CHART,
  trustManagerMonitoringValues,
} from '../lib/linkerd/companion-helm-charts';
import { PersistentVolumeClaim } from '../lib/constructs/persistent-volume-claim';
import { BADGER_CLAIM } from '../lib/plan/jaeger-values';
import { Namespace } from '../lib/constructs/namespace';
import { mergeValues } from '../lib/common/merge-values';
import { GATEWAY_API_REPOSITORY } from '../lib/flux/layers';
import { GATEWAY_API_CRD_FOLDER, GATEWAY_API_URL } from '../lib/linkerd/gateway-api';
import { CERT_MANAGER_NAMESPACE, FLUX_NAMESPACE, TRACING_NAMESPACE } from '../lib/linkerd/names';
import { meshNamespace, type MeshNamespaceOptions } from '../lib/linkerd/namespace-metadata';
import { CERT_MANAGER_RELEASES } from '../lib/linkerd/release-settings';
import type { ClusterPlan } from '../lib/plan/plan';

/** Props of the {@link PrerequisitesChart}. */
export interface PrerequisitesChartProps {
  /** The cluster's plan: its release line, Helm charts and config. */
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
    const { config, line, helmCharts } = props.plan;

    this.linkerdRepositoryName = `linkerd-${line.channel}`;
    new HelmRepository(this, 'LinkerdRepository', {
      metadata: { name: this.linkerdRepositoryName, namespace: FLUX_NAMESPACE },
      spec: { url: line.repositoryUrl, interval: '1h' },
    });

    if (props.plan.gatewayApi) {
      // The CRDs only (config/crd/ at the release's tag): the gateway-api layer applies them.
      this.gatewayApiRepositoryName = GATEWAY_API_REPOSITORY;
      new GitRepository(this, 'GatewayApiRepository', {
        metadata: { name: GATEWAY_API_REPOSITORY, namespace: FLUX_NAMESPACE },
        spec: {
          url: GATEWAY_API_URL,
          ref: { tag: props.plan.gatewayApi.release },
          interval: '1h',
          // Only config/crd/ (both channels' CRDs and their kustomization.yaml) goes into the artifact.
          sparseCheckout: [GATEWAY_API_CRD_FOLDER],
        },
      });
    }

    // The namespaces with the metadata the Linkerd CLI would set (lib/linkerd/namespace-metadata.ts). None is
    // ever pruned: linkerd holds the identity issuer and trust roots, linkerd-jaeger may hold Badger's
    // claim, cert-manager the trust anchor; turning a part off leaves its namespace (README "What Flux never deletes").
    const prometheusUrl = config.viz.prometheus.url;
    const options: MeshNamespaceOptions = {
      cniEnabled: config.cni.enabled,
      ...(prometheusUrl ? { vizPrometheusUrl: prometheusUrl } : {}),
    };
    if (helmCharts.includes('linkerd2-cni'))
      new Namespace(this, 'CniNamespace', { ...meshNamespace('linkerd2-cni', options), prunable: false });
    new Namespace(this, 'LinkerdNamespace', { ...meshNamespace('linkerd-control-plane', options), prunable: false });
    if (helmCharts.includes('linkerd-viz'))
      new Namespace(this, 'VizNamespace', { ...meshNamespace('linkerd-viz', options), prunable: false });
    if (helmCharts.includes('linkerd-jaeger'))
      new Namespace(this, 'JaegerNamespace', { ...meshNamespace('linkerd-jaeger', options), prunable: false });
    if (helmCharts.includes('jaeger')) {
      new Namespace(this, 'JaegerNamespace', { ...meshNamespace('jaeger', options), prunable: false });
      this.jaegerRepositoryName = JAEGER_HELM_CHART.name;
      new HelmRepository(this, 'JaegerRepository', {
        metadata: { name: this.jaegerRepositoryName, namespace: FLUX_NAMESPACE },
        spec: { url: JAEGER_HELM_CHART.repositoryUrl, interval: '1h' },
      });
      if (config.tracing.storage === 'badger') {
        new PersistentVolumeClaim(this, 'BadgerClaim', {
          name: BADGER_CLAIM,
          namespace: TRACING_NAMESPACE,
          size: config.tracing.badger.size,
          storageClassName: config.tracing.badger.storageClassName,
        });
      }
    }

    if (!config.certManager.install) {
      this.releases = [];
      return;
    }
    // With PodMonitors (and so with alerts), the person's Prometheus scrapes cert-manager and trust-manager too:
    // the certificate alerts read cert-manager's series.
    const monitoring = config.monitoring.podMonitors;
    // Holds the trust anchor's Secret: switching certManager.install off must not delete it (and every
    // proxy's trust with it).
    new Namespace(this, 'CertManagerNamespace', { name: CERT_MANAGER_NAMESPACE, prunable: false });
    // Where they install, how long Helm may wait and what waits for what: lib/linkerd/release-settings.ts.
    const [certManagerRelease, trustManagerRelease] = CERT_MANAGER_RELEASES;
    const certManager = new FluxHelmRelease(this, 'CertManager', {
      releaseName: certManagerRelease.name,
      namespace: FLUX_NAMESPACE,
      targetNamespace: certManagerRelease.namespace,
      source: { ociRepository: this.helmChartRepository(CERT_MANAGER_HELM_CHART) },
      timeout: certManagerRelease.timeout,
      interval: config.flux.interval,
      values: { crds: { enabled: true }, ...(monitoring.enabled && certManagerMonitoringValues(monitoring.labels)) },
    });
    const trustManager = new FluxHelmRelease(this, 'TrustManager', {
      releaseName: trustManagerRelease.name,
      namespace: FLUX_NAMESPACE,
      targetNamespace: trustManagerRelease.namespace,
      source: { ociRepository: this.helmChartRepository(TRUST_MANAGER_HELM_CHART) },
      timeout: trustManagerRelease.timeout,
      interval: config.flux.interval,
      // trust-manager's own webhook certificate comes from cert-manager.
      dependsOn: [certManager],
      values: mergeValues(
        { app: { trust: { namespace: CERT_MANAGER_NAMESPACE } } },
        monitoring.enabled ? trustManagerMonitoringValues(monitoring.labels) : {},
      ),
    });
    this.releases = [certManager, trustManager];
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
