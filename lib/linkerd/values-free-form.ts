/**
 * Which chart values are free-form data rather than chart keys: the chart passes them through
 * (into another program's config, a label selector, command-line flags), so any key below them is
 * valid and none is a misspelling. The values generator (scripts/gen-values.ts) types them as open
 * records, and the real check in test/values-paths stops descending at them.
 */
import { LinkerdChartName } from './charts';

/**
 * Values that are another program's configuration, by chart and dotted path. Their defaults are
 * maps with keys, so only this list tells them apart from chart structure.
 */
export const FREE_FORM_VALUE_PATHS: Readonly<Record<LinkerdChartName | 'jaeger', readonly string[]>> = {
  'linkerd2-cni': [],
  'linkerd-crds': [],
  'linkerd-control-plane': [],
  // Prometheus' own `global:` section.
  'linkerd-viz': ['prometheus.globalConfig'],
  // The OpenTelemetry collector's config (a map on edge, a YAML string on 2.14).
  'linkerd-jaeger': ['collector.config'],
  // The Jaeger project's chart: Jaeger v2's whole configuration, and the chart's UI config.
  jaeger: ['userconfig', 'uiconfig'],
};

/**
 * Values a chart's templates read that its values.yaml mentions only in a comment, by chart and dotted
 * path (each checked in the chart's template): typed as open maps, accepted by the path checks.
 * The Jaeger chart renders `jaeger.resources` with `toYaml` (templates/jaeger/jaeger-deploy.yaml).
 */
export const COMMENTED_VALUE_PATHS: Readonly<Partial<Record<LinkerdChartName | 'jaeger', readonly string[]>>> = {
  jaeger: ['jaeger.resources'],
};

/**
 * Whether the value at `path` (dotted) of `chart`, whose default is `defaultValue`, is free-form:
 * listed in {@link FREE_FORM_VALUE_PATHS}, or a map keyed by names with dots or slashes (label
 * selectors such as `nodeSelector: {kubernetes.io/os: linux}`, flags such as Prometheus' `args`).
 */
export function isFreeFormValue(chart: LinkerdChartName | 'jaeger', path: string, defaultValue: unknown): boolean {
  if (FREE_FORM_VALUE_PATHS[chart].includes(path)) return true;
  return isMapping(defaultValue) && Object.keys(defaultValue).some((key) => /[./]/.test(key));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
