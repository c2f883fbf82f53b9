/**
 * The dashboard of our own: the Gateway API routes the traffic layer writes, per namespace, parent Service and
 * route, from the proxies' outbound route metrics (lib/linkerd/route-metrics.ts): success rate, requests per second,
 * latency p50/p95/p99, retries. Built like Linkerd's dashboards: a `datasource` variable every panel reads through,
 * a uid of the form `linkerd-<name>` that viz.grafana.uidPrefix prefixes, the `linkerd` tag.
 */
import type { OwnDashboard } from '../../lib/constructs/grafana-sidecar-dashboards';
import {
  DEFAULT_ROUTE_KIND,
  ROUTE_LABELS,
  type RouteProtocol,
  routeMetrics,
  routeSuccessMatchers,
} from '../../lib/linkerd/route-metrics';

/** The dashboard's name (`linkerd-dashboard-<name>`, `linkerd-<name>`): not one of Linkerd's (theirs has `route`). */
export const ROUTE_DASHBOARD_NAME = 'gateway-routes';
export const ROUTE_DASHBOARD_UID = `linkerd-${ROUTE_DASHBOARD_NAME}`;
export const ROUTE_DASHBOARD_TITLE = 'Linkerd Gateway API Routes';

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;
const PROTOCOLS: readonly RouteProtocol[] = ['http', 'grpc'];
const { parentNamespace, parentName, routeName, routeKind } = ROUTE_LABELS;
const BY = `${parentNamespace}, ${parentName}, ${routeName}`;
const LEGEND = `{{${parentNamespace}}}/{{${parentName}}} {{${routeName}}}`;

/** The variables' selection, on every series the panels read (the made-up default routes left out). */
const SELECTION = `${parentNamespace}=~"$namespace",${parentName}=~"$service",${routeName}=~"$route",${routeKind}!="${DEFAULT_ROUTE_KIND}"`;

/** `sum by (parent, route) (rate(...))` of one metric for both protocols (HTTP's and gRPC's label sets never collide). */
const rateOfBoth = (
  metric: (protocol: RouteProtocol) => string,
  extra: (protocol: RouteProtocol) => string = () => '',
) =>
  `sum by (${BY}) (${PROTOCOLS.map((protocol) => `rate(${metric(protocol)}{${[SELECTION, extra(protocol)].filter(Boolean).join(',')}}[$__rate_interval])`).join(' or ')})`;

const requests = rateOfBoth((protocol) => routeMetrics(protocol).requestStatuses);
const successes = rateOfBoth(
  (protocol) => routeMetrics(protocol).requestStatuses,
  (protocol) => routeSuccessMatchers(protocol),
);

/** The PromQL of the dashboard's panels, by title (tests read them). */
export const ROUTE_DASHBOARD_QUERIES = {
  // A route that fails every request has no success series: `or requests * 0` makes its rate 0, not missing.
  successRate: `(${successes} or ${requests} * 0) / ${requests}`,
  requestRate: requests,
  latency: (quantile: number) =>
    `histogram_quantile(${quantile}, sum by (le, ${BY}) (${PROTOCOLS.map((protocol) => `rate(${routeMetrics(protocol).requestDurationBucket}{${SELECTION}}[$__rate_interval])`).join(' or ')}))`,
  retries: rateOfBoth((protocol) => routeMetrics(protocol).retryRequests),
  retriesExhausted: rateOfBoth((protocol) => routeMetrics(protocol).retryLimitExceeded),
  retriesOverflow: rateOfBoth((protocol) => routeMetrics(protocol).retryOverflow),
};

/** A template variable of label values on the route series, narrowed by the variables before it. */
function labelVariable(name: string, label: string, title: string, narrowedBy: string) {
  const metrics = PROTOCOLS.map((protocol) => routeMetrics(protocol).requestStatuses).join('|');
  return {
    name,
    label: title,
    type: 'query',
    datasource: DATASOURCE,
    query: {
      query: `label_values({__name__=~"${metrics}",${routeKind}!="${DEFAULT_ROUTE_KIND}"${narrowedBy}}, ${label})`,
      refId: name,
    },
    definition: `label_values(${label})`,
    refresh: 2,
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { selected: true, text: ['All'], value: ['$__all'] },
    sort: 1,
    hide: 0,
    options: [],
    regex: '',
    skipUrlSync: false,
  };
}

/** One time series panel: a query per protocol pair summed, a series per route. */
function panel(
  title: string,
  description: string,
  expr: string | readonly { expr: string; legend: string }[],
  unit: string,
  gridPos: { x: number; y: number; w: number; h: number },
) {
  const targets = (typeof expr === 'string' ? [{ expr, legend: LEGEND }] : expr).map((target, index) => ({
    datasource: DATASOURCE,
    expr: target.expr,
    legendFormat: target.legend,
    range: true,
    refId: String.fromCharCode(65 + index),
  }));
  return {
    type: 'timeseries',
    title,
    description,
    datasource: DATASOURCE,
    gridPos,
    targets,
    fieldConfig: {
      defaults: {
        unit,
        ...(unit === 'percentunit' && { min: 0, max: 1 }),
        custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: false },
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'table', placement: 'right', showLegend: true, calcs: ['lastNotNull', 'max'] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  };
}

/** The dashboard for the Grafana sidecar and grafana-operator: its name, uid (unprefixed) and JSON model. */
export function routeDashboard(): OwnDashboard {
  const row = (y: number, title: string) => ({
    type: 'row',
    title,
    collapsed: false,
    gridPos: { x: 0, y, w: 24, h: 1 },
    panels: [],
  });
  const half = (x: number, y: number) => ({ x, y, w: 12, h: 8 });
  const third = (x: number, y: number) => ({ x, y, w: 8, h: 8 });
  const model = {
    uid: ROUTE_DASHBOARD_UID,
    title: ROUTE_DASHBOARD_TITLE,
    description:
      "The Gateway API routes of your Services (HTTPRoute, GRPCRoute), from the client proxies' outbound route metrics: every series is the sum over the clients of the route.",
    tags: ['linkerd'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    refresh: '1m',
    timezone: '',
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    links: [],
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data Source',
          type: 'datasource',
          query: 'prometheus',
          current: { text: 'default', value: 'default' },
          hide: 0,
          options: [],
          refresh: 1,
          regex: '',
        },
        labelVariable('namespace', parentNamespace, 'Namespace', ''),
        labelVariable('service', parentName, 'Service', `,${parentNamespace}=~"$namespace"`),
        labelVariable('route', routeName, 'Route', `,${parentNamespace}=~"$namespace",${parentName}=~"$service"`),
      ],
    },
    panels: [
      row(0, 'Outcomes'),
      panel(
        'Success rate',
        'Requests whose final response (after retries) is no error and not 5xx (gRPC: OK), as linkerd viz stat-outbound counts them.',
        ROUTE_DASHBOARD_QUERIES.successRate,
        'percentunit',
        half(0, 1),
      ),
      panel(
        'Requests per second',
        'Completed requests on the route, every client summed.',
        ROUTE_DASHBOARD_QUERIES.requestRate,
        'reqps',
        half(12, 1),
      ),
      row(9, 'Latency'),
      ...(
        [
          [0.5, 'p50'],
          [0.95, 'p95'],
          [0.99, 'p99'],
        ] as const
      ).map(([quantile, name], index) =>
        panel(
          `Latency ${name}`,
          `The ${name} of the whole request, retries included. The proxy's buckets are 50 ms, 500 ms, 1 s and 10 s: values between them are interpolated.`,
          ROUTE_DASHBOARD_QUERIES.latency(quantile),
          's',
          third(index * 8, 10),
        ),
      ),
      row(18, 'Retries'),
      panel(
        'Retries per second',
        'Retries the proxies sent on the route (retry.linkerd.io annotations).',
        ROUTE_DASHBOARD_QUERIES.retries,
        'reqps',
        half(0, 19),
      ),
      panel(
        'Retries not sent',
        'Retryable requests not retried: the retry limit was reached (limit exceeded), or the backends were not ready (overflow).',
        [
          { expr: ROUTE_DASHBOARD_QUERIES.retriesExhausted, legend: `${LEGEND} limit exceeded` },
          { expr: ROUTE_DASHBOARD_QUERIES.retriesOverflow, legend: `${LEGEND} overflow` },
        ],
        'reqps',
        half(12, 19),
      ),
    ].map((entry, index) => ({ id: index + 1, ...entry })),
  };
  return {
    name: ROUTE_DASHBOARD_NAME,
    title: ROUTE_DASHBOARD_TITLE,
    uid: ROUTE_DASHBOARD_UID,
    json: JSON.stringify(model),
  };
}
