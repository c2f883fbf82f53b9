/**
 * Tracing: linkerd-jaeger, the Jaeger project's Jaeger v2, or the person's OTLP backend.
 * Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';
import { dnsLabel, dnsSubdomain, duration, hostPort, volumeSize } from '../../lib/config/fields';
import { parseDuration } from '../../lib/config/duration';
import { searchStoreSchema } from './search-store-schema';

/** The stores of the bundled Jaeger v2. */
export const STORAGES = ['memory', 'badger', 'elasticsearch', 'opensearch'] as const;
export type TracingStorage = (typeof STORAGES)[number];

/** Seconds in a day: Jaeger writes one index per day, so retention on a search cluster is in whole days. */
const DAY_SECONDS = 24 * 3600;

/** Tracing: where spans go and what keeps them (docs/tracing.md "Tracing"). */
export const tracingSchema = z
  .strictObject({
    /** Install tracing: linkerd-jaeger where the line has it, else the Jaeger project's Jaeger v2 (or nothing with `otlp`). */
    enabled: z.boolean().default(true),
    /** `jaeger`: the bundled Jaeger. `otlp`: export to your own backend (Tempo, an OpenTelemetry Collector). */
    backend: z.enum(['jaeger', 'otlp']).default('jaeger'),
    /** The OTLP gRPC endpoint (`host:port`) traces go to with `backend: otlp`. */
    otlpEndpoint: hostPort.optional(),
    /** linkerd-jaeger's collector sends OTLP without TLS (in-cluster backends usually listen in plain gRPC). */
    otlpInsecure: z.boolean().optional(),
    /**
     * The meshed identity of your collector with `backend: otlp` on a line where proxies export traces
     * themselves: the proxies send to it over mTLS, and the Helm chart refuses an empty one.
     */
    collectorIdentity: z.strictObject({ serviceAccount: dnsSubdomain, namespace: dnsLabel }).optional(),
    /** A Jaeger UI that shows these traces with `backend: otlp` (for viz's links); the bundled one is found by itself. */
    jaegerUrl: hostPort.optional(),
    /**
     * Where the bundled Jaeger keeps traces: `memory` (bounded, lost on restart), `badger` (a volume), or
     * `elasticsearch` / `opensearch` (a search cluster: yours, or with `elasticsearch.provision` one ECK runs).
     */
    storage: z
      .string()
      .default('memory')
      .superRefine((value, ctx) => {
        if ((STORAGES as readonly string[]).includes(value)) return;
        const hint =
          value === 'cassandra'
            ? 'is not offered: Jaeger v2 on Cassandra needs a Cassandra cluster and its schema job, which this project does not run. ' +
              'For traces that survive a restart use tracing.storage: badger (a volume) or elasticsearch/opensearch (docs/tracing.md "Tracing")'
            : `is not a storage; allowed: ${STORAGES.map((storage) => `"${storage}"`).join(', ')}`;
        ctx.addIssue({ code: 'custom', input: value, message: hint });
      }),
    /**
     * How long traces are kept, a duration such as `168h`: Badger's span TTL, or on Elasticsearch/OpenSearch
     * the age past which Jaeger's index cleaner deletes a day's indices (whole days).
     * @default - tracing.badger.retention on Badger (168h), 168h on Elasticsearch/OpenSearch
     */
    retention: duration.optional(),
    /** Jaeger v2 on Elasticsearch, with `storage: elasticsearch`: an existing cluster, or one ECK provisions. */
    elasticsearch: searchStoreSchema.optional(),
    /** Jaeger v2 on OpenSearch, with `storage: opensearch`: an existing cluster. */
    opensearch: searchStoreSchema.optional(),
    /** Jaeger v2's Badger store on a PersistentVolumeClaim, with `storage: badger`. */
    badger: z
      .strictObject({
        /** The claim's size. */
        size: volumeSize.default('10Gi'),
        /** The StorageClass of the claim; the cluster's default class when unset. */
        storageClassName: dnsSubdomain.optional(),
        /** How long spans are kept. */
        retention: duration.default('168h'),
      })
      .optional(),
  })
  .prefault({})
  .superRefine((tracing, ctx) => {
    if (tracing.backend === 'otlp' && !tracing.otlpEndpoint) {
      ctx.addIssue({
        code: 'custom',
        path: ['otlpEndpoint'],
        input: undefined,
        message: 'is required with tracing.backend: otlp (e.g. "tempo.monitoring:4317")',
      });
    }
    if (tracing.backend === 'jaeger' && tracing.otlpEndpoint) {
      ctx.addIssue({
        code: 'custom',
        path: ['otlpEndpoint'],
        input: tracing.otlpEndpoint,
        message: 'is only used with tracing.backend: otlp; set that too, or remove it',
      });
    }
    if (tracing.backend === 'jaeger' && tracing.jaegerUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['jaegerUrl'],
        input: tracing.jaegerUrl,
        message: 'is only for an external Jaeger UI with tracing.backend: otlp; the bundled Jaeger is linked by itself',
      });
    }
    if (tracing.backend === 'jaeger' && tracing.collectorIdentity) {
      ctx.addIssue({
        code: 'custom',
        path: ['collectorIdentity'],
        input: tracing.collectorIdentity,
        message: 'is only used with tracing.backend: otlp; the bundled Jaeger is found by itself',
      });
    }
    if (tracing.storage !== 'memory' && tracing.backend === 'otlp') {
      ctx.addIssue({
        code: 'custom',
        path: ['storage'],
        input: tracing.storage,
        message:
          "is the bundled Jaeger's storage; with tracing.backend: otlp nothing is installed to store traces (your backend keeps them)",
      });
    }
    for (const store of ['elasticsearch', 'opensearch'] as const) {
      if (tracing[store] && tracing.storage !== store) {
        ctx.addIssue({
          code: 'custom',
          path: [store],
          input: tracing[store],
          message: `only applies with tracing.storage: ${store}; set that too, or remove it`,
        });
      }
      if (tracing.storage === store && !tracing[store]) {
        ctx.addIssue({
          code: 'custom',
          path: [store],
          input: undefined,
          message: `is required with tracing.storage: ${store}: the URLs of your cluster ({urls: ["https://${store}.search.svc:9200"], credentials: {secretName: jaeger-${store}}})${store === 'elasticsearch' ? ', or {provision: true} for one ECK runs' : ''}`,
        });
      }
    }
    if (tracing.opensearch?.provision) {
      ctx.addIssue({
        code: 'custom',
        path: ['opensearch', 'provision'],
        input: undefined,
        message:
          'is not offered: the OpenSearch operator (2.8.0) runs a new cluster with the demo credentials admin/admin unless you write its security configuration (a bcrypt hash) yourself. ' +
          'Run OpenSearch yourself and give its urls and credentials, or use tracing.storage: elasticsearch with elasticsearch.provision: true (ECK generates a password)',
      });
    }
    if (tracing.retention !== undefined && tracing.badger?.retention !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['badger', 'retention'],
        input: tracing.badger.retention,
        message: 'and tracing.retention say the same thing; keep one (tracing.retention)',
      });
    }
    if (
      tracing.retention !== undefined &&
      (tracing.storage === 'elasticsearch' || tracing.storage === 'opensearch') &&
      (parseDuration(tracing.retention) ?? 0) % DAY_SECONDS !== 0
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['retention'],
        input: tracing.retention,
        message: `is not a whole number of days: on ${tracing.storage} Jaeger writes one index a day and its index cleaner deletes whole days (e.g. "168h" for 7 days)`,
      });
    }
    if (tracing.badger && tracing.storage !== 'badger') {
      ctx.addIssue({
        code: 'custom',
        path: ['badger'],
        input: tracing.badger,
        message: 'only applies with tracing.storage: badger; set that too, or remove it',
      });
    }
  })
  .transform((tracing) => ({
    ...tracing,
    storage: tracing.storage as TracingStorage,
    badger: { size: '10Gi', ...tracing.badger, retention: tracing.badger?.retention ?? tracing.retention ?? '168h' },
  }));
