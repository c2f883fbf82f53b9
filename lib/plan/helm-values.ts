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
import { metricsValues } from '../../features/metrics/values';
import { jaegerValues } from '../../features/tracing/jaeger-values';
import { tracingValues } from '../../features/tracing/values';
import { mergeValues } from '../common/merge-values';
import type { LinkerdHelmChartName, MeshHelmChartName } from '../linkerd/catalog';
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

/** Builds the values of `helmChart` for `basis`. */
export function helmChartValues(basis: ConfigBasis, helmChart: MeshHelmChartName): HelmValues {
  if (helmChart === 'jaeger') return jaegerValues(basis) as HelmValues;
  const values = FEATURE_VALUES.reduce<HelmValues>((merged, part) => mergeValues(merged, part(basis, helmChart)), {});
  return withHighAvailability(basis, helmChart, values);
}
