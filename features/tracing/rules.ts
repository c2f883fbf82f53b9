/**
 * Tracing's checks of a whole config: what the release line offers for tracing (linkerd-jaeger, or proxies
 * that export traces themselves), the memory Badger needs, and the tracing settings that have no effect.
 */
import { parseMemory } from '../../lib/config/quantity';
import { COMPONENTS } from '../../lib/linkerd/components';
import type { ConfigBasis } from '../core/basis';
import { type FeatureChecks, type FieldProblem, type FieldWarning, linesThat, setKeys } from '../feature';
import { BADGER_DEFAULT_MEMORY_LIMIT, BADGER_MINIMUM_MEMORY_LIMIT, BADGER_STORE_MEMORY } from './badger-memory';
import { hasLinkerdJaeger } from './plan';

/** Whether a line's proxies export traces themselves, so this project installs Jaeger v2 when asked. */
const exportsFromProxies = (line: ConfigBasis['line']) => !hasLinkerdJaeger(line) && line.proxyTracing;

/** What the config asks of its release line for tracing that the line does not have. */
function lineProblems({ config, line }: ConfigBasis): FieldProblem[] {
  const { tracing } = config;
  const problems: FieldProblem[] = [];
  if (!tracing.enabled) return problems;
  if (!hasLinkerdJaeger(line) && !line.proxyTracing) {
    problems.push({
      path: ['tracing', 'enabled'],
      input: true,
      message: `needs linkerd-jaeger or proxies that export traces themselves, and ${line.name} has neither; set tracing.enabled: false or choose a line that has one`,
    });
    return problems;
  }
  if (hasLinkerdJaeger(line)) {
    // linkerd-jaeger: its collector receives from the proxies and forwards; its Jaeger keeps traces in memory.
    if (tracing.storage !== 'memory') {
      problems.push({
        path: ['tracing', 'storage'],
        input: tracing.storage,
        message: `needs Jaeger v2, which this project installs on lines without linkerd-jaeger (e.g. ${linesThat(exportsFromProxies)}); ${line.name} installs linkerd-jaeger, whose Jaeger keeps traces in memory only`,
      });
    }
    if (tracing.collectorIdentity) {
      problems.push({
        path: ['tracing', 'collectorIdentity'],
        input: tracing.collectorIdentity,
        message: `is for lines whose proxies export traces themselves (e.g. ${linesThat(exportsFromProxies)}); on ${line.name} linkerd-jaeger's collector forwards to tracing.otlpEndpoint`,
      });
    }
    return problems;
  }
  // Proxies export OTLP themselves, over mTLS, to a meshed collector.
  if (tracing.otlpInsecure !== undefined) {
    problems.push({
      path: ['tracing', 'otlpInsecure'],
      input: tracing.otlpInsecure,
      message: `is for linkerd-jaeger's collector (${linesThat(hasLinkerdJaeger)}); on ${line.name} proxies export straight to your collector over mTLS`,
    });
  }
  if (tracing.backend === 'otlp' && !tracing.collectorIdentity) {
    problems.push({
      path: ['tracing', 'collectorIdentity'],
      input: undefined,
      message:
        `is required with tracing.backend: otlp on ${line.name}: proxies export to your collector over mTLS, so it must be meshed; ` +
        'give its service account and namespace, e.g. {serviceAccount: otel-collector, namespace: monitoring}',
    });
  }
  return problems;
}

/**
 * Jaeger on Badger needs BADGER_MINIMUM_MEMORY_LIMIT (./badger-memory.ts says why); a limit the config sets
 * below it would be OOM-killed. (A limit from the profile is raised by ./jaeger-values.ts instead.)
 */
function badgerMemoryProblems({ config }: ConfigBasis): FieldProblem[] {
  const limit = config.resources.jaeger?.jaeger?.memory?.limit;
  if (config.tracing?.storage !== 'badger' || limit === undefined) return [];
  const bytes = parseMemory(limit);
  // A value that is no quantity has its own message already.
  if (bytes === undefined || bytes >= BADGER_MINIMUM_MEMORY_LIMIT) return [];
  return [
    {
      path: ['resources', 'jaeger', 'jaeger', 'memory', 'limit'],
      input: limit,
      message: `is below ${BADGER_MINIMUM_MEMORY_LIMIT / (1024 * 1024)}Mi, what Jaeger needs with tracing.storage: badger (Badger's memtables and block cache take ${BADGER_STORE_MEMORY / (1024 * 1024)} MiB at its defaults, which Jaeger v2 cannot change): give at least that, leave the limit out (it is then ${BADGER_DEFAULT_MEMORY_LIMIT}), or use tracing.storage: memory`,
    },
  ];
}

/** Tracing settings without effect. */
function warnings({ config, line }: ConfigBasis): FieldWarning[] {
  const found: FieldWarning[] = [];
  const warn = (field: string, message: string) => found.push({ field, message });
  const { tracing, resources } = config;
  if (!tracing.enabled) {
    const because = 'has no effect with tracing.enabled: false (nothing traces)';
    if (tracing.backend !== 'jaeger') warn('tracing.backend', because);
    if (tracing.otlpEndpoint) warn('tracing.otlpEndpoint', because);
    if (tracing.otlpInsecure !== undefined) warn('tracing.otlpInsecure', because);
    if (tracing.collectorIdentity) warn('tracing.collectorIdentity', because);
    if (tracing.jaegerUrl) warn('tracing.jaegerUrl', because);
    if (tracing.storage !== 'memory')
      warn(
        'tracing.storage',
        `${because}; an existing Badger claim or provisioned Elasticsearch is kept (docs/tracing.md "Tracing")`,
      );
    if (tracing.retention !== undefined) warn('tracing.retention', because);
    for (const key of setKeys(resources.jaeger)) warn(`resources.jaeger.${key}`, because);
    return found;
  }
  // The tracing components of this line: linkerd-jaeger's where it has the Helm chart (its Jaeger only with the
  // bundled backend: with otlp the Helm chart runs jaeger.enabled: false), else Jaeger v2's (backend jaeger).
  const tracingHelmChart = hasLinkerdJaeger(line)
    ? 'linkerd-jaeger'
    : tracing.backend === 'jaeger'
      ? 'jaeger'
      : undefined;
  const runs = COMPONENTS.filter(
    (component) =>
      component.group === 'jaeger' &&
      component.helmChart === tracingHelmChart &&
      !(tracingHelmChart === 'linkerd-jaeger' && tracing.backend === 'otlp' && component.key === 'jaeger'),
  ).map((component) => component.key);
  for (const key of setKeys(resources.jaeger)) {
    if (runs.includes(key)) continue;
    warn(
      `resources.jaeger.${key}`,
      `has no effect on ${line.name}${tracingHelmChart ? ` with tracing.backend: ${tracing.backend} (its tracing runs ${tracingHelmChart}: ${runs.join(', ')})` : ' with tracing.backend: otlp (nothing of tracing is installed)'}`,
    );
  }
  if (tracing.retention !== undefined && tracing.storage === 'memory') {
    warn(
      'tracing.retention',
      'has no effect with tracing.storage: memory (the oldest traces go when the store is full; a restart forgets them all)',
    );
  }
  // Proxies export only to a meshed collector (mTLS to its identity): its namespace must be meshed.
  const collector = tracing.collectorIdentity;
  if (
    exportsFromProxies(line) &&
    tracing.backend === 'otlp' &&
    collector &&
    !config.meshedNamespaces.some((namespace) => namespace.name === collector.namespace)
  ) {
    warn(
      'tracing.collectorIdentity',
      `names namespace "${collector.namespace}", which this config does not mesh: proxies export spans only to a meshed collector (over mTLS, to its identity), so none would arrive; ` +
        `add ${collector.namespace} to meshedNamespaces, or {name: ${collector.namespace}, declared: elsewhere} if your own manifests mesh it`,
    );
  }
  if (tracing.backend === 'jaeger' && tracing.otlpInsecure !== undefined) {
    warn(
      'tracing.otlpInsecure',
      "has no effect with tracing.backend: jaeger (it is how linkerd-jaeger's collector sends to your own backend)",
    );
  }
  return found;
}

export const tracingChecks: FeatureChecks = {
  problems: (basis) => [...lineProblems(basis), ...badgerMemoryProblems(basis)],
  warnings,
};
