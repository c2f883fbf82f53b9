/**
 * The core install's Helm values: every component's resources (the profile and the config's overrides), the
 * proxy's resources, default inbound policy and native sidecar, the namespace metadata Jobs left out, and the
 * Helm charts' own high-availability values.
 */
import { LINKERD_HA_VALUES } from '../../imports/linkerd-values';
import { mergeValues } from '../../lib/common/merge-values';
import type { LinkerdHelmChartName } from '../../lib/linkerd/catalog';
import { COMPONENTS } from '../../lib/linkerd/components';
import { componentResources, mergeResources, RESOURCE_PROFILES } from '../../lib/linkerd/resources';
import { type HelmValues, type LinkerdValuePath, setPath } from '../../lib/linkerd/value-paths';
import type { ConfigBasis } from './basis';
import { highAvailability } from './high-availability';

/** The core values of Linkerd Helm chart `helmChart`. */
export function coreValues({ config, line }: ConfigBasis, helmChart: LinkerdHelmChartName): HelmValues {
  const values: HelmValues = {};
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
  if (helmChart === 'linkerd-control-plane') {
    setPath(values, 'proxy.resources', mergeResources(profile.proxy, config.resources.proxy));
    setPath(values, 'proxy.defaultInboundPolicy', config.proxy.defaultInboundPolicy);
    // Native sidecar (Kubernetes sidecar containers, 1.29+): the proxy starts before the app and a Job completes.
    if (line.nativeSidecar) setPath(values, 'proxy.nativeSidecar', config.proxy.nativeSidecar ?? true);
  }
  // We declare the namespace metadata ourselves (features/core/namespaces.ts); the Helm chart's post-install
  // Job would only repeat it, and runs on install alone.
  if ((helmChart === 'linkerd-viz' || helmChart === 'linkerd-jaeger') && line.namespaceMetadataJobOptional) {
    setPath(values, 'createNamespaceMetadataJob', false);
  }
  return values;
}

/**
 * `values` over the Helm chart's own values-ha.yaml (replicas, anti-affinity, disruption budgets, webhook
 * failure policy and the `highAvailability` flag `linkerd check` reads), with `highAvailability` on, and the
 * config's HA settings (features/core/high-availability.ts) put into values-ha.yaml's own keys: its replica
 * counts (`controllerReplicas`, viz's `tap.replicas`), `enablePodAntiAffinity` (required spreading) and
 * `webhookFailurePolicy`. Its resources are left out: our profile and overrides decide resources, and
 * values-ha.yaml keys that only hold resources we do not set (YAML anchors such as `controllerResources`) would
 * add nothing else.
 */
export function withHighAvailability(
  { config, line }: ConfigBasis,
  helmChart: LinkerdHelmChartName,
  values: HelmValues,
): HelmValues {
  const settings = highAvailability(config);
  const ha = settings ? LINKERD_HA_VALUES[line.name]?.[helmChart] : undefined;
  if (!settings || !ha) return values;
  const chosen = (key: string, value: unknown): unknown => {
    if (key === 'controllerReplicas') return settings.replicas;
    if (key === 'enablePodAntiAffinity') return settings.spreading === 'required';
    if (key === 'webhookFailurePolicy') return settings.webhookFailurePolicy;
    // A component's own replicas (viz's `tap.replicas`).
    if (typeof value === 'object' && value !== null && 'replicas' in value)
      return { ...(value as object), replicas: settings.replicas };
    return value;
  };
  const kept = Object.entries(ha)
    .filter(([key]) => !/[rR]esources$/.test(key) || key in values)
    .map(([key, value]) => [key, chosen(key, value)]);
  return mergeValues(Object.fromEntries(kept), values);
}
