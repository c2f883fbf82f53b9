/**
 * The Helm values of each Linkerd chart for a cluster plan. Every path set here is checked
 * against the chart's own values.yaml/values-ha.yaml of the plan's release line (test/values-paths).
 */
import { LinkerdChartName } from './catalog';
import { COMPONENTS } from './components';
import { ClusterPlan } from './plan';
import { componentResources, mergeResources, RESOURCE_PROFILES } from './resources';

/** Helm values: a tree of plain data. */
export type HelmValues = Record<string, unknown>;

/** Builds the values of `chart` for `plan`. */
export function chartValues(plan: ClusterPlan, chart: LinkerdChartName): HelmValues {
  const values: HelmValues = {};
  const { config, line } = plan;
  const profile = RESOURCE_PROFILES[config.resources.profile];
  for (const component of COMPONENTS.filter((candidate) => candidate.chart === chart)) {
    const override = config.resources[component.group][component.key as keyof (typeof config.resources)[typeof component.group]];
    setPath(values, component.valuesPath, componentResources(profile, component.group, component.key, override));
  }
  switch (chart) {
    case 'linkerd-crds':
      if (line.gatewayApiOptIn) setPath(values, 'installGatewayAPI', config.gatewayApi.install);
      break;
    case 'linkerd-control-plane':
      // cert-manager writes the issuer Secret and trust-manager the trust-roots ConfigMap
      // (identity layer), so the chart renders neither and needs no PEM values.
      setPath(values, 'identity.externalCA', true);
      setPath(values, 'identity.issuer.scheme', 'kubernetes.io/tls');
      setPath(values, 'proxy.resources', mergeResources(profile.proxy, config.resources.proxy));
      setPath(values, 'proxy.defaultInboundPolicy', config.proxy.defaultInboundPolicy);
      break;
    case 'linkerd-viz':
    case 'linkerd-jaeger':
      // We declare the namespace metadata ourselves; the chart's post-install Job would only
      // repeat it, and runs on install alone.
      if (line.namespaceMetadataJobOptional) setPath(values, 'createNamespaceMetadataJob', false);
      break;
  }
  return values;
}

/** Sets `value` at a dotted path, creating the mappings on the way. */
export function setPath(target: HelmValues, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node = (node[key] ??= {}) as HelmValues;
  }
  node[keys[keys.length - 1]] = value;
}
