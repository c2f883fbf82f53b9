/**
 * Join 2: every Secret and ConfigMap a pod mounts or reads (volumes, projected volumes, env, envFrom,
 * image pull secrets) exists in the pod's namespace: rendered by a Helm chart or in dist/, written by a
 * cert-manager Certificate (its `secretName`) or a trust-manager Bundle (its target ConfigMap in every
 * namespace its selector picks), written by ECK for an Elasticsearch in the output (`<name>-es-elastic-user`,
 * `<name>-es-http-certs-public`), referenced by an existing trace store's config (the person's Secret: counted,
 * keys not checked), or named in {@link RUNTIME_OBJECTS}. A reference marked `optional`
 * counts, but never fails. Where the key is named (env, items), the key must be there too.
 */
import { eckNames } from '../../../lib/constructs/elasticsearch';
import { TRACING_NAMESPACE } from '../../../lib/linkerd/names';
import type { K8sObject } from '../../support/helm-render';
import { type ClusterIndex, type JoinResult, named, type Pod } from './model';

/**
 * What controllers create at run time, so no manifest holds it. Short on purpose: each entry says who
 * writes it.
 */
export const RUNTIME_OBJECTS: ReadonlyArray<{
  kind: 'Secret' | 'ConfigMap';
  name: string;
  namespace?: string;
  keys?: readonly string[];
  writer: string;
}> = [
  {
    kind: 'ConfigMap',
    name: 'kube-root-ca.crt',
    keys: ['ca.crt'],
    writer: "kube-controller-manager's root CA publisher, in every namespace",
  },
  {
    kind: 'Secret',
    name: 'cert-manager-webhook-ca',
    namespace: 'cert-manager',
    keys: ['ca.crt', 'tls.crt', 'tls.key'],
    writer: "cert-manager's webhook (dynamic serving CA, --dynamic-serving-ca-secret-name)",
  },
];

/** The keys cert-manager writes into a Certificate's Secret. */
const CERTIFICATE_KEYS = ['tls.crt', 'tls.key', 'ca.crt'];

interface Reference {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  readonly keys: readonly string[];
  readonly optional: boolean;
  readonly where: string;
}

export function checkMounts(index: ClusterIndex): JoinResult {
  const failures: string[] = [];
  const warnings: string[] = [];
  const providers = providersOf(index);
  let checked = 0;
  for (const pod of index.pods) {
    for (const reference of referencesOf(pod)) {
      checked += 1;
      const key = `${reference.kind} ${pod.namespace}/${reference.name}`;
      const provider = providers.get(key) ?? runtimeProvider(reference, pod.namespace);
      if (!provider) {
        if (!reference.optional)
          failures.push(
            `${named(pod.owner)} ${reference.where} reads ${key}, which nothing creates (not rendered, not in dist/, not written by a Certificate or Bundle we emit, not a known run-time object)`,
          );
        continue;
      }
      const missing = provider.keys ? reference.keys.filter((wanted) => !provider.keys!.includes(wanted)) : [];
      if (missing.length > 0 && !reference.optional)
        failures.push(
          `${named(pod.owner)} ${reference.where} reads key ${missing.join(', ')} of ${key}, which ${provider.by} does not hold (it has ${provider.keys!.join(', ') || 'no keys'})`,
        );
    }
  }
  return { join: 'mounts', checked, failures, warnings };
}

/** Every Secret and ConfigMap of the cluster by `Kind namespace/name`, with its keys and who makes it. */
function providersOf(index: ClusterIndex): Map<string, { keys?: readonly string[]; by: string }> {
  const providers = new Map<string, { keys?: readonly string[]; by: string }>();
  for (const entry of index.cluster.objects) {
    const { object } = entry;
    if (object.kind === 'Secret' || object.kind === 'ConfigMap') {
      const keys = [
        ...Object.keys(object.data ?? {}),
        ...Object.keys(object.stringData ?? {}),
        ...Object.keys(object.binaryData ?? {}),
      ];
      providers.set(`${object.kind} ${object.metadata.namespace}/${object.metadata.name}`, { keys, by: named(entry) });
    }
    if (object.kind === 'Certificate' && object.spec?.secretName) {
      providers.set(`Secret ${object.metadata.namespace}/${object.spec.secretName}`, {
        keys: CERTIFICATE_KEYS,
        by: named(entry),
      });
    }
    if (object.kind === 'Elasticsearch' && object.apiVersion.startsWith('elasticsearch.k8s.elastic.co/')) {
      // ECK writes the elastic user's generated password and the public half of its HTTP certificate.
      const names = eckNames(object.metadata.name);
      const namespace = object.metadata.namespace;
      providers.set(`Secret ${namespace}/${names.elasticUserSecret}`, {
        keys: [names.elasticUser],
        by: `ECK, from ${named(entry)}`,
      });
      providers.set(`Secret ${namespace}/${names.httpCaSecret}`, {
        keys: ['ca.crt', 'tls.crt'],
        by: `ECK, from ${named(entry)}`,
      });
    }
    if (object.kind === 'Bundle') {
      for (const namespace of bundleNamespaces(index, object)) {
        const target = object.spec?.target ?? {};
        if (target.configMap)
          providers.set(`ConfigMap ${namespace}/${object.metadata.name}`, {
            keys: [target.configMap.key],
            by: named(entry),
          });
        if (target.secret)
          providers.set(`Secret ${namespace}/${object.metadata.name}`, { keys: [target.secret.key], by: named(entry) });
      }
    }
  }
  // The Secret and CA an existing trace store's config references: the person creates them (docs/tracing.md);
  // their keys cannot be checked here.
  const store = index.cluster.plan?.searchStore;
  if (store && !store.provisioned) {
    const by = `the person (tracing.${store.kind} in ${index.cluster.plan!.file})`;
    for (const source of [store.credentials?.username, store.credentials?.password])
      if (source && 'secretName' in source) providers.set(`Secret ${TRACING_NAMESPACE}/${source.secretName}`, { by });
    if (store.ca) providers.set(`${store.ca.kind} ${TRACING_NAMESPACE}/${store.ca.name}`, { by });
  }
  return providers;
}

/** The namespaces (of those the output declares) a Bundle's target namespaceSelector picks. */
function bundleNamespaces(index: ClusterIndex, bundle: K8sObject): string[] {
  const selector = bundle.spec?.target?.namespaceSelector;
  return [...index.namespaces.values()]
    .filter((namespace) => {
      const labels: Record<string, string> = {
        'kubernetes.io/metadata.name': namespace.metadata.name,
        ...(namespace.metadata.labels ?? {}),
      };
      return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
    })
    .map((namespace) => namespace.metadata.name);
}

function runtimeProvider(
  reference: Reference,
  namespace: string,
): { keys?: readonly string[]; by: string } | undefined {
  const known = RUNTIME_OBJECTS.find(
    (entry) =>
      entry.kind === reference.kind &&
      entry.name === reference.name &&
      (entry.namespace === undefined || entry.namespace === namespace),
  );
  return known && { keys: known.keys, by: known.writer };
}

/** What a pod reads: volumes (plain and projected), env and envFrom of every container, image pull secrets. */
function referencesOf(pod: Pod): Reference[] {
  const references: Reference[] = [];
  for (const volume of pod.volumes) {
    const where = `volume ${volume.name}`;
    if (volume.secret)
      references.push({
        kind: 'Secret',
        name: volume.secret.secretName,
        keys: itemKeys(volume.secret.items),
        optional: volume.secret.optional === true,
        where,
      });
    if (volume.configMap)
      references.push({
        kind: 'ConfigMap',
        name: volume.configMap.name,
        keys: itemKeys(volume.configMap.items),
        optional: volume.configMap.optional === true,
        where,
      });
    for (const source of volume.projected?.sources ?? []) {
      if (source.secret)
        references.push({
          kind: 'Secret',
          name: source.secret.name,
          keys: itemKeys(source.secret.items),
          optional: source.secret.optional === true,
          where,
        });
      if (source.configMap)
        references.push({
          kind: 'ConfigMap',
          name: source.configMap.name,
          keys: itemKeys(source.configMap.items),
          optional: source.configMap.optional === true,
          where,
        });
    }
  }
  for (const container of pod.containers) {
    for (const variable of container.spec.env ?? []) {
      const where = `container ${container.name} env ${variable.name}`;
      const secret = variable.valueFrom?.secretKeyRef;
      const configMap = variable.valueFrom?.configMapKeyRef;
      if (secret)
        references.push({
          kind: 'Secret',
          name: secret.name,
          keys: [secret.key],
          optional: secret.optional === true,
          where,
        });
      if (configMap)
        references.push({
          kind: 'ConfigMap',
          name: configMap.name,
          keys: [configMap.key],
          optional: configMap.optional === true,
          where,
        });
    }
    for (const source of container.spec.envFrom ?? []) {
      const where = `container ${container.name} envFrom`;
      if (source.secretRef)
        references.push({
          kind: 'Secret',
          name: source.secretRef.name,
          keys: [],
          optional: source.secretRef.optional === true,
          where,
        });
      if (source.configMapRef)
        references.push({
          kind: 'ConfigMap',
          name: source.configMapRef.name,
          keys: [],
          optional: source.configMapRef.optional === true,
          where,
        });
    }
  }
  for (const secret of pod.spec.imagePullSecrets ?? [])
    references.push({ kind: 'Secret', name: secret.name, keys: [], optional: false, where: 'imagePullSecrets' });
  return references;
}

function itemKeys(items: Array<{ key: string }> | undefined): string[] {
  return (items ?? []).map((item) => item.key);
}
