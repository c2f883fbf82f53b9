/**
 * The Helm values of each Helm chart for a cluster plan: every feature's part (features/<feature>/values.ts)
 * merged, one line per feature, then the Helm chart's own HA values with `highAvailability`. Paths are typed
 * from the Helm charts' own values (setPath), checked again per release line when the plan is made (plan.ts:
 * checkedValues), and tested against ../shared's values.yaml/values-ha.yaml (test/values-paths).
 */
import { cniValues } from '../../features/cni/values';
import type { ConfigBasis } from '../../features/core/basis';
import { coreValues, withHighAvailability } from '../../features/core/values';
import { gatewayApiValues } from '../../features/gateway-api/values';
import { identityValues } from '../../features/identity/values';
import { helmValuesOverrides } from '../../features/helm-values/values';
import { imagesValues } from '../../features/images/values';
import { metricsValues } from '../../features/metrics/values';
import { placementValues } from '../../features/placement/values';
import type { CertManagerPlan } from '../../features/identity/plan';
import { jaegerValues } from '../../features/tracing/jaeger-values';
import { tracingValues } from '../../features/tracing/values';
import { mergeValues } from '../common/merge-values';
import type { LinkerdHelmChartName, MeshHelmChartName } from '../linkerd/catalog';
import type { ValuesHelmChartName } from '../linkerd/helm-charts';
import { checkedValues } from '../linkerd/values-keys';
import type { HelmValues } from '../linkerd/value-paths';

export type { HelmValues } from '../linkerd/value-paths';
export { setPath } from '../linkerd/value-paths';

/** Every feature's values of a Linkerd Helm chart: one line per feature. */
const FEATURE_VALUES: readonly ((basis: ConfigBasis, helmChart: LinkerdHelmChartName) => HelmValues)[] = [
  coreValues,
  identityValues,
  cniValues,
  gatewayApiValues,
  metricsValues,
  tracingValues,
];

/** The features' values of every Helm chart this project writes values for, Linkerd's or not: one line per feature. */
const EVERY_HELM_CHART_VALUES: readonly ((basis: ConfigBasis, helmChart: ValuesHelmChartName) => HelmValues)[] = [
  imagesValues,
  placementValues,
];

/** Builds the values of `helmChart` for `basis`: the features', then the person's `helmValues`, merged last. */
export function helmChartValues(basis: ConfigBasis, helmChart: MeshHelmChartName): HelmValues {
  if (helmChart === 'jaeger') return withEveryHelmChart(basis, helmChart, jaegerValues(basis) as HelmValues);
  const values = FEATURE_VALUES.reduce<HelmValues>((merged, part) => mergeValues(merged, part(basis, helmChart)), {});
  return withEveryHelmChart(basis, helmChart, withHighAvailability(basis, helmChart, values));
}

/** cert-manager's and trust-manager's values with images, placement and `helmValues`, checked against their own keys. */
export function certManagerValues(basis: ConfigBasis, plan: CertManagerPlan | undefined): CertManagerPlan | undefined {
  if (!plan) return undefined;
  const { name } = basis.line;
  return {
    certManagerValues: checkedValues(
      name,
      'cert-manager',
      withEveryHelmChart(basis, 'cert-manager', plan.certManagerValues),
    ),
    trustManagerValues: checkedValues(
      name,
      'trust-manager',
      withEveryHelmChart(basis, 'trust-manager', plan.trustManagerValues),
    ),
  };
}

function withEveryHelmChart(basis: ConfigBasis, helmChart: ValuesHelmChartName, values: HelmValues): HelmValues {
  const own = EVERY_HELM_CHART_VALUES.reduce((merged, part) => mergeValues(merged, part(basis, helmChart)), values);
  return mergeValues(own, helmValuesOverrides(basis, helmChart));
}
