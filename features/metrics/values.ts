/**
 * Metrics' Helm values: the PodMonitors of the control-plane Helm chart, an external Prometheus for the control
 * plane and viz, viz's Grafana links and the hosts its dashboard answers.
 */
import type { LinkerdHelmChartName } from '../../lib/linkerd/catalog';
import { VIZ_DASHBOARD } from '../../lib/linkerd/services';
import { type HelmValues, setPath } from '../../lib/linkerd/value-paths';
import type { ConfigBasis } from '../core/basis';

export function metricsValues({ config }: ConfigBasis, helmChart: LinkerdHelmChartName): HelmValues {
  const values: HelmValues = {};
  const prometheusUrl = config.viz.prometheus.url;
  if (helmChart === 'linkerd-control-plane') {
    if (prometheusUrl) setPath(values, 'prometheusUrl', prometheusUrl);
    if (config.monitoring.podMonitors.enabled) {
      setPath(values, 'podMonitor.enabled', true);
      if (Object.keys(config.monitoring.podMonitors.labels).length > 0) {
        setPath(values, 'podMonitor.labels', config.monitoring.podMonitors.labels);
      }
    }
  }
  if (helmChart === 'linkerd-viz') {
    if (prometheusUrl) {
      setPath(values, 'prometheus.enabled', false);
      setPath(values, 'prometheusUrl', prometheusUrl);
    }
    if (config.viz.grafana.url) setPath(values, 'grafana.url', config.viz.grafana.url);
    if (config.viz.grafana.externalUrl) setPath(values, 'grafana.externalUrl', config.viz.grafana.externalUrl);
    if (config.viz.grafana.uidPrefix) setPath(values, 'grafana.uidPrefix', config.viz.grafana.uidPrefix);
    setPath(values, 'dashboard.enforcedHostRegexp', dashboardHostRegexp(config.viz.dashboard.extraHosts));
  }
  return values;
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
