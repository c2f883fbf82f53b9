/**
 * What the joins share: a join's result, and an index of a rendered cluster's objects (pods as the
 * cluster would run them, Services, namespaces) with the Kubernetes rules the joins need (label
 * selectors, Service → pods, named ports, injection).
 */
import type { ClusterObject, K8sObject, RenderedCluster } from '../../support/helm-render';

/** The joins, by number in issue 21. */
export const JOINS = {
  1: 'valid',
  2: 'mounts',
  3: 'webhook-ca',
  4: 'endpoints',
  5: 'ui-links',
  6: 'alerts',
  7: 'policy',
  8: 'secrets',
  9: 'traffic',
} as const;
export type JoinName = (typeof JOINS)[keyof typeof JOINS];

/** What one join found on one cluster. */
export interface JoinResult {
  readonly join: JoinName;
  /** How many things it checked (objects, references, links, ...). */
  readonly checked: number;
  /** Each broken join, naming both sides. */
  readonly failures: string[];
  /** What it could not check or found doubtful, without failing. */
  readonly warnings: string[];
}

/** Where an object comes from, for messages: `dist/x/mesh/jaeger.yaml` or `HelmRelease flux-system/jaeger`. */
export function origin(entry: ClusterObject): string {
  return entry.source.kind === 'dist'
    ? entry.source.file
    : `HelmRelease ${entry.source.release}${entry.source.template ? ` (${entry.source.template})` : ''}`;
}

/** `Kind namespace/name` of an object. */
export function describe(object: K8sObject): string {
  return `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
}

/** `Kind namespace/name` and where it comes from. */
export function named(entry: ClusterObject): string {
  return `${describe(entry.object)} [${origin(entry)}]`;
}

/** The proxy the injector adds to a meshed pod (a regular container, or an init container with native sidecars). */
export const PROXY_CONTAINER = 'linkerd-proxy';
/** The proxy's admin port (metrics, /live, /ready) and its inbound port, as the injector names them. */
export const PROXY_ADMIN_PORT = { name: 'linkerd-admin', containerPort: 4191 };
export const PROXY_INBOUND_PORT = { name: 'linkerd-proxy', containerPort: 4143 };

/** A pod as the cluster runs it: a workload's template, with the proxy the injector would add. */
export interface Pod {
  /** The workload that makes it. */
  readonly owner: ClusterObject;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** Containers and init containers, the injected proxy included. */
  readonly containers: ReadonlyArray<{
    readonly name: string;
    readonly init: boolean;
    readonly ports: ReadonlyArray<{ name?: string; containerPort: number; protocol?: string }>;
    readonly spec: any;
  }>;
  readonly volumes: readonly any[];
  /** Whether it runs a Linkerd proxy (rendered with one, or injected at admission). */
  readonly meshed: boolean;
  readonly spec: any;
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];

/** The pod template of a workload object, or undefined for other kinds. */
export function podTemplate(object: K8sObject): { metadata?: any; spec: any } | undefined {
  if (!WORKLOADS.includes(object.kind)) return undefined;
  if (object.kind === 'Pod') return { metadata: object.metadata, spec: object.spec };
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template;
  return object.spec?.template;
}

/** An index over one rendered cluster. */
export class ClusterIndex {
  public readonly pods: readonly Pod[];
  public readonly namespaces: ReadonlyMap<string, K8sObject>;
  /** Whether the control plane runs its proxies as native sidecars (init containers); injected ones are the same. */
  private readonly nativeSidecar: boolean;

  public constructor(public readonly cluster: RenderedCluster) {
    this.nativeSidecar = cluster.objects.some(({ object }) =>
      (podTemplate(object)?.spec?.initContainers ?? []).some((container: any) => container.name === PROXY_CONTAINER),
    );
    const namespaces = new Map<string, K8sObject>();
    for (const { object } of cluster.objects)
      if (object.kind === 'Namespace') namespaces.set(object.metadata.name, object);
    this.namespaces = namespaces;
    const rendered = cluster.objects.flatMap((entry) => {
      const template = podTemplate(entry.object);
      return template ? [this.pod(entry, template)] : [];
    });
    // A meshed namespace of the person's (declared here, its workloads theirs): one stand-in pod, which
    // the injector meshes like any pod they run there, so scrapes and alerts of their proxies are checked.
    const standIns = [...namespaces.values()]
      .filter((namespace) => !rendered.some((pod) => pod.namespace === namespace.metadata.name))
      .map((namespace) => {
        const owner: ClusterObject = {
          object: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'a-workload-of-yours', namespace: namespace.metadata.name },
          },
          source: { kind: 'dist', file: `meshed namespace ${namespace.metadata.name}` },
        };
        return this.pod(owner, {
          metadata: { labels: { app: 'a-workload-of-yours' } },
          spec: { containers: [{ name: 'app' }] },
        });
      })
      .filter((pod) => pod.meshed);
    this.pods = [...rendered, ...standIns];
  }

  /** Objects of `kind` (and namespace, when given). */
  public all(kind: string, namespace?: string): ClusterObject[] {
    return this.cluster.objects.filter(
      ({ object }) => object.kind === kind && (namespace === undefined || object.metadata.namespace === namespace),
    );
  }

  public find(kind: string, name: string, namespace?: string): ClusterObject | undefined {
    return this.cluster.objects.find(
      ({ object }) =>
        object.kind === kind &&
        object.metadata.name === name &&
        (namespace === undefined || object.metadata.namespace === namespace),
    );
  }

  /** The pods a Service's selector picks, in its namespace. */
  public podsOf(service: K8sObject): Pod[] {
    const selector = service.spec?.selector as Record<string, string> | undefined;
    if (!selector || Object.keys(selector).length === 0) return [];
    return this.pods.filter(
      (pod) => pod.namespace === service.metadata.namespace && matchesLabels(pod.labels, { matchLabels: selector }),
    );
  }

  /** A pod's container port a Service's targetPort means (by name or number). */
  public static containerPort(
    pod: Pod,
    targetPort: number | string,
  ): { container: string; port: { name?: string; containerPort: number } } | undefined {
    for (const container of pod.containers) {
      for (const port of container.ports) {
        if (typeof targetPort === 'number' ? port.containerPort === targetPort : port.name === targetPort)
          return { container: container.name, port };
      }
    }
    return undefined;
  }

  /** The pod `owner` runs from `template`, as the cluster would run it (injected where the injector meshes it). */
  public pod(owner: ClusterObject, template: { metadata?: any; spec: any }): Pod {
    const namespace = owner.object.metadata.namespace ?? 'default';
    const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
    const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
    const spec = template.spec ?? {};
    const containers = [
      ...(spec.initContainers ?? []).map((container: any) => ({
        name: container.name,
        init: true,
        ports: container.ports ?? [],
        spec: container,
      })),
      ...(spec.containers ?? []).map((container: any) => ({
        name: container.name,
        init: false,
        ports: container.ports ?? [],
        spec: container,
      })),
    ];
    let meshed = containers.some((container) => container.name === PROXY_CONTAINER);
    if (!meshed && this.injected(namespace, annotations)) {
      meshed = true;
      // What the proxy injector adds at admission: the proxy (as a native sidecar where the control plane
      // runs its own that way), and the labels the proxy PodMonitor maps.
      containers.push({
        name: PROXY_CONTAINER,
        init: this.nativeSidecar,
        ports: [PROXY_INBOUND_PORT, PROXY_ADMIN_PORT],
        spec: { name: PROXY_CONTAINER },
      });
      labels['linkerd.io/control-plane-ns'] = 'linkerd';
      labels['linkerd.io/workload-ns'] = namespace;
      const ownerKind = owner.object.kind.toLowerCase();
      labels[`linkerd.io/proxy-${ownerKind}`] = owner.object.metadata.name;
    }
    return {
      owner,
      namespace,
      labels,
      annotations,
      serviceAccount: spec.serviceAccountName ?? 'default',
      containers,
      volumes: spec.volumes ?? [],
      meshed,
      spec,
    };
  }

  /** Whether the injector meshes a pod: its own annotation, else its namespace's; never where webhooks are off. */
  private injected(namespace: string, annotations: Record<string, string>): boolean {
    const ns = this.namespaces.get(namespace);
    if (ns?.metadata.labels?.['config.linkerd.io/admission-webhooks'] === 'disabled') return false;
    const value = annotations['linkerd.io/inject'] ?? ns?.metadata.annotations?.['linkerd.io/inject'];
    return value === 'enabled' || value === 'ingress';
  }
}

/** A Kubernetes label selector ({matchLabels, matchExpressions}) against labels. */
export function matchesLabels(
  labels: Readonly<Record<string, string>>,
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
      }
    | undefined,
): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const value = labels[expression.key];
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * An in-cluster address: `host:port`, `scheme://host:port/path`; host `svc`, `svc.ns`, `svc.ns.svc` or
 * `svc.ns.svc.cluster.local`. Undefined for what is not one (an external name, no port).
 */
export function parseAddress(
  text: string,
  defaultNamespace: string,
): { service: string; namespace: string; port: number; path: string; scheme?: string } | undefined {
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d+))?(\/.*)?$/i.exec(text.trim());
  if (!match) return undefined;
  const [, scheme, host, portText, path] = match;
  const parts = host.split('.');
  const suffix = parts.slice(2).join('.');
  if (parts.length > 2 && suffix !== 'svc' && suffix !== 'svc.cluster.local') return undefined;
  const port = portText ? Number(portText) : scheme === 'http' ? 80 : scheme === 'https' ? 443 : undefined;
  if (port === undefined) return undefined;
  return { service: parts[0], namespace: parts[1] ?? defaultNamespace, port, path: path ?? '/', scheme };
}

/** Every string leaf of a value tree with its dotted path. */
export function leaves(value: unknown, prefix = ''): Array<{ path: string; value: unknown }> {
  // One array filled in a walk (not flatMap's array per node: the rendered CRDs alone have tens of thousands).
  const found: Array<{ path: string; value: unknown }> = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((child, index) => walk(child, `${path}[${index}]`));
    else if (node !== null && typeof node === 'object')
      for (const [key, child] of Object.entries(node)) walk(child, path ? `${path}.${key}` : key);
    else found.push({ path, value: node });
  };
  walk(value, prefix);
  return found;
}
