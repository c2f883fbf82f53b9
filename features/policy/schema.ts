/**
 * The `policy` section of a cluster config: who may reach meshed pods when a namespace's default inbound
 * policy is stricter than `all-unauthenticated` (docs/policy.md "Inbound policy"). The schema lives here; the checks that
 * need the rest of the config (which namespaces are meshed) are `policyProblems`.
 */
import type { FieldProblem } from '../../lib/config/field-problem';
import { z } from 'zod';
import { TRACING_NAMESPACE, LINKERD_NAMESPACE, VIZ_NAMESPACE } from '../../lib/linkerd/names';
import type { TracingMode } from '../tracing/plan';
import { dnsLabel, dnsSubdomain } from '../../lib/config/fields';

/** A mesh identity: the ServiceAccount a meshed workload runs as. */
const identitySchema = z.strictObject({ serviceAccount: dnsSubdomain, namespace: dnsLabel });

/** An IPv4 or IPv6 network in CIDR notation. */
const cidr = z
  .string()
  .refine(isCidr, { message: 'must be a network in CIDR notation, e.g. "10.0.0.0/8" or "fd00::/8"' });

/** A caller: `<namespace>` (every ServiceAccount in it) or `<namespace>/<serviceAccount>`. */
const caller = z.string().refine(
  (value) => {
    const [namespace, serviceAccount, ...rest] = value.split('/');
    return (
      rest.length === 0 &&
      dnsLabel.safeParse(namespace).success &&
      (serviceAccount === undefined || dnsSubdomain.safeParse(serviceAccount).success)
    );
  },
  { message: 'must be a namespace ("ingress-nginx") or a ServiceAccount as namespace/name ("monitoring/grafana")' },
);

/** Ports of the proxy itself: a Server on one of them would take over the proxy's own port. */
export const PROXY_PORTS: Readonly<Record<string, string>> = {
  'linkerd-proxy': "the proxy's inbound port",
  'linkerd-admin': "the proxy's admin port (scrapes and probes are authorized by this project)",
  '4140': "the proxy's outbound port",
  '4143': "the proxy's inbound port",
  '4190': "the proxy's control port",
  '4191': "the proxy's admin port (scrapes and probes are authorized by this project)",
};

/**
 * A container port a Server can select: a number from 1 to 65535, or a port name as Kubernetes allows
 * in a pod spec (IANA_SVC_NAME: at most 15 lowercase letters, digits and "-", with a letter, no "--").
 */
const port = z.preprocess(
  // A quoted number (`ports: ['80']`) is the number: a port name has a letter, so "80" could never match one.
  (value) => (typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value),
  z.union([z.number(), z.string()]).superRefine((value, ctx) => {
    const text = String(value);
    const numeric = typeof value === 'number' || /^\d+$/.test(value);
    if (numeric) {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 1 || number > 65535) {
        ctx.addIssue({
          code: 'custom',
          input: value,
          message: 'is no port a Server can select: a port number is 1 to 65535',
        });
        return;
      }
    } else if (
      !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(text) ||
      text.length > 15 ||
      !/[a-z]/.test(text) ||
      text.includes('--')
    ) {
      ctx.addIssue({
        code: 'custom',
        input: value,
        message:
          'is no port name a Server can select: a container port name has at most 15 lowercase letters, digits and "-", at least one letter, and no "--" (e.g. "http"), or give the port number',
      });
      return;
    }
    if (Object.hasOwn(PROXY_PORTS, text)) {
      ctx.addIssue({ code: 'custom', input: value, message: `is ${PROXY_PORTS[text]}, not a port of your workloads` });
    }
  }),
);

/** One allow rule: who may call the namespace's meshed pods, on which ports. */
const allowRuleSchema = z.strictObject({
  /** Meshed namespaces (every ServiceAccount in them) or ServiceAccounts (`namespace/name`) that may call. */
  from: z.array(caller).min(1),
  /**
   * Container ports (names or numbers) the callers may reach; each gets a Server.
   * @default - every port of the namespace that has a Server (an AuthorizationPolicy on the Namespace)
   */
  ports: z.array(port).min(1).optional(),
});

export const policySchema = z
  .strictObject({
    /** Your own Prometheus (e.g. kube-prometheus-stack) that scrapes the proxies' `/metrics`. */
    prometheus: z
      .strictObject({
        /**
         * Whether it scrapes the proxies. Default: yes when monitoring.podMonitors.enabled or viz.prometheus.url
         * is set.
         */
        scrapes: z.boolean().optional(),
        /** Its mesh identity when it is meshed: scrapes are authorized for that ServiceAccount only. */
        identity: identitySchema.optional(),
        /** The networks an unmeshed Prometheus scrapes from. Default: the control plane's cluster networks. */
        networks: z.array(cidr).min(1).optional(),
      })
      .prefault({})
      .superRefine((prometheus, ctx) => {
        if (prometheus.identity && prometheus.networks) {
          ctx.addIssue({
            code: 'custom',
            path: ['networks'],
            input: prometheus.networks,
            message:
              'cannot be set together with policy.prometheus.identity: a meshed Prometheus is authorized by its identity, an unmeshed one by its networks',
          });
        }
      }),
    /** The Grafana that reads the bundled viz Prometheus (Linkerd's grafana/authzpolicy-grafana.yaml). */
    grafana: z
      .strictObject({
        /**
         * Its mesh identity. Default `{serviceAccount: grafana, namespace: grafana}` when viz.grafana.url is set.
         */
        identity: identitySchema.optional(),
      })
      .prefault({}),
    /** Per meshed namespace, who may call its pods, e.g. `media: [{from: [ingress-nginx], ports: [http]}]`. */
    allow: z.record(z.string(), z.array(allowRuleSchema).min(1)).default({}),
  })
  .prefault({});

export type PolicyConfig = z.output<typeof policySchema>;
export type AllowRule = z.output<typeof allowRuleSchema>;

/** What `policyProblems` needs of the rest of the config. */
export interface PolicyContext {
  readonly policy: PolicyConfig;
  /** The person's meshed namespaces. */
  readonly meshedNamespaces: readonly { readonly name: string }[];
  /** Namespaces of this project's own meshed workloads (viz, tracing), which may be callers too. */
  readonly systemMeshedNamespaces: readonly string[];
}

/**
 * The namespaces whose workloads this project meshes itself: the control plane, viz, and the tracing
 * collector's namespace when this project installs one (linkerd-jaeger, or Jaeger v2 with `backend: jaeger`).
 */
export function systemMeshedNamespaces(config: {
  readonly viz: { readonly enabled: boolean };
  /** How traces are collected (features/tracing/plan.ts): linkerd-jaeger and jaeger mesh a collector here. */
  readonly tracing: TracingMode;
}): string[] {
  const namespaces = [LINKERD_NAMESPACE];
  if (config.viz.enabled) namespaces.push(VIZ_NAMESPACE);
  if (config.tracing === 'linkerd-jaeger' || config.tracing === 'jaeger') namespaces.push(TRACING_NAMESPACE);
  return namespaces;
}

/** Rules that name a namespace that is not meshed, as callee or caller. */
export function policyProblems(context: PolicyContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const meshed = new Set(context.meshedNamespaces.map((namespace) => namespace.name));
  const callers = new Set([...meshed, ...context.systemMeshedNamespaces]);
  const listed = [...meshed].join(', ') || 'none';
  for (const [namespace, rules] of Object.entries(context.policy.allow)) {
    if (!meshed.has(namespace)) {
      problems.push({
        path: ['policy', 'allow', namespace],
        input: namespace,
        message: `is not a meshed namespace: policy only applies to meshed pods; add it to meshedNamespaces (meshed now: ${listed})`,
      });
    }
    rules.forEach((rule, index) => {
      rule.from.forEach((from, fromIndex) => {
        const callerNamespace = from.split('/')[0];
        if (!callers.has(callerNamespace)) {
          problems.push({
            path: ['policy', 'allow', namespace, index, 'from', fromIndex],
            input: from,
            message:
              `names namespace "${callerNamespace}", which is not meshed: an unmeshed caller has no mesh identity to authorize. ` +
              `Mesh it (meshedNamespaces), or allow it by network with your own NetworkAuthentication (docs/policy.md "Inbound policy"); meshed: ${[...callers].join(', ') || 'none'}`,
          });
        }
      });
    });
  }
  return problems;
}

export function isCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address))
    return bits <= 32 && address.split('.').every((part) => Number(part) <= 255);
  if (address.includes(':') && /^[0-9a-f:]+$/i.test(address) && (address.match(/::/g) ?? []).length <= 1) {
    const groups = address.split(':').filter((group) => group !== '');
    return bits <= 128 && groups.length <= 8 && groups.every((group) => group.length <= 4);
  }
  return false;
}
