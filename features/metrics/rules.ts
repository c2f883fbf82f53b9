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
  if (!monitoring.podMonitors.enabled && Object.keys(monitoring.podMonitors.labels).length > 0) {
    warn(
      'monitoring.podMonitors.labels',
      'has no effect with monitoring.podMonitors.enabled: false (no PodMonitor is created); set enabled: true to use them',
    );
  }
  return found;
}

export const metricsChecks: FeatureChecks = { problems, warnings };
