/**
 * What tracing installs, decided once: how traces are collected (the mode) and, with Badger, the volume
 * claim that holds them. The Helm values of the tracing Helm charts are in ./values.ts.
 */
import type { PersistentVolumeClaimProps } from '../../lib/constructs/persistent-volume-claim';
import type { ReleaseLine } from '../../lib/linkerd/catalog';
import { TRACING_NAMESPACE } from '../../lib/linkerd/names';
import type { ClusterConfig } from '../cluster-config';

/**
 * How traces are collected: `linkerd-jaeger` (the line's extension, whatever the backend), `jaeger`
 * (proxies export to the Jaeger project's Jaeger v2 we install), `otlp` (proxies export to the person's
 * collector; nothing installed), or `off`.
 */
export type TracingMode = 'linkerd-jaeger' | 'jaeger' | 'otlp' | 'off';

/** The PersistentVolumeClaim that holds Badger's files (prerequisites layer; never pruned). */
export const BADGER_CLAIM = 'jaeger-badger';

/** Whether `line` installs linkerd-jaeger (its collector receives from the proxies and forwards). */
export function hasLinkerdJaeger(line: Pick<ReleaseLine, 'helmChartVersions'>): boolean {
  return line.helmChartVersions['linkerd-jaeger'] !== undefined;
}

/** The tracing mode of `config` on `line`. */
export function tracingMode(
  config: Pick<ClusterConfig, 'tracing'>,
  line: Pick<ReleaseLine, 'helmChartVersions'>,
): TracingMode {
  if (!config.tracing.enabled) return 'off';
  if (hasLinkerdJaeger(line)) return 'linkerd-jaeger';
  return config.tracing.backend === 'jaeger' ? 'jaeger' : 'otlp';
}

/** The claim Badger keeps traces on: only with the Jaeger v2 we install and `tracing.storage: badger`. */
export function badgerClaim(
  config: Pick<ClusterConfig, 'tracing'>,
  mode: TracingMode,
): PersistentVolumeClaimProps | undefined {
  if (mode !== 'jaeger' || config.tracing.storage !== 'badger') return undefined;
  return {
    name: BADGER_CLAIM,
    namespace: TRACING_NAMESPACE,
    size: config.tracing.badger.size,
    ...(config.tracing.badger.storageClassName && { storageClassName: config.tracing.badger.storageClassName }),
  };
}
