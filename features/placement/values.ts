/**
 * Placement (`placement`) through each Helm chart's own keys: its node selector, tolerations and priority
 * class, for every pod it renders (the control plane's heartbeat CronJob, cert-manager's startupapicheck Job
 * included). Only the keys of components the config renders are set, so each value changes what Helm renders.
 */
import type { ValuesHelmChartName } from '../../lib/linkerd/helm-charts';
import { type HelmValues, setPath } from '../../lib/linkerd/value-paths';
import type { ConfigBasis } from '../core/basis';

/** The Helm charts `placement` applies to: the control plane and the extensions (the CNI plugin runs on every node). */
export const PLACED_HELM_CHARTS: readonly ValuesHelmChartName[] = [
  'linkerd-control-plane',
  'linkerd-viz',
  'linkerd-jaeger',
  'jaeger',
  'cert-manager',
  'trust-manager',
];

/** The prefixes (`''`: the top) under which each Helm chart reads `nodeSelector` and `tolerations`, for `basis`. */
function placedComponents({ config, tracing }: ConfigBasis, helmChart: ValuesHelmChartName): string[] {
  switch (helmChart) {
    case 'linkerd-control-plane':
    case 'trust-manager':
      return [''];
    case 'linkerd-viz':
      return ['', 'metricsAPI.', ...(config.viz.prometheus.url ? [] : ['prometheus.'])];
    case 'linkerd-jaeger':
      return [
        'collector.',
        'webhook.',
        ...(tracing === 'linkerd-jaeger' && config.tracing.backend !== 'otlp' ? ['jaeger.'] : []),
      ];
    case 'jaeger':
      return ['jaeger.'];
    case 'cert-manager':
      return ['', 'webhook.', 'cainjector.', 'startupapicheck.'];
    default:
      return [];
  }
}

/** The key of the priority class, where the Helm chart has one. */
export const PRIORITY_CLASS_KEYS: Readonly<Partial<Record<ValuesHelmChartName, string>>> = {
  'linkerd-control-plane': 'priorityClassName',
  'cert-manager': 'global.priorityClassName',
  'trust-manager': 'priorityClassName',
};

export function placementValues(basis: ConfigBasis, helmChart: ValuesHelmChartName): HelmValues {
  const { nodeSelector, tolerations, priorityClassName } = basis.config.placement;
  const values: HelmValues = {};
  for (const prefix of placedComponents(basis, helmChart)) {
    if (nodeSelector !== undefined) setPath(values, `${prefix}nodeSelector` as never, { ...nodeSelector });
    if (tolerations !== undefined)
      setPath(
        values,
        `${prefix}tolerations` as never,
        tolerations.map((t) => ({ ...t })),
      );
  }
  const priorityKey = PRIORITY_CLASS_KEYS[helmChart];
  if (priorityClassName !== undefined && priorityKey) setPath(values, priorityKey as never, priorityClassName);
  return values;
}
