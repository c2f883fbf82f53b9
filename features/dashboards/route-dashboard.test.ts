/**
 * The routes' dashboard of our own: emitted both ways only with routes in the traffic layer and dashboards on, its
 * uid prefixed like Linkerd's, every panel through the `datasource` variable, and its queries evaluated by promtool
 * on series shaped as the proxies export them (lib/linkerd/route-metrics.ts), variables set to "All".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describeWithPromtool, PROMTOOL } from '../../test/support/promtool';
import { synthesizeConfig } from '../../test/support/synth';
import { ROUTE_DASHBOARD_QUERIES, ROUTE_DASHBOARD_UID, routeDashboard } from './route-dashboard';

const ROUTES =
  'meshedNamespaces: [media]\n' +
  'traffic: {media: {jellyfin: {service: {selector: {app: jellyfin}, ports: [{name: http, port: 8096}]}, routes: [{name: items, http: {pathPrefix: /Items}}]}}}\n';
const DASHBOARDS =
  'monitoring: {dashboards: {sidecar: {enabled: true, namespace: monitoring, datasource: Mimir}, grafanaOperator: {enabled: true, instanceSelector: {dashboards: grafana}}}}\n';

const dashboardObjects = (text: string) =>
  synthesizeConfig(text).objects.filter(({ object }) => /gateway-routes$/.test(object.metadata.name));

describe('emitted', () => {
  test('with routes and dashboards on: a sidecar ConfigMap and a GrafanaDashboard in the dashboards layer, uid prefixed', () => {
    const objects = dashboardObjects(
      `${ROUTES}${DASHBOARDS}viz: {grafana: {externalUrl: https://grafana.home.example, uidPrefix: home-}}\n`,
    );
    expect(objects.map(({ layer, object }) => [layer, object.kind, object.metadata.name])).toEqual([
      ['dashboards', 'ConfigMap', 'linkerd-dashboard-gateway-routes'],
      ['dashboards', 'GrafanaDashboard', 'linkerd-gateway-routes'],
    ]);
    const [configMap, grafanaDashboard] = objects.map(({ object }) => object as any);
    expect(configMap.metadata).toEqual({
      name: 'linkerd-dashboard-gateway-routes',
      namespace: 'monitoring',
      labels: { grafana_dashboard: '1' },
    });
    const sidecarModel = JSON.parse(configMap.data['gateway-routes.json']);
    expect(sidecarModel.uid).toBe(`home-${ROUTE_DASHBOARD_UID}`);
    expect(sidecarModel.id).toBeNull();
    expect(sidecarModel.templating.list[0]).toMatchObject({
      name: 'datasource',
      type: 'datasource',
      query: 'prometheus',
      current: { text: 'Mimir', value: 'Mimir' },
    });
    const spec = grafanaDashboard.spec;
    expect(Object.keys(spec).sort()).toEqual(['allowCrossNamespaceImport', 'instanceSelector', 'json', 'uid']);
    expect(spec.uid).toBe(`home-${ROUTE_DASHBOARD_UID}`);
    expect(spec.instanceSelector).toEqual({ matchLabels: { dashboards: 'grafana' } });
    const operatorModel = JSON.parse(spec.json);
    expect(operatorModel.uid).toBe(spec.uid);
    // grafana-operator: the variable starts at Grafana's default Prometheus (no datasource name in its settings).
    expect(operatorModel.templating.list[0].current).toEqual({ text: 'default', value: 'default' });
    expect({ ...operatorModel, templating: undefined }).toEqual({ ...sidecarModel, templating: undefined });
  });

  test('not without routes (traffic with Service-wide settings only), nor with dashboards off', () => {
    expect(dashboardObjects(`meshedNamespaces: [media]\n${DASHBOARDS}`)).toEqual([]);
    expect(
      dashboardObjects(
        `meshedNamespaces: [media]\ntraffic: {media: {jellyfin: {retries: {http: [5xx]}}}}\n${DASHBOARDS}`,
      ),
    ).toEqual([]);
    expect(dashboardObjects(ROUTES)).toEqual([]);
  });
});

describe('the model', () => {
  const model = JSON.parse(routeDashboard().json);

  test("every panel and variable reads through the datasource variable; a stable uid within Grafana's 40 with an 11-character prefix", () => {
    expect(model.uid).toBe('linkerd-gateway-routes');
    expect(`12345678901${model.uid}`.length).toBeLessThanOrEqual(40);
    expect(model.tags).toEqual(['linkerd']);
    const references = JSON.stringify(model).match(/"datasource":(\{[^}]*\}|"[^"]*")/g) ?? [];
    expect(references.length).toBeGreaterThan(10);
    for (const reference of references)
      expect(reference).toMatch(/\$\{datasource\}|-- Grafana --|"type":"(grafana|datasource)"/);
    expect(model.templating.list.map((variable: any) => variable.name)).toEqual([
      'datasource',
      'namespace',
      'service',
      'route',
    ]);
  });

  test('panels: success rate, requests, latency p50/p95/p99, retries; unique ids; per namespace, Service and route', () => {
    const panels = model.panels.filter((panel: any) => panel.type === 'timeseries');
    expect(panels.map((panel: any) => panel.title)).toEqual([
      'Success rate',
      'Requests per second',
      'Latency p50',
      'Latency p95',
      'Latency p99',
      'Retries per second',
      'Retries not sent',
    ]);
    const ids = model.panels.map((panel: any) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels)
      for (const target of panel.targets) {
        expect(target.expr).toMatch(/by \((le, )?parent_namespace, parent_name, route_name\)/);
        expect(target.expr).toContain('route_kind!="default"');
        expect(target.legendFormat).toContain('{{parent_namespace}}/{{parent_name}} {{route_name}}');
      }
  });
});

/** A route's series of one client proxy, stored with the scrape's labels (empty labels are not stored). */
const client = 'job="linkerd/linkerd-proxy",namespace="ingress-nginx",pod="ingress-nginx-controller-7d9c-abcde"';
const route = (protocol: 'http' | 'grpc', name: string, parent = 'jellyfin') =>
  `${client},parent_group="core",parent_kind="Service",parent_namespace="media",parent_name="${parent}",parent_port="8096",route_group="gateway.networking.k8s.io",route_kind="${protocol === 'http' ? 'HTTPRoute' : 'GRPCRoute'}",route_namespace="media",route_name="${name}"`;
const items = route('http', 'jellyfin-items');
const transcode = route('grpc', 'transcoder-transcode', 'transcoder');
const made = `${client},parent_namespace="media",parent_name="jellyfin",parent_port="8096",route_kind="default",route_name="http"`;

/** Grafana's variables as "All" and its rate interval, as Grafana substitutes them. */
const asGrafana = (expr: string) =>
  expr.replaceAll('$__rate_interval', '5m').replace(/\$(namespace|service|route)\b/g, '.*');

/** `promtool test rules` on promql_expr_test cases: its exit status and output. */
function promtool(tests: readonly object[]): { status: number | null; output: string } {
  const directory = mkdtempSync(join(tmpdir(), 'route-dashboard-'));
  try {
    writeFileSync(join(directory, 'rules.yaml'), stringify({ groups: [] }));
    writeFileSync(
      join(directory, 'tests.yaml'),
      stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }),
    );
    const run = spawnSync(PROMTOOL!, ['test', 'rules', join(directory, 'tests.yaml')], { encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describeWithPromtool('the queries on the series the proxies export (promtool)', () => {
  test('success rate, requests, latency, retries per route; an all-failing route at 0; the made-up default route left out', () => {
    const series = {
      // 4/s: 3 succeed (one a 404), 1 fails with a 503; 1/s times out on a route that never succeeds.
      [`outbound_http_route_request_statuses_total{${items},http_status="200"}`]: '0+120x20',
      [`outbound_http_route_request_statuses_total{${items},http_status="404"}`]: '0+60x20',
      [`outbound_http_route_request_statuses_total{${items},http_status="503"}`]: '0+60x20',
      [`outbound_grpc_route_request_statuses_total{${transcode},error="REQUEST_TIMEOUT"}`]: '0+60x20',
      [`outbound_http_route_request_statuses_total{${made},http_status="500"}`]: '0+600x20',
      // Every request of items under 50 ms; the retries: 0.5/s sent, 0.25/s over the limit.
      ...Object.fromEntries(
        ['0.05', '0.5', '1.0', '10.0', '+Inf'].map((le) => [
          `outbound_http_route_request_duration_seconds_bucket{${items},le="${le}"}`,
          '0+240x20',
        ]),
      ),
      [`outbound_http_route_retry_requests_total{${items}}`]: '0+30x20',
      [`outbound_http_route_retry_limit_exceeded_total{${items}}`]: '0+15x20',
    };
    const labels = (parent: string, name: string) =>
      `{parent_namespace="media",parent_name="${parent}",route_name="${name}"}`;
    const tests = [
      {
        interval: '1m',
        input_series: Object.entries(series).map(([name, values]) => ({ series: name, values })),
        promql_expr_test: [
          {
            expr: asGrafana(ROUTE_DASHBOARD_QUERIES.successRate),
            eval_time: '15m',
            exp_samples: [
              { labels: labels('jellyfin', 'jellyfin-items'), value: 0.75 },
              { labels: labels('transcoder', 'transcoder-transcode'), value: 0 },
            ],
          },
          {
            expr: asGrafana(ROUTE_DASHBOARD_QUERIES.requestRate),
            eval_time: '15m',
            exp_samples: [
              { labels: labels('jellyfin', 'jellyfin-items'), value: 4 },
              { labels: labels('transcoder', 'transcoder-transcode'), value: 1 },
            ],
          },
          {
            expr: asGrafana(ROUTE_DASHBOARD_QUERIES.latency(0.5)),
            eval_time: '15m',
            exp_samples: [{ labels: labels('jellyfin', 'jellyfin-items'), value: 0.025 }],
          },
          {
            expr: asGrafana(ROUTE_DASHBOARD_QUERIES.retries),
            eval_time: '15m',
            exp_samples: [{ labels: labels('jellyfin', 'jellyfin-items'), value: 0.5 }],
          },
          {
            expr: asGrafana(ROUTE_DASHBOARD_QUERIES.retriesExhausted),
            eval_time: '15m',
            exp_samples: [{ labels: labels('jellyfin', 'jellyfin-items'), value: 0.25 }],
          },
        ],
      },
    ];
    expect(promtool(tests)).toMatchObject({ status: 0, output: expect.stringContaining('SUCCESS') });
    // The check can fail: a wrong value is refused.
    const wrong = [
      {
        ...tests[0],
        promql_expr_test: [
          {
            ...tests[0].promql_expr_test[1],
            exp_samples: [{ labels: labels('jellyfin', 'jellyfin-items'), value: 3 }],
          },
        ],
      },
    ];
    expect(promtool(wrong).status).not.toBe(0);
  });
});
