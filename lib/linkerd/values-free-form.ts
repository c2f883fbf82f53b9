/**
 * Which Helm chart values are free-form data rather than Helm chart keys: the Helm chart passes them through
 * (into another program's config, a label selector, command-line flags), so any key below them is
 * valid and none is a misspelling. The values generator (scripts/gen-values.ts) types them as open
 * records, and the real check in test/values-paths stops descending at them.
 */
import type { ValuesHelmChartName } from './helm-charts';

/**
 * Values that are another program's configuration, by Helm chart and dotted path. Their defaults are
 * maps with keys, so only this list tells them apart from Helm chart structure.
 */
export const FREE_FORM_VALUE_PATHS: Readonly<Record<ValuesHelmChartName, readonly string[]>> = {
  'linkerd2-cni': [],
  'linkerd-crds': [],
  'linkerd-control-plane': [],
  // Prometheus' own `global:` section.
  'linkerd-viz': ['prometheus.globalConfig'],
  // The OpenTelemetry collector's config (a map on edge, a YAML string on 2.14).
  'linkerd-jaeger': ['collector.config'],
  // The Jaeger project's Helm chart: Jaeger v2's whole configuration, and the Helm chart's UI config.
  jaeger: ['userconfig', 'uiconfig'],
  // cert-manager's and trust-manager's own: their `{}` defaults (config, podLabels, ...) are open already.
  'cert-manager': [],
  'trust-manager': [],
};

/**
 * Values a Helm chart's templates read that its values.yaml mentions only in a comment, by Helm chart and dotted
 * path (each checked in the Helm chart's template): typed as open maps (`path[]`: lists), accepted by the path checks.
 * The Jaeger Helm chart renders `jaeger.resources` with `toYaml` (templates/jaeger/jaeger-deploy.yaml); the
 * control plane's every Deployment and its heartbeat read `tolerations` (values.yaml has it only in a comment).
 */
export const COMMENTED_VALUE_PATHS: Readonly<Partial<Record<ValuesHelmChartName, readonly string[]>>> = {
  jaeger: ['jaeger.resources'],
  'linkerd-control-plane': ['tolerations[]'],
};

/**
 * Whether the value at `path` (dotted) of `helmChart`, whose default is `defaultValue`, is free-form:
 * listed in {@link FREE_FORM_VALUE_PATHS}, or a map keyed by names with dots or slashes (label
 * selectors such as `nodeSelector: {kubernetes.io/os: linux}`, flags such as Prometheus' `args`).
 */
export function isFreeFormValue(helmChart: ValuesHelmChartName, path: string, defaultValue: unknown): boolean {
  if (FREE_FORM_VALUE_PATHS[helmChart].includes(path)) return true;
  return isMapping(defaultValue) && Object.keys(defaultValue).some((key) => /[./]/.test(key));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
