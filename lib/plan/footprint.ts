/**
 * The mesh's footprint: the CPU and memory each control-plane and extension component requests and
 * may use, as we actually configure it (read back from the Helm values we emit, not from the
 * profile), its own proxies included, and the check against the config's `budget`.
 */
import type { MeshHelmChartName } from '../linkerd/catalog';
import { type Component, COMPONENTS, type ComponentGroup } from '../linkerd/components';
import { formatCpu, formatMemory, parseCpu, parseMemory } from '../config/quantity';
import type { ClusterBasis } from './plan';
import { helmChartValues, type HelmValues } from './helm-values';
import { valueAt } from '../common/value-path';
import { ELASTICSEARCH_NODE_SET } from '../constructs/elasticsearch';

/** A request and a limit in numbers: millicores for CPU, bytes for memory; undefined when unset. */
export interface Amounts {
  readonly cpuRequest?: number;
  readonly cpuLimit?: number;
  readonly memoryRequest?: number;
  readonly memoryLimit?: number;
}

/** One component as it will run. */
export interface ComponentFootprint {
  readonly component: Component;
  /** Pods of it: `controllerReplicas` / `<component>.replicas` from the emitted values, else 1. */
  readonly replicas: number;
  /** Its container's resources, per replica. */
  readonly resources: Amounts;
  /** The proxy in each of its pods, when this component's pod is meshed and it owns the proxy. */
  readonly proxy?: Amounts;
  /** What is missing: e.g. "no CPU limit" (an unset request or limit). */
  readonly flags: readonly string[];
}

/** Requests and limits summed. */
export interface Totals {
  readonly cpuRequest: number;
  readonly cpuLimit: number;
  readonly memoryRequest: number;
  readonly memoryLimit: number;
}

/** The whole footprint of one cluster. */
export interface Footprint {
  readonly cluster: string;
  readonly components: readonly ComponentFootprint[];
  /** Components not installed, and why (Helm chart not installed, or disabled by our values). */
  readonly skipped: ReadonlyArray<{ readonly component: Component; readonly reason: string }>;
  /** The proxy every meshed pod of the workloads gets (the control plane's `proxy.resources`). */
  readonly proxyPerMeshedPod: Amounts;
  /** By group, then all: containers × replicas plus their proxies × replicas; the heartbeat counted. */
  readonly totals: Readonly<Record<ComponentGroup | 'all', Totals>>;
  /** The config's budget of requests. */
  readonly budget: { readonly cpu: number; readonly memory: number };
  /**
   * What a provisioned trace store runs (ECK's operator and each Elasticsearch node), counted in the jaeger
   * group's totals and so in the budget.
   * @default - none: no store is provisioned
   */
  readonly storage?: readonly StorageFootprint[];
}

/** One workload of a provisioned trace store, not a Helm value of the mesh's own charts. */
export interface StorageFootprint {
  /** E.g. `elasticsearch`, `eck-operator`. */
  readonly name: string;
  /** E.g. `sts/traces-es-default`. */
  readonly workload: string;
  readonly replicas: number;
  readonly resources: Amounts;
}

const GROUPS: readonly ComponentGroup[] = ['controlPlane', 'viz', 'jaeger'];

/**
 * The footprint of the mesh `basis` plans, from the values its HelmReleases carry (`valuesOf`: helmChartValues by
 * default; the plan passes the values it computed, tests edited ones). ClusterPlan.footprint holds it.
 */
export function clusterFootprint(
  basis: ClusterBasis,
  valuesOf: (basis: ClusterBasis, helmChart: MeshHelmChartName) => HelmValues = helmChartValues,
): Footprint {
  const values = new Map<MeshHelmChartName, HelmValues>(
    basis.helmCharts.map((helmChart) => [helmChart, valuesOf(basis, helmChart)]),
  );
  const controlPlane = values.get('linkerd-control-plane') ?? {};
  const defaultProxy = amounts(valueAt(controlPlane, 'proxy.resources'));
  const components: ComponentFootprint[] = [];
  const skipped: Array<{ component: Component; reason: string }> = [];

  // Components of Helm charts the line does not offer (linkerd-jaeger's on a line with Jaeger v2, and back) are no news.
  const offered = (helmChart: MeshHelmChartName) =>
    helmChart === 'jaeger' ? basis.line.proxyTracing : basis.line.helmChartVersions[helmChart] !== undefined;
  for (const component of COMPONENTS.filter((candidate) => offered(candidate.helmChart))) {
    const helmChartValuesOf = values.get(component.helmChart);
    if (!helmChartValuesOf) {
      skipped.push({ component, reason: `${component.helmChart} is not installed` });
      continue;
    }
    // The component's own key in the Helm chart: `prometheus` of `prometheus.resources`; none for
    // control-plane values such as `destinationResources`.
    const prefix = component.valuesPath.includes('.') ? component.valuesPath.split('.')[0] : undefined;
    if (prefix && valueAt(helmChartValuesOf, `${prefix}.enabled`) === false) {
      skipped.push({ component, reason: `${prefix}.enabled: false` });
      continue;
    }
    const resources = amounts(valueAt(helmChartValuesOf, component.valuesPath), component.resourcesShape);
    const replicas = replicasOf(component, helmChartValuesOf, prefix);
    const ownProxy =
      component.group !== 'controlPlane' && prefix
        ? valueAt(helmChartValuesOf, `${prefix}.proxy.resources`)
        : undefined;
    const proxy = component.ownsProxy ? (ownProxy ? amounts(ownProxy) : defaultProxy) : undefined;
    components.push({
      component,
      replicas,
      resources,
      proxy,
      flags: [...missing(resources, ''), ...(proxy ? missing(proxy, 'proxy: ') : [])],
    });
  }

  const storage = storageFootprint(basis);
  const totals = Object.fromEntries(
    [...GROUPS, 'all' as const].map((group) => [
      group,
      add(
        sum(components.filter((entry) => group === 'all' || entry.component.group === group)),
        group === 'all' || group === 'jaeger' ? storage : [],
      ),
    ]),
  ) as Record<ComponentGroup | 'all', Totals>;
  const budget = { cpu: parseCpu(basis.config.budget.cpu)!, memory: parseMemory(basis.config.budget.memory)! };
  return {
    cluster: basis.name,
    components,
    skipped,
    proxyPerMeshedPod: defaultProxy,
    totals,
    budget,
    ...(storage.length > 0 && { storage }),
  };
}

/** ECK's operator and the Elasticsearch nodes, when the plan provisions the trace store (they run unmeshed). */
function storageFootprint(basis: ClusterBasis): StorageFootprint[] {
  const provisioned = basis.searchStore?.provisioned;
  if (!provisioned) return [];
  const { elasticsearch, operator } = provisioned;
  return [
    {
      name: 'eck-operator',
      workload: 'sts/elastic-operator',
      replicas: 1,
      resources: amounts(operator.values.resources, 'kubernetes'),
    },
    {
      name: 'elasticsearch',
      workload: `sts/${elasticsearch.name}-es-${ELASTICSEARCH_NODE_SET}`,
      replicas: elasticsearch.nodeCount,
      resources: amounts(elasticsearch.resources, 'kubernetes'),
    },
  ];
}

/** `totals` with the store's workloads added. */
function add(totals: Totals, storage: readonly StorageFootprint[]): Totals {
  const result = { ...totals };
  for (const { replicas, resources } of storage) {
    result.cpuRequest += replicas * (resources.cpuRequest ?? 0);
    result.cpuLimit += replicas * (resources.cpuLimit ?? 0);
    result.memoryRequest += replicas * (resources.memoryRequest ?? 0);
    result.memoryLimit += replicas * (resources.memoryLimit ?? 0);
  }
  return result;
}

/**
 * The budget problems of a footprint, as config problems: `file: budget.memory: the mesh requests
 * 2.7Gi, over the budget of 2.5Gi; ...`. Empty when within budget.
 */
export function budgetProblems(footprint: Footprint, file: string): string[] {
  const { all } = footprint.totals;
  const problems: string[] = [];
  const over = (kind: 'cpu' | 'memory', requested: number, budget: number, format: (value: number) => string) =>
    `${file}: budget.${kind}: the mesh requests ${format(requested)}${kind === 'cpu' ? ' CPU' : ''}, over the budget of ${format(budget)}; ` +
    (replicated(footprint).length > 0
      ? `${replicasNote(footprint, kind, format)}: raise budget.${kind} to at least ${format(requested)}, lower highAvailability.replicas, or lower resources.*`
      : `raise budget.${kind} or lower resources.*`) +
    ` (npm run footprint -- ${footprint.cluster} lists every request)`;
  if (all.cpuRequest > footprint.budget.cpu)
    problems.push(over('cpu', all.cpuRequest, footprint.budget.cpu, formatCpu));
  if (all.memoryRequest > footprint.budget.memory)
    problems.push(over('memory', all.memoryRequest, footprint.budget.memory, formatMemory));
  return problems;
}

/** The components that run more than one replica (highAvailability). */
function replicated(footprint: Footprint): readonly ComponentFootprint[] {
  return footprint.components.filter((entry) => entry.replicas > 1);
}

/** `highAvailability runs 3 replicas of destination, identity, ... (each replica of them all: 400m)`. */
function replicasNote(footprint: Footprint, kind: 'cpu' | 'memory', format: (value: number) => string): string {
  const entries = replicated(footprint);
  const counts = [...new Set(entries.map((entry) => entry.replicas))].join(' or ');
  const perReplica = sum(entries.map((entry) => ({ ...entry, replicas: 1 })));
  const each = kind === 'cpu' ? perReplica.cpuRequest : perReplica.memoryRequest;
  return `highAvailability runs ${counts} replicas of ${entries.map((entry) => entry.component.key).join(', ')} (one replica of each, proxies included, requests ${format(each)})`;
}

/** One line for the end of `npm run synth`. */
export function footprintSummary(footprint: Footprint): string {
  const { all } = footprint.totals;
  const proxy = footprint.proxyPerMeshedPod;
  return (
    `${footprint.cluster}: mesh requests ${formatCpu(all.cpuRequest)} CPU / ${formatMemory(all.memoryRequest)} ` +
    `(budget ${formatCpu(footprint.budget.cpu)} / ${formatMemory(footprint.budget.memory)}), limits ${formatCpu(all.cpuLimit)} / ${formatMemory(all.memoryLimit)}; ` +
    `+ ${cpu(proxy.cpuRequest)} / ${memory(proxy.memoryRequest)} requested per meshed pod`
  );
}

/** The footprint as a table for people (`npm run footprint -- <cluster>`). */
export function formatFootprint(footprint: Footprint): string {
  const header = [
    'component',
    'workload',
    'pods',
    'cpu req',
    'cpu lim',
    'mem req',
    'mem lim',
    'proxy cpu req/lim',
    'proxy mem req/lim',
    'flags',
  ];
  const rows: string[][] = footprint.components.map(({ component, replicas, resources, proxy, flags }) => [
    `${component.group}.${component.key}`,
    component.workload,
    component.alwaysRunning ? String(replicas) : `${replicas} (CronJob)`,
    cpu(resources.cpuRequest),
    cpu(resources.cpuLimit),
    memory(resources.memoryRequest),
    memory(resources.memoryLimit),
    proxy ? `${cpu(proxy.cpuRequest)}/${cpu(proxy.cpuLimit)}` : '–',
    proxy ? `${memory(proxy.memoryRequest)}/${memory(proxy.memoryLimit)}` : '–',
    flags.length ? `⚠ ${flags.join(', ')}` : '',
  ]);
  const proxy = footprint.proxyPerMeshedPod;
  rows.push([
    'data-plane proxy',
    'per meshed pod of your workloads',
    'each',
    cpu(proxy.cpuRequest),
    cpu(proxy.cpuLimit),
    memory(proxy.memoryRequest),
    memory(proxy.memoryLimit),
    '',
    '',
    missing(proxy, '').length ? `⚠ ${missing(proxy, '').join(', ')}` : '',
  ]);
  const totalRow = (label: string, totals: Totals) => [
    label,
    '',
    '',
    formatCpu(totals.cpuRequest),
    formatCpu(totals.cpuLimit),
    formatMemory(totals.memoryRequest),
    formatMemory(totals.memoryLimit),
    '',
    '',
    '',
  ];
  rows.push(totalRow('total control plane', footprint.totals.controlPlane));
  if (footprint.components.some((entry) => entry.component.group === 'viz'))
    rows.push(totalRow('total viz', footprint.totals.viz));
  if (footprint.components.some((entry) => entry.component.group === 'jaeger'))
    rows.push(totalRow('total jaeger', footprint.totals.jaeger));
  rows.push(totalRow('TOTAL', footprint.totals.all));

  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const { all } = footprint.totals;
  const within = (used: number, budget: number) => (used <= budget ? 'within budget' : 'OVER BUDGET');
  return [
    `Footprint of cluster ${footprint.cluster}: requests and limits as configured (Helm values we emit)`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.slice(0, footprint.components.length + 1).map(line),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.slice(footprint.components.length + 1).map(line),
    '',
    "Totals are per component: container × pods, plus its proxy × pods (sidecar containers share their pod's proxy).",
    ...(footprint.components.some((entry) => entry.flags.length > 0) || missing(proxy, '').length
      ? ['⚠ marks an unset request or limit: the totals leave it out, so they are lower bounds.']
      : []),
    'The heartbeat CronJob runs for seconds once a day; it is counted, because while it runs the scheduler must find its requests.',
    ...footprint.skipped.map(
      ({ component, reason }) => `Not running: ${component.group}.${component.key} (${reason}).`,
    ),
    ...(footprint.storage ?? []).map(
      ({ name, workload, replicas, resources }) =>
        `Trace store (unmeshed, in total jaeger): ${name} ${workload}, ${replicas} pod(s) of CPU ${cpu(resources.cpuRequest)}/${cpu(resources.cpuLimit)}, memory ${memory(resources.memoryRequest)}/${memory(resources.memoryLimit)} (request/limit).`,
    ),
    `Budget (requests): CPU ${formatCpu(all.cpuRequest)} of ${formatCpu(footprint.budget.cpu)} (${within(all.cpuRequest, footprint.budget.cpu)}), ` +
      `memory ${formatMemory(all.memoryRequest)} of ${formatMemory(footprint.budget.memory)} (${within(all.memoryRequest, footprint.budget.memory)}).`,
    `Each meshed pod of your workloads adds ${cpu(proxy.cpuRequest)} CPU / ${memory(proxy.memoryRequest)} of requests (not in the totals).`,
  ].join('\n');
}

function replicasOf(component: Component, values: HelmValues, prefix: string | undefined): number {
  if (!component.alwaysRunning) return 1; // a CronJob runs one pod at a time
  const path = component.group === 'controlPlane' ? 'controllerReplicas' : `${prefix}.replicas`;
  const replicas = valueAt(values, path);
  return typeof replicas === 'number' ? replicas : 1; // the Helm charts' default
}

/** Linkerd's `{cpu: {request, limit}, memory: {request, limit}}` in numbers. */
function amounts(value: unknown, shape: 'linkerd' | 'kubernetes' = 'linkerd'): Amounts {
  const resources = (shape === 'kubernetes' ? fromKubernetesShape(value) : (value ?? {})) as {
    cpu?: { request?: unknown; limit?: unknown };
    memory?: { request?: unknown; limit?: unknown };
  };
  const parse = (quantity: unknown, parser: (text: string) => number | undefined) =>
    quantity === undefined || quantity === null ? undefined : parser(String(quantity));
  return {
    cpuRequest: parse(resources.cpu?.request, parseCpu),
    cpuLimit: parse(resources.cpu?.limit, parseCpu),
    memoryRequest: parse(resources.memory?.request, parseMemory),
    memoryLimit: parse(resources.memory?.limit, parseMemory),
  };
}

/** Kubernetes' `{requests: {cpu, memory}, limits: {...}}` in Linkerd's `{cpu: {request, limit}, memory: {...}}`. */
function fromKubernetesShape(value: unknown): unknown {
  const { requests = {}, limits = {} } = (value ?? {}) as {
    requests?: Record<string, unknown>;
    limits?: Record<string, unknown>;
  };
  return {
    cpu: { request: requests.cpu, limit: limits.cpu },
    memory: { request: requests.memory, limit: limits.memory },
  };
}

function missing(resources: Amounts, prefix: string): string[] {
  const flags: string[] = [];
  if (resources.cpuRequest === undefined) flags.push(`${prefix}no CPU request`);
  if (resources.cpuLimit === undefined) flags.push(`${prefix}no CPU limit`);
  if (resources.memoryRequest === undefined) flags.push(`${prefix}no memory request`);
  if (resources.memoryLimit === undefined) flags.push(`${prefix}no memory limit`);
  return flags;
}

function sum(entries: readonly ComponentFootprint[]): Totals {
  const totals = { cpuRequest: 0, cpuLimit: 0, memoryRequest: 0, memoryLimit: 0 };
  for (const { replicas, resources, proxy } of entries) {
    for (const part of proxy ? [resources, proxy] : [resources]) {
      totals.cpuRequest += replicas * (part.cpuRequest ?? 0);
      totals.cpuLimit += replicas * (part.cpuLimit ?? 0);
      totals.memoryRequest += replicas * (part.memoryRequest ?? 0);
      totals.memoryLimit += replicas * (part.memoryLimit ?? 0);
    }
  }
  return totals;
}

const cpu = (millicores: number | undefined) => (millicores === undefined ? '–' : formatCpu(millicores));
const memory = (bytes: number | undefined) => (bytes === undefined ? '–' : formatMemory(bytes));
