/**
 * The inbound policy a cluster needs so that a strict default policy does not break the mesh: for each
 * namespace with meshed pods, which scrapes, probes, span exports and Grafana queries to authorize, and the
 * person's own allow rules. Data only; charts/policy-chart.ts turns it into Server, HTTPRoute,
 * AuthorizationPolicy, MeshTLSAuthentication and NetworkAuthentication objects (docs/policy.md "Inbound policy").
 */
import type { ClusterConfig } from '../cluster-config';
import { systemMeshedNamespaces } from './schema';
import type { ReleaseLine } from '../../lib/linkerd/catalog';
import type { TracingMode } from '../tracing/plan';
import { type SearchStorePlan, storeServiceAddresses } from '../tracing/search-store';

/** The ServiceAccount of Jaeger v2's pods (the Jaeger project's Helm chart, release `jaeger`) and its index cleaner. */
const JAEGER_SERVICE_ACCOUNT = 'jaeger';
import { TRACING_NAMESPACE, VIZ_NAMESPACE } from '../../lib/linkerd/names';

/**
 * The Server version each channel's linkerd-crds serves and this project emits (features/policy/policy.test.ts checks
 * every line's own CRDs): edge lines serve `v1beta3` (with `accessPolicy`, so a Server can audit);
 * stable-2.14 serves `v1beta1` at most. HTTPRoute `v1beta3` and the `v1alpha1` AuthorizationPolicy,
 * MeshTLSAuthentication and NetworkAuthentication are served by every line.
 */
const SERVER_API_VERSION: Readonly<Record<'stable' | 'edge', 'v1beta1' | 'v1beta3'>> = {
  stable: 'v1beta1',
  edge: 'v1beta3',
};

/**
 * The container port name that the control-plane Helm chart's `linkerd-controller` PodMonitor keeps on the
 * extensions' pods (linkerd-viz, linkerd-jaeger), by channel: 2.14 keeps `admin-http`, which every viz and
 * linkerd-jaeger component has; edge keeps names ending in `-admin`, and the extensions' are `admin`, so it
 * scrapes none of them there (features/policy/authorization.test.ts and the render joins read the PodMonitor).
 */
const CONTROLLER_SCRAPE_PORT: Readonly<Record<'stable' | 'edge', string | undefined>> = {
  stable: 'admin-http',
  edge: undefined,
};

/** Policies under which a request passes without any authorization object. */
const OPEN_POLICIES = new Set(['all-unauthenticated']);
/** Policies under which a meshed, in-cluster client (an identity) is not let through by the default alone. */
const MESHED_CLIENTS_NEED_AUTHORIZATION = new Set(['deny', 'audit']);

/** Viz's bundled Prometheus, as `linkerd viz allow-scrapes` authorizes it. */
export const VIZ_PROMETHEUS_IDENTITY = { serviceAccount: 'prometheus', namespace: VIZ_NAMESPACE } as const;
/** The Grafana identity Linkerd's grafana/authzpolicy-grafana.yaml authorizes, the default here. */
export const DEFAULT_GRAFANA_IDENTITY = { serviceAccount: 'grafana', namespace: 'grafana' } as const;
/** The Server viz's Helm chart renders for its Prometheus (port `admin`), which Grafana queries. */
export const VIZ_PROMETHEUS_SERVER = 'prometheus-admin';
/** The proxy's admin port name in every injected pod, its metrics path and its probe paths. */
export const PROXY_ADMIN = { port: 'linkerd-admin', metricsPath: '/metrics', probePaths: ['/live', '/ready'] } as const;
/** The pods of Jaeger v2 (the Jaeger project's Helm chart, release `jaeger`) and its OTLP gRPC port. */
const JAEGER_V2_COLLECTOR = {
  podLabels: { 'app.kubernetes.io/name': 'jaeger', 'app.kubernetes.io/instance': 'jaeger' },
  port: 4317,
  queryPort: 16686,
} as const;
/** Viz's dashboard, which proxies `/jaeger/` to the Jaeger UI (viz's `jaegerUrl`). */
export const VIZ_WEB_IDENTITY = { serviceAccount: 'web', namespace: VIZ_NAMESPACE } as const;
/** Every meshed pod: the proxy injector labels each with the control plane's namespace. */
export const MESHED_PODS = { matchExpressions: [{ key: 'linkerd.io/control-plane-ns', operator: 'Exists' as const }] };

export interface Identity {
  readonly serviceAccount: string;
  readonly namespace: string;
}

/** Who scrapes the proxies' `/metrics`. */
export type Scraper =
  | { readonly name: string; readonly identity: Identity }
  | { readonly name: string; readonly networks: readonly string[] };

/** One of the person's allow rules, resolved. */
export interface AllowRulePlan {
  /** Names its objects: `allow-<n>`, n counting the namespace's rules from 1. */
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly serviceAccounts: readonly { readonly name: string; readonly namespace: string }[];
  /** The ports (each a Server), or undefined for every Server of the namespace. */
  readonly ports?: readonly (string | number)[];
}

/** The policy objects of one namespace. */
export interface NamespacePolicyPlan {
  readonly namespace: string;
  /** Its default inbound policy: the namespace's own, else the cluster's. */
  readonly defaultPolicy: string;
  /** Servers here audit (`accessPolicy: audit`) rather than deny what no authorization allows. */
  readonly audit: boolean;
  /** Authorize scrapes of the proxies' admin port (and the probes, which its routes would shut out). */
  readonly proxyAdmin?: { readonly scrapers: readonly Scraper[] };
  /**
   * Authorize your Prometheus's PodMonitor scrapes of the extension components' own admin port (2.14): a
   * Server on it (without routes, so Linkerd still authorizes the probes) and, for viz's Prometheus pod,
   * whose port the viz Helm chart's Server `prometheus-admin` already covers, an authorization on that Server.
   */
  readonly componentAdmin?: {
    readonly port: string;
    readonly scrapers: readonly Scraper[];
    readonly vizPrometheusServer: boolean;
  };
  /** Authorize every meshed workload to send OTLP to the collector's port here, and nothing else on it. */
  readonly otlpCollector?: {
    readonly podSelector: {
      readonly matchLabels?: Readonly<Record<string, string>>;
      readonly matchExpressions?: typeof MESHED_PODS.matchExpressions;
    };
    readonly port: number;
  };
  /** Authorize viz's dashboard on the Jaeger UI here (the dashboard's Jaeger links). */
  readonly jaegerQuery?: {
    readonly podSelector: { readonly matchLabels: Readonly<Record<string, string>> };
    readonly port: number;
    readonly client: Identity;
  };
  /** Authorize this Grafana on viz's Prometheus Server. */
  readonly grafana?: Identity;
  /** The person's allow rules for this namespace. */
  readonly rules: readonly AllowRulePlan[];
}

export interface PolicyPlan {
  readonly serverApiVersion: 'v1beta1' | 'v1beta3';
  /** The trust domain of mesh identities (the control plane's default; this project does not change it). */
  readonly trustDomain: string;
  /** Namespaces with at least one policy object, sorted by name. */
  readonly namespaces: readonly NamespacePolicyPlan[];
}

/** What the policy plan needs of the cluster's plan. */
export interface PolicyPlanInput {
  readonly config: ClusterConfig;
  readonly line: Pick<ReleaseLine, 'channel' | 'clusterNetworks' | 'helmChartVersions'>;
  /** How traces are collected (ClusterPlan.tracing). */
  readonly tracing: TracingMode;
  /** The default inbound policy of each namespace the person meshes (features/core/basis.ts). */
  readonly inboundPolicies: ReadonlyMap<string, string>;
  /** The search cluster Jaeger writes to (ConfigBasis.searchStore). */
  readonly searchStore?: SearchStorePlan;
}

export function planPolicy(input: PolicyPlanInput): PolicyPlan {
  const { config, line, tracing } = input;
  const clusterDefault = config.proxy.defaultInboundPolicy;
  const ownPolicy = input.inboundPolicies;
  const policyOf = (namespace: string) => ownPolicy.get(namespace) ?? clusterDefault;

  // Every namespace with meshed pods: the person's, and viz's and the collector's (the control plane's pods
  // are annotated all-unauthenticated by its Helm chart).
  const meshed = new Set([...ownPolicy.keys()]);
  for (const namespace of systemMeshedNamespaces({ viz: config.viz, tracing })) {
    if (namespace === VIZ_NAMESPACE || namespace === TRACING_NAMESPACE) meshed.add(namespace);
  }

  const scrapers = planScrapers(config, line);
  const byNamespace = new Map<string, { -readonly [key in keyof NamespacePolicyPlan]: NamespacePolicyPlan[key] }>();
  const entry = (namespace: string) => {
    let found = byNamespace.get(namespace);
    if (!found) {
      const defaultPolicy = policyOf(namespace);
      found = { namespace, defaultPolicy, audit: defaultPolicy === 'audit', rules: [] };
      byNamespace.set(namespace, found);
    }
    return found;
  };

  if (scrapers.length > 0) {
    for (const namespace of meshed) {
      if (!OPEN_POLICIES.has(policyOf(namespace))) entry(namespace).proxyAdmin = { scrapers };
    }
  }

  const ownPrometheus = scrapers.filter((scraper) => scraper.name === 'prometheus');
  const componentPort = CONTROLLER_SCRAPE_PORT[line.channel];
  if (componentPort && config.monitoring.podMonitors.enabled && ownPrometheus.length > 0) {
    for (const namespace of [VIZ_NAMESPACE, TRACING_NAMESPACE].filter((candidate) => meshed.has(candidate))) {
      if (!OPEN_POLICIES.has(policyOf(namespace))) {
        entry(namespace).componentAdmin = {
          port: componentPort,
          scrapers: ownPrometheus,
          vizPrometheusServer: namespace === VIZ_NAMESPACE && config.viz.enabled && !config.viz.prometheus.url,
        };
      }
    }
  }

  const collector = planCollector(config, tracing);
  if (collector && MESHED_CLIENTS_NEED_AUTHORIZATION.has(policyOf(collector.namespace))) {
    entry(collector.namespace).otlpCollector = { podSelector: collector.podSelector, port: collector.port };
  }

  // Jaeger v2's UI, which viz's dashboard proxies (linkerd-jaeger's Helm chart authorizes viz's web itself).
  if (
    tracing === 'jaeger' &&
    config.viz.enabled &&
    MESHED_CLIENTS_NEED_AUTHORIZATION.has(policyOf(TRACING_NAMESPACE))
  ) {
    entry(TRACING_NAMESPACE).jaegerQuery = {
      podSelector: { matchLabels: JAEGER_V2_COLLECTOR.podLabels },
      port: JAEGER_V2_COLLECTOR.queryPort,
      client: VIZ_WEB_IDENTITY,
    };
  }

  const usesBundledPrometheus = config.viz.enabled && !config.viz.prometheus.url;
  const grafana = config.policy.grafana.identity ?? (config.viz.grafana.url ? DEFAULT_GRAFANA_IDENTITY : undefined);
  if (usesBundledPrometheus && grafana) entry(VIZ_NAMESPACE).grafana = grafana;

  for (const [namespace, rules] of Object.entries(config.policy.allow)) {
    entry(namespace).rules = rules.map((rule, index) => ({
      name: `allow-${index + 1}`,
      namespaces: unique(rule.from.filter((from) => !from.includes('/'))),
      serviceAccounts: uniqueBy(
        rule.from
          .filter((from) => from.includes('/'))
          .map((from) => ({ namespace: from.split('/')[0], name: from.split('/')[1] })),
        (account) => `${account.namespace}/${account.name}`,
      ),
      ...(rule.ports && { ports: uniqueBy(rule.ports, String) }),
    }));
  }

  // Jaeger (and its index cleaner, which runs as Jaeger's ServiceAccount) on the port of a search cluster the
  // person runs meshed in a namespace on deny or audit: without it every span write would be refused.
  const store = input.searchStore;
  for (const { namespace, port } of store ? storeServiceAddresses(store) : []) {
    if (!ownPolicy.has(namespace) || !MESHED_CLIENTS_NEED_AUTHORIZATION.has(policyOf(namespace))) continue;
    const found = entry(namespace);
    found.rules = [
      ...found.rules,
      {
        name: 'jaeger-store',
        namespaces: [],
        serviceAccounts: [{ name: JAEGER_SERVICE_ACCOUNT, namespace: TRACING_NAMESPACE }],
        ports: [port],
      },
    ];
  }

  return {
    serverApiVersion: SERVER_API_VERSION[line.channel],
    trustDomain: 'cluster.local',
    namespaces: [...byNamespace.values()].sort((a, b) => a.namespace.localeCompare(b.namespace)),
  };
}

/** Who scrapes the proxies: viz's bundled Prometheus, and the person's own Prometheus. */
function planScrapers(config: ClusterConfig, line: Pick<ReleaseLine, 'clusterNetworks'>): Scraper[] {
  const scrapers: Scraper[] = [];
  if (config.viz.enabled && !config.viz.prometheus.url)
    scrapers.push({ name: 'viz-prometheus', identity: VIZ_PROMETHEUS_IDENTITY });
  const { prometheus } = config.policy;
  const ownScrapes =
    prometheus.scrapes ?? (config.monitoring.podMonitors.enabled || config.viz.prometheus.url !== undefined);
  if (ownScrapes) {
    scrapers.push(
      prometheus.identity
        ? { name: 'prometheus', identity: prometheus.identity }
        : { name: 'prometheus', networks: prometheus.networks ?? line.clusterNetworks },
    );
  }
  return scrapers;
}

/** Where the proxies send spans themselves, when this output sets that up. */
function planCollector(config: ClusterConfig, tracing: PolicyPlanInput['tracing']) {
  if (tracing === 'jaeger') {
    return {
      namespace: TRACING_NAMESPACE,
      podSelector: { matchLabels: JAEGER_V2_COLLECTOR.podLabels },
      port: JAEGER_V2_COLLECTOR.port,
    };
  }
  if (tracing === 'otlp' && config.tracing.collectorIdentity && config.tracing.otlpEndpoint) {
    // The person's collector: every meshed pod of its namespace, on the endpoint's port.
    const port = Number(config.tracing.otlpEndpoint.split(':').pop());
    return { namespace: config.tracing.collectorIdentity.namespace, podSelector: MESHED_PODS, port };
  }
  // linkerd-jaeger's Helm chart authorizes its collector's ports for every client itself.
  return undefined;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => !seen.has(key(value)) && seen.add(key(value)));
}
