/**
 * Jaeger v2 on a search cluster (`tracing.storage: elasticsearch | opensearch`), decided once: where Jaeger
 * writes (URLs, index prefix), how it signs in (environment variables from a Secret, never a value in dist/),
 * which CA it trusts, how long the index cleaner keeps a day's indices, and, with `elasticsearch.provision`,
 * the Elasticsearch ECK runs in linkerd-jaeger and ECK's operator release. ./jaeger-values.ts turns it into
 * Jaeger's `userconfig` and values; the prerequisites and tracing-store layers build the rest.
 */
import type { ContainerResources, ElasticsearchProps } from '../../lib/constructs/elasticsearch';
import { eckNames } from '../../lib/constructs/elasticsearch';
import { parseDuration } from '../../lib/config/duration';
import { ECK_OPERATOR_NAMESPACE, TRACING_NAMESPACE } from '../../lib/linkerd/names';
import type { ClusterConfig } from '../cluster-config';
import type { TracingMode } from './plan';

/** The name of the Elasticsearch ECK runs for traces (Service `traces-es-http`, Secret `traces-es-elastic-user`). */
export const PROVISIONED_STORE_NAME = 'traces';
/** The Elasticsearch version ECK runs: Jaeger v2 (2.19) writes Elasticsearch 8's mappings. */
export const PROVISIONED_ELASTICSEARCH_VERSION = '8.19.11';
export { ECK_OPERATOR_NAMESPACE };
/** The variables Jaeger (and its index cleaner) read the store's user name and password from. */
export const STORE_USERNAME_VARIABLE = 'JAEGER_STORE_USERNAME';
export const STORE_PASSWORD_VARIABLE = 'JAEGER_STORE_PASSWORD';
/** Where the store's CA is mounted in Jaeger's container and the index cleaner's. */
export const STORE_CA_MOUNT = '/store-ca';
/** The pod annotation that keeps the store's pods out of the mesh (they do their own TLS; see docs/tracing.md). */
export const UNMESHED = { 'linkerd.io/inject': 'disabled' } as const;

/** Where a variable's value comes from: a value that is no secret (ECK's user name), or a Secret's key. */
export type VariableSource = { readonly value: string } | { readonly secretName: string; readonly key: string };

/** The CPU and memory of what a provisioned store runs, by resource profile. */
export interface StoreResources {
  /** Each Elasticsearch node: ECK sizes the JVM heap to half the memory limit; 2Gi is the least that is useful. */
  readonly elasticsearch: ContainerResources;
  /** ECK's operator. */
  readonly operator: ContainerResources;
}

/** The resources of a provisioned store per profile (lib/linkerd/resources.ts RESOURCE_PROFILES). */
export const STORE_RESOURCES: Readonly<Record<string, StoreResources>> = {
  home: {
    elasticsearch: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    operator: { requests: { cpu: '100m', memory: '150Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  },
};

/** Jaeger v2 on a search cluster, as planned. */
export interface SearchStorePlan {
  /** Jaeger's backend: `elasticsearch` or `opensearch` (the key under `jaeger_storage.backends.<name>`). */
  readonly kind: 'elasticsearch' | 'opensearch';
  readonly urls: readonly string[];
  readonly indexPrefix?: string;
  /** The user name and password, as environment variables of Jaeger's container. */
  readonly credentials?: { readonly username: VariableSource; readonly password: VariableSource };
  /** The CA of the store's HTTPS certificate, mounted at {@link STORE_CA_MOUNT}. */
  readonly ca?: { readonly kind: 'Secret' | 'ConfigMap'; readonly name: string; readonly key: string };
  /** Days the index cleaner keeps (from tracing.retention, default 7). */
  readonly retentionDays: number;
  /** Shards and replicas of Jaeger's indices, when this project runs the cluster (else Jaeger's defaults). */
  readonly indices?: { readonly shards: number; readonly replicas: number };
  /** The Elasticsearch ECK runs (tracing-store layer) and its operator (prerequisites layer). */
  readonly provisioned?: {
    readonly elasticsearch: ElasticsearchProps;
    readonly operator: { readonly namespace: string; readonly values: Record<string, unknown> };
  };
}

/** The search cluster Jaeger writes to: only with the Jaeger v2 we install and storage elasticsearch/opensearch. */
export function searchStorePlan(
  config: Pick<ClusterConfig, 'tracing' | 'resources'> & Partial<Pick<ClusterConfig, 'images'>>,
  mode: TracingMode,
): SearchStorePlan | undefined {
  const { tracing } = config;
  if (mode !== 'jaeger' || (tracing.storage !== 'elasticsearch' && tracing.storage !== 'opensearch')) return undefined;
  const kind = tracing.storage;
  const store = tracing[kind];
  // Without its settings the config is refused by its own check; the basis of such a config has no store.
  if (!store) return undefined;
  const retentionDays = Math.max(1, Math.floor((parseDuration(tracing.retention ?? '168h') ?? 0) / 86400));
  if (store.provision) {
    const names = eckNames(PROVISIONED_STORE_NAME);
    const resources = STORE_RESOURCES[config.resources.profile] ?? STORE_RESOURCES.home;
    const nodeCount = store.nodeCount ?? 1;
    return {
      kind,
      urls: [`https://${names.httpService}.${TRACING_NAMESPACE}.svc:${names.httpPort}`],
      ...(store.indexPrefix && { indexPrefix: store.indexPrefix }),
      credentials: {
        username: { value: names.elasticUser },
        password: { secretName: names.elasticUserSecret, key: names.elasticUser },
      },
      ca: { kind: 'Secret', name: names.httpCaSecret, key: 'ca.crt' },
      retentionDays,
      // One shard a day is plenty for a home cluster's traces; a replica needs a second node to live on
      // (with one node a replica never starts, and the cluster stays yellow).
      indices: { shards: 1, replicas: Math.min(nodeCount - 1, 1) },
      provisioned: {
        elasticsearch: {
          name: PROVISIONED_STORE_NAME,
          namespace: TRACING_NAMESPACE,
          version: PROVISIONED_ELASTICSEARCH_VERSION,
          nodeCount,
          storage: store.storage ?? '10Gi',
          ...(store.storageClassName && { storageClassName: store.storageClassName }),
          resources: resources.elasticsearch,
          podAnnotations: { ...UNMESHED },
        },
        operator: {
          namespace: ECK_OPERATOR_NAMESPACE,
          values: eckOperatorValues(resources.operator, config.images?.registry),
        },
      },
    } satisfies SearchStorePlan;
  }
  return {
    kind,
    urls: store.urls!,
    ...(store.indexPrefix && { indexPrefix: store.indexPrefix }),
    ...(store.credentials && {
      credentials: {
        username: { secretName: store.credentials.secretName, key: store.credentials.usernameKey },
        password: { secretName: store.credentials.secretName, key: store.credentials.passwordKey },
      },
    }),
    ...(store.ca && {
      ca:
        'secretName' in store.ca
          ? { kind: 'Secret' as const, name: store.ca.secretName, key: store.ca.key }
          : { kind: 'ConfigMap' as const, name: store.ca.configMapName, key: store.ca.key },
    }),
    retentionDays,
  } satisfies SearchStorePlan;
}

/**
 * ECK's operator values: its CRDs (the subchart eck-operator-crds), the one namespace it manages, its resources.
 * Its validating webhook is off: it would need a certificate the operator patches into the webhook itself
 * (drift that Flux reverts), and with failurePolicy Ignore it only warns early of what the operator reports on
 * the Elasticsearch anyway.
 */
function eckOperatorValues(resources: ContainerResources, mirror: string | undefined): Record<string, unknown> {
  return {
    // With images.registry, the operator and the Elasticsearch it runs come from the mirror (docker.elastic.co's
    // paths kept: eck/eck-operator, elasticsearch/elasticsearch).
    ...(mirror && { image: { repository: `${mirror}/eck/eck-operator` }, config: { containerRegistry: mirror } }),
    installCRDs: true,
    managedNamespaces: [TRACING_NAMESPACE],
    webhook: { enabled: false },
    resources,
  };
}

/**
 * The in-cluster address (`namespace`, `port`) of each URL of an existing store, when it names a Service
 * (`<service>.<namespace>[.svc[.cluster.local]]`): the policy plan authorizes Jaeger there.
 */
export function storeServiceAddresses(plan: SearchStorePlan): Array<{ namespace: string; port: number }> {
  if (plan.provisioned) return [];
  const found: Array<{ namespace: string; port: number }> = [];
  for (const text of plan.urls) {
    const url = new URL(text);
    const parts = url.hostname.split('.');
    const suffix = parts.slice(2).join('.');
    if (parts.length < 2 || (parts.length > 2 && suffix !== 'svc' && suffix !== 'svc.cluster.local')) continue;
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    if (!found.some((entry) => entry.namespace === parts[1] && entry.port === port))
      found.push({ namespace: parts[1], port });
  }
  return found;
}
