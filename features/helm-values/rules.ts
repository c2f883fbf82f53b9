/**
 * The checks of `helmValues`: every key against the Helm chart's own keys for the line (with "did you mean"
 * and the full path), overrides of values this project manages refused or warned (./managed.ts), and values
 * for a Helm chart this cluster does not install warned.
 */
import type { ValuesHelmChartName } from '../../lib/linkerd/helm-charts';
import { unknownValues } from '../../lib/linkerd/values-keys';
import type { ConfigBasis } from '../core/basis';
import type { FeatureChecks, FieldProblem, FieldWarning } from '../feature';
import { leafPaths, managedValue } from './managed';

/** Whether this cluster installs `helmChart`: a mesh Helm chart of its basis, or cert-manager's two with certManager.install. */
export function installs(basis: ConfigBasis, helmChart: ValuesHelmChartName): boolean {
  if (helmChart === 'cert-manager' || helmChart === 'trust-manager') return basis.config.certManager.install;
  return basis.helmCharts.includes(helmChart);
}

/** The Helm charts `helmValues` gives values to, with them. */
function givenValues({ config }: ConfigBasis): [ValuesHelmChartName, Record<string, unknown>][] {
  return Object.entries(config.helmValues).filter(
    (entry): entry is [ValuesHelmChartName, Record<string, unknown>] => entry[1] !== undefined,
  );
}

function valueAt(values: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    values,
  );
}

function problems(basis: ConfigBasis): FieldProblem[] {
  const { line } = basis;
  return givenValues(basis).flatMap(([helmChart, values]) => {
    if (!installs(basis, helmChart)) return [];
    const unknown = unknownValues(line.name, helmChart, values);
    const unknownProblems = unknown.map(
      ({ path, segments, suggestion }): FieldProblem => ({
        path: ['helmValues', helmChart, ...segments],
        input: valueAt(values, segments),
        message: `is not a value of ${helmChart} in ${line.name}${suggestion ? ` (did you mean "helmValues.${helmChart}.${suggestion}"?)` : ''}; "${path}" would be ignored by Helm`,
      }),
    );
    const unknownPaths = new Set(unknown.map(({ path }) => path));
    const refused = leafPaths(values)
      .filter((path) => ![...unknownPaths].some((unknownPath) => path.join('.').startsWith(unknownPath)))
      .flatMap((path): FieldProblem[] => {
        const managed = managedValue(basis, helmChart, path);
        if (!managed?.refuse) return [];
        return [
          {
            path: ['helmValues', helmChart, ...path],
            input: valueAt(values, path),
            message: `is managed by this project (${managed.field}) and cannot be overridden: ${managed.does}`,
          },
        ];
      });
    return [...unknownProblems, ...refused];
  });
}

function warnings(basis: ConfigBasis): FieldWarning[] {
  return givenValues(basis).flatMap(([helmChart, values]): FieldWarning[] => {
    if (!installs(basis, helmChart)) {
      return [
        {
          field: `helmValues.${helmChart}`,
          message: `has no effect: this cluster installs no ${helmChart} (release line ${basis.line.name}, with this config)`,
        },
      ];
    }
    return leafPaths(values).flatMap((path): FieldWarning[] => {
      const managed = managedValue(basis, helmChart, path);
      if (!managed || managed.refuse) return [];
      return [
        {
          field: `helmValues.${helmChart}.${path.join('.')}`,
          message: `overrides a value this project sets from ${managed.field}: ${managed.does}`,
        },
      ];
    });
  });
}

export const helmValuesChecks: FeatureChecks = { problems, warnings };
