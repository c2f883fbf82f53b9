/**
 * Traffic management for the person's own Services and egress control for their namespaces (docs/traffic.md):
 * which Gateway API routes, rate-limit Servers and policies, EgressNetworks and egress routes the traffic layer
 * holds, and which annotations the person's Services must carry (this project never emits their Services).
 * Data only; charts/traffic-chart.ts turns it into objects.
 */
import type { EgressNetworkProps } from '../../lib/constructs/egress-network';
import type { GatewayRouteProps, RouteMatch } from '../../lib/constructs/gateway-route';
import type { HttpLocalRateLimitPolicyProps } from '../../lib/constructs/http-local-rate-limit-policy';
import type { PolicyServerProps } from '../../lib/constructs/policy-server';
import type { ClusterConfig } from '../cluster-config';
import type { ReleaseLine } from '../../lib/linkerd/catalog';
import { gatewayApiOf, type RouteConfig, type ServiceTrafficConfig } from './schema';

/** A Service manifest of the person's, found in the repository (lib/input/namespace-manifests.ts). */
export interface ServiceManifest {
  /** The file, relative to the repository root. */
  readonly file: string;
  /** The 1-based line of its `metadata:`. */
  readonly line: number;
  readonly name: string;
  /** Its metadata.namespace; undefined when the file leaves it to kustomize (matched by name then). */
  readonly namespace?: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
  /** `None` for a headless Service. */
  readonly clusterIP?: string;
}

/** A ServiceProfile in the repository: Linkerd then ignores the Service's retry, timeout and circuit-breaking settings. */
export interface ServiceProfileManifest {
  readonly file: string;
  readonly line: number;
  /** `<service>.<namespace>.svc.cluster.local` */
  readonly name: string;
  readonly namespace?: string;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
}

/** What the scan of the repository found of the person's Services. */
export interface ServiceScan {
  readonly services: readonly ServiceManifest[];
  readonly serviceProfiles: readonly ServiceProfileManifest[];
}

/** The annotations one of the person's Services needs, and where it is declared. */
export interface ServiceAnnotationsPlan {
  readonly namespace: string;
  readonly service: string;
  /** `traffic.<namespace>.<service>`: the config field, for messages. */
  readonly field: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** Its manifest in the repository, when the scan found it. */
  readonly manifest?: ServiceManifest;
}

/** The person's Service as the joins see it: its selector and ports (from its manifest or the config). */
export interface ServiceShape {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
  /** Where it comes from, for messages: `media/jellyfin.yaml:3` or `clusters/home.yaml traffic.media.jellyfin.service`. */
  readonly source: string;
}

export interface NamespaceTrafficPlan {
  readonly namespace: string;
  readonly routes: readonly GatewayRouteProps[];
  readonly rateLimits: readonly {
    readonly server: PolicyServerProps;
    readonly policy: HttpLocalRateLimitPolicyProps;
  }[];
  readonly egressNetworks: readonly EgressNetworkProps[];
}

export interface TrafficPlan {
  /** The Gateway API release and channel the routes are written for. */
  readonly gatewayApi?: { readonly version: string; readonly channel: 'standard' | 'experimental' };
  /** Namespaces with objects in the traffic layer, sorted. */
  readonly namespaces: readonly NamespaceTrafficPlan[];
  /** Annotations the person's Services must carry. */
  readonly serviceAnnotations: readonly ServiceAnnotationsPlan[];
  /** The person's Services the routes and rate limits are for. */
  readonly services: readonly ServiceShape[];
  /** Problems found against the repository (synthesis stops). */
  readonly problems: readonly string[];
  /** `warning: ...` lines: annotations missing from a manifest, ServiceProfiles that override them. */
  readonly warnings: readonly string[];
}

export interface TrafficPlanInput {
  readonly config: ClusterConfig;
  readonly line: Pick<ReleaseLine, 'name' | 'gatewayApi'>;
  readonly file: string;
  /** The default inbound policy of each meshed namespace of the person's (features/core/basis.ts). */
  readonly inboundPolicies: ReadonlyMap<string, string>;
  /** The person's Services in the repository, when it was scanned. */
  readonly scan?: ServiceScan;
}

/** Retry annotations (linkerd2 parse_http_retry / parse_grpc_retry): comma-separated, no spaces. */
export function retryAnnotations(retries: ServiceTrafficConfig['retries']): Record<string, string> {
  if (!retries) return {};
  return {
    ...(retries.http && { 'retry.linkerd.io/http': retries.http.join(',') }),
    ...(retries.grpc && { 'retry.linkerd.io/grpc': retries.grpc.join(',') }),
    ...(retries.limit !== undefined && { 'retry.linkerd.io/limit': String(retries.limit) }),
    ...(retries.timeout && { 'retry.linkerd.io/timeout': retries.timeout }),
  };
}

/** Timeout annotations (linkerd2 parse_timeouts). */
export function timeoutAnnotations(timeouts: ServiceTrafficConfig['timeouts']): Record<string, string> {
  if (!timeouts) return {};
  return {
    ...(timeouts.request && { 'timeout.linkerd.io/request': timeouts.request }),
    ...(timeouts.response && { 'timeout.linkerd.io/response': timeouts.response }),
    ...(timeouts.idle && { 'timeout.linkerd.io/idle': timeouts.idle }),
  };
}

/** Circuit-breaking annotations (linkerd2 parse_accrual_config, mode `consecutive`). */
export function circuitBreakingAnnotations(breaking: ServiceTrafficConfig['circuitBreaking']): Record<string, string> {
  if (!breaking) return {};
  const settings = breaking === true ? {} : breaking;
  const prefix = 'balancer.linkerd.io/failure-accrual-consecutive';
  return {
    'balancer.linkerd.io/failure-accrual': 'consecutive',
    ...(settings.maxFailures !== undefined && { [`${prefix}-max-failures`]: String(settings.maxFailures) }),
    ...(settings.minPenalty && { [`${prefix}-min-penalty`]: settings.minPenalty }),
    ...(settings.maxPenalty && { [`${prefix}-max-penalty`]: settings.maxPenalty }),
    ...(settings.jitterRatio !== undefined && { [`${prefix}-jitter-ratio`]: String(settings.jitterRatio) }),
  };
}

/** Every annotation name this project may set on a Service (the annotate command replaces exactly these). */
export const SERVICE_ANNOTATION_PREFIXES = ['retry.linkerd.io/', 'timeout.linkerd.io/', 'balancer.linkerd.io/'];

export function planTraffic(input: TrafficPlanInput): TrafficPlan {
  const { config, file } = input;
  const problems: string[] = [];
  const warnings: string[] = [];
  const gatewayApi = gatewayApiOf(config, input.line);
  const namespaces = new Map<
    string,
    {
      routes: GatewayRouteProps[];
      rateLimits: NamespaceTrafficPlan['rateLimits'][number][];
      egressNetworks: EgressNetworkProps[];
    }
  >();
  const entry = (namespace: string) => {
    let found = namespaces.get(namespace);
    if (!found) namespaces.set(namespace, (found = { routes: [], rateLimits: [], egressNetworks: [] }));
    return found;
  };
  const serviceAnnotations: ServiceAnnotationsPlan[] = [];
  const services: ServiceShape[] = [];

  for (const [namespace, byService] of Object.entries(config.traffic)) {
    for (const [service, settings] of Object.entries(byService)) {
      const field = `traffic.${namespace}.${service}`;
      const manifest = findService(input.scan, namespace, service);
      const shape: ServiceShape | undefined = settings.service
        ? {
            namespace,
            name: service,
            selector: settings.service.selector,
            ports: settings.service.ports,
            source: `${file} ${field}.service`,
          }
        : manifest?.selector
          ? {
              namespace,
              name: service,
              selector: manifest.selector,
              ports: manifest.ports,
              source: `${manifest.file}:${manifest.line}`,
            }
          : undefined;
      if (shape) services.push(shape);
      const needsShape = settings.rateLimit !== undefined || settings.routes !== undefined;
      if (needsShape && !shape) {
        problems.push(
          `${file}: ${field}: ${input.scan ? 'no manifest in the repository declares' : 'the repository was not scanned for'} the Service ${namespace}/${service} (with a selector); ` +
            `its routes and rate limit need its selector and ports: name them in ${field}.service, e.g. {selector: {app.kubernetes.io/name: ${service}}, ports: [{name: http, port: 8080}]}`,
        );
        continue;
      }
      if (manifest && settings.service) {
        warnings.push(
          `warning: ${file}: ${field}.service: ${manifest.file}:${manifest.line} declares the Service; its selector and ports are taken from here, check they match`,
        );
      }
      if (manifest?.clusterIP === 'None') {
        problems.push(
          `${file}: ${field}: ${manifest.file}:${manifest.line} declares a headless Service (clusterIP: None); its clients reach pods directly, so Linkerd applies no Service routes, retries, timeouts or circuit breaking to it`,
        );
        continue;
      }

      // Routes, per Service port: the person's, each with its settings (else the Service-wide ones), and a catch-all
      // with the Service-wide settings, since once a route is attached, requests no route matches get 404.
      const routedPorts = new Set<number>();
      const byPort = new Map<number, RouteConfig[]>();
      for (const [index, route] of (settings.routes ?? []).entries()) {
        const port = servicePort(shape!, route.port);
        if (typeof port === 'string') {
          problems.push(`${file}: ${field}.routes[${index}].port: ${port}`);
          continue;
        }
        byPort.set(port.port, [...(byPort.get(port.port) ?? []), route]);
      }
      const serviceWide = { ...retryAnnotations(settings.retries), ...timeoutAnnotations(settings.timeouts) };
      for (const [port, routes] of byPort) {
        routedPorts.add(port);
        const kind = routes[0].grpc ? 'GRPCRoute' : 'HTTPRoute';
        for (const route of routes) {
          const own = { ...retryAnnotations(route.retries), ...timeoutAnnotations(route.timeouts) };
          entry(namespace).routes.push({
            kind,
            name: `${service}-${route.name}`,
            namespace,
            parent: { kind: 'Service', name: service, port },
            matches: [routeMatch(route)],
            annotations: {
              // A route without retry (or timeout) annotations of its own takes the Service's; written out here so
              // the route does not depend on the Service's manifest being annotated yet.
              ...(route.retries ? {} : retryAnnotations(settings.retries)),
              ...(route.timeouts ? {} : timeoutAnnotations(settings.timeouts)),
              ...own,
            },
          });
        }
        entry(namespace).routes.push({
          kind,
          name: byPort.size > 1 ? `${service}-${port}` : service,
          namespace,
          parent: { kind: 'Service', name: service, port },
          ...(kind === 'HTTPRoute' && { matches: [{ path: { type: 'PathPrefix', value: '/' } }] }),
          annotations: serviceWide,
        });
      }

      // Rate limit: a Server of the Service's pods and port, admitting what the namespace's default admits.
      if (settings.rateLimit && shape) {
        const port = servicePort(shape, settings.rateLimit.port);
        if (typeof port === 'string') {
          problems.push(`${file}: ${field}.rateLimit.port: ${port}`);
        } else {
          const serverName = `${service}-rate-limit`;
          const accessPolicy = input.inboundPolicies.get(namespace) ?? config.proxy.defaultInboundPolicy;
          entry(namespace).rateLimits.push({
            server: {
              name: serverName,
              namespace,
              podSelector: { matchLabels: { ...shape.selector } },
              port: port.targetPort ?? port.port,
              accessPolicy: accessPolicy as PolicyServerProps['accessPolicy'],
              apiVersion: 'v1beta3',
            },
            policy: {
              name: service,
              namespace,
              serverName,
              ...(settings.rateLimit.total !== undefined && { total: settings.rateLimit.total }),
              ...(settings.rateLimit.identity !== undefined && { identity: settings.rateLimit.identity }),
              ...(settings.rateLimit.overrides && {
                overrides: settings.rateLimit.overrides.map((override) => ({
                  requestsPerSecond: override.requestsPerSecond,
                  serviceAccounts: override.from.map((from) => ({
                    namespace: from.split('/')[0],
                    name: from.split('/')[1],
                  })),
                })),
              }),
            },
          });
        }
      }

      // What only the Service can carry: circuit breaking, and the Service-wide retries and timeouts of ports no route serves.
      const unrouted = !shape || shape.ports.some((port) => !routedPorts.has(port.port));
      const annotations = {
        ...(unrouted ? serviceWide : {}),
        ...circuitBreakingAnnotations(settings.circuitBreaking),
      };
      if (Object.keys(annotations).length > 0) {
        serviceAnnotations.push({ namespace, service, field, annotations, ...(manifest && { manifest }) });
        warnings.push(
          ...annotationWarnings(
            file,
            field,
            namespace,
            service,
            annotations,
            manifest,
            input.scan !== undefined,
            settings.service !== undefined,
          ),
        );
      }
      const profile = input.scan?.serviceProfiles.find(
        (candidate) =>
          candidate.name === `${service}.${namespace}.svc.cluster.local` &&
          (candidate.namespace === undefined || candidate.namespace === namespace),
      );
      if (profile) {
        warnings.push(
          `warning: ${file}: ${field}: ${profile.file}:${profile.line} declares a ServiceProfile for ${namespace}/${service}; while it exists Linkerd's proxies follow it and ignore the Service's and its routes' retries, timeouts and circuit breaking: delete it (its routes' settings are in ${field} now)`,
        );
      }
    }
  }

  for (const [namespace, egress] of Object.entries(config.egress)) {
    const networks = entry(namespace).egressNetworks;
    // No networks: everything outside the cluster networks, so in-cluster traffic (the control plane, Prometheus,
    // collectors) never meets it.
    networks.push({ name: 'egress', namespace, trafficPolicy: egress.trafficPolicy });
    if (egress.allow?.networks) {
      networks.push({
        name: 'egress-allowed',
        namespace,
        trafficPolicy: 'Allow',
        networks: egress.allow.networks.map((network) => (typeof network === 'string' ? { cidr: network } : network)),
      });
    }
    for (const host of egress.allow?.hosts ?? []) {
      entry(namespace).routes.push({
        kind: host.protocol === 'tls' ? 'TLSRoute' : 'HTTPRoute',
        name: `egress-${host.host.replaceAll('.', '-')}-${host.port}`.slice(0, 63).replace(/-+$/, ''),
        namespace,
        parent: { kind: 'EgressNetwork', name: 'egress', port: host.port },
        hostnames: [host.host],
      });
    }
  }

  return {
    ...(!('unknown' in gatewayApi) && { gatewayApi }),
    namespaces: [...namespaces.entries()]
      .map(([namespace, objects]) => ({ namespace, ...objects }))
      .sort((a, b) => a.namespace.localeCompare(b.namespace)),
    serviceAnnotations,
    services,
    problems,
    warnings,
  };
}

/** The Service's manifest in the scan: in its namespace, or without one (kustomize sets it) when only one has the name. */
function findService(scan: ServiceScan | undefined, namespace: string, name: string): ServiceManifest | undefined {
  if (!scan) return undefined;
  const named = scan.services.filter((service) => service.name === name);
  return (
    named.find((service) => service.namespace === namespace) ??
    (named.filter((service) => service.namespace === undefined).length === 1
      ? named.find((service) => service.namespace === undefined)
      : undefined)
  );
}

/** The Service port a route or limit names (number or name), its only port by default; or why there is none. */
function servicePort(shape: ServiceShape, wanted: number | string | undefined): ServicePort | string {
  const listed = shape.ports.map((port) => (port.name ? `${port.port} (${port.name})` : String(port.port))).join(', ');
  if (wanted === undefined) {
    if (shape.ports.length === 1) return shape.ports[0];
    return `the Service ${shape.namespace}/${shape.name} [${shape.source}] has several ports (${listed}): say which`;
  }
  const port = shape.ports.find((candidate) => candidate.port === wanted || candidate.name === wanted);
  return (
    port ??
    `${JSON.stringify(wanted)} is no port of the Service ${shape.namespace}/${shape.name} [${shape.source}]; it has ${listed}`
  );
}

function routeMatch(route: RouteConfig): RouteMatch {
  if (route.grpc) return { grpc: { ...route.grpc } };
  const http = route.http!;
  return {
    ...(http.pathPrefix !== undefined && { path: { type: 'PathPrefix' as const, value: http.pathPrefix } }),
    ...(http.path !== undefined && { path: { type: 'Exact' as const, value: http.path } }),
    ...(http.method && { method: http.method }),
  };
}

/** Warnings while the Service's manifest lacks (or contradicts) what it must carry, or when it is not in the repository. */
function annotationWarnings(
  file: string,
  field: string,
  namespace: string,
  service: string,
  annotations: Readonly<Record<string, string>>,
  manifest: ServiceManifest | undefined,
  scanned: boolean,
  declaredHere: boolean,
): string[] {
  const wanted = Object.entries(annotations)
    .map(([key, value]) => `${key}: "${value}"`)
    .join(', ');
  if (!manifest && declaredHere) {
    return [
      `warning: ${file}: ${field}: the Service ${namespace}/${service} is not in the repository (${field}.service describes it); ` +
        `Linkerd applies these settings only once it carries the annotations ${wanted}: set them where it is made (a Helm chart's values, e.g. service.annotations)`,
    ];
  }
  if (!manifest) {
    return [
      `warning: ${file}: ${field}: ${scanned ? 'no manifest in the repository declares' : 'could not look for'} the Service ${namespace}/${service}; ` +
        `Linkerd applies these settings only once it carries the annotations ${wanted} (for a Helm chart's Service, set them in its values, e.g. service.annotations)`,
    ];
  }
  const missing = Object.entries(annotations).filter(([key, value]) => manifest.annotations[key] !== value);
  const stale = Object.keys(manifest.annotations).filter(
    (key) => SERVICE_ANNOTATION_PREFIXES.some((prefix) => key.startsWith(prefix)) && !(key in annotations),
  );
  if (missing.length === 0 && stale.length === 0) return [];
  return [
    `warning: ${file}: ${field}: ${manifest.file}:${manifest.line} declares the Service ${namespace}/${service} ` +
      `${missing.length > 0 ? `without ${missing.map(([key, value]) => `${key}: "${value}"`).join(', ')}` : ''}` +
      `${missing.length > 0 && stale.length > 0 ? ' and ' : ''}${stale.length > 0 ? `with ${stale.join(', ')}, which ${field} no longer sets` : ''}; ` +
      `npm run annotate-service -- ${file} ${namespace} ${service} sets them there (comments and line endings kept)`,
  ];
}
