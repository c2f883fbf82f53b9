/** The values a person gives a Helm chart (`helmValues.<Helm chart>`): merged last, over what this project computes (lib/plan/helm-values.ts). */
import type { ValuesHelmChartName } from '../../lib/linkerd/helm-charts';
import type { HelmValues } from '../../lib/linkerd/value-paths';
import type { ConfigBasis } from '../core/basis';

export function helmValuesOverrides({ config }: ConfigBasis, helmChart: ValuesHelmChartName): HelmValues {
  return (config.helmValues[helmChart] ?? {}) as HelmValues;
}
