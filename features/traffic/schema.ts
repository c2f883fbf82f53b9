/**
 * The `traffic` and `egress` sections of a cluster config: retries, timeouts, circuit breaking, rate limits and
 * routes for the person's own Services, and what a namespace may reach outside the cluster (docs/traffic.md
 * "Traffic management"). The schema lives here; the checks that need the rest of the config (the release line,
 * the meshed namespaces, the Gateway API version, the policy rules) are `trafficProblems`.
 *
 * Every value is checked as Linkerd's policy controller parses it (linkerd2 policy-controller/k8s/index/src/
 * outbound/index.rs and index/{http,grpc}.rs at the release tags): a value it would refuse never reaches the cluster.
 */
import type { FieldProblem } from '../../lib/config/field-problem';
import { z } from 'zod';
import { dnsLabel, dnsSubdomain } from '../../lib/config/fields';
import { compareVersions, inRange, majorOf } from '../../lib/linkerd/support-matrix';
import type { ReleaseLine } from '../../lib/linkerd/catalog';
import { LINKERD_NAMESPACE, TRACING_NAMESPACE, VIZ_NAMESPACE } from '../../lib/linkerd/names';
import { isCidr } from '../policy/schema';

/**
 * A duration as Linkerd's policy controller reads its annotations (`parse_duration`): a whole number and one
 * unit of ms, s, m, h or d. No fractions (refused since edge-26.x), no compound durations such as "1m30s".
 */
export const LINKERD_DURATION = /^[1-9]\d{0,8}(ms|s|m|h|d)$/;
const LINKERD_DURATION_FORMAT =
  'a whole number and one unit, ms, s, m, h or d (e.g. "10s", "500ms", "2m"): Linkerd reads no fractions ("1.5s") and no compound durations ("1m30s")';

export const linkerdDuration = z
  .string()
  .refine((value) => LINKERD_DURATION.test(value), { message: `must be ${LINKERD_DURATION_FORMAT}` });

/** Milliseconds of a {@link linkerdDuration}. */
export function durationMilliseconds(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!match) throw new Error(`"${value}" is not a Linkerd duration`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** HTTP status conditions Linkerd retries on (`retry.linkerd.io/http`): 5xx, gateway-error, a code or a range, 100 to 599. */
const HTTP_CONDITION_FORMAT =
  '"5xx", "gateway-error" (502-504), a status code such as "503" or a range such as "500-504", codes from 100 to 599';

export function httpConditionProblem(value: string): string | undefined {
  if (value === '5xx' || value === 'gateway-error') return undefined;
  const code = (text: string) =>
    /^\d{3}$/.test(text) && Number(text) >= 100 && Number(text) < 600 ? Number(text) : undefined;
  if (code(value) !== undefined) return undefined;
  const [from, to, ...rest] = value.split('-');
  if (rest.length === 0 && to !== undefined && code(from) !== undefined && code(to) !== undefined) {
    return code(from)! <= code(to)!
      ? undefined
      : `is a range whose first code is above its last: write "${to}-${from}"`;
  }
  return `is no HTTP retry condition: use ${HTTP_CONDITION_FORMAT}`;
}

const httpCondition = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().superRefine((value, ctx) => {
    const problem = httpConditionProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
  }),
);

/** The gRPC status codes Linkerd retries on (`retry.linkerd.io/grpc`; parse_grpc_retry). */
export const GRPC_RETRY_CODES = [
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
] as const;
const grpcCondition = z.enum(GRPC_RETRY_CODES, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is no gRPC status Linkerd retries on: use ${GRPC_RETRY_CODES.join(', ')}`,
});

/** Retries: which failures, how many times, how long each try may take. */
export const retriesSchema = z
  .strictObject({
    /** HTTP responses to retry, e.g. `[5xx]` or `[gateway-error, 429]`. */
    http: z.array(httpCondition).min(1).optional(),
    /** gRPC statuses to retry, e.g. `[unavailable, deadline-exceeded]`. */
    grpc: z.array(grpcCondition).min(1).optional(),
    /** Retries of one request at most (Linkerd's default: 1). */
    limit: z
      .number()
      .int({ message: 'must be a whole number of retries' })
      .min(1, { message: 'must be at least 1 (0 is "no limit set": leave retries out to retry nothing)' })
      .max(65535, { message: 'must be at most 65535 (Linkerd reads it as a 16-bit number)' })
      .optional(),
    /** How long one try may take before it is cancelled and retried. */
    timeout: linkerdDuration.optional(),
  })
  .superRefine((retries, ctx) => {
    if (!retries.http && !retries.grpc) {
      ctx.addIssue({
        code: 'custom',
        input: retries,
        message: 'says no failure to retry: give http (e.g. [5xx]) or grpc (e.g. [unavailable])',
      });
    }
  });

/** Timeouts of a request (Linkerd's `timeout.linkerd.io/*`). */
export const timeoutsSchema = z
  .strictObject({
    /** The whole request, retries included. */
    request: linkerdDuration.optional(),
    /** From the request's end to the response's end. */
    response: linkerdDuration.optional(),
    /** How long a request or response stream may stay idle. */
    idle: linkerdDuration.optional(),
  })
  .superRefine((timeouts, ctx) => {
    if (!timeouts.request && !timeouts.response && !timeouts.idle) {
      ctx.addIssue({ code: 'custom', input: timeouts, message: 'sets no timeout: give request, response or idle' });
    }
  });

/** Circuit breaking: stop sending to an endpoint after consecutive failures (`balancer.linkerd.io/failure-accrual: consecutive`). */
export const circuitBreakingSchema = z
  .strictObject({
    /** Consecutive failures that take an endpoint out (Linkerd's default: 7). */
    maxFailures: z
      .number()
      .int({ message: 'must be a whole number of failures' })
      .min(1, { message: 'must be at least 1' })
      .max(4294967295, { message: 'must be at most 4294967295 (a 32-bit number)' })
      .optional(),
    /** The first penalty, before an endpoint is tried again (Linkerd's default: 1s). */
    minPenalty: linkerdDuration.optional(),
    /** The longest penalty the backoff grows to (Linkerd's default: 1m). */
    maxPenalty: linkerdDuration.optional(),
    /** Random jitter of the penalty, from 0 to 100 (Linkerd's default: 0.5). */
    jitterRatio: z
      .number()
      .min(0, { message: 'must be 0 or more' })
      .max(100, { message: 'must be at most 100' })
      .optional(),
  })
  .superRefine((breaking, ctx) => {
    const min = durationMilliseconds(breaking.minPenalty ?? '1s');
    const max = durationMilliseconds(breaking.maxPenalty ?? '1m');
    if (
      (breaking.minPenalty === undefined || LINKERD_DURATION.test(breaking.minPenalty)) &&
      (breaking.maxPenalty === undefined || LINKERD_DURATION.test(breaking.maxPenalty)) &&
      min > max
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['minPenalty'],
        input: breaking.minPenalty ?? '1s',
        message: `is longer than maxPenalty (${breaking.maxPenalty ?? '1m, the default'}); Linkerd refuses the Service's annotations then`,
      });
    }
  });

/** A ServiceAccount as `namespace/name`. */
const serviceAccountRef = z.string().refine(
  (value) => {
    const [namespace, name, ...rest] = value.split('/');
    return (
      rest.length === 0 &&
      name !== undefined &&
      dnsLabel.safeParse(namespace).success &&
      dnsSubdomain.safeParse(name).success
    );
  },
  {
    message:
      'must be a ServiceAccount as namespace/name ("ingress-nginx/ingress-nginx"): a rate-limit override names clients by identity',
  },
);

const requestsPerSecond = z
  .number()
  .int({ message: 'must be a whole number of requests per second' })
  .min(1, { message: 'must be at least 1 (Linkerd refuses 0)' })
  .max(4294967295, { message: 'must be at most 4294967295' });

/** A local rate limit on the Service's pods (HTTPLocalRateLimitPolicy on a Server of its port). */
export const rateLimitSchema = z
  .strictObject({
    /** The Service port whose pods' requests are limited (its number or name); default: its only port. */
    port: z.union([z.number(), z.string()]).optional(),
    /** Requests per second each pod accepts in all. */
    total: requestsPerSecond.optional(),
    /** Requests per second each pod accepts from one client identity (at most total). */
    identity: requestsPerSecond.optional(),
    /** Limits of their own for some clients (at most total), e.g. `[{from: [ingress-nginx/ingress-nginx], requestsPerSecond: 50}]`. */
    overrides: z
      .array(
        z.strictObject({
          /** The clients, as `<namespace>/<service account>`. */
          from: z.array(serviceAccountRef).min(1),
          requestsPerSecond,
        }),
      )
      .min(1)
      .optional(),
  })
  .superRefine((limit, ctx) => {
    if (limit.total === undefined && limit.identity === undefined && !limit.overrides) {
      ctx.addIssue({ code: 'custom', input: limit, message: 'limits nothing: give total, identity or overrides' });
      return;
    }
    if (limit.total === undefined) return;
    if (limit.identity !== undefined && limit.identity > limit.total) {
      ctx.addIssue({
        code: 'custom',
        path: ['identity'],
        input: limit.identity,
        message: `is above total (${limit.total}); Linkerd refuses a per-identity limit above the total`,
      });
    }
    limit.overrides?.forEach((override, index) => {
      if (override.requestsPerSecond > limit.total!) {
        ctx.addIssue({
          code: 'custom',
          path: ['overrides', index, 'requestsPerSecond'],
          input: override.requestsPerSecond,
          message: `is above total (${limit.total}); Linkerd refuses an override above the total`,
        });
      }
    });
  });

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;

/** What an HTTP route matches: a path (prefix, or exact) and a method. */
const httpMatchSchema = z
  .strictObject({
    /** A path prefix such as `/api` (whole segments: `/api` matches `/api/items`, not `/apis`). */
    pathPrefix: z.string().optional(),
    /** An exact path such as `/health`. */
    path: z.string().optional(),
    /** An HTTP method. */
    method: z.enum(HTTP_METHODS, { error: () => `must be one of ${HTTP_METHODS.join(', ')} (upper case)` }).optional(),
  })
  .superRefine((match, ctx) => {
    if (match.pathPrefix !== undefined && match.path !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        input: match.path,
        message: 'cannot be set together with pathPrefix',
      });
    }
    for (const key of ['pathPrefix', 'path'] as const) {
      const value = match[key];
      if (value !== undefined && (!value.startsWith('/') || value.length > 1024)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: value,
          message: 'must be an absolute path ("/api"), at most 1024 characters',
        });
      }
    }
    if (match.pathPrefix === undefined && match.path === undefined && match.method === undefined) {
      ctx.addIssue({
        code: 'custom',
        input: match,
        message:
          'matches everything: give pathPrefix, path or method (requests no route matches get the Service-wide settings)',
      });
    }
  });

/** What a gRPC route matches: a service and a method, as the Gateway API's GRPCRoute writes them. */
const grpcMatchSchema = z
  .strictObject({
    /** The fully qualified gRPC service, e.g. `jellyfin.v1.Library`. */
    service: z
      .string()
      .refine((value) => /^[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*$/.test(value) && value.length <= 1024, {
        message: 'must be a gRPC service name such as "jellyfin.v1.Library" (letters, digits, "_" and ".")',
      })
      .optional(),
    /** The method, e.g. `GetItem`. */
    method: z
      .string()
      .refine((value) => /^[A-Za-z_][A-Za-z_0-9]*$/.test(value) && value.length <= 1024, {
        message: 'must be a gRPC method name such as "GetItem" (letters, digits and "_")',
      })
      .optional(),
  })
  .superRefine((match, ctx) => {
    if (match.service === undefined && match.method === undefined) {
      ctx.addIssue({ code: 'custom', input: match, message: 'matches everything: give service, method or both' });
    }
  });

/** One route of a Service: requests it matches get its own retries and timeouts, and metrics of their own. */
export const routeSchema = z
  .strictObject({
    /** Names the route object (`<service>-<name>`) and its metrics' `route_name`. */
    name: dnsLabel,
    /** The Service port (number or name) the route is for; default: the Service's only port. */
    port: z.union([z.number(), z.string()]).optional(),
    /** An HTTP route: what it matches. */
    http: httpMatchSchema.optional(),
    /** A gRPC route: what it matches. */
    grpc: grpcMatchSchema.optional(),
    /** This route's retries (as the Service's `retries`); the Service's otherwise. */
    retries: retriesSchema.optional(),
    /** This route's timeouts (as the Service's `timeouts`); the Service's otherwise. */
    timeouts: timeoutsSchema.optional(),
  })
  .superRefine((route, ctx) => {
    if ((route.http === undefined) === (route.grpc === undefined)) {
      ctx.addIssue({
        code: 'custom',
        input: route.name,
        message: 'needs exactly one of http (path, method) or grpc (service, method)',
      });
    }
    if (route.http && route.retries?.grpc) {
      ctx.addIssue({
        code: 'custom',
        path: ['retries', 'grpc'],
        input: route.retries.grpc,
        message: 'is for gRPC routes; an HTTP route retries on http statuses',
      });
    }
    if (route.grpc && route.retries?.http) {
      ctx.addIssue({
        code: 'custom',
        path: ['retries', 'http'],
        input: route.retries.http,
        message: 'is for HTTP routes; Linkerd does not read retry.linkerd.io/http on a GRPCRoute (use grpc statuses)',
      });
    }
  });

/** A Service port as its manifest declares it. */
const servicePortSchema = z.strictObject({
  /** The port's name. */
  name: dnsLabel.optional(),
  /** The port's number. */
  port: z.number().int().min(1).max(65535),
  /** The container port (number or name); default: the same number as port. */
  targetPort: z.union([z.number().int().min(1).max(65535), z.string()]).optional(),
});

/** The person's Service when no manifest in the repository declares it (a HelmRelease of theirs). */
const serviceShapeSchema = z.strictObject({
  /** Its `spec.selector`: the labels of its pods. */
  selector: z.record(z.string(), z.string()).refine((selector) => Object.keys(selector).length > 0, {
    message: 'must name at least one label: a Service without a selector has no pods to route to or limit',
  }),
  /** Its `spec.ports`. */
  ports: z.array(servicePortSchema).min(1),
});

/** Everything for one Service. */
export const serviceTrafficSchema = z.strictObject({
  /** Retries of every request to the Service no route of its own covers. */
  retries: retriesSchema.optional(),
  /** Timeouts of every request to the Service no route of its own covers. */
  timeouts: timeoutsSchema.optional(),
  /** Take failing endpoints out for a while (`true` for Linkerd's defaults, or the settings). */
  circuitBreaking: z.union([z.literal(true), circuitBreakingSchema]).optional(),
  /** Limit the requests each of the Service's pods accepts. */
  rateLimit: rateLimitSchema.optional(),
  /** Routes with their own matches, retries and timeouts. */
  routes: z.array(routeSchema).min(1).optional(),
  /** Its selector and ports, when no manifest in the repository declares it (a Helm chart's Service). */
  service: serviceShapeSchema.optional(),
});

/** `traffic.<namespace>.<service>`. */
export const trafficSchema = z.record(z.string(), z.record(z.string(), serviceTrafficSchema)).default({});

/** A network an EgressNetwork matches: a CIDR, or `{cidr, except}`. */
const cidrText = z.string().refine(isCidr, { message: 'must be a network in CIDR notation, e.g. "203.0.113.0/24"' });
const networkSchema = z.union([
  cidrText,
  z.strictObject({ cidr: cidrText, except: z.array(cidrText).min(1).optional() }),
]);

/** A host outside the cluster a Deny namespace may still reach. */
const egressHostSchema = z.strictObject({
  /** Its DNS name, e.g. `api.themoviedb.org`. */
  host: dnsSubdomain,
  /** Its port. */
  port: z.number().int().min(1).max(65535),
  /** `tls` (HTTPS: allowed by SNI, a TLSRoute, the experimental channel only) or `http` (plain HTTP, an HTTPRoute). */
  protocol: z.enum(['tls', 'http']).default('tls'),
});

/** `egress.<namespace>`: what its meshed pods may reach outside the cluster. */
export const namespaceEgressSchema = z.strictObject({
  /** `Deny`: nothing outside the cluster networks but what `allow` names; `Allow`: everything, seen in metrics. */
  trafficPolicy: z.enum(['Deny', 'Allow']).default('Deny'),
  /** What a Deny namespace may still reach. */
  allow: z
    .strictObject({
      /** Networks outside the cluster, e.g. `["203.0.113.0/24"]`. */
      networks: z.array(networkSchema).min(1).optional(),
      /** Hosts by name and port. */
      hosts: z.array(egressHostSchema).min(1).optional(),
    })
    .optional(),
});

/** Per meshed namespace, what its pods may reach outside the cluster (docs/traffic.md "Egress"). */
export const egressSchema = z.record(z.string(), namespaceEgressSchema).default({});

export type TrafficConfig = z.output<typeof trafficSchema>;
export type ServiceTrafficConfig = z.output<typeof serviceTrafficSchema>;
export type RouteConfig = z.output<typeof routeSchema>;
export type EgressConfig = z.output<typeof egressSchema>;
export type NamespaceEgressConfig = z.output<typeof namespaceEgressSchema>;

/** The Linkerd major from which each part works (linkerd.io "Retries", "Timeouts", "Rate limiting", "Egress"). */
export const SINCE: Readonly<
  Record<'retries' | 'timeouts' | 'routes' | 'circuitBreaking' | 'rateLimit' | 'egress', string>
> = {
  retries: '2.16',
  timeouts: '2.16',
  routes: '2.16',
  circuitBreaking: '2.13',
  rateLimit: '2.17',
  egress: '2.17',
};

/** Namespaces of the mesh itself: their own traffic must never be cut off from here. */
const SYSTEM_NAMESPACES = [LINKERD_NAMESPACE, VIZ_NAMESPACE, TRACING_NAMESPACE];

/** What `trafficProblems` needs of the rest of the config. */
export interface TrafficContext {
  readonly traffic: TrafficConfig;
  readonly egress: EgressConfig;
  readonly meshedNamespaces: readonly { readonly name: string }[];
  readonly line: Pick<ReleaseLine, 'name' | 'clusterNetworks'>;
  /** The Gateway API the cluster has (installed here, or named in gatewayApi), or why none is known. */
  readonly gatewayApi:
    | { readonly version: string; readonly channel: 'standard' | 'experimental' }
    | { readonly unknown: string };
  /** The ports each namespace's policy rules give a Server of every meshed pod (policy.allow with ports). */
  readonly policyPorts: ReadonlyMap<
    string,
    readonly { readonly port: string | number; readonly rule: number; readonly index: number }[]
  >;
}

/** Whether the line's major is `since` or later (stable-2.14 is 2.14). */
function lineHas(line: string, since: string): boolean {
  const major = majorOf(line);
  return major !== undefined && compareVersions(major.major, since) >= 0;
}

/** Problems of `traffic` and `egress` that need the rest of the config. */
export function trafficProblems(context: TrafficContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const meshed = new Set(context.meshedNamespaces.map((namespace) => namespace.name));
  const listed = [...meshed].join(', ') || 'none';
  const line = context.line.name;
  const lacks = (part: keyof typeof SINCE) =>
    lineHas(line, SINCE[part])
      ? undefined
      : `needs Linkerd ${SINCE[part]} or newer; releaseLine ${line} is Linkerd ${majorOf(line)?.major ?? 'of an unknown major'} (docs/upgrading.md "Release lines")`;

  for (const [namespace, services] of Object.entries(context.traffic)) {
    const base = ['traffic', namespace];
    if (!meshed.has(namespace)) {
      problems.push({
        path: base,
        input: namespace,
        message: `is not a meshed namespace: retries, timeouts and limits are the proxies' work; add it to meshedNamespaces (meshed now: ${listed})`,
      });
    }
    const policyPorts = context.policyPorts.get(namespace) ?? [];
    for (const [service, settings] of Object.entries(services)) {
      const at = [...base, service];
      if (!dnsLabel.safeParse(service).success) {
        problems.push({
          path: at,
          input: service,
          message: 'is no Service name: a Service is named by a DNS-1123 label',
        });
        continue;
      }
      for (const part of ['retries', 'timeouts', 'circuitBreaking', 'rateLimit', 'routes'] as const) {
        if (settings[part] === undefined) continue;
        const reason = lacks(part);
        if (reason) problems.push({ path: [...at, part], input: settings[part], message: reason });
      }
      if (settings.routes) {
        if ('unknown' in context.gatewayApi) {
          problems.push({
            path: [...at, 'routes'],
            input: settings.routes.map((route) => route.name),
            message: `are Gateway API routes, ${context.gatewayApi.unknown}`,
          });
        }
        const names = new Set<string>();
        settings.routes.forEach((route, index) => {
          if (names.has(route.name))
            problems.push({
              path: [...at, 'routes', index, 'name'],
              input: route.name,
              message: 'is the name of an earlier route of this Service',
            });
          names.add(route.name);
          if (`${service}-${route.name}`.length > 63)
            problems.push({
              path: [...at, 'routes', index, 'name'],
              input: route.name,
              message: `makes the route's name "${service}-${route.name}" longer than 63 characters`,
            });
        });
        const kinds = new Map<string, Set<string>>();
        for (const route of settings.routes) {
          const key = String(route.port ?? '');
          kinds.set(key, new Set([...(kinds.get(key) ?? []), route.http ? 'http' : 'grpc']));
        }
        for (const [port, found] of kinds) {
          if (found.size > 1)
            problems.push({
              path: [...at, 'routes'],
              input: settings.routes.map((route) => route.name),
              message: `mix HTTP and gRPC routes on ${port ? `port ${port}` : 'one port'}: where a GRPCRoute is attached Linkerd ignores the port's HTTPRoutes; give each port one kind`,
            });
        }
      }
      if (settings.rateLimit) {
        const limitPort = settings.rateLimit.port;
        for (const owned of policyPorts) {
          const matchesPort =
            limitPort === undefined ||
            String(owned.port) === String(limitPort) ||
            settings.service?.ports.some(
              (port) =>
                (String(port.port) === String(limitPort) || port.name === limitPort) &&
                String(port.targetPort ?? port.port) === String(owned.port),
            );
          if (!matchesPort) continue;
          problems.push({
            path: [...at, 'rateLimit'],
            input: limitPort ?? owned.port,
            message:
              `needs a Server of ${service}'s pods and port, but policy.allow.${namespace}[${owned.rule}].ports[${owned.index}] (${owned.port}) already gives that port a Server for every meshed pod of ${namespace}: two Servers on one pod and port are refused by Linkerd's webhook. ` +
              `Leave ports out of that rule (it then authorizes its callers on every Server of ${namespace}, the rate limit's too), or name another port`,
          });
        }
      }
    }
  }

  for (const [namespace, egress] of Object.entries(context.egress)) {
    const at = ['egress', namespace];
    const reason = lacks('egress');
    if (reason) problems.push({ path: at, input: egress, message: reason });
    if (SYSTEM_NAMESPACES.includes(namespace)) {
      problems.push({
        path: at,
        input: namespace,
        message: `is a namespace of the mesh itself (${SYSTEM_NAMESPACES.join(', ')}): its components reach your Prometheus, collectors and Grafana, and this project does not cut them off; set egress on your own namespaces`,
      });
    } else if (!meshed.has(namespace)) {
      problems.push({
        path: at,
        input: namespace,
        message: `is not a meshed namespace: egress policy is enforced by the proxies of its pods; add it to meshedNamespaces (meshed now: ${listed})`,
      });
    }
    if (egress.trafficPolicy === 'Allow' && egress.allow) {
      problems.push({
        path: [...at, 'allow'],
        input: egress.allow,
        message:
          'has no effect with trafficPolicy: Allow (everything outside the cluster is allowed); use trafficPolicy: Deny to allow only these',
      });
    }
    egress.allow?.networks?.forEach((network, index) => {
      const cidr = typeof network === 'string' ? network : network.cidr;
      const inside = context.line.clusterNetworks.filter((cluster) => cidrsOverlap(cidr, cluster));
      if (inside.length > 0) {
        problems.push({
          path: [...at, 'allow', 'networks', index],
          input: cidr,
          message: `overlaps the cluster networks (${inside.join(', ')}), which egress policy never covers (they stay reachable): name networks outside the cluster only`,
        });
      }
      if (typeof network !== 'string') {
        network.except?.forEach((except, exceptIndex) => {
          if (!cidrContains(network.cidr, except) || cidrContains(except, network.cidr))
            problems.push({
              path: [...at, 'allow', 'networks', index, 'except', exceptIndex],
              input: except,
              message: `must lie inside ${network.cidr} and be smaller than it (Linkerd's webhook refuses it otherwise)`,
            });
        });
      }
    });
    egress.allow?.hosts?.forEach((host, index) => {
      if (host.protocol === 'tls') {
        const gatewayApi = context.gatewayApi;
        if ('unknown' in gatewayApi || gatewayApi.channel !== 'experimental') {
          problems.push({
            path: [...at, 'allow', 'hosts', index],
            input: host.host,
            message: `is allowed by its TLS server name with a TLSRoute, which only the Gateway API's experimental channel has (${'unknown' in gatewayApi ? gatewayApi.unknown : `the cluster installs ${gatewayApi.version} ${gatewayApi.channel}`}): set gatewayApi.channel: experimental, or allow its network (allow.networks)`,
          });
        }
      } else if ('unknown' in context.gatewayApi) {
        problems.push({
          path: [...at, 'allow', 'hosts', index],
          input: host.host,
          message: `is allowed with a Gateway API HTTPRoute, ${context.gatewayApi.unknown}`,
        });
      }
    });
  }
  return problems;
}

/** The Gateway API a cluster has, for the routes: installed here, or named with gatewayApi.version when installed elsewhere. */
export function gatewayApiOf(
  config: {
    readonly gatewayApi: {
      readonly install: boolean;
      readonly channel: 'standard' | 'experimental';
      readonly version?: string;
    };
  },
  line: Pick<ReleaseLine, 'name' | 'gatewayApi'>,
): TrafficContext['gatewayApi'] {
  const range = line.gatewayApi;
  if (!range) return { unknown: `and releaseLine ${line.name} uses no upstream Gateway API CRDs` };
  if (config.gatewayApi.install) return { version: range.install, channel: config.gatewayApi.channel };
  if (!config.gatewayApi.version)
    return {
      unknown: `and with gatewayApi.install: false no Gateway API version is known: set gatewayApi.version to the one your cluster has (${line.name} supports ${range.min} to ${range.max ?? 'newer'})`,
    };
  if (!inRange(config.gatewayApi.version, range))
    return {
      unknown: `and gatewayApi.version ${config.gatewayApi.version} is outside what ${line.name} supports (${range.min} to ${range.max ?? 'newer'})`,
    };
  return { version: config.gatewayApi.version, channel: config.gatewayApi.channel };
}

function parseCidr(cidr: string): { bits: bigint; prefix: number; width: number } {
  const [address, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  if (address.includes(':')) {
    const [head, tail = ''] = address.split('::');
    const headGroups = head ? head.split(':') : [];
    const tailGroups = tail ? tail.split(':') : [];
    const groups = address.includes('::')
      ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
      : headGroups;
    return {
      bits: groups.reduce((sum, group) => (sum << 16n) | BigInt(Number.parseInt(group || '0', 16)), 0n),
      prefix,
      width: 128,
    };
  }
  return { bits: address.split('.').reduce((sum, part) => (sum << 8n) | BigInt(Number(part)), 0n), prefix, width: 32 };
}

/** Whether network `outer` contains network `inner` (same family). */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (a.width !== b.width || b.prefix < a.prefix) return false;
  const shift = BigInt(a.width - a.prefix);
  return a.bits >> shift === b.bits >> shift;
}

/** Whether two networks share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}
