/**
 * Badger's memory against the Jaeger container's memory limit. Jaeger v2 opens Badger (v4) with its
 * default options: up to NumMemtables (5) memtables of MemTableSize (64 MiB) in memory, and a block
 * cache of BlockCacheSize (256 MiB); the Jaeger process itself (receivers, query, UI) is taken as
 * 64 MiB more. A limit below that is an OOM kill waiting for a busy hour.
 */
import { parse } from 'yaml';
import { parseMemory } from '../../../lib/config/quantity';
import type { RenderedCluster } from '../../support/helm-render';
import { ClusterIndex, named } from './model';

import { BADGER_STORE_MEMORY as BADGER_MEMORY, JAEGER_PROCESS_MEMORY } from '../../../features/tracing/badger-memory';

const MiB = 1024 * 1024;

/** Each Jaeger v2 pod on Badger whose container memory limit is below what Badger and Jaeger take. */
export function badgerMemoryProblems(cluster: RenderedCluster): string[] {
  const index = new ClusterIndex(cluster);
  const problems: string[] = [];
  for (const pod of index.pods) {
    for (const volume of pod.volumes) {
      const configMap = volume.configMap?.name && index.find('ConfigMap', volume.configMap.name, pod.namespace);
      for (const text of Object.values((configMap ? configMap.object.data : undefined) ?? {}) as string[]) {
        const config = parse(text, { maxAliasCount: 50 });
        const backends = Object.values(config?.extensions?.jaeger_storage?.backends ?? {}) as any[];
        if (!backends.some((backend) => backend?.badger)) continue;
        const container =
          pod.containers.find((candidate) => (candidate.spec.args ?? []).includes('--config')) ?? pod.containers[0];
        const limit = container.spec.resources?.limits?.memory;
        const bytes = limit ? parseMemory(String(limit)) : undefined;
        const need = BADGER_MEMORY + JAEGER_PROCESS_MEMORY;
        if (bytes === undefined || bytes < need) {
          problems.push(
            `${named(pod.owner)} keeps traces in Badger (ConfigMap ${pod.namespace}/${volume.configMap.name}) with a memory limit of ${limit ?? 'none'}: Badger's memtables and block cache take ${BADGER_MEMORY / MiB} MiB and Jaeger about ${JAEGER_PROCESS_MEMORY / MiB} MiB more, so the limit needs at least ${need / MiB}Mi`,
          );
        }
      }
    }
  }
  return problems;
}
