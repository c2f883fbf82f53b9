/** Placement's checks: a priority class that some installed Helm chart cannot take. */
import type { ConfigBasis } from '../core/basis';
import type { FeatureChecks, FieldWarning } from '../feature';
import { installs } from '../helm-values/rules';
import { PLACED_HELM_CHARTS, PRIORITY_CLASS_KEYS } from './values';

function warnings(basis: ConfigBasis): FieldWarning[] {
  if (basis.config.placement.priorityClassName === undefined) return [];
  const without = PLACED_HELM_CHARTS.filter(
    (helmChart) => installs(basis, helmChart) && !PRIORITY_CLASS_KEYS[helmChart],
  );
  if (without.length === 0) return [];
  return [
    {
      field: 'placement.priorityClassName',
      message: `is not applied to ${without.join(', ')}: their Helm charts have no priority class value, so their pods run at the cluster's default priority`,
    },
  ];
}

export const placementChecks: FeatureChecks = { warnings };
