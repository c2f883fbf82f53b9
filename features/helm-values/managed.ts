/**
 * The Helm values this project manages, per Helm chart: what a `helmValues` override of each would undo, and
 * whether it is refused (it breaks how the install works: identity, webhooks, the layers, the checks) or
 * warned (allowed, with the config field that sets it and what that field does besides). Every value the
 * project computes for a fixture is covered by an entry here (./helm-values.test.ts), so a value added
 * later cannot be overridden silently.
 */
import type { ValuesHelmChartName } from '../../lib/linkerd/helm-charts';
import type { ConfigBasis } from '../core/basis';

/** A value (or a map of values) this project sets. */
export interface ManagedValue {
  /** Dotted path; a segment may hold `*` (any characters of one key): `*Resources`, `*.resources`. Covers everything below it. */
  readonly path: string;
  /** The config field that sets it, as a person writes it: `identity`, `resources.controlPlane`. */
  readonly field: string;
  /** What the project's value does (and, for a refused one, what an override breaks). */
  readonly does: string;
  /** Refused: an override breaks the install. Otherwise warned. */
  readonly refuse?: boolean;
  /** Only for configs where this holds (e.g. `images.registry` set); always otherwise. */
  readonly when?: (basis: ConfigBasis) => boolean;
}

const WEBHOOK_KEYS = ['externalSecret', 'injectCaFrom', 'injectCaFromSecret', 'caBundle', 'crtPEM', 'keyPEM'];

/** A webhook's certificate keys: cert-manager issues it and injects its CA. */
function webhook(prefix: string, name: string): ManagedValue[] {
  return WEBHOOK_KEYS.map((key) => ({
    path: `${prefix}.${key}`,
    field: 'identity',
    refuse: true,
    does: `${name} serves the certificate cert-manager issues for it (identity layer) and cert-manager injects that CA into the webhook configuration (externalSecret, injectCaFrom); drift detection ignores exactly that caBundle. Another certificate source leaves the webhook without a valid CA, or puts a private key in dist/`,
  }));
}

const RESOURCES = (group: string): ManagedValue => ({
  path: '',
  field: `resources.${group}`,
  does: `the resources profile and resources.${group}, which check each request against its limit and count it in the budget; prefer resources.${group}`,
});

/** Resources paths of a Helm chart, all from `resources.<group>`. */
function resources(group: string, ...paths: string[]): ManagedValue[] {
  return paths.map((path) => ({ ...RESOURCES(group), path }));
}

const HA = (path: string): ManagedValue => ({
  path,
  field: 'highAvailability',
  does: "the Helm chart's own values-ha.yaml, applied with highAvailability on (replicas, anti-affinity, disruption budgets, webhook failure policy); prefer highAvailability.replicas, spreading and webhookFailurePolicy",
});

const hasImages = ({ config }: ConfigBasis) =>
  config.images.registry !== undefined || Object.keys(config.images.registries).length > 0;
const IMAGES = (path: string): ManagedValue => ({
  path,
  field: 'images',
  when: hasImages,
  does: 'points the image at your mirror (images.registry, images.registries); an image you name here is pulled from where you say',
});

const hasPlacement = ({ config }: ConfigBasis) =>
  config.placement.nodeSelector !== undefined ||
  config.placement.tolerations !== undefined ||
  config.placement.priorityClassName !== undefined;
const PLACEMENT = (path: string): ManagedValue => ({
  path,
  field: 'placement',
  when: hasPlacement,
  does: 'places the pods as placement says (nodeSelector, tolerations, priorityClassName); your value replaces that',
});

const NAMESPACE_METADATA_JOB: ManagedValue = {
  path: 'createNamespaceMetadataJob',
  field: 'meshedNamespaces',
  refuse: true,
  does: 'false: this project declares the namespace with the metadata that Job would patch in (prerequisites layer, as the Linkerd CLI does); the Job would patch a Namespace Flux owns, from a Helm hook Flux waits on',
};

/** Every value this project manages, by Helm chart. */
export const MANAGED_VALUES: Readonly<Record<ValuesHelmChartName, readonly ManagedValue[]>> = {
  'linkerd-crds': [
    {
      path: 'installGatewayAPI',
      field: 'gatewayApi.install',
      refuse: true,
      does: 'false: the gateway-api layer installs the Gateway API CRDs from upstream (gatewayApi.install, gatewayApi.channel); two owners of one CRD fight over it',
    },
  ],
  'linkerd-control-plane': [
    {
      path: 'identity.externalCA',
      field: 'identity',
      refuse: true,
      does: "true makes the control plane take its identity issuer from the Secret linkerd-identity-issuer that cert-manager issues and renews, and the trust anchor from trust-manager's linkerd-identity-trust-roots; overriding it breaks issuance (the chart then wants an issuer and trust anchor of its own)",
    },
    {
      path: 'identity.issuer.scheme',
      field: 'identity',
      refuse: true,
      does: "kubernetes.io/tls: identity reads cert-manager's Secret (tls.crt, tls.key, ca.crt); another scheme reads a Secret nobody writes",
    },
    {
      path: 'identity.issuer.tls',
      field: 'identity',
      refuse: true,
      does: "the issuer's certificate and key are cert-manager's, made inside the cluster; a PEM here would put the issuer's private key in dist/",
    },
    {
      path: 'identityTrustAnchorsPEM',
      field: 'identity.previousTrustAnchors',
      refuse: true,
      does: "the trust anchor is cert-manager's, published by trust-manager as linkerd-identity-trust-roots and rotated with it; add an old anchor with identity.previousTrustAnchors",
    },
    ...webhook('proxyInjector', 'the proxy injector'),
    ...webhook('profileValidator', 'the ServiceProfile validator'),
    ...webhook('policyValidator', 'the policy validator'),
    {
      path: 'cniEnabled',
      field: 'cni.enabled',
      refuse: true,
      does: 'follows cni.enabled: with the CNI plugin installed the injector adds linkerd-network-validator instead of linkerd-init; a mismatch leaves meshed pods without iptables rules or without the capabilities linkerd-init needs',
    },
    {
      path: 'proxy.defaultInboundPolicy',
      field: 'proxy.defaultInboundPolicy',
      refuse: true,
      does: "the cluster's default inbound policy; the policy layer's Servers and authorizations, the alerts and the namespaces' annotations are computed from proxy.defaultInboundPolicy, so set it there",
    },
    {
      path: 'proxy.tracing.enabled',
      field: 'tracing',
      refuse: true,
      does: "turns on the proxies' spans, sent to the collector tracing.* installs or names; set tracing.backend instead",
    },
    {
      path: 'proxy.tracing.collector',
      field: 'tracing',
      refuse: true,
      does: 'points every proxy at the collector this project installs (or tracing.otlpEndpoint) with its meshIdentity; another address is not checked against a Service (render join 4): set tracing.otlpEndpoint instead',
    },
    {
      path: 'proxy.nativeSidecar',
      field: 'proxy.nativeSidecar',
      does: 'runs the proxy as a native sidecar where the line has it, as proxy.nativeSidecar says (checked against the line); prefer proxy.nativeSidecar',
    },
    {
      path: 'podMonitor.enabled',
      field: 'monitoring.podMonitors.enabled',
      refuse: true,
      does: 'the PodMonitors your Prometheus scrapes the control plane and the proxies by; monitoring.alerts reads their series and monitoring.podMonitors.enabled decides it: set it there',
    },
    {
      path: 'podMonitor.labels',
      field: 'monitoring.podMonitors.labels',
      does: "the labels your Prometheus selects PodMonitors by; prefer monitoring.podMonitors.labels (cert-manager's and trust-manager's monitors get the same)",
    },
    {
      path: 'prometheusUrl',
      field: 'viz.prometheus.url',
      does: "your Prometheus, when viz.prometheus.url names it (viz and the namespaces' metadata use the same); prefer viz.prometheus.url",
    },
    ...resources('controlPlane', '*Resources', 'policyController.resources'),
    {
      ...RESOURCES('proxy'),
      path: 'proxy.resources',
      field: 'resources.proxy',
      does: "the proxy's resources from the profile and resources.proxy (each request checked against its limit); prefer resources.proxy, or meshedNamespaces[].proxy for one namespace",
    },
    ...[
      'controllerReplicas',
      'enablePodAntiAffinity',
      'enablePodDisruptionBudget',
      'controller.podDisruptionBudget',
      'deploymentStrategy',
      'webhookFailurePolicy',
      'highAvailability',
    ].map(HA),
    ...[
      'proxy.image.name',
      'proxyInit.image.name',
      'controllerImage',
      'policyController.image.name',
      'debugContainer.image.name',
    ].map(IMAGES),
    ...['nodeSelector', 'tolerations', 'priorityClassName'].map(PLACEMENT),
  ],
  'linkerd2-cni': [
    ...['destCNINetDir', 'destCNIBinDir', 'iptablesMode', 'repairController.enabled'].map((path) => ({
      path,
      field: 'cni.preset',
      does: "your distribution's CNI folders and iptables mode (cni.preset, or cni's own fields); prefer those",
    })),
    IMAGES('image.name'),
  ],
  'linkerd-viz': [
    ...webhook('tap', 'tap'),
    ...webhook('tapInjector', 'the tap injector'),
    NAMESPACE_METADATA_JOB,
    {
      path: 'prometheus.enabled',
      field: 'viz.prometheus.url',
      does: 'false when viz.prometheus.url names your Prometheus (viz then installs none); prefer viz.prometheus.url',
    },
    {
      path: 'prometheusUrl',
      field: 'viz.prometheus.url',
      does: 'your Prometheus, when viz.prometheus.url names it; prefer viz.prometheus.url',
    },
    {
      path: 'jaegerUrl',
      field: 'tracing',
      does: "the Jaeger viz's dashboard links to (render join 5 checks it serves /jaeger); prefer tracing.jaegerUrl",
    },
    { path: 'grafana', field: 'viz.grafana', does: "viz's links to your Grafana; prefer viz.grafana" },
    {
      path: 'dashboard.enforcedHostRegexp',
      field: 'viz.dashboard.extraHosts',
      does: 'the hosts the dashboard answers (localhost, its Service, viz.dashboard.extraHosts); prefer viz.dashboard.extraHosts',
    },
    ...resources('viz', '*.resources'),
    ...['tap.replicas', 'enablePodAntiAffinity', 'enablePodDisruptionBudget'].map(HA),
    ...['defaultRegistry', 'prometheus.image.registry', 'namespaceMetadata.image.registry'].map(IMAGES),
    ...[
      'nodeSelector',
      'tolerations',
      'metricsAPI.nodeSelector',
      'metricsAPI.tolerations',
      'prometheus.nodeSelector',
      'prometheus.tolerations',
    ].map(PLACEMENT),
  ],
  'linkerd-jaeger': [
    ...webhook('webhook', 'the jaeger injector'),
    NAMESPACE_METADATA_JOB,
    {
      path: 'collector.config',
      field: 'tracing',
      does: "the collector's exporters: to the bundled Jaeger, or to tracing.otlpEndpoint (render join 4 checks the address); a map you give merges into it",
    },
    {
      path: 'jaeger.enabled',
      field: 'tracing.backend',
      does: 'false with an OTLP backend of your own (tracing.backend: otlp): the collector sends there and viz links to tracing.jaegerUrl',
    },
    ...resources('jaeger', '*.resources'),
    ...['collector.image.name', 'jaeger.image.name', 'webhook.image.name', 'namespaceMetadata.image.registry'].map(
      IMAGES,
    ),
    ...[
      'collector.nodeSelector',
      'collector.tolerations',
      'jaeger.nodeSelector',
      'jaeger.tolerations',
      'webhook.nodeSelector',
      'webhook.tolerations',
    ].map(PLACEMENT),
  ],
  jaeger: [
    {
      path: 'userconfig.receivers.otlp',
      field: 'tracing',
      refuse: true,
      does: 'the OTLP receiver on 4317 and 4318 every proxy sends its spans to (proxy.tracing.collector; render join 4)',
    },
    {
      path: 'userconfig.extensions.jaeger_query.base_path',
      field: 'tracing',
      refuse: true,
      does: "/jaeger: viz's dashboard proxies its Jaeger links there unchanged (render join 5)",
    },
    {
      path: 'userconfig.extensions.jaeger_storage',
      field: 'tracing.storage',
      does: 'where traces are kept (memory, or Badger on its claim) and for how long; prefer tracing.storage',
    },
    {
      path: 'userconfig',
      field: 'tracing',
      does: "Jaeger v2's configuration: receiver, storage, query UI; a map you give merges into it",
    },
    {
      path: 'jaeger.extraVolumes',
      field: 'tracing.storage',
      refuse: true,
      when: ({ config }) => config.tracing.storage === 'badger',
      does: "mounts Badger's claim jaeger-badger; a list you give replaces the project's, and traces would go to the container's own disk",
    },
    {
      path: 'jaeger.extraVolumeMounts',
      field: 'tracing.storage',
      refuse: true,
      when: ({ config }) => config.tracing.storage === 'badger',
      does: "mounts Badger's claim at /badger; a list you give replaces the project's, and traces would go to the container's own disk",
    },
    {
      path: 'jaeger.extraEnv',
      field: 'tracing',
      refuse: true,
      does: "JAEGER_CONFIG_SHA256 restarts Jaeger when its configuration changes (the chart's ConfigMap has no checksum annotation); a list you give replaces it",
    },
    {
      path: 'jaeger.extraVolumes',
      field: 'tracing.elasticsearch.ca',
      refuse: true,
      when: ({ searchStore }) => searchStore?.ca !== undefined,
      does: "mounts the search cluster's CA; a list you give replaces the project's, and Jaeger could not verify the store's TLS",
    },
    {
      path: 'jaeger.extraVolumeMounts',
      field: 'tracing.elasticsearch.ca',
      refuse: true,
      when: ({ searchStore }) => searchStore?.ca !== undefined,
      does: "mounts the search cluster's CA where Jaeger's configuration reads it; a list you give replaces the project's",
    },
    {
      path: 'storage',
      field: 'tracing.storage',
      when: ({ searchStore }) => searchStore !== undefined,
      does: "the search cluster the chart's index cleaner reads (the same one Jaeger writes to); prefer tracing.elasticsearch or tracing.opensearch",
    },
    ...['esIndexCleaner.image.registry'].map(IMAGES),
    {
      path: 'esIndexCleaner',
      field: 'tracing.retention',
      when: ({ searchStore }) => searchStore !== undefined,
      does: 'deletes the indices older than tracing.retention each night, with the store credentials from your Secret; prefer tracing.retention',
    },
    ...resources('jaeger', 'jaeger.resources'),
    ...['jaeger.image.registry'].map(IMAGES),
    ...['jaeger.nodeSelector', 'jaeger.tolerations'].map(PLACEMENT),
  ],
  'cert-manager': [
    ...['crds.enabled', 'installCRDs'].map((path) => ({
      path,
      field: 'certManager.install',
      refuse: true,
      does: "cert-manager's CRDs come with its HelmRelease; the identity layer's Issuers and Certificates need them",
    })),
    {
      path: 'prometheus',
      field: 'monitoring.podMonitors',
      does: "cert-manager's PodMonitor, with the labels your Prometheus selects and honorLabels; the certificate alerts read its series",
    },
    ...['imageRegistry'].map(IMAGES),
    ...[
      'nodeSelector',
      'tolerations',
      'global.priorityClassName',
      'webhook.nodeSelector',
      'webhook.tolerations',
      'cainjector.nodeSelector',
      'cainjector.tolerations',
      'startupapicheck.nodeSelector',
      'startupapicheck.tolerations',
    ].map(PLACEMENT),
  ],
  'trust-manager': [
    {
      path: 'app.trust.namespace',
      field: 'certManager',
      refuse: true,
      does: "cert-manager's namespace: trust-manager reads the trust anchor's Secret there, the source of the linkerd-identity-trust-roots Bundle",
    },
    {
      path: 'app.metrics.service',
      field: 'monitoring.podMonitors',
      does: "trust-manager's ServiceMonitor, with the labels your Prometheus selects and honorLabels",
    },
    ...['imageRegistry'].map(IMAGES),
    ...['nodeSelector', 'tolerations', 'priorityClassName'].map(PLACEMENT),
  ],
};

/** Whether dotted `path` (of a value) and a managed entry's path overlap: one is the other or lies under it. */
export function overlaps(path: readonly string[], managed: string): boolean {
  const pattern = managed.split('.');
  const shared = Math.min(path.length, pattern.length);
  for (let index = 0; index < shared; index++) {
    if (!segmentMatches(pattern[index], path[index])) return false;
  }
  return true;
}

function segmentMatches(pattern: string, key: string): boolean {
  if (!pattern.includes('*')) return pattern === key;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return regex.test(key);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first managed value of `helmChart` that `path` overlaps, for `basis`. */
export function managedValue(
  basis: ConfigBasis,
  helmChart: ValuesHelmChartName,
  path: readonly string[],
): ManagedValue | undefined {
  return MANAGED_VALUES[helmChart].find((entry) => (entry.when?.(basis) ?? true) && overlaps(path, entry.path));
}

/** Every leaf path of `values` (a list, a scalar or null is a leaf; an empty map too), as segments. */
export function leafPaths(values: unknown, prefix: readonly string[] = []): string[][] {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return [[...prefix]];
  const entries = Object.entries(values);
  if (entries.length === 0) return [[...prefix]];
  return entries.flatMap(([key, value]) => leafPaths(value, [...prefix, key]));
}
