/**
 * Tracing: linkerd-jaeger, the Jaeger project's Jaeger v2, or the person's OTLP backend.
 * Assembled into the whole config by features/cluster-config.ts.
 */
import { z } from 'zod';
import { dnsLabel, dnsSubdomain, duration, hostPort, volumeSize } from '../../lib/config/fields';

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
    /** Where the bundled Jaeger keeps traces: `memory` (bounded, lost on restart) or `badger` (a volume). */
    storage: z
      .string()
      .default('memory')
      .superRefine((value, ctx) => {
        if (value === 'memory' || value === 'badger') return;
        const hint =
          value === 'elasticsearch' || value === 'opensearch' || value === 'cassandra'
            ? 'is not offered: it needs a database cluster of its own. For traces that survive a restart use tracing.storage: badger ' +
              '(a volume), or run your own backend and set tracing.backend: otlp and tracing.otlpEndpoint (docs/tracing.md "Tracing")'
            : 'is not a storage; allowed: "memory", "badger"';
        ctx.addIssue({ code: 'custom', input: value, message: hint });
      }),
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
    if (tracing.storage === 'badger' && tracing.backend === 'otlp') {
      ctx.addIssue({
        code: 'custom',
        path: ['storage'],
        input: tracing.storage,
        message:
          "is the bundled Jaeger's storage; with tracing.backend: otlp nothing is installed to store traces (your backend keeps them)",
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
  .transform((tracing) => ({ ...tracing, badger: { size: '10Gi', retention: '168h', ...tracing.badger } }));
