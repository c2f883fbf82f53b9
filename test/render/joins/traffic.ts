/**
 * Join 9: the traffic layer against what it acts on (docs/traffic.md).
 *
 * - every Gateway API route whose parent is a Service names a Service of the output or of the person's (the plan's
 *   `traffic.services`: their manifest's selector and ports, or the config's) and a port that Service has;
 * - every HTTPLocalRateLimitPolicy targets a Server that exists, and a rate-limit Server selects the pods and a
 *   target port of the Service it limits, and admits every kind of caller the pods' default inbound policy admits
 *   (what the namespace let in before the Server existed stays let in);
 * - no two Servers select one pod and port (Linkerd's webhook refuses the second): the policy layer's, the traffic
 *   layer's and the Helm charts' together, on the rendered pods and on a stand-in pod per Service of the person's;
 * - an EgressNetwork that denies never covers a cluster network (the control plane, the person's Prometheus, the
 *   collectors and every Service of the cluster live there), and sits in no namespace of the mesh's own components.
 */
import { parse } from 'yaml';
import type { ServiceShape } from '../../../features/traffic/plan';
import { cidrContains, cidrsOverlap } from '../../../features/traffic/schema';
import type { ClusterObject } from '../../support/helm-render';
import { type ClusterIndex, type JoinResult, matchesLabels, named, type Pod } from './model';

type Caller = 'meshed' | 'unmeshed-in-cluster' | 'unmeshed-outside';
const CALLERS: Readonly<Record<Caller, string>> = {
  meshed: 'meshed clients (mTLS)',
  'unmeshed-in-cluster': 'unmeshed clients in the cluster networks',
  'unmeshed-outside': 'unmeshed clients outside the cluster networks',
};

/** Whether a default inbound policy (or a Server's accessPolicy) admits a kind of caller (linkerd2 defaults.rs). */
function admits(policy: string, caller: Caller): boolean {
  switch (policy) {
    case 'all-unauthenticated':
    case 'audit':
      return true;
    case 'all-authenticated':
      return caller === 'meshed';
    case 'cluster-unauthenticated':
      return caller !== 'unmeshed-outside';
    case 'cluster-authenticated':
      return caller === 'meshed';
    default:
      return false;
  }
}

/** A Service of the person's, as the join sees it. */
interface PersonsService {
  readonly shape: ServiceShape;
  readonly label: string;
}

export function checkTraffic(index: ClusterIndex): JoinResult {
  const failures: string[] = [];
  const warnings: string[] = [];
  let checked = 0;
  const persons: PersonsService[] = (index.cluster.plan?.traffic?.services ?? []).map((shape) => ({
    shape,
    label: `Service ${shape.namespace}/${shape.name} [yours: ${shape.source}]`,
  }));
  const clusterDefault = clusterDefaultPolicy(index);
  const standIns = persons.map((service) => standIn(index, service));
  const pods = [...index.pods, ...standIns];

  // Routes → their parent Service and port.
  for (const kind of ['HTTPRoute', 'GRPCRoute', 'TLSRoute']) {
    for (const route of index.cluster.objects.filter(
      ({ object }) => object.kind === kind && object.apiVersion.startsWith('gateway.networking.k8s.io/'),
    )) {
      const namespace = route.object.metadata.namespace!;
      for (const parent of (route.object.spec?.parentRefs ?? []) as any[]) {
        if ((parent.kind ?? 'Gateway') !== 'Service') continue;
        checked += 1;
        const parentNamespace = parent.namespace ?? namespace;
        const side = `${named(route)} parentRef Service ${parentNamespace}/${parent.name} port ${parent.port ?? '(none)'}`;
        const rendered = index.find('Service', parent.name, parentNamespace);
        const person = persons.find(
          (service) => service.shape.name === parent.name && service.shape.namespace === parentNamespace,
        );
        const ports: Array<{ name?: string; port: number }> = rendered
          ? ((rendered.object.spec?.ports ?? []) as any[]).map((port) => ({ name: port.name, port: port.port }))
          : person
            ? [...person.shape.ports]
            : [];
        const other = rendered ? named(rendered) : person?.label;
        if (!other) {
          failures.push(
            `${side}, but no such Service is rendered or declared as yours (traffic.${parentNamespace}.${parent.name})`,
          );
          continue;
        }
        if (parent.port === undefined) {
          failures.push(`${side}: Linkerd needs the port of a Service parent (${other} has ${describePorts(ports)})`);
          continue;
        }
        if (!ports.some((port) => port.port === parent.port))
          failures.push(`${side}, but ${other} has no port ${parent.port} (it has ${describePorts(ports)})`);
      }
    }
  }

  // Rate limits → their Server, its pods and port, and the callers it keeps.
  for (const policy of index.all('HTTPLocalRateLimitPolicy')) {
    checked += 1;
    const namespace = policy.object.metadata.namespace!;
    const target = policy.object.spec?.targetRef ?? {};
    const server = target.kind === 'Server' ? index.find('Server', target.name, namespace) : undefined;
    if (!server) {
      failures.push(
        `${named(policy)} targets ${target.kind} ${namespace}/${target.name}, which the output does not hold`,
      );
      continue;
    }
    const service = persons.find(
      (candidate) => candidate.shape.namespace === namespace && candidate.shape.name === policy.object.metadata.name,
    );
    if (service) {
      const selector = server.object.spec?.podSelector ?? {};
      if (!matchesLabels(service.shape.selector, selector))
        failures.push(
          `${named(server)} (the Server of ${named(policy)}) selects ${JSON.stringify(selector)}, which does not select the pods of ${service.label} (selector ${JSON.stringify(service.shape.selector)})`,
        );
      const targetPorts = service.shape.ports.map((port) => port.targetPort ?? port.port);
      if (!targetPorts.some((port) => String(port) === String(server.object.spec?.port)))
        failures.push(
          `${named(server)} (the Server of ${named(policy)}) selects port ${server.object.spec?.port}, which is no target port of ${service.label} (${targetPorts.join(', ')})`,
        );
    }
    const podsOfServer = pods.filter(
      (pod) => pod.namespace === namespace && matchesLabels(pod.labels, server.object.spec?.podSelector),
    );
    for (const pod of podsOfServer) {
      const before =
        pod.annotations['config.linkerd.io/default-inbound-policy'] ??
        index.namespaces.get(namespace)?.metadata.annotations?.['config.linkerd.io/default-inbound-policy'] ??
        clusterDefault;
      const accessPolicy = server.object.spec?.accessPolicy ?? 'deny';
      for (const caller of Object.keys(CALLERS) as Caller[]) {
        if (!admits(before, caller) || admits(accessPolicy, caller)) continue;
        if (authorizedOnServer(index, server, caller)) continue;
        failures.push(
          `${named(server)} (accessPolicy ${accessPolicy}, the Server of ${named(policy)}) refuses ${CALLERS[caller]} on ${named(pod.owner)}, which its default inbound policy ${before} admits: a rate limit must not shut out callers (give the Server accessPolicy ${before}, or authorize them)`,
        );
      }
    }
  }

  // No two Servers on one pod and port.
  const servers = index.all('Server');
  for (const [i, first] of servers.entries()) {
    for (const second of servers.slice(i + 1)) {
      if (first.object.metadata.namespace !== second.object.metadata.namespace) continue;
      checked += 1;
      const shared = pods.find(
        (pod) =>
          pod.namespace === first.object.metadata.namespace &&
          matchesLabels(pod.labels, first.object.spec?.podSelector) &&
          matchesLabels(pod.labels, second.object.spec?.podSelector) &&
          samePort(pod, first.object.spec?.port, second.object.spec?.port),
      );
      if (shared)
        failures.push(
          `${named(first)} (port ${first.object.spec?.port}) and ${named(second)} (port ${second.object.spec?.port}) both select ${named(shared.owner)} and one of its ports: Linkerd's webhook refuses the second Server on one pod and port`,
        );
    }
  }

  // Egress: a Deny never covers the cluster networks, and never sits where the mesh's own components run.
  const clusterNetworks = clusterNetworksOf(index);
  for (const network of index.all('EgressNetwork')) {
    checked += 1;
    const namespace = network.object.metadata.namespace!;
    if (network.object.spec?.trafficPolicy !== 'Deny') continue;
    for (const entry of (network.object.spec?.networks ?? []) as Array<{ cidr: string; except?: string[] }>) {
      for (const cluster of clusterNetworks) {
        if (
          cidrsOverlap(entry.cidr, cluster) &&
          !(entry.except ?? []).some((except) => cidrsOverlap(except, cluster) && cidrContains(except, cluster))
        )
          failures.push(
            `${named(network)} denies ${entry.cidr}, which covers the cluster network ${cluster} of the control plane's clusterNetworks [ConfigMap linkerd/linkerd-config]: the meshed pods of ${namespace} would lose the control plane, your Prometheus and the collectors`,
          );
      }
    }
    const components = index.pods.filter((pod) => pod.namespace === namespace && pod.owner.source.kind === 'release');
    if (components.length > 0)
      failures.push(
        `${named(network)} denies egress in ${namespace}, where the mesh's own ${named(components[0].owner)} runs and must reach your Prometheus, collectors and Grafana`,
      );
  }
  if (clusterNetworks.length === 0 && index.all('EgressNetwork').length > 0)
    warnings.push(
      'no clusterNetworks in the rendered linkerd-config: the egress networks were not checked against them',
    );

  return { join: 'traffic', checked, failures, warnings };
}

function describePorts(ports: ReadonlyArray<{ name?: string; port: number }>): string {
  return ports.map((port) => (port.name ? `${port.port} (${port.name})` : String(port.port))).join(', ') || 'no ports';
}

/** A pod of the person's Service as the cluster would run it: its selector's labels, meshed where its namespace is, its target ports. */
function standIn(index: ClusterIndex, service: PersonsService): Pod {
  const { shape } = service;
  const namespace = index.namespaces.get(shape.namespace);
  const inject = namespace?.metadata.annotations?.['linkerd.io/inject'];
  const meshed =
    inject === 'enabled' ||
    inject === 'ingress' ||
    index.cluster.plan?.config.meshedNamespaces.some((entry) => entry.name === shape.namespace) === true;
  const owner: ClusterObject = {
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `pods-of-${shape.name}`, namespace: shape.namespace },
    },
    source: { kind: 'dist', file: service.label },
  };
  const ports = shape.ports.map((port) =>
    typeof port.targetPort === 'string'
      ? { name: port.targetPort, containerPort: port.port }
      : { ...(port.name && { name: port.name }), containerPort: port.targetPort ?? port.port },
  );
  return {
    owner,
    namespace: shape.namespace,
    labels: {
      ...shape.selector,
      ...(meshed && { 'linkerd.io/control-plane-ns': 'linkerd', 'linkerd.io/workload-ns': shape.namespace }),
    },
    annotations: {},
    serviceAccount: 'default',
    containers: [{ name: 'app', init: false, ports, spec: { name: 'app' } }],
    volumes: [],
    meshed,
    spec: {},
  };
}

/** Whether two Server ports (names or numbers) mean one container port of the pod. */
function samePort(pod: Pod, a: unknown, b: unknown): boolean {
  const resolve = (port: unknown) => {
    for (const container of pod.containers)
      for (const candidate of container.ports)
        if (candidate.containerPort === port || (typeof port === 'string' && candidate.name === port))
          return candidate.containerPort;
    return undefined;
  };
  const first = resolve(a);
  return first !== undefined && first === resolve(b);
}

/** Whether an AuthorizationPolicy targeting the Server or its namespace admits a kind of caller on its own. */
function authorizedOnServer(index: ClusterIndex, server: ClusterObject, caller: Caller): boolean {
  const namespace = server.object.metadata.namespace!;
  return index.all('AuthorizationPolicy', namespace).some((policy) => {
    const target = policy.object.spec?.targetRef ?? {};
    if (!(target.kind === 'Namespace' || (target.kind === 'Server' && target.name === server.object.metadata.name)))
      return false;
    return ((policy.object.spec?.requiredAuthenticationRefs ?? []) as any[]).every((ref) => {
      if (ref.kind === 'MeshTLSAuthentication') {
        const authentication = index.find('MeshTLSAuthentication', ref.name, ref.namespace ?? namespace);
        return caller === 'meshed' && ((authentication?.object.spec?.identities ?? []) as string[]).includes('*');
      }
      if (ref.kind === 'NetworkAuthentication') {
        const authentication = index.find('NetworkAuthentication', ref.name, ref.namespace ?? namespace);
        const cidrs = ((authentication?.object.spec?.networks ?? []) as any[]).map((network) => network.cidr);
        return cidrs.includes('0.0.0.0/0') || (caller !== 'unmeshed-outside' && cidrs.length > 0);
      }
      return false;
    });
  });
}

function clusterDefaultPolicy(index: ClusterIndex): string {
  const config = index.find('ConfigMap', 'linkerd-config', 'linkerd');
  const values = config ? parse(String(config.object.data?.values ?? ''), { maxAliasCount: 50 }) : undefined;
  return values?.proxy?.defaultInboundPolicy ?? 'all-unauthenticated';
}

function clusterNetworksOf(index: ClusterIndex): string[] {
  const config = index.find('ConfigMap', 'linkerd-config', 'linkerd');
  const values = config ? parse(String(config.object.data?.values ?? ''), { maxAliasCount: 50 }) : undefined;
  return String(values?.clusterNetworks ?? '')
    .split(',')
    .map((network) => network.trim())
    .filter(Boolean);
}
