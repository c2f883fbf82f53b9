/**
 * Settings that are valid but have no effect with the rest of the config: each gets a warning naming
 * the file and the field (synthesis still succeeds), so a person learns their setting was not applied.
 */
import { releaseLine } from '../lib/linkerd/catalog';
import { COMPONENTS } from '../lib/linkerd/components';
import { certificateExpiry } from '../lib/config/pem';
import type { ClusterConfig } from './cluster-config';

/** `warning: <file>: <field>: <message>` for every setting of `config` that has no effect. */
export function configWarnings(config: ClusterConfig, file: string): string[] {
  const warnings: string[] = [];
  const warn = (field: string, message: string) => warnings.push(`warning: ${file}: ${field}: ${message}`);
  const { viz, tracing, monitoring, resources } = config;

  if (!config.gatewayApi.install && config.gatewayApi.channel !== 'standard' && !config.gatewayApi.version) {
    warn(
      'gatewayApi.channel',
      `has no effect with gatewayApi.install: false (the Gateway API CRDs come from elsewhere; their channel is theirs)`,
    );
  }

  if (config.gatewayApi.install && config.gatewayApi.version) {
    warn(
      'gatewayApi.version',
      'has no effect with gatewayApi.install: true (this project installs the release lib/linkerd/support-matrix.ts names for the line)',
    );
  }

  if (!viz.enabled) {
    const because = 'has no effect with viz.enabled: false (linkerd-viz is not installed)';
    if (viz.grafana.url) warn('viz.grafana.url', because);
    if (viz.grafana.externalUrl) warn('viz.grafana.externalUrl', because);
    if (viz.grafana.uidPrefix) warn('viz.grafana.uidPrefix', because);
    if (viz.dashboard.extraHosts.length > 0) warn('viz.dashboard.extraHosts', because);
    for (const key of setKeys(resources.viz)) warn(`resources.viz.${key}`, because);
  }
  if (!tracing.enabled) {
    const because = 'has no effect with tracing.enabled: false (nothing traces)';
    if (tracing.backend !== 'jaeger') warn('tracing.backend', because);
    if (tracing.otlpEndpoint) warn('tracing.otlpEndpoint', because);
    if (tracing.otlpInsecure !== undefined) warn('tracing.otlpInsecure', because);
    if (tracing.collectorIdentity) warn('tracing.collectorIdentity', because);
    if (tracing.jaegerUrl) warn('tracing.jaegerUrl', because);
    if (tracing.storage !== 'memory')
      warn('tracing.storage', `${because}; an existing Badger claim is kept (docs/tracing.md "Tracing")`);
    for (const key of setKeys(resources.jaeger)) warn(`resources.jaeger.${key}`, because);
  }
  config.meshedNamespaces.forEach((namespace, index) => {
    if (namespace.declared === 'elsewhere' && namespace.defaultInboundPolicy !== undefined) {
      warn(
        `meshedNamespaces[${index}].defaultInboundPolicy`,
        `has no effect with declared: elsewhere (this project emits no Namespace "${namespace.name}"); put "config.linkerd.io/default-inbound-policy: ${namespace.defaultInboundPolicy}" under metadata.annotations in its own manifest`,
      );
    }
    if (namespace.declared === 'elsewhere' && namespace.podSecurity !== undefined) {
      warn(
        `meshedNamespaces[${index}].podSecurity`,
        `has no effect with declared: elsewhere (this project emits no Namespace "${namespace.name}"); put "pod-security.kubernetes.io/enforce: ${namespace.podSecurity}" under metadata.labels in its own manifest`,
      );
    }
    // Pods of a namespace declared elsewhere get the cluster's level unless its own manifest labels it.
    const clusterLevel = config.podSecurity.enforce;
    if (
      namespace.declared === 'elsewhere' &&
      !config.cni.enabled &&
      namespace.podSecurity === undefined &&
      clusterLevel &&
      clusterLevel !== 'privileged'
    ) {
      warn(
        `meshedNamespaces[${index}]`,
        `"${namespace.name}" is declared elsewhere and the cluster enforces Pod Security "${clusterLevel}" (podSecurity.enforce), which refuses meshed pods without the CNI plugin: ` +
          'label it "pod-security.kubernetes.io/enforce: privileged" in its own manifest, or set cni.enabled: true (docs/cni-and-pod-security.md "CNI and Pod Security")',
      );
    }
  });
  const line = releaseLine(config.releaseLine);
  if (tracing.enabled) {
    // The tracing components of this line: linkerd-jaeger's where it has the Helm chart (its Jaeger only with the
    // bundled backend: with otlp the Helm chart runs jaeger.enabled: false), else Jaeger v2's (backend jaeger).
    const tracingHelmChart = line.helmChartVersions['linkerd-jaeger']
      ? 'linkerd-jaeger'
      : tracing.backend === 'jaeger'
        ? 'jaeger'
        : undefined;
    const runs = COMPONENTS.filter(
      (component) =>
        component.group === 'jaeger' &&
        component.helmChart === tracingHelmChart &&
        !(tracingHelmChart === 'linkerd-jaeger' && tracing.backend === 'otlp' && component.key === 'jaeger'),
    ).map((component) => component.key);
    for (const key of setKeys(resources.jaeger)) {
      if (runs.includes(key)) continue;
      warn(
        `resources.jaeger.${key}`,
        `has no effect on ${line.name}${tracingHelmChart ? ` with tracing.backend: ${tracing.backend} (its tracing runs ${tracingHelmChart}: ${runs.join(', ')})` : ' with tracing.backend: otlp (nothing of tracing is installed)'}`,
      );
    }
    if (tracing.backend === 'jaeger' && tracing.otlpInsecure !== undefined) {
      warn(
        'tracing.otlpInsecure',
        "has no effect with tracing.backend: jaeger (it is how linkerd-jaeger's collector sends to your own backend)",
      );
    }
  }
  if (!line.gatewayApiOptIn && config.gatewayApi.install === false) {
    warn(
      'gatewayApi.install',
      `has no effect on ${line.name}: its linkerd-crds installs the Gateway API CRDs it needs with no option to leave them out`,
    );
  }
  const now = Date.now();
  config.identity.previousTrustAnchors.forEach((pem, index) => {
    const expiry = certificateExpiry(pem);
    if (expiry && expiry.getTime() <= now) {
      warn(
        `identity.previousTrustAnchors[${index}]`,
        `expired on ${expiry.toISOString()}: no proxy trusts it any more, so it has no effect; remove it`,
      );
    }
  });
  if (monitoring.alerts.enabled && !/^https?:\/\//i.test(monitoring.alerts.runbookUrl)) {
    warn(
      'monitoring.alerts.runbookUrl',
      `"${monitoring.alerts.runbookUrl}" is a relative link, which does not open from Alertmanager or Grafana; set it to the address at which your Git host shows this project's docs/alerts.md (e.g. https://github.com/you/home-ops/blob/main/infrastructure/linkerd/docs/alerts.md)`,
    );
  }
  if (!monitoring.alerts.enabled && monitoring.alerts.runbookUrl !== 'docs/alerts.md') {
    warn(
      'monitoring.alerts.runbookUrl',
      'has no effect with monitoring.alerts.enabled: false (no PrometheusRule is created)',
    );
  }
  if (!monitoring.alerts.enabled && Object.keys(monitoring.alerts.labels).length > 0) {
    warn(
      'monitoring.alerts.labels',
      'has no effect with monitoring.alerts.enabled: false (no PrometheusRule is created)',
    );
  }
  if (!monitoring.podMonitors.enabled && Object.keys(monitoring.podMonitors.labels).length > 0) {
    warn(
      'monitoring.podMonitors.labels',
      'has no effect with monitoring.podMonitors.enabled: false (no PodMonitor is created); set enabled: true to use them',
    );
  }
  return warnings;
}

function setKeys(record: object): string[] {
  return Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}
