/**
 * The Helm values of each Linkerd Helm chart for a cluster plan. Paths are typed from the Helm charts' own
 * values (setPath), checked again per release line when the plan is made (plan.ts: checkedValues), and
 * tested against ../shared's values.yaml/values-ha.yaml (test/values-paths).
 */
import { stringify } from 'yaml';
import type { LinkerdHelmChartName, MeshHelmChartName } from '../linkerd/catalog';
import { COMPONENTS } from '../linkerd/components';
import { TRACING_NAMESPACE } from '../linkerd/names';
import { JAEGER_OTLP, JAEGER_UI, VIZ_DASHBOARD } from '../linkerd/services';
import { LINKERD_HA_VALUES } from '../../imports/linkerd-values';
import { mergeValues } from '../common/merge-values';
// What the values are computed from: a plan's basis (the plan, ClusterPlan.values, holds their results).
import type { ClusterBasis } from './plan';
import type { LinkerdValuePath } from '../linkerd/value-paths';
import { jaegerValues } from '../../features/tracing/jaeger-values';
import { helmChartWebhooks } from '../linkerd/webhooks';
import { componentResources, mergeResources, RESOURCE_PROFILES } from '../linkerd/resources';
import { cniSettings } from '../../features/cni/presets';
import { valueKeyTree } from '../linkerd/values-keys';

/** Helm values: a tree of plain data. */
export type HelmValues = Record<string, unknown>;

/** Builds the values of `helmChart` for `basis`. */
export function helmChartValues(basis: ClusterBasis, helmChart: MeshHelmChartName): HelmValues {
  if (helmChart === 'jaeger') return jaegerValues(basis) as HelmValues;
  const values: HelmValues = {};
  const { config, line } = basis;
  const profile = RESOURCE_PROFILES[config.resources.profile];
  for (const component of COMPONENTS.filter((candidate) => candidate.helmChart === helmChart)) {
    const override =
      config.resources[component.group][component.key as keyof (typeof config.resources)[typeof component.group]];
    setPath(
      values,
      component.valuesPath as LinkerdValuePath,
      componentResources(profile, component.group, component.key, override),
    );
  }
  // Webhook TLS from cert-manager (identity layer): the Helm chart mounts the Secret and generates no key;
  // cert-manager's CA injector fills the caBundle from the Certificate named here.
  for (const webhook of helmChartWebhooks(line.name, helmChart)) {
    setPath(values, `${webhook.valuesKey}.externalSecret` as LinkerdValuePath, true);
    setPath(
      values,
      `${webhook.valuesKey}.injectCaFrom` as LinkerdValuePath,
      `${webhook.namespace}/${webhook.certificate}`,
    );
  }
  switch (helmChart) {
    case 'linkerd2-cni': {
      // The node directories and iptables of the person's distribution (features/cni/presets.ts).
      const cni = cniSettings(config.cni.preset, config.cni);
      setPath(values, 'destCNINetDir', cni.netDir);
      setPath(values, 'destCNIBinDir', cni.binDir);
      // stable-2.14.10's plugin has no iptablesMode (the schema refuses the field there).
      if (valueKeyTree(line.name, helmChart).iptablesMode !== undefined)
        setPath(values, 'iptablesMode', cni.iptablesMode);
      setPath(values, 'repairController.enabled', cni.repairController);
      break;
    }
    case 'linkerd-crds':
      // The Gateway API CRDs come from upstream (basis.gatewayApi) or from elsewhere, never from linkerd-crds
      // (Linkerd's gateway-api-ownership-migration). A line the support matrix has no Gateway API range for
      // keeps the Helm chart's bundled CRDs when asked.
      if (line.gatewayApiOptIn)
        setPath(values, 'installGatewayAPI', line.gatewayApi ? false : config.gatewayApi.install);
      break;
    case 'linkerd-control-plane':
      // cert-manager writes the issuer Secret and trust-manager the trust-roots ConfigMap
      // (identity layer), so the Helm chart renders neither and needs no PEM values.
      setPath(values, 'identity.externalCA', true);
      setPath(values, 'identity.issuer.scheme', 'kubernetes.io/tls');
      // The CNI plugin rewrites each pod's iptables: the injector adds linkerd-network-validator, not linkerd-init.
      // The only Helm chart with the key on every line (viz's and jaeger's templates read it only in their CLI-only Namespace).
      if (config.cni.enabled) setPath(values, 'cniEnabled', true);
      setPath(values, 'proxy.resources', mergeResources(profile.proxy, config.resources.proxy));
      setPath(values, 'proxy.defaultInboundPolicy', config.proxy.defaultInboundPolicy);
      // Native sidecar (Kubernetes sidecar containers, 1.29+): the proxy starts before the app and a Job completes.
      if (line.nativeSidecar) setPath(values, 'proxy.nativeSidecar', config.proxy.nativeSidecar ?? true);
      if (basis.tracing === 'jaeger' || basis.tracing === 'otlp') {
        // Proxies export OTLP themselves, over mTLS to the meshed collector: a span per request they proxy
        // that carries trace headers.
        const collector = traceCollector(basis);
        setPath(values, 'proxy.tracing.enabled', true);
        setPath(values, 'proxy.tracing.collector.endpoint', collector.endpoint);
        setPath(values, 'proxy.tracing.collector.meshIdentity.serviceAccountName', collector.serviceAccount);
        setPath(values, 'proxy.tracing.collector.meshIdentity.namespace', collector.namespace);
        // The control plane's own tracing (controller.tracing) stays off: Linkerd ships it for debugging the
        // controllers, its export protocol changed between releases (OpenCensus, later OTLP), and on
        // edge-25.10.1 to 25.10.6 the Helm chart refuses it without a separate controller.tracing.collector.endpoint.
      }
      if (config.viz.prometheus.url) setPath(values, 'prometheusUrl', config.viz.prometheus.url);
      if (config.monitoring.podMonitors.enabled) {
        setPath(values, 'podMonitor.enabled', true);
        if (Object.keys(config.monitoring.podMonitors.labels).length > 0) {
          setPath(values, 'podMonitor.labels', config.monitoring.podMonitors.labels);
        }
      }
      break;
    case 'linkerd-viz': {
      if (line.namespaceMetadataJobOptional) setPath(values, 'createNamespaceMetadataJob', false);
      if (config.viz.prometheus.url) {
        setPath(values, 'prometheus.enabled', false);
        setPath(values, 'prometheusUrl', config.viz.prometheus.url);
      }
      if (config.viz.grafana.url) setPath(values, 'grafana.url', config.viz.grafana.url);
      if (config.viz.grafana.externalUrl) setPath(values, 'grafana.externalUrl', config.viz.grafana.externalUrl);
      if (config.viz.grafana.uidPrefix) setPath(values, 'grafana.uidPrefix', config.viz.grafana.uidPrefix);
      setPath(values, 'dashboard.enforcedHostRegexp', dashboardHostRegexp(config.viz.dashboard.extraHosts));
      const jaegerUrl = jaegerUiAddress(basis);
      if (jaegerUrl) setPath(values, 'jaegerUrl', jaegerUrl);
      break;
    }
    case 'linkerd-jaeger':
      // We declare the namespace metadata ourselves; the Helm chart's post-install Job would only
      // repeat it, and runs on install alone.
      if (line.namespaceMetadataJobOptional) setPath(values, 'createNamespaceMetadataJob', false);
      if (config.tracing.backend === 'otlp') {
        setPath(values, 'jaeger.enabled', false);
        setPath(values, 'collector.config', collectorConfig(basis));
      }
      break;
  }
  return basis.config.highAvailability ? withHighAvailability(basis, helmChart, values) : values;
}

/**
 * `values` over the Helm chart's own values-ha.yaml (replicas, anti-affinity, disruption budgets, webhook
 * failure policy and the `highAvailability` flag `linkerd check` reads). Its resources are left out:
 * our profile and overrides decide resources, and values-ha.yaml keys that only hold resources we do
 * not set (YAML anchors such as `controllerResources`) would add nothing else.
 */
function withHighAvailability(basis: ClusterBasis, helmChart: LinkerdHelmChartName, values: HelmValues): HelmValues {
  const ha = LINKERD_HA_VALUES[basis.line.name]?.[helmChart];
  if (!ha) return values;
  const settings = Object.fromEntries(
    Object.entries(ha).filter(([key]) => !/[rR]esources$/.test(key) || key in values),
  );
  return mergeValues(settings, values);
}

/**
 * Hosts the dashboard answers: what `kubectl port-forward` (make linkerd-dashboard) and in-cluster
 * clients send, plus the config's extra hosts (e.g. behind an ingress). Any port.
 */
export function dashboardHostRegexp(extraHosts: readonly string[]): string {
  const web = `${VIZ_DASHBOARD.service}.${VIZ_DASHBOARD.namespace}.svc`;
  const hosts = ['localhost', '127.0.0.1', '[::1]', `${web}.cluster.local`, web, ...extraHosts];
  return `^(${hosts.map(escapeRegExp).join('|')})(:\\d+)?$`;
}

/**
 * The Jaeger UI viz links to: the bundled one (linkerd-jaeger's or Jaeger v2's, both Service `jaeger` in
 * linkerd-jaeger), or the config's external one, or none.
 */
function jaegerUiAddress(basis: ClusterBasis): string | undefined {
  if (basis.tracing === 'off') return undefined;
  if (basis.config.tracing.backend === 'jaeger') return `${JAEGER_UI.service}.${JAEGER_UI.namespace}:${JAEGER_UI.port}`;
  return basis.config.tracing.jaegerUrl;
}

/**
 * Where proxies send traces on a line whose proxies export them: the Jaeger v2 we install (Service and
 * ServiceAccount `jaeger`, release name `jaeger`), or the person's collector.
 */
function traceCollector(basis: ClusterBasis): { endpoint: string; serviceAccount: string; namespace: string } {
  const { tracing } = basis.config;
  if (basis.tracing === 'jaeger')
    return {
      endpoint: `${JAEGER_OTLP.service}.${JAEGER_OTLP.namespace}:${JAEGER_OTLP.port}`,
      serviceAccount: 'jaeger',
      namespace: TRACING_NAMESPACE,
    };
  return {
    endpoint: tracing.otlpEndpoint!,
    serviceAccount: tracing.collectorIdentity!.serviceAccount,
    namespace: tracing.collectorIdentity!.namespace,
  };
}

/**
 * The collector's config for an external OTLP backend. Edge Helm charts take a map that Helm merges into
 * the Helm chart's default (so its receivers and Kubernetes processors stay; `null` deletes the bundled
 * Jaeger exporter). 2.14 takes one YAML string that replaces the default, so it is written whole,
 * with the same receivers as the Helm chart's default so proxies of every protocol keep reporting.
 */
function collectorConfig(basis: ClusterBasis): unknown {
  const otlp = {
    endpoint: basis.config.tracing.otlpEndpoint,
    tls: { insecure: basis.config.tracing.otlpInsecure ?? true },
  };
  if (!basis.line.collectorConfigIsString) {
    return { exporters: { jaeger: null, otlp }, service: { pipelines: { traces: { exporters: ['otlp'] } } } };
  }
  const receivers = ['otlp', 'opencensus', 'zipkin', 'jaeger'];
  return stringify(
    {
      receivers: {
        otlp: { protocols: { grpc: null, http: null } },
        opencensus: null,
        zipkin: null,
        jaeger: { protocols: { grpc: null, thrift_http: null, thrift_compact: null, thrift_binary: null } },
      },
      processors: { batch: null },
      extensions: { health_check: null },
      exporters: { otlp },
      service: {
        extensions: ['health_check'],
        pipelines: { traces: { receivers, processors: ['batch'], exporters: ['otlp'] } },
      },
    },
    { lineWidth: 0 },
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Sets `value` at a dotted path, creating the mappings on the way. */
export function setPath(target: HelmValues, path: LinkerdValuePath, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node = (node[key] ??= {}) as HelmValues;
  }
  node[keys[keys.length - 1]] = value;
}
