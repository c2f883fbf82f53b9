/**
 * Join 6: every series an alert reads is exposed by a rendered workload, kept by a rendered PodMonitor
 * or ServiceMonitor, and carries the labels the alert groups (`by`) and filters by.
 *
 * Which workload exposes which series is not in any manifest; {@link EXPORTERS} says it, each entry with
 * its source. Series of exporters the person runs (kube-state-metrics) are counted, not checked, except
 * that a Deployment a kube_deployment_* selector names must be rendered in the namespace it names.
 */
import { ROUTE_SERIES_LABELS } from '../../../lib/linkerd/route-metrics';
import { type ClusterIndex, type JoinResult, named, PROXY_ADMIN_PORT, PROXY_CONTAINER } from './model';
import { scrapeTargets, type Target } from './scrapes';

/** Where a series comes from: a container and port of a rendered pod, and the labels the series has itself. */
export interface Exporter {
  readonly series: RegExp;
  readonly container: RegExp;
  readonly port: RegExp;
  /** The series' own labels (before the scrape adds the target's). */
  readonly labels: readonly string[];
  readonly source: string;
}

export const EXPORTERS: readonly Exporter[] = [
  {
    series: /^certmanager_/,
    container: /^cert-manager-controller$/,
    port: /^http-metrics$/,
    labels: ['name', 'namespace', 'condition', 'issuer_name', 'issuer_kind', 'issuer_group'],
    source: "cert-manager's controller (pkg/metrics: certificate ready status, expiration and renewal timestamps)",
  },
  {
    series: /^proxy_inject_admission_/,
    container: /^proxy-injector$/,
    port: /(-admin|^admin-http)$/,
    labels: ['skip', 'reason', 'owner_kind', 'namespace', 'annotation_at'],
    source: "Linkerd's proxy injector admin server (controller/proxy-injector/metrics.go)",
  },
  {
    series: /^issuer_cert_ttl_seconds$/,
    container: /^identity$/,
    port: /(-admin|^admin-http)$/,
    labels: [],
    source:
      "Linkerd's identity controller admin server (controller/identity: the issuer certificate's remaining lifetime)",
  },
  {
    series: /^grpc_server_/,
    container: /^(identity|destination)$/,
    port: /(-admin|^admin-http)$/,
    labels: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'],
    source: "Linkerd's Go controllers (go-grpc-prometheus on their admin servers)",
  },
  {
    series:
      /^(request_total|response_total|response_latency_ms(_bucket|_sum|_count)?|tcp_[a-z_]+|inbound_[a-z_]+|outbound_[a-z_]+|(control_)?identity_cert_[a-z_]+|proxy_build_info|process_[a-z_]+)$/,
    container: new RegExp(`^${PROXY_CONTAINER}$`),
    port: new RegExp(`^${PROXY_ADMIN_PORT.name}$`),
    labels: [
      'direction',
      'authority',
      'target_addr',
      'tls',
      'server_id',
      'client_id',
      'classification',
      'status_code',
      'grpc_status',
      'error',
      'le',
      'srv_name',
      'srv_kind',
      'route_name',
      'authz_name',
      'authz_kind',
      'dst_namespace',
      'dst_deployment',
      'dst_service',
      'version',
      'git_sha',
      'profile',
      'vendor',
      // The outbound route series (outbound_http_route_*, outbound_grpc_route_*): parent, route, status labels.
      ...ROUTE_SERIES_LABELS,
    ],
    source:
      "the Linkerd proxy's admin server (/metrics on linkerd-admin; outbound_*_route_* per Gateway API route: lib/linkerd/route-metrics.ts)",
  },
];

/** Series of exporters the person runs beside the mesh: not rendered here, so not checked. */
export const EXTERNAL_SERIES: ReadonlyArray<{ series: RegExp; exporter: string }> = [
  { series: /^kube_/, exporter: 'kube-state-metrics (kube-prometheus-stack runs it)' },
  { series: /^apiserver_/, exporter: 'the Kubernetes API server (kube-prometheus-stack scrapes it as job apiserver)' },
  {
    series: /^gotk_resource_info$/,
    exporter: "kube-state-metrics with Flux's custom resource state configuration (docs/alerts.md)",
  },
];
/** Scrape jobs of the person's Prometheus setup, whose `up` series no rendered monitor makes. */
export const EXTERNAL_JOBS: ReadonlyArray<{ job: string; exporter: string }> = [
  { job: 'apiserver', exporter: "kube-prometheus-stack's API server ServiceMonitor" },
  { job: 'kube-state-metrics', exporter: "kube-prometheus-stack's kube-state-metrics" },
];

/** The metric names a selector can mean: its name, or the names its `__name__=~` regex spells out (optional groups both ways). */
function candidateNames(selector: Selector): string[] {
  const regex = selector.matchers.find((matcher) => matcher.label === '__name__' && matcher.op === '=~')?.value;
  if (!regex) return [selector.metric];
  const spelled = [regex.replace(/\([^()|]*\)\?/g, ''), regex.replace(/\(([^()|]*)\)\?/g, '$1'), ...regex.split('|')];
  return spelled.filter((name) => /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name) && new RegExp(`^(?:${regex})$`).test(name));
}

/** The labels Prometheus puts on every target's series (the scrape's own), which a series' own label of the same name loses to. */
const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod', 'container', 'endpoint', 'service'];

export function checkAlerts(index: ClusterIndex): JoinResult {
  const failures: string[] = [];
  const warnings: string[] = [];
  let checked = 0;
  const rules = index.all('PrometheusRule');
  if (rules.length === 0) return { join: 'alerts', checked, failures, warnings };
  const scraped = scrapeTargets(index);
  warnings.push(...scraped.warnings);
  for (const ruleObject of rules) {
    for (const group of (ruleObject.object.spec?.groups ?? []) as any[]) {
      for (const rule of (group.rules ?? []) as any[]) {
        if (!rule.alert) continue;
        const side = `alert ${rule.alert} [${named(ruleObject)}]`;
        for (const selector of selectors(String(rule.expr))) {
          checked += 1;
          const problem = selectorProblem(index, scraped.targets, selector);
          if (problem === 'external')
            warnings.push(`${side} reads ${selector.text}, from the person's own exporters: not checked`);
          else if (problem) failures.push(`${side} reads ${selector.text}: ${problem}`);
        }
      }
    }
  }
  return { join: 'alerts', checked, failures, warnings };
}

/** Why a selector can never match a scraped series, or undefined when it can. */
function selectorProblem(
  index: ClusterIndex,
  targets: readonly Target[],
  selector: Selector,
): string | 'external' | undefined {
  // A label the series must carry: grouped by (unless a label_replace around it makes it), or filtered by a
  // matcher that an absent label (the empty string) would fail.
  const wanted = [
    ...new Set([
      ...selector.matchers.filter((matcher) => !matches(matcher, '')).map((matcher) => matcher.label),
      ...selector.groupBy,
    ]),
  ].filter((label) => label !== '__name__' && !selector.created.includes(label));
  const job = selector.matchers.find((matcher) => matcher.label === 'job' && matcher.op === '=')?.value;
  if (selector.metric === 'up' && job && EXTERNAL_JOBS.some((entry) => entry.job === job)) return 'external';
  if (selector.metric === 'up') {
    const matching = targets.filter((target) =>
      selector.matchers.every((matcher) => matches(matcher, target.labels[matcher.label])),
    );
    if (matching.length === 0)
      return `no target that a rendered PodMonitor or ServiceMonitor keeps has labels matching ${selector.matchersText || 'it'} (targets' jobs: ${[...new Set(targets.map((target) => target.labels.job))].join(', ') || 'none'})`;
    return undefined;
  }
  const names = candidateNames(selector);
  if (names.some((name) => EXTERNAL_SERIES.some((entry) => entry.series.test(name))))
    return watchedDeploymentProblem(index, selector) ?? 'external';
  const exporter = EXPORTERS.find((entry) => names.some((name) => entry.series.test(name)));
  if (!exporter)
    return `no exporter of the mesh is known to expose ${selector.metric} (test/render/joins/alerts.ts EXPORTERS lists them)`;
  const exposing = index.pods.flatMap((pod) =>
    pod.containers
      .filter((container) => exporter.container.test(container.name))
      .flatMap((container) =>
        container.ports
          .filter((port) => exporter.port.test(port.name ?? ''))
          .map((port) => ({ pod, container: container.name, port })),
      ),
  );
  if (exposing.length === 0)
    return `no rendered workload exposes it (${exporter.source}: a container matching ${exporter.container} with a port matching ${exporter.port})`;
  const kept = targets.filter((target) =>
    exposing.some(
      (candidate) =>
        candidate.pod === target.pod &&
        candidate.container === target.container &&
        candidate.port.containerPort === target.port.containerPort,
    ),
  );
  if (kept.length === 0) {
    const where = [
      ...new Set(
        exposing.map(
          (candidate) =>
            `${named(candidate.pod.owner)} ${candidate.container}:${candidate.port.name ?? candidate.port.containerPort}`,
        ),
      ),
    ]
      .slice(0, 3)
      .join('; ');
    const monitors = [...new Set(targets.map((target) => named(target.monitor)))].join(', ') || 'none';
    return `it is exposed by ${where}, which no rendered PodMonitor or ServiceMonitor keeps (monitors: ${monitors})`;
  }
  const problems: string[] = [];
  const satisfied = kept.some((target) => {
    const labels = seriesLabels(exporter, target);
    const missing = wanted.filter((label) => !(label in labels));
    const mismatched = selector.matchers.filter(
      (matcher) =>
        labels[matcher.label] !== undefined &&
        labels[matcher.label] !== '*' &&
        !matches(matcher, labels[matcher.label]),
    );
    if (missing.length === 0 && mismatched.length === 0) return true;
    if (missing.length > 0)
      problems.push(
        `${named(target.monitor)} keeps it from ${named(target.pod.owner)} without label ${missing.join(', ')}${missing.some((label) => exporter.labels.includes(label) && TARGET_LABELS.includes(label) && !target.honorLabels) ? ` (the series has it, but without honorLabels the target label replaces it: exported_${missing[0]})` : ''} (labels: ${Object.keys(labels).sort().join(', ')})`,
      );
    if (mismatched.length > 0)
      problems.push(
        `${named(target.monitor)} keeps it from ${named(target.pod.owner)} with ${mismatched.map((matcher) => `${matcher.label}="${labels[matcher.label]}"`).join(', ')}, which ${mismatched.map((matcher) => matcher.text).join(', ')} filters out`,
      );
    return false;
  });
  if (!satisfied) return [...new Set(problems)].slice(0, 3).join('; ');
  return undefined;
}

/**
 * For a kube-state-metrics Deployment series filtered to one namespace: why the Deployments its `deployment`
 * matcher names are not all rendered there (each name an `=`, an `a|b` or a `prefix-(a|b)` regex spells; any
 * other regex must match one), or undefined.
 */
function watchedDeploymentProblem(index: ClusterIndex, selector: Selector): string | undefined {
  const namespace = selector.matchers.find((matcher) => matcher.label === 'namespace' && matcher.op === '=')?.value;
  const deployment = selector.matchers.find(
    (matcher) => matcher.label === 'deployment' && (matcher.op === '=' || matcher.op === '=~'),
  );
  if (!selector.metric.startsWith('kube_deployment_') || !namespace || !deployment) return undefined;
  const rendered = index.all('Deployment', namespace).map(({ object }) => object.metadata.name);
  const spelled = deployment.op === '=' ? [deployment.value] : spelledNames(deployment.value);
  const missing = spelled
    ? spelled.filter((name) => !rendered.includes(name))
    : rendered.some((name) => matches(deployment, name))
      ? []
      : [deployment.value];
  if (missing.length === 0) return undefined;
  return `${missing.map((name) => `Deployment ${namespace}/${name}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not rendered (Deployments rendered in ${namespace}: ${rendered.sort().join(', ') || 'none'})`;
}

/** The names a regex of the forms `a|b` or `prefix(a|b)suffix` (DNS-label characters only) matches; else undefined. */
function spelledNames(regex: string): string[] | undefined {
  if (/^[a-z0-9|-]+$/.test(regex)) return regex.split('|');
  const grouped = /^([a-z0-9-]*)\(([a-z0-9|-]+)\)([a-z0-9-]*)$/.exec(regex);
  return grouped ? grouped[2].split('|').map((middle) => `${grouped[1]}${middle}${grouped[3]}`) : undefined;
}

/** A series' labels as stored: the target's, and its own (unknown values: `*`), renamed exported_* on a clash unless honorLabels. */
function seriesLabels(exporter: Exporter, target: Target): Record<string, string> {
  const labels: Record<string, string> = { ...target.labels };
  for (const label of exporter.labels) {
    if (label in target.labels && !target.honorLabels) labels[`exported_${label}`] = '*';
    else labels[label] = '*';
  }
  return labels;
}

interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
  readonly text: string;
}

interface Selector {
  readonly metric: string;
  readonly matchers: readonly Matcher[];
  readonly matchersText: string;
  /** The labels the aggregations around it group by. */
  readonly groupBy: readonly string[];
  /** Labels a label_replace/label_join around it creates (so the series need not have them). */
  readonly created: readonly string[];
  readonly text: string;
}

function matches(matcher: Matcher, value: string | undefined): boolean {
  const actual = value ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`).test(actual);
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test(actual);
  }
}

/** Words that are no metric name: modifiers, set operators, and the aggregation operators (which take `by` before their parenthesis). */
const KEYWORDS = new Set([
  ...[
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'bool',
    'offset',
    'and',
    'or',
    'unless',
    'inf',
    'nan',
  ],
  ...[
    'sum',
    'min',
    'max',
    'avg',
    'group',
    'stddev',
    'stdvar',
    'count',
    'count_values',
    'bottomk',
    'topk',
    'quantile',
    'limitk',
    'limit_ratio',
  ],
]);

/**
 * The vector selectors of a PromQL expression with the `by` labels of every aggregation around them.
 * A small reader for the rules we write (selectors, matchers, functions, `by (...)` before or after
 * the aggregated expression), not a full PromQL parser.
 */
export function selectors(expr: string): Selector[] {
  const tokens = tokenize(expr);
  // Paren pairs, and the by-lists that apply to each paren range.
  const close = new Map<number, number>();
  const stack: number[] = [];
  tokens.forEach((token, position) => {
    if (token.text === '(') stack.push(position);
    if (token.text === ')') close.set(stack.pop()!, position);
  });
  const open = new Map([...close].map(([start, end]) => [end, start]));
  const ranges: Array<{ from: number; to: number; labels: string[] }> = [];
  const labelLists = new Set<number>();
  const creators: Array<{ from: number; to: number; label: string }> = [];
  tokens.forEach((token, position) => {
    if ((token.text === 'label_replace' || token.text === 'label_join') && tokens[position + 1]?.text === '(') {
      const from = position + 1;
      const to = close.get(from)!;
      let depth = 0;
      let commas = 0;
      for (let inside = from + 1; inside < to; inside += 1) {
        const text = tokens[inside].text;
        if (text === '(') depth += 1;
        else if (text === ')') depth -= 1;
        else if (text === ',' && depth === 0) commas += 1;
        else if (depth === 0 && commas === 1 && tokens[inside].kind === 'other' && text.startsWith('"')) {
          creators.push({ from, to, label: text.slice(1, -1) });
          break;
        }
      }
    }
    if (['on', 'ignoring', 'group_left', 'group_right'].includes(token.text) && tokens[position + 1]?.text === '(') {
      const end = close.get(position + 1);
      if (end !== undefined) for (let inside = position + 1; inside <= end; inside += 1) labelLists.add(inside);
    }
    if (token.text !== 'by' && token.text !== 'without') return;
    const listStart = position + 1;
    const listEnd = close.get(listStart);
    if (listEnd === undefined) return;
    for (let inside = listStart; inside <= listEnd; inside += 1) labelLists.add(inside);
    const labels =
      token.text === 'by'
        ? tokens
            .slice(listStart + 1, listEnd)
            .filter((item) => item.kind === 'word')
            .map((item) => item.text)
        : [];
    const after = tokens[listEnd + 1];
    if (after?.text === '(' && close.has(listEnd + 1))
      ranges.push({ from: listEnd + 1, to: close.get(listEnd + 1)!, labels });
    else if (tokens[position - 1]?.text === ')' && open.has(position - 1))
      ranges.push({ from: open.get(position - 1)!, to: position - 1, labels });
  });
  const found: Selector[] = [];
  tokens.forEach((token, position) => {
    if (labelLists.has(position)) return;
    const next = tokens[position + 1];
    const isName = token.kind === 'word' && !KEYWORDS.has(token.text) && next?.text !== '(';
    const isBareMatchers = token.kind === 'matchers' && tokens[position - 1]?.kind !== 'word';
    if (!isName && !isBareMatchers) return;
    const matcherToken = isName ? (next?.kind === 'matchers' ? next : undefined) : token;
    const matchers = matcherToken ? parseMatchers(matcherToken.text) : [];
    const metric = isName ? token.text : (matchers.find((matcher) => matcher.label === '__name__')?.value ?? '');
    const groupBy = ranges
      .filter((range) => range.from < position && position < range.to)
      .flatMap((range) => range.labels);
    const created = creators
      .filter((range) => range.from < position && position < range.to)
      .map((range) => range.label);
    found.push({
      metric,
      matchers,
      matchersText: matcherToken?.text ?? '',
      groupBy: [...new Set(groupBy)],
      created,
      text: `${isName ? token.text : ''}${matcherToken?.text ?? ''}${groupBy.length ? ` (grouped by ${[...new Set(groupBy)].join(', ')})` : ''}`,
    });
  });
  return found;
}

function tokenize(expr: string): Array<{ kind: 'word' | 'matchers' | 'punct' | 'other'; text: string }> {
  const tokens: Array<{ kind: 'word' | 'matchers' | 'punct' | 'other'; text: string }> = [];
  let rest = expr;
  while (rest.length > 0) {
    const space = /^\s+/.exec(rest);
    if (space) {
      rest = rest.slice(space[0].length);
      continue;
    }
    const matchers = /^\{(?:[^{}"]|"(?:[^"\\]|\\.)*")*\}/.exec(rest);
    const range = /^\[[^\]]*\]/.exec(rest);
    const string = /^"(?:[^"\\]|\\.)*"/.exec(rest);
    const number = /^\d+(?:\.\d+)?(?:e[+-]?\d+)?(?:[smhdwy])?/i.exec(rest);
    const word = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
    const match = matchers ?? range ?? string ?? number ?? word;
    if (matchers) tokens.push({ kind: 'matchers', text: matchers[0] });
    else if (range || string || number) tokens.push({ kind: 'other', text: match![0] });
    else if (word) tokens.push({ kind: 'word', text: word[0] });
    else tokens.push({ kind: 'punct', text: rest[0] });
    rest = rest.slice(match ? match[0].length : 1);
  }
  return tokens;
}

function parseMatchers(text: string): Matcher[] {
  const found: Matcher[] = [];
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;
  for (const match of text.matchAll(pattern)) {
    found.push({
      label: match[1],
      op: match[2] as Matcher['op'],
      value: match[3].replace(/\\(.)/g, '$1'),
      text: match[0],
    });
  }
  return found;
}
