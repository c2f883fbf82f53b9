/**
 * Linkerd's inbound policy, evaluated over a cluster's rendered output (test/support/helm-render): is a
 * request from a client to a meshed pod's port (and path) allowed? As the policy controller decides it
 * (Linkerd docs, reference/authorization-policy and features/server-policy):
 * - no Server selects the pod's port: the pod's default policy decides; probes are authorized by default;
 * - a Server does: an AuthorizationPolicy on the Server, on its Namespace, or (when the Server has
 *   HTTPRoutes) on the route the request matches must accept the client, every one of its required
 *   authentications; a request no route matches gets 404; once routes exist, probes are not authorized
 *   by default; `accessPolicy: audit` lets the rest through.
 */
import type { K8sObject } from './helm-render';

/** A meshed pod as the proxy injector leaves it: its labels (with the injector's) and container ports. */
export interface MeshedPod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly containerPort: number }>;
  /** Its default inbound policy (pod annotation, else namespace annotation, else the cluster's). */
  readonly defaultPolicy: string;
}

/** Who sends a request: its address and, when meshed, its mesh identity (`<sa>.<ns>.serviceaccount.identity.linkerd.<domain>`). */
export interface Client {
  readonly ip: string;
  readonly identity?: string;
}

export interface Request {
  readonly pod: MeshedPod;
  readonly port: string | number;
  /** HTTP path; undefined for gRPC/opaque traffic that no route narrows. */
  readonly path?: string;
  readonly client: Client;
  /** A kubelet probe of a path the pod's spec probes. */
  readonly probe?: boolean;
}

export interface Verdict {
  readonly allowed: boolean;
  readonly why: string;
}

/** The proxy's port in every injected pod. */
export const PROXY_ADMIN_PORT = { name: 'linkerd-admin', containerPort: 4191 } as const;

export class PolicyEvaluator {
  public constructor(
    private readonly objects: readonly K8sObject[],
    private readonly clusterNetworks: readonly string[],
  ) {}

  public decide(request: Request): Verdict {
    const { pod, client } = request;
    const port = pod.ports.find(
      (candidate) => candidate.name === request.port || candidate.containerPort === request.port,
    );
    if (!port) return { allowed: false, why: `the pod has no port ${request.port}` };
    const servers = this.policyObjects('Server', pod.namespace).filter(
      (server) =>
        selects(server.spec.podSelector, pod.labels) &&
        (server.spec.port === port.name || server.spec.port === port.containerPort),
    );
    if (servers.length > 1)
      return {
        allowed: false,
        why: `Servers ${servers.map((server) => server.metadata.name).join(', ')} overlap on port ${request.port}`,
      };
    const server = servers[0];
    if (!server) {
      if (request.probe) return { allowed: true, why: 'no Server: probes are authorized by default' };
      return this.byDefault(pod.defaultPolicy, client);
    }
    const routes = this.policyObjects('HTTPRoute', pod.namespace).filter((route) =>
      (route.spec.parentRefs ?? []).some(
        (ref: any) =>
          ref.kind === 'Server' &&
          ref.name === server.metadata.name &&
          (ref.namespace ?? pod.namespace) === pod.namespace,
      ),
    );
    let route: K8sObject | undefined;
    if (routes.length > 0) {
      if (request.path === undefined)
        return { allowed: false, why: `Server ${server.metadata.name} has HTTPRoutes and the request has no path` };
      route = routes.find((candidate) =>
        (candidate.spec.rules ?? []).some((rule: any) =>
          (rule.matches ?? [{ path: { value: '/' } }]).some((match: any) => pathMatches(match.path, request.path!)),
        ),
      );
      if (!route)
        return { allowed: false, why: `no HTTPRoute of Server ${server.metadata.name} matches ${request.path} (404)` };
    } else if (request.probe) {
      return { allowed: true, why: `Server ${server.metadata.name} has no routes: probes are authorized by default` };
    }
    const targets = (policy: K8sObject) => {
      const ref = policy.spec.targetRef;
      if (ref.kind === 'Namespace') return ref.name === pod.namespace;
      if (ref.kind === 'Server') return ref.name === server.metadata.name;
      return route !== undefined && ref.kind === 'HTTPRoute' && ref.name === route.metadata.name;
    };
    const policies = this.policyObjects('AuthorizationPolicy', pod.namespace).filter(targets);
    for (const policy of policies) {
      const refs: any[] = policy.spec.requiredAuthenticationRefs ?? [];
      // An empty list requires nothing: every client (linkerd-jaeger authorizes its collector's ports so).
      if (refs.every((ref) => this.authenticates(ref, policy.metadata.namespace ?? pod.namespace, client))) {
        return { allowed: true, why: `AuthorizationPolicy ${pod.namespace}/${policy.metadata.name}` };
      }
    }
    if (server.spec.accessPolicy === 'audit')
      return { allowed: true, why: `Server ${server.metadata.name} audits (accessPolicy: audit)` };
    return {
      allowed: false,
      why: `Server ${pod.namespace}/${server.metadata.name}${route ? ` route ${route.metadata.name}` : ''}: no AuthorizationPolicy accepts ${client.identity ?? 'an unmeshed client'} from ${client.ip} (policies: ${policies.map((policy) => policy.metadata.name).join(', ') || 'none'})`,
    };
  }

  private byDefault(policy: string, client: Client): Verdict {
    const inCluster = this.clusterNetworks.some((network) => inCidr(client.ip, network));
    const allowed =
      policy === 'all-unauthenticated' || policy === 'audit'
        ? true
        : policy === 'cluster-unauthenticated'
          ? inCluster
          : policy === 'all-authenticated'
            ? client.identity !== undefined
            : policy === 'cluster-authenticated'
              ? client.identity !== undefined && inCluster
              : false;
    return { allowed, why: `no Server: the default policy ${policy}` };
  }

  private authenticates(ref: any, namespace: string, client: Client): boolean {
    if (ref.kind === 'ServiceAccount')
      return client.identity?.startsWith(`${ref.name}.${ref.namespace ?? namespace}.serviceaccount.identity.`) === true;
    const object = this.policyObjects(ref.kind, ref.namespace ?? namespace).find(
      (candidate) => candidate.metadata.name === ref.name,
    );
    if (!object) return false;
    if (ref.kind === 'NetworkAuthentication') {
      return (object.spec.networks ?? []).some(
        (network: any) =>
          inCidr(client.ip, network.cidr) &&
          !(network.except ?? []).some((except: string) => inCidr(client.ip, except)),
      );
    }
    if (ref.kind === 'MeshTLSAuthentication') {
      if (!client.identity) return false;
      const identity = client.identity;
      const byName = (object.spec.identities ?? []).some(
        (pattern: string) =>
          pattern === '*' || pattern === identity || (pattern.startsWith('*.') && identity.endsWith(pattern.slice(1))),
      );
      const byRef = (object.spec.identityRefs ?? []).some(
        (account: any) =>
          account.kind === 'ServiceAccount' &&
          identity.startsWith(
            `${account.name}.${account.namespace ?? object.metadata.namespace}.serviceaccount.identity.`,
          ),
      );
      return byName || byRef;
    }
    return false;
  }

  private policyObjects(kind: string, namespace: string): K8sObject[] {
    return this.objects.filter(
      (object) =>
        object.apiVersion.startsWith('policy.linkerd.io/') &&
        object.kind === kind &&
        object.metadata.namespace === namespace,
    );
  }
}

/** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
export function selects(selector: any, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every((expression: any) => {
    const has = Object.hasOwn(labels, expression.key);
    switch (expression.operator) {
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'In':
        return has && expression.values.includes(labels[expression.key]);
      case 'NotIn':
        return !has || !expression.values.includes(labels[expression.key]);
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

function pathMatches(match: { type?: string; value?: string } | undefined, path: string): boolean {
  const value = match?.value ?? '/';
  if (match?.type === 'Exact') return path === value;
  if (match?.type === 'RegularExpression') return new RegExp(`^${value}$`).test(path);
  return path === value || path.startsWith(value.endsWith('/') ? value : `${value}/`) || value === '/';
}

/** Whether an IPv4 address is in a CIDR (IPv6 networks never contain one). */
export function inCidr(ip: string, cidr: string): boolean {
  const [network, bits] = cidr.split('/');
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(network) || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const toNumber = (address: string) => address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(network) / size);
}

/** An address inside the first IPv4 network of a list (a pod's address there). */
export function addressIn(networks: readonly string[]): string {
  const network = networks.find((candidate) => /^\d+\.\d+\.\d+\.\d+\//.test(candidate));
  if (!network) throw new Error(`no IPv4 network among ${networks.join(', ')}`);
  const parts = network.split('/')[0].split('.').map(Number);
  parts[3] += 7;
  return parts.join('.');
}
