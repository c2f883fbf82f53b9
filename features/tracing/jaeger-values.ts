/**
 * The Helm values of the Jaeger project's Helm chart (`jaeger`), which this project installs for tracing on
 * release lines without linkerd-jaeger: Jaeger v2 all-in-one (OTLP receiver, storage, query UI) with a
 * configuration of our own (`userconfig`), so its in-memory store is bounded by its memory limit, or its
 * traces go to Badger on a PersistentVolumeClaim.
 */
import { nativeSidecarAnnotation } from '../../lib/linkerd/proxy-annotations';
import { createHash } from 'node:crypto';
import type { JaegerValues } from '../../imports/jaeger-values/jaeger';
import { parseMemory } from '../../lib/config/quantity';
import { COMPONENTS } from '../../lib/linkerd/components';
import { BADGER_DEFAULT_MEMORY_LIMIT, BADGER_MINIMUM_MEMORY_LIMIT } from './badger-memory';
import { componentResources, type LinkerdResources, RESOURCE_PROFILES } from '../../lib/linkerd/resources';
// What the values are computed from: a plan's basis (the plan, ClusterPlan.values, holds their results).
import type { ConfigBasis } from '../core/basis';
import { BADGER_CLAIM } from './plan';
import {
  type SearchStorePlan,
  STORE_CA_MOUNT,
  STORE_PASSWORD_VARIABLE,
  STORE_USERNAME_VARIABLE,
  type VariableSource,
} from './search-store';

/** Where the claim is mounted in the Jaeger container. */
const BADGER_MOUNT = '/badger';

/** Where Jaeger serves its UI and API: the path viz's dashboard links to (`make linkerd-jaeger` opens it). */
export const JAEGER_BASE_PATH = '/jaeger';
/** The environment variable that holds the digest of Jaeger's configuration. */
export const CONFIG_DIGEST_VARIABLE = 'JAEGER_CONFIG_SHA256';

/** sha256 of a value as JSON with sorted keys (the same config gives the same digest). */
function configDigest(value: unknown): string {
  const sorted = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(sorted)
      : node !== null && typeof node === 'object'
        ? Object.fromEntries(
            Object.keys(node)
              .sort()
              .map((key) => [key, sorted((node as Record<string, unknown>)[key])]),
          )
        : node;
  return createHash('sha256')
    .update(JSON.stringify(sorted(value)))
    .digest('hex');
}

/** The share of the memory limit the in-memory store may fill; the rest is the process, receivers and UI. */
const TRACE_MEMORY_SHARE = 0.5;
/** What one trace is taken to weigh in memory: about ten spans of a meshed request, each under a KiB with its attributes. */
const BYTES_PER_TRACE = 10 * 1024;

/**
 * `max_traces` of the in-memory store: half the container's memory limit divided by 10 KiB a trace
 * (256Mi → 13107). The store evicts the oldest trace beyond it, so it cannot outgrow its limit.
 */
export function maxTraces(memoryLimit: string): number {
  return Math.floor((parseMemory(memoryLimit)! * TRACE_MEMORY_SHARE) / BYTES_PER_TRACE);
}

/**
 * On Badger, a memory limit that came from the profile (not from the config) is raised to
 * BADGER_DEFAULT_MEMORY_LIMIT when it is below what Badger needs; a limit the config sets below that is
 * refused when the config is read (./rules.ts).
 */
function badgerResources(badger: boolean, resources: LinkerdResources, limitFromConfig: boolean): LinkerdResources {
  const limit = resources.memory?.limit;
  if (!badger || limitFromConfig || (limit && parseMemory(limit)! >= BADGER_MINIMUM_MEMORY_LIMIT)) return resources;
  return { ...resources, memory: { ...resources.memory, limit: BADGER_DEFAULT_MEMORY_LIMIT } };
}

/** The values of Helm chart `jaeger` for `basis`. */
export function jaegerValues(basis: ConfigBasis): JaegerValues {
  const { config } = basis;
  const component = COMPONENTS.find((candidate) => candidate.helmChart === 'jaeger')!;
  const badger = config.tracing.storage === 'badger';
  const resources = badgerResources(
    badger,
    componentResources(
      RESOURCE_PROFILES[config.resources.profile],
      component.group,
      component.key,
      config.resources.jaeger.jaeger,
    ),
    config.resources.jaeger.jaeger?.memory?.limit !== undefined,
  );
  const { searchStore } = basis;
  const store = searchStore
    ? searchBackend(searchStore)
    : badger
      ? {
          badger: {
            directories: { keys: `${BADGER_MOUNT}/keys`, values: `${BADGER_MOUNT}/values` },
            ephemeral: false,
            ttl: { spans: config.tracing.badger.retention },
          },
        }
      : { memory: { max_traces: maxTraces(resources.memory!.limit!) } };
  // Jaeger v2's whole configuration (the Helm chart's `userconfig` replaces the built-in all-in-one one). Every
  // endpoint listens on all addresses: the meshed pod's proxy forwards to them.
  const userconfig = {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
    },
    extensions: {
      // The Helm chart's probes ask /status on 13133.
      healthcheckv2: { use_v2: true, http: { endpoint: '0.0.0.0:13133' } },
      // viz's dashboard links to /jaeger/... and proxies that path unchanged to its jaegerUrl, so the UI
      // and its API are served under /jaeger (as linkerd-jaeger's Jaeger did with --query.base-path).
      jaeger_query: {
        base_path: JAEGER_BASE_PATH,
        storage: { traces: 'traces' },
        http: { endpoint: '0.0.0.0:16686' },
        grpc: { endpoint: '0.0.0.0:16685' },
      },
      jaeger_storage: { backends: { traces: store } },
    },
    receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: 'traces' } },
  };
  return {
    jaeger: {
      // Linkerd's {cpu: {request, limit}} as Kubernetes' {requests, limits}.
      resources: {
        requests: { cpu: resources.cpu?.request, memory: resources.memory?.request },
        limits: { cpu: resources.cpu?.limit, memory: resources.memory?.limit },
      },
      ...(badger && {
        extraVolumes: [{ name: 'badger', persistentVolumeClaim: { claimName: BADGER_CLAIM } }],
        extraVolumeMounts: [{ name: 'badger', mountPath: BADGER_MOUNT }],
      }),
      ...(searchStore?.ca && {
        extraVolumes: [caVolume(searchStore.ca)],
        extraVolumeMounts: [{ name: 'store-ca', mountPath: STORE_CA_MOUNT, readOnly: true }],
      }),
      // The Helm chart's Deployment carries no checksum of its config (and renders no pod annotations): a
      // variable with the config's digest changes the pod template, so a new config restarts Jaeger.
      extraEnv: [
        { name: CONFIG_DIGEST_VARIABLE, value: configDigest(userconfig) },
        ...(searchStore ? credentialVariables(searchStore, STORE_USERNAME_VARIABLE, STORE_PASSWORD_VARIABLE) : []),
      ],
    },
    ...(searchStore && indexCleanerValues(searchStore, basis.line)),
    userconfig,
  };
}

/**
 * Jaeger v2's backend for a search cluster: its URLs, its index prefix (and, on a cluster this project runs,
 * one shard a day and the replicas its nodes can hold), the user name and password by environment expansion
 * (`${env:VAR}`, which the OpenTelemetry Collector's configuration resolver that Jaeger v2 runs on expands: the
 * values stay in the Secret), and the CA file of its HTTPS certificate.
 */
function searchBackend(store: SearchStorePlan): Record<string, unknown> {
  const index = store.indices && { shards: store.indices.shards, replicas: store.indices.replicas };
  return {
    [store.kind]: {
      server_urls: [...store.urls],
      ...((store.indexPrefix || index) && {
        indices: {
          ...(store.indexPrefix && { index_prefix: store.indexPrefix }),
          ...(index && { spans: index, services: index, dependencies: index, sampling: index }),
        },
      }),
      ...(store.credentials && {
        auth: {
          basic: { username: `\${env:${STORE_USERNAME_VARIABLE}}`, password: `\${env:${STORE_PASSWORD_VARIABLE}}` },
        },
      }),
      ...(store.ca && { tls: { ca_file: `${STORE_CA_MOUNT}/${store.ca.key}` } }),
    },
  };
}

/** Environment variables of the store's user name and password: a value (ECK's `elastic`) or a Secret's key. */
function credentialVariables(store: SearchStorePlan, username: string, password: string) {
  if (!store.credentials) return [];
  const variable = (name: string, source: VariableSource) =>
    'value' in source
      ? { name, value: source.value }
      : { name, valueFrom: { secretKeyRef: { name: source.secretName, key: source.key } } };
  return [variable(username, store.credentials.username), variable(password, store.credentials.password)];
}

/** The store's CA as a volume of the Jaeger pod. */
function caVolume(ca: NonNullable<SearchStorePlan['ca']>) {
  return ca.kind === 'Secret'
    ? { name: 'store-ca', secret: { secretName: ca.name, items: [{ key: ca.key, path: ca.key }] } }
    : { name: 'store-ca', configMap: { name: ca.name, items: [{ key: ca.key, path: ca.key }] } };
}

/**
 * Retention on a search cluster: the Helm chart's index cleaner, a CronJob that deletes Jaeger's daily indices
 * older than `retentionDays` each night. It reads the store from `storage.elasticsearch.url` (OpenSearch
 * speaks the same API) and takes the rest from environment variables: ES_USERNAME and ES_PASSWORD from the
 * same Secret as Jaeger, ES_INDEX_PREFIX, and ES_TLS_ENABLED with ES_TLS_CA for HTTPS. It runs as Jaeger's
 * ServiceAccount, so one mesh identity reaches the store, with the proxy as a native sidecar so its Job
 * completes.
 */
function indexCleanerValues(store: SearchStorePlan, line: ConfigBasis['line']) {
  // The Job's proxy runs as a native sidecar, so the Job ends when the cleaner does (the line's annotation name).
  const nativeSidecar = nativeSidecarAnnotation(line);
  const https = store.urls[0].startsWith('https:');
  const caMount = store.ca && {
    name: 'store-ca',
    mountPath: `${STORE_CA_MOUNT}/${store.ca.key}`,
    subPath: store.ca.key,
    readOnly: true,
  };
  return {
    storage: { type: 'elasticsearch', elasticsearch: { url: store.urls[0] } },
    esIndexCleaner: {
      enabled: true,
      numberOfDays: store.retentionDays,
      serviceAccount: { create: false, name: 'jaeger' },
      ...(nativeSidecar && { podAnnotations: { [nativeSidecar]: 'true' } }),
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
      extraEnv: [
        ...credentialVariables(store, 'ES_USERNAME', 'ES_PASSWORD'),
        ...(store.indexPrefix ? [{ name: 'ES_INDEX_PREFIX', value: store.indexPrefix }] : []),
        ...(https ? [{ name: 'ES_TLS_ENABLED', value: 'true' }] : []),
        ...(store.ca ? [{ name: 'ES_TLS_CA', value: `${STORE_CA_MOUNT}/${store.ca.key}` }] : []),
      ],
      ...(store.ca?.kind === 'Secret' && { extraSecretMounts: [{ ...caMount, secretName: store.ca.name }] }),
      ...(store.ca?.kind === 'ConfigMap' && { extraConfigmapMounts: [{ ...caMount, configMap: store.ca.name }] }),
    },
  };
}
