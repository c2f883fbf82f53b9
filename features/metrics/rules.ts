/** Metrics' checks of a whole config: linkerd-viz on the release line, and settings without effect. */
import type { ConfigBasis } from '../core/basis';
import { type FeatureChecks, type FieldProblem, type FieldWarning, setKeys } from '../feature';

function problems({ config, line }: ConfigBasis): FieldProblem[] {
  if (!config.viz.enabled || line.helmChartVersions['linkerd-viz']) return [];
  return [
    {
      path: ['viz', 'enabled'],
      input: true,
      message: `needs linkerd-viz, which ${line.name} does not publish; set viz.enabled: false or choose a line that has it`,
    },
  ];
}

function warnings({ config }: ConfigBasis): FieldWarning[] {
  const found: FieldWarning[] = [];
  const warn = (field: string, message: string) => found.push({ field, message });
  const { viz, monitoring, resources } = config;
  if (!viz.enabled) {
    const because = 'has no effect with viz.enabled: false (linkerd-viz is not installed)';
    if (viz.grafana.url) warn('viz.grafana.url', because);
    if (viz.grafana.externalUrl) warn('viz.grafana.externalUrl', because);
    if (viz.grafana.uidPrefix) warn('viz.grafana.uidPrefix', because);
    if (viz.dashboard.extraHosts.length > 0) warn('viz.dashboard.extraHosts', because);
    for (const key of setKeys(resources.viz)) warn(`resources.viz.${key}`, because);
  } else if (viz.prometheus.url && (resources.viz as Record<string, unknown>).prometheus !== undefined) {
    warn(
      'resources.viz.prometheus',
      "has no effect with viz.prometheus.url set (viz then uses that Prometheus and runs none of its own); remove resources.viz.prometheus, or viz.prometheus.url to run viz's own",
    );
  }
  if (viz.prometheus.url && !monitoring.podMonitors.enabled) {
    warn(
      'viz.prometheus.url',
      "viz then reads Linkerd's metrics from that Prometheus and runs none of its own, and with monitoring.podMonitors.enabled: false no PodMonitor has it scrape Linkerd, so viz shows no traffic; " +
        'set monitoring.podMonitors.enabled: true (with the labels that Prometheus selects PodMonitors by), or scrape the proxies with a scrape config of your own',
    );
  }
  if (monitoring.podMonitors.enabled && Object.keys(monitoring.podMonitors.labels).length === 0) {
    warn('monitoring.podMonitors.labels', unlabelled('PodMonitors', 'podMonitorSelector'));
  }
  if (!monitoring.podMonitors.enabled && Object.keys(monitoring.podMonitors.labels).length > 0) {
    warn(
      'monitoring.podMonitors.labels',
      'has no effect with monitoring.podMonitors.enabled: false (no PodMonitor is created); set enabled: true to use them',
    );
  }
  return found;
}

/**
 * What Prometheus Operator objects without labels are told: kube-prometheus-stack's Prometheus selects only those
 * labelled `release: <its release name>` (its `<kind>SelectorNilUsesHelmValues: true` default), and we cannot
 * know the person's Prometheus.
 */
export function unlabelled(
  kind: 'PodMonitors' | 'PrometheusRules',
  selector: 'podMonitorSelector' | 'ruleSelector',
): string {
  return (
    `is empty: a kube-prometheus-stack Prometheus selects only ${kind} labelled release: <its Helm release name> ` +
    `(its ${selector}), unless prometheus.prometheusSpec.${selector}NilUsesHelmValues is false; ` +
    `give the labels your Prometheus's ${selector} matches (e.g. {release: kube-prometheus-stack}), or any label if it selects every one`
  );
}

export const metricsChecks: FeatureChecks = { problems, warnings };
