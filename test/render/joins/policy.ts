/**
 * Join 7: under each meshed pod's inbound policy, every scrape and every probe of it that the output
 * sets up is authorized, and so is Jaeger's writing to a meshed search cluster (an unmeshed one is a warning).
 *
 * Requests: each target a rendered PodMonitor/ServiceMonitor keeps on a meshed pod, scraped by the
 * person's Prometheus (meshed with the identity of the plan's `policy.prometheus.identity`, else unmeshed,
 * from inside the cluster networks); each port of a meshed pod that
 * viz's own Prometheus scrapes (meshed, its ServiceAccount's identity) when viz runs one; each kubelet
 * probe (unauthenticated, from the node). Policy, as Linkerd evaluates it (reference/authorization-policy):
 * a port no Server selects falls to the default policy (the pod's `config.linkerd.io/default-inbound-policy`,
 * else its namespace's, else the cluster's `proxy.defaultInboundPolicy` from the rendered linkerd-config);
 * there, and on a Server without HTTPRoutes, probes are authorized by Linkerd itself. Otherwise a port a Server selects needs an AuthorizationPolicy
 * targeting that Server (or its namespace, or an HTTPRoute of it) whose every required authentication the
 * client meets: a MeshTLSAuthentication naming its identity, or a NetworkAuthentication of its networks.
 */
import { parse } from 'yaml';
import type { ClusterObject } from '../../support/helm-render';
import { type ClusterIndex, type JoinResult, matchesLabels, named, parseAddress, type Pod } from './model';
import { scrapeTargets } from './scrapes';

/** A client of a meshed pod. */
interface Client {
  readonly what: string;
  /** Its mesh identity (`sa.ns.serviceaccount.identity.linkerd.cluster.local`), when meshed. */
  readonly identity?: { serviceAccount: string; namespace: string };
  /** Whether it connects from inside the cluster networks (pods do; the kubelet from a node, taken as outside). */
  readonly inCluster: boolean;
  readonly kind: 'scrape' | 'probe' | 'store';
}

const DEFAULT_POLICIES = [
  'all-unauthenticated',
  'all-authenticated',
  'cluster-unauthenticated',
  'cluster-authenticated',
  'deny',
  'audit',
];

export function checkPolicy(index: ClusterIndex): JoinResult {
  const failures: string[] = [];
  const warnings: string[] = [];
  let checked = 0;
  const clusterDefault = clusterDefaultPolicy(index);
  const requests: Array<{
    pod: Pod;
    port: { name?: string; containerPort: number };
    path: string;
    client: Client;
    via: string;
  }> = [];

  const { targets, warnings: scrapeWarnings } = scrapeTargets(index);
  warnings.push(...scrapeWarnings);
  // The person's Prometheus (the one that reads the PodMonitors): meshed with the identity the config gives, else unmeshed.
  const identity = index.cluster.plan?.config.policy?.prometheus?.identity;
  const personsPrometheus: Client = identity
    ? {
        what: `the person's Prometheus (${identity.serviceAccount}.${identity.namespace}, meshed)`,
        identity,
        inCluster: true,
        kind: 'scrape',
      }
    : { what: "the person's Prometheus (unmeshed)", inCluster: true, kind: 'scrape' };
  for (const target of targets) {
    if (!target.pod.meshed) continue;
    requests.push({
      pod: target.pod,
      port: target.port,
      path: target.path,
      client: personsPrometheus,
      via: named(target.monitor),
    });
  }
  const vizPrometheus = index.pods.find(
    (pod) =>
      pod.owner.object.kind === 'Deployment' &&
      pod.owner.object.metadata.name === 'prometheus' &&
      pod.labels['linkerd.io/extension'] === 'viz',
  );
  if (vizPrometheus) {
    // viz's Prometheus scrapes every meshed pod's proxy admin port (its linkerd-proxy job).
    for (const pod of index.pods.filter((candidate) => candidate.meshed)) {
      const admin = pod.containers
        .flatMap((container) => container.ports)
        .find((port) => port.name === 'linkerd-admin');
      if (admin) {
        requests.push({
          pod,
          port: admin,
          path: '/metrics',
          client: {
            what: `viz's Prometheus (${vizPrometheus.serviceAccount}.${vizPrometheus.namespace})`,
            identity: vizPrometheus.meshed
              ? { serviceAccount: vizPrometheus.serviceAccount, namespace: vizPrometheus.namespace }
              : undefined,
            inCluster: true,
            kind: 'scrape',
          },
          via: `${named(vizPrometheus.owner)} job linkerd-proxy`,
        });
      }
    }
  }
  for (const pod of index.pods.filter((candidate) => candidate.meshed)) {
    for (const container of pod.containers) {
      for (const probeName of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const probe = container.spec[probeName];
        const action = probe?.httpGet ?? probe?.tcpSocket ?? probe?.grpc;
        if (!action) continue;
        const port = resolvePort(pod, action.port);
        if (!port) continue;
        requests.push({
          pod,
          port,
          path: probe.httpGet?.path ?? '/',
          client: { what: 'the kubelet', inCluster: false, kind: 'probe' },
          via: `container ${container.name} ${probeName}`,
        });
      }
    }
  }

  // Jaeger (and its index cleaner) writing to its search cluster: a meshed store must authorize them; a store
  // outside the mesh is said so (no inbound policy applies to it).
  const store = traceStoreRequests(index);
  requests.push(...store.requests);
  warnings.push(...store.warnings);

  const seen = new Set<string>();
  for (const request of requests) {
    const key = `${request.pod.owner.object.metadata.namespace}/${request.pod.owner.object.metadata.name}:${request.port.containerPort}:${request.client.what}:${request.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    checked += 1;
    const denied = denial(index, request.pod, request.port, request.path, request.client, clusterDefault);
    if (denied)
      failures.push(
        `${request.client.kind} of ${named(request.pod.owner)} port ${request.port.name ?? request.port.containerPort} (${request.path}) by ${request.client.what} [${request.via}] is refused: ${denied}`,
      );
  }
  return { join: 'policy', checked, failures, warnings };
}

/**
 * Every pod that mounts a Jaeger v2 configuration with an Elasticsearch or OpenSearch backend, as a client of
 * each store URL's pods: the pods of an Elasticsearch ECK runs for the output (meshed unless its pod template
 * says `linkerd.io/inject: disabled`), or a workload of a meshed namespace the output declares. A store whose
 * pods are not meshed, or live where the output knows nothing of, is a warning.
 */
function traceStoreRequests(index: ClusterIndex) {
  const requests: Array<{
    pod: Pod;
    port: { name?: string; containerPort: number };
    path: string;
    client: Client;
    via: string;
  }> = [];
  const warnings: string[] = [];
  for (const pod of index.pods) {
    for (const volume of pod.volumes) {
      const configMap = volume.configMap?.name && index.find('ConfigMap', volume.configMap.name, pod.namespace);
      for (const text of Object.values((configMap ? configMap.object.data : undefined) ?? {}) as string[]) {
        let config: any;
        try {
          config = parse(text, { maxAliasCount: 50 });
        } catch {
          continue;
        }
        for (const backend of Object.values(config?.extensions?.jaeger_storage?.backends ?? {}) as any[]) {
          const search = backend?.elasticsearch ?? backend?.opensearch;
          for (const url of (search?.server_urls ?? []) as string[]) {
            const address = parseAddress(url, pod.namespace);
            const side = `${named(pod.owner)} writes traces to ${url}`;
            if (!address) {
              warnings.push(`${side}: not an in-cluster Service: not checked`);
              continue;
            }
            const target = storePod(index, address.service, address.namespace);
            if (!target) {
              warnings.push(`${side}: the output knows no pods behind it (the person's own store): not checked`);
              continue;
            }
            if (!target.meshed) {
              warnings.push(
                `${side}: ${named(target.owner)} is outside the mesh, so no inbound policy applies; Jaeger's proxy forwards its TLS as opaque TCP`,
              );
              continue;
            }
            requests.push({
              pod: target,
              port: { containerPort: address.port },
              path: '/',
              client: {
                what: `Jaeger (${pod.serviceAccount}.${pod.namespace}${pod.meshed ? ', meshed' : ', unmeshed'})`,
                ...(pod.meshed && { identity: { serviceAccount: pod.serviceAccount, namespace: pod.namespace } }),
                inCluster: true,
                kind: 'store',
              },
              via: `${named(configMap!)} extensions.jaeger_storage`,
            });
          }
        }
      }
    }
  }
  return { requests, warnings };
}

/** The pods behind a store's Service: ECK's for an Elasticsearch in the output, else a workload of a declared meshed namespace. */
function storePod(index: ClusterIndex, service: string, namespace: string): Pod | undefined {
  const elasticsearch = index.cluster.objects.find(
    ({ object }) =>
      object.kind === 'Elasticsearch' &&
      object.metadata.namespace === namespace &&
      `${object.metadata.name}-es-http` === service,
  );
  if (elasticsearch) {
    const nodeSet = elasticsearch.object.spec?.nodeSets?.[0] ?? {};
    return index.pod(elasticsearch, {
      metadata: nodeSet.podTemplate?.metadata ?? {},
      spec: { containers: [{ name: 'elasticsearch', ports: [{ name: 'https', containerPort: 9200 }] }] },
    });
  }
  const rendered = index.find('Service', service, namespace);
  if (rendered) return index.podsOf(rendered.object)[0];
  return index.pods.find(
    (pod) =>
      pod.namespace === namespace &&
      pod.owner.source.kind === 'dist' &&
      pod.owner.object.metadata.name === 'a-workload-of-yours',
  );
}

/** The cluster's default inbound policy, from the rendered linkerd-config (the injector reads it). */
function clusterDefaultPolicy(index: ClusterIndex): string {
  const config = index.find('ConfigMap', 'linkerd-config', 'linkerd');
  const values = config ? parse(String(config.object.data?.values ?? ''), { maxAliasCount: 50 }) : undefined;
  return values?.proxy?.defaultInboundPolicy ?? 'all-unauthenticated';
}

function resolvePort(pod: Pod, port: number | string): { name?: string; containerPort: number } | undefined {
  for (const container of pod.containers)
    for (const candidate of container.ports)
      if (candidate.containerPort === port || candidate.name === port) return candidate;
  return typeof port === 'number' ? { containerPort: port } : undefined;
}

/** Why the request is refused, or undefined when it is authorized. */
function denial(
  index: ClusterIndex,
  pod: Pod,
  port: { name?: string; containerPort: number },
  path: string,
  client: Client,
  clusterDefault: string,
): string | undefined {
  const servers = index
    .all('Server', pod.namespace)
    .filter((server) => selectsPod(server, pod) && selectsPort(server, port));
  if (servers.length === 0) {
    const policy =
      pod.annotations['config.linkerd.io/default-inbound-policy'] ??
      index.namespaces.get(pod.namespace)?.metadata.annotations?.['config.linkerd.io/default-inbound-policy'] ??
      clusterDefault;
    if (!DEFAULT_POLICIES.includes(policy)) return `its default inbound policy "${policy}" is not one Linkerd knows`;
    if (client.kind === 'probe') return undefined; // Linkerd authorizes probes on ports no Server selects
    switch (policy) {
      case 'all-unauthenticated':
      case 'audit':
        return undefined;
      case 'cluster-unauthenticated':
        return client.inCluster
          ? undefined
          : `no Server selects the port and its default policy ${policy} admits only clients in the cluster networks`;
      case 'all-authenticated':
      case 'cluster-authenticated':
        return client.identity
          ? undefined
          : `no Server selects the port and its default policy ${policy} admits only meshed clients (mTLS); no Server/AuthorizationPolicy in the output authorizes ${client.what}`;
      default:
        return `no Server selects the port and its default policy is deny`;
    }
  }
  const reasons: string[] = [];
  // Linkerd's policy controller adds its probe routes, authorized for everyone, to a Server without HTTPRoutes.
  const routed = (server: ClusterObject) =>
    index
      .all('HTTPRoute', pod.namespace)
      .some((route) =>
        ((route.object.spec?.parentRefs ?? []) as any[]).some(
          (parent) => parent.kind === 'Server' && parent.name === server.object.metadata.name,
        ),
      );
  if (client.kind === 'probe' && servers.every((server) => !routed(server))) return undefined;
  for (const server of servers) {
    const policies = index
      .all('AuthorizationPolicy', pod.namespace)
      .filter((policy) => targetsServer(index, policy, server, path));
    if (policies.some((policy) => authenticated(index, policy, client))) return undefined;
    reasons.push(
      `${named(server)} selects the port and ${policies.length === 0 ? 'no AuthorizationPolicy targets it' : `its AuthorizationPolicies (${policies.map((policy) => policy.object.metadata.name).join(', ')}) do not admit the client`}`,
    );
  }
  return reasons.join('; ');
}

function selectsPod(server: ClusterObject, pod: Pod): boolean {
  const selector = server.object.spec?.podSelector;
  return selector !== undefined && matchesLabels(pod.labels, selector);
}

function selectsPort(server: ClusterObject, port: { name?: string; containerPort: number }): boolean {
  const wanted = server.object.spec?.port;
  return wanted === port.containerPort || (typeof wanted === 'string' && wanted === port.name);
}

/** Whether an AuthorizationPolicy applies to requests for `path` on `server`. */
function targetsServer(index: ClusterIndex, policy: ClusterObject, server: ClusterObject, path: string): boolean {
  const target = policy.object.spec?.targetRef ?? {};
  if (target.kind === 'Server') return target.name === server.object.metadata.name;
  if (target.kind === 'Namespace') return true;
  if (target.kind === 'HTTPRoute') {
    const route = index
      .all('HTTPRoute', server.object.metadata.namespace)
      .find((candidate) => candidate.object.metadata.name === target.name);
    if (!route) return false;
    const parented = ((route.object.spec?.parentRefs ?? []) as any[]).some(
      (parent) => parent.kind === 'Server' && parent.name === server.object.metadata.name,
    );
    const matchesPath = ((route.object.spec?.rules ?? []) as any[]).some((rule) =>
      ((rule.matches ?? [{}]) as any[]).some((match) => {
        const wanted = match.path;
        if (!wanted) return true;
        if (wanted.type === 'Exact') return wanted.value === path;
        if (wanted.type === 'RegularExpression') return new RegExp(`^(?:${wanted.value})$`).test(path);
        return path.startsWith(wanted.value ?? '/');
      }),
    );
    return parented && matchesPath;
  }
  return false;
}

/** Whether the client meets every authentication the policy requires. */
function authenticated(index: ClusterIndex, policy: ClusterObject, client: Client): boolean {
  const refs = (policy.object.spec?.requiredAuthenticationRefs ?? []) as Array<{
    kind: string;
    name: string;
    namespace?: string;
    group?: string;
  }>;
  return refs.every((ref) => {
    const namespace = ref.namespace ?? policy.object.metadata.namespace;
    if (ref.kind === 'ServiceAccount')
      return client.identity?.serviceAccount === ref.name && client.identity.namespace === namespace;
    if (ref.kind === 'MeshTLSAuthentication') {
      const authentication = index.find('MeshTLSAuthentication', ref.name, namespace);
      if (!authentication || !client.identity) return false;
      const identity = `${client.identity.serviceAccount}.${client.identity.namespace}.serviceaccount.identity.linkerd.cluster.local`;
      const identities = (authentication.object.spec?.identities ?? []) as string[];
      const identityRefs = (authentication.object.spec?.identityRefs ?? []) as Array<{
        kind: string;
        name?: string;
        namespace?: string;
      }>;
      return (
        identities.some(
          (pattern) =>
            pattern === '*' ||
            pattern === identity ||
            (pattern.startsWith('*.') && identity.endsWith(pattern.slice(1))),
        ) ||
        identityRefs.some(
          (item) =>
            (item.kind === 'ServiceAccount' &&
              (item.name === client.identity!.serviceAccount || item.name === '*') &&
              (item.namespace ?? namespace) === client.identity!.namespace) ||
            (item.kind === 'Namespace' && item.name === client.identity!.namespace),
        )
      );
    }
    if (ref.kind === 'NetworkAuthentication') {
      const authentication = index.find('NetworkAuthentication', ref.name, namespace);
      const networks = ((authentication?.object.spec?.networks ?? []) as Array<{ cidr: string }>).map(
        (network) => network.cidr,
      );
      // Any network admits an in-cluster pod we cannot place more exactly; the kubelet needs the whole address space.
      return (
        networks.some((cidr) => cidr === '0.0.0.0/0' || cidr === '::/0') || (client.inCluster && networks.length > 0)
      );
    }
    return false;
  });
}
