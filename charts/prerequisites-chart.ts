import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  GitRepository,
  HelmRepository,
  OciRepository,
  OciRepositorySpecLayerSelectorOperation,
} from '../imports/source.toolkit.fluxcd.io';
import { FluxHelmRelease } from '../lib/constructs/flux-helm-release';
import {
  CERT_MANAGER_CHART,
  certManagerMonitoringValues,
  CompanionChart,
  JAEGER_CHART,
  TRUST_MANAGER_CHART,
  trustManagerMonitoringValues,
} from '../lib/linkerd/companion-charts';
import { PersistentVolumeClaim } from '../lib/constructs/persistent-volume-claim';
import { BADGER_CLAIM } from '../lib/plan/jaeger-values';
import { Namespace } from '../lib/constructs/namespace';
import { CERT_MANAGER_NAMESPACE, CNI_NAMESPACE, FLUX_NAMESPACE, JAEGER_NAMESPACE, LINKERD_NAMESPACE, VIZ_NAMESPACE } from '../lib/linkerd/names';
import { LinkerdNamespaceChart, linkerdNamespaceLevel, podSecurityLabels } from '../lib/linkerd/pod-security';
import { ClusterPlan } from '../lib/plan/plan';


/** The GitRepository (in flux-system) that holds the upstream Gateway API CRDs. */
export const GATEWAY_API_REPOSITORY = 'gateway-api';
/** Where the Gateway API project publishes its CRDs (tags `vX.Y.Z`; config/crd/ per channel). */
export const GATEWAY_API_URL = 'https://github.com/kubernetes-sigs/gateway-api';

/** Props of the {@link PrerequisitesChart}. */
export interface PrerequisitesChartProps {
  readonly plan: ClusterPlan;
}

/**
 * The first layer: chart sources, the namespaces (the Linkerd charts create none under Helm), and
 * cert-manager and trust-manager, whose CRDs the identity layer needs.
 */
export class PrerequisitesChart extends Chart {
  /** The HelmRepository that serves the Linkerd charts. */
  public readonly linkerdRepositoryName: string;
  /** The HelmRepository that serves the Jaeger project's chart, when the plan installs it. */
  public readonly jaegerRepositoryName?: string;
  /** cert-manager and trust-manager, when this project installs them. */
  public readonly releases: readonly FluxHelmRelease[];
  /** The GitRepository of kubernetes-sigs/gateway-api, when the plan installs the Gateway API CRDs. */
  public readonly gatewayApiRepositoryName?: string;

  public constructor(scope: Construct, id: string, props: PrerequisitesChartProps) {
    super(scope, id);
    const { config, line, charts } = props.plan;

    this.linkerdRepositoryName = `linkerd-${line.channel}`;
    new HelmRepository(this, 'LinkerdRepository', {
      metadata: { name: this.linkerdRepositoryName, namespace: FLUX_NAMESPACE },
      spec: { url: line.repositoryUrl, interval: '1h' },
    });

    if (props.plan.gatewayApi) {
      // The CRDs only (config/crd/ at the release's tag): the gateway-api Kustomization applies them.
      this.gatewayApiRepositoryName = GATEWAY_API_REPOSITORY;
      new GitRepository(this, 'GatewayApiRepository', {
        metadata: { name: GATEWAY_API_REPOSITORY, namespace: FLUX_NAMESPACE },
        spec: {
          url: GATEWAY_API_URL,
          ref: { tag: props.plan.gatewayApi.release },
          interval: '1h',
          // Only config/crd/ (both channels' CRDs and their kustomization.yaml) goes into the artifact.
          sparseCheckout: ['config/crd'],
        },
      });
    }

    // The metadata the Linkerd CLI would set (its Namespace templates render only for the CLI). None is
    // ever pruned: linkerd holds the identity issuer and trust roots, linkerd-jaeger may hold Badger's
    // claim, cert-manager the trust anchor; turning a part off leaves its namespace (README "What Flux never deletes").
    // Pod Security levels: lib/linkerd/pod-security.ts (stricter with the CNI plugin).
    const podSecurity = (chart: LinkerdNamespaceChart) => podSecurityLabels(linkerdNamespaceLevel(chart, config.cni.enabled));
    if (charts.includes('linkerd2-cni')) {
      // What `linkerd install-cni` sets; the proxy injector skips it (admission-webhooks: disabled).
      new Namespace(this, 'CniNamespace', {
        name: CNI_NAMESPACE,
        prunable: false,
        labels: { 'config.linkerd.io/admission-webhooks': 'disabled', 'linkerd.io/cni-resource': 'true', ...podSecurity('linkerd2-cni') },
      });
    }
    new Namespace(this, 'LinkerdNamespace', {
      name: LINKERD_NAMESPACE,
      prunable: false,
      labels: {
        'config.linkerd.io/admission-webhooks': 'disabled',
        'linkerd.io/control-plane-ns': LINKERD_NAMESPACE,
        'linkerd.io/is-control-plane': 'true',
        ...podSecurity('linkerd-control-plane'),
      },
      annotations: { 'linkerd.io/inject': 'disabled' },
    });
    if (charts.includes('linkerd-viz')) {
      const prometheusUrl = config.viz.prometheus.url;
      new Namespace(this, 'VizNamespace', {
        name: VIZ_NAMESPACE,
        prunable: false,
        labels: { 'linkerd.io/extension': 'viz', ...podSecurity('linkerd-viz') },
        // What `linkerd viz install --set prometheusUrl=...` sets; `linkerd viz check` reads it.
        ...(prometheusUrl && { annotations: { 'viz.linkerd.io/external-prometheus': prometheusUrl } }),
      });
    }
    if (charts.includes('linkerd-jaeger')) {
      new Namespace(this, 'JaegerNamespace', {
        name: JAEGER_NAMESPACE,
        prunable: false,
        labels: { 'linkerd.io/extension': 'jaeger', ...podSecurity('linkerd-jaeger') },
      });
    }
    if (charts.includes('jaeger')) {
      // Jaeger v2 keeps linkerd-jaeger's namespace (one name for make targets, docs and the upgrade), but no
      // `linkerd.io/extension` label: `linkerd check` would look for an extension CLI that no longer exists.
      // Its pods are meshed: proxies send traces to it over mTLS, to its mesh identity.
      new Namespace(this, 'JaegerNamespace', {
        name: JAEGER_NAMESPACE,
        prunable: false,
        labels: podSecurity('jaeger'),
        annotations: { 'linkerd.io/inject': 'enabled' },
      });
      this.jaegerRepositoryName = JAEGER_CHART.chart;
      new HelmRepository(this, 'JaegerRepository', {
        metadata: { name: this.jaegerRepositoryName, namespace: FLUX_NAMESPACE },
        spec: { url: JAEGER_CHART.repositoryUrl, interval: '1h' },
      });
      if (config.tracing.storage === 'badger') {
        new PersistentVolumeClaim(this, 'BadgerClaim', {
          name: BADGER_CLAIM,
          namespace: JAEGER_NAMESPACE,
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
    const certManager = new FluxHelmRelease(this, 'CertManager', {
      releaseName: 'cert-manager',
      namespace: FLUX_NAMESPACE,
      targetNamespace: CERT_MANAGER_NAMESPACE,
      source: { ociRepository: this.chartRepository(CERT_MANAGER_CHART) },
      timeout: '10m',
      interval: config.flux.interval,
      values: { crds: { enabled: true }, ...(monitoring.enabled && certManagerMonitoringValues(monitoring.labels)) },
    });
    const trustManager = new FluxHelmRelease(this, 'TrustManager', {
      releaseName: 'trust-manager',
      namespace: FLUX_NAMESPACE,
      targetNamespace: CERT_MANAGER_NAMESPACE,
      source: { ociRepository: this.chartRepository(TRUST_MANAGER_CHART) },
      timeout: '5m',
      interval: config.flux.interval,
      // trust-manager's own webhook certificate comes from cert-manager.
      dependsOn: [certManager],
      values: mergeValues({ app: { trust: { namespace: CERT_MANAGER_NAMESPACE } } }, monitoring.enabled ? trustManagerMonitoringValues(monitoring.labels) : {}),
    });
    this.releases = [certManager, trustManager];
  }

  /** An OCIRepository holding one chart at one version; returns its name. */
  private chartRepository({ chart, repositoryUrl, version }: CompanionChart): string {
    new OciRepository(this, `${chart}-chart`, {
      metadata: { name: chart, namespace: FLUX_NAMESPACE },
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
    return chart;
  }
}

/** `over` merged into `under` (maps merge; anything else is replaced). */
function mergeValues(under: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const below = merged[key];
    const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    merged[key] = isMap(below) && isMap(value) ? mergeValues(below, value) : value;
  }
  return merged;
}
