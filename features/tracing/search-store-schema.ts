/**
 * `tracing.elasticsearch` and `tracing.opensearch`: where Jaeger v2 keeps traces on a search cluster. Either
 * an existing cluster (its URLs, an index prefix, credentials as a reference to a Secret the person creates in
 * linkerd-jaeger, a CA for its TLS), or (Elasticsearch only) `provision: true`: an Elasticsearch that ECK runs
 * in linkerd-jaeger (`nodeCount`, `storage`, `storageClassName`). A password or token written here is refused
 * by lib/config/secrets.ts, without repeating it.
 */
import { z } from 'zod';
import { dnsSubdomain, httpUrl, volumeSize } from '../../lib/config/fields';
import { CREDENTIAL_FIELD } from '../../lib/config/secrets';

/** A key of a Secret or ConfigMap (Kubernetes: letters, digits, "-", "_", "."). */
const dataKey = z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, {
  message: 'must be a key of a Secret or ConfigMap: letters, digits, "-", "_" and ".", e.g. "ca.crt"',
});

/** The CA that signed the cluster's HTTPS certificate, from a Secret or a ConfigMap in linkerd-jaeger. */
const caSchema = z.union([
  z.strictObject({ secretName: dnsSubdomain, key: dataKey.default('ca.crt') }),
  z.strictObject({ configMapName: dnsSubdomain, key: dataKey.default('ca.crt') }),
]);

/** The Secret (in linkerd-jaeger, created by the person) Jaeger reads its user name and password from. */
const credentialsSchema = z.strictObject({
  secretName: dnsSubdomain,
  /** The Secret's key that holds the user name. */
  usernameKey: dataKey.default('username'),
  /** The Secret's key that holds the password. */
  passwordKey: dataKey.default('password'),
});

/**
 * An index prefix: Jaeger names its indices `<prefix>-jaeger-span-<day>`; Elasticsearch index names are lowercase
 * and may not hold `\ / * ? " < > | , #`, spaces or `:`.
 */
const indexPrefix = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, {
  message:
    'must be a lowercase index prefix: letters, digits, "-", "_" and ".", starting with a letter or digit, at most 64 characters',
});

/** Removes credential fields (reported by lib/config/secrets.ts, by field, without their value) before the schema sees them. */
function withoutWrittenCredentials(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const kept = Object.fromEntries(Object.entries(input).filter(([key]) => !CREDENTIAL_FIELD.test(key)));
  const credentials = (kept as Record<string, unknown>).credentials;
  if (credentials !== null && typeof credentials === 'object' && !Array.isArray(credentials))
    (kept as Record<string, unknown>).credentials = Object.fromEntries(
      Object.entries(credentials).filter(([key]) => !CREDENTIAL_FIELD.test(key)),
    );
  return kept;
}

export const searchStoreSchema = z.preprocess(
  withoutWrittenCredentials,
  z
    .strictObject({
      /** Run the cluster here (ECK, Elasticsearch only) instead of using an existing one. */
      provision: z.boolean().default(false),
      /** An existing cluster's HTTP(S) URLs, e.g. `https://search-es-http.search.svc:9200`. */
      urls: z.array(httpUrl).min(1).optional(),
      /** Prefix of Jaeger's indices (`<prefix>-jaeger-span-<day>`), when the cluster is shared. */
      indexPrefix: indexPrefix.optional(),
      /** The Secret in linkerd-jaeger that holds the user name and password Jaeger signs in with. */
      credentials: credentialsSchema.optional(),
      /** The CA of the cluster's HTTPS certificate (a Secret or ConfigMap in linkerd-jaeger). */
      ca: caSchema.optional(),
      /** Elasticsearch nodes ECK runs, with `provision: true` (1 for a home cluster; 3 for one that survives a node). */
      nodeCount: z.number().int().min(1).max(9).optional(),
      /** Each node's volume, with `provision: true`. */
      storage: volumeSize.optional(),
      /** The StorageClass of each node's volume, with `provision: true`; the cluster's default class when unset. */
      storageClassName: dnsSubdomain.optional(),
    })
    .superRefine((store, ctx) => {
      if (store.provision) {
        for (const field of ['urls', 'credentials', 'ca'] as const) {
          if (store[field] !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: [field],
              input: undefined,
              message:
                'is made by ECK with provision: true (the URL of its Service, its generated password, its CA); remove it, or set provision: false for a cluster of your own',
            });
        }
        return;
      }
      if (!store.urls)
        ctx.addIssue({
          code: 'custom',
          path: ['urls'],
          input: undefined,
          message:
            'is required for an existing cluster, e.g. ["https://search-es-http.search.svc:9200"] (or provision: true, Elasticsearch only)',
        });
      for (const field of ['nodeCount', 'storage', 'storageClassName'] as const) {
        if (store[field] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            input: store[field],
            message:
              'only applies with provision: true (a cluster this project runs); an existing cluster is sized where it runs',
          });
      }
      if (store.urls?.some((url) => url.startsWith('https:')) === false && store.ca)
        ctx.addIssue({
          code: 'custom',
          path: ['ca'],
          input: undefined,
          message: 'is for https:// URLs; every URL here is http://',
        });
    }),
);

export type SearchStoreConfig = z.output<typeof searchStoreSchema>;
