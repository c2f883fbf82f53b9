/**
 * Issue 32, item 5: configs that synthesize cleanly and would show nothing are warned by name, with the fix:
 * dashboards or an external Prometheus without a PodMonitor scraping Linkerd, PodMonitors and PrometheusRules
 * without the label a kube-prometheus-stack Prometheus selects by, dashboards in a namespace the Grafana
 * sidecar does not search, a trace collector in a namespace nothing meshes, and a runbook link without alerts.
 * Each warning goes away with the fix it names.
 */
import { configWarnings } from '../features/cluster-config';
import { loadClusterConfig } from '../lib/plan/config-load';
import { planClustersWithWarnings } from '../lib/plan/plan-clusters';

const FILE = 'clusters/home.yaml';
/** The warnings of `text`, those of `field` only. */
const warningsOf = (text: string, field: string): string[] =>
  configWarnings(loadClusterConfig(text, FILE), FILE).filter((warning) =>
    warning.startsWith(`warning: ${FILE}: ${field}: `),
  );

const LABELLED = 'podMonitors: {enabled: true, labels: {release: kps}}';

describe('(a) dashboards or an external Prometheus while no PodMonitor scrapes Linkerd', () => {
  test.each([
    ['sidecar', 'monitoring: {dashboards: {sidecar: {enabled: true, namespace: monitoring}}}'],
    [
      'grafanaOperator',
      'monitoring: {dashboards: {grafanaOperator: {enabled: true, instanceSelector: {dashboards: grafana}}}}',
    ],
  ])('monitoring.dashboards.%s', (way, text) => {
    expect(warningsOf(text, `monitoring.dashboards.${way}.enabled`)).toEqual([
      `warning: ${FILE}: monitoring.dashboards.${way}.enabled: the dashboards read Linkerd's series from your Prometheus, and with monitoring.podMonitors.enabled: false no PodMonitor has it scrape Linkerd, so they stay empty; set monitoring.podMonitors.enabled: true (with the labels your Prometheus selects PodMonitors by), or scrape the proxies with a scrape config of your own`,
    ]);
    const fixed = text.replace('monitoring: {', `monitoring: {${LABELLED}, `);
    expect(warningsOf(fixed, `monitoring.dashboards.${way}.enabled`)).toEqual([]);
  });

  test('viz.prometheus.url', () => {
    const text = 'viz: {prometheus: {url: "http://prometheus.monitoring:9090"}}';
    expect(warningsOf(text, 'viz.prometheus.url')).toEqual([
      `warning: ${FILE}: viz.prometheus.url: viz then reads Linkerd's metrics from that Prometheus and runs none of its own, and with monitoring.podMonitors.enabled: false no PodMonitor has it scrape Linkerd, so viz shows no traffic; set monitoring.podMonitors.enabled: true (with the labels that Prometheus selects PodMonitors by), or scrape the proxies with a scrape config of your own`,
    ]);
    expect(warningsOf(`${text}\nmonitoring: {${LABELLED}}`, 'viz.prometheus.url')).toEqual([]);
  });
});

describe("(b) PodMonitors and PrometheusRules without the label kube-prometheus-stack's Prometheus selects by", () => {
  test('monitoring.podMonitors.labels empty', () => {
    expect(warningsOf('monitoring: {podMonitors: {enabled: true}}', 'monitoring.podMonitors.labels')).toEqual([
      `warning: ${FILE}: monitoring.podMonitors.labels: is empty: a kube-prometheus-stack Prometheus selects only PodMonitors labelled release: <its Helm release name> (its podMonitorSelector), unless prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues is false; give the labels your Prometheus's podMonitorSelector matches (e.g. {release: kube-prometheus-stack}), or any label if it selects every one`,
    ]);
    expect(warningsOf(`monitoring: {${LABELLED}}`, 'monitoring.podMonitors.labels')).toEqual([]);
  });

  test('monitoring.alerts.labels empty', () => {
    const text = `monitoring: {${LABELLED}, alerts: {enabled: true, runbookUrl: "https://example.com/alerts.md"}}`;
    expect(warningsOf(text, 'monitoring.alerts.labels')).toEqual([
      `warning: ${FILE}: monitoring.alerts.labels: is empty: a kube-prometheus-stack Prometheus selects only PrometheusRules labelled release: <its Helm release name> (its ruleSelector), unless prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues is false; give the labels your Prometheus's ruleSelector matches (e.g. {release: kube-prometheus-stack}), or any label if it selects every one`,
    ]);
    expect(
      warningsOf(text.replace('alerts: {', 'alerts: {labels: {release: kps}, '), 'monitoring.alerts.labels'),
    ).toEqual([]);
  });
});

describe("(c) the sidecar's ConfigMaps in the default namespace linkerd", () => {
  const text = (namespace: string) => `monitoring: {${LABELLED}, dashboards: {sidecar: {enabled: true${namespace}}}}`;

  test('left at its default: warned, naming both fixes', () => {
    expect(warningsOf(text(''), 'monitoring.dashboards.sidecar.namespace')).toEqual([
      `warning: ${FILE}: monitoring.dashboards.sidecar.namespace: is left at linkerd, where the Grafana Helm chart's dashboard sidecar does not look by default (it searches Grafana's own namespace unless sidecar.dashboards.searchNamespace is ALL or names linkerd; kube-prometheus-stack sets ALL from its 45.12.0 on); set it to your Grafana's namespace (e.g. monitoring), or, if your sidecar searches linkerd (searchNamespace: ALL), write namespace: linkerd to say so`,
    ]);
  });

  test('written, as linkerd or another namespace: no warning, and the ConfigMaps go there', () => {
    expect(warningsOf(text(', namespace: linkerd'), 'monitoring.dashboards.sidecar.namespace')).toEqual([]);
    expect(warningsOf(text(', namespace: monitoring'), 'monitoring.dashboards.sidecar.namespace')).toEqual([]);
    const { plans } = planClustersWithWarnings([{ path: FILE, text: text('') }]);
    expect(plans[0].dashboards?.sidecar?.namespace).toBe('linkerd');
  });
});

describe('(d) a trace collector in a namespace this config does not mesh', () => {
  const tracing =
    'tracing: {backend: otlp, otlpEndpoint: "otel.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}';

  test('warned, naming meshedNamespaces and declared: elsewhere', () => {
    expect(warningsOf(`releaseLine: edge-26.8.3\n${tracing}`, 'tracing.collectorIdentity')).toEqual([
      `warning: ${FILE}: tracing.collectorIdentity: names namespace "monitoring", which this config does not mesh: proxies export spans only to a meshed collector (over mTLS, to its identity), so none would arrive; add monitoring to meshedNamespaces, or {name: monitoring, declared: elsewhere} if your own manifests mesh it`,
    ]);
  });

  test.each(['[monitoring]', '[{name: monitoring, declared: elsewhere}]'])('meshed (%s): no warning', (meshed) => {
    expect(warningsOf(`meshedNamespaces: ${meshed}\n${tracing}`, 'tracing.collectorIdentity')).toEqual([]);
  });
});

test('(e) a runbookUrl while alerts are off', () => {
  expect(
    warningsOf('monitoring: {alerts: {runbookUrl: "https://example.com/alerts.md"}}', 'monitoring.alerts.runbookUrl'),
  ).toEqual([
    `warning: ${FILE}: monitoring.alerts.runbookUrl: has no effect with monitoring.alerts.enabled: false (no PrometheusRule is created)`,
  ]);
});

test('a config with every fix says nothing of these', () => {
  const text = [
    'meshedNamespaces: [monitoring]',
    'viz: {prometheus: {url: "http://prometheus.monitoring:9090"}}',
    'tracing: {backend: otlp, otlpEndpoint: "otel.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
    'monitoring:',
    '  podMonitors: {enabled: true, labels: {release: kps}}',
    '  alerts: {enabled: true, labels: {release: kps}, runbookUrl: "https://example.com/alerts.md"}',
    '  dashboards: {sidecar: {enabled: true, namespace: monitoring}}',
  ].join('\n');
  expect(configWarnings(loadClusterConfig(text, FILE), FILE)).toEqual([]);
});
