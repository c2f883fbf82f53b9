/**
 * GrafanaOperatorDashboards on its own, the cdk8s-plus way: one construct in `Testing.chart()` with a small fake
 * set of dashboards (not the 0.9 MB real one), its defaults, then its output. It refuses no prop: the config
 * schema checks the uid prefix. No GrafanaDashboard CRD is in ../shared (test/dashboards.test.ts checks the
 * objects against grafana-operator's API as its source states it); the uid rule it states is checked here too.
 */
import { Testing } from 'cdk8s';
import type { DashboardSource } from '../../imports/linkerd-grafana';
import {
  GRAFANA_DASHBOARD_API_VERSION,
  GrafanaOperatorDashboards,
  type GrafanaOperatorDashboardsProps,
} from './grafana-operator-dashboards';

/** A dashboard with only what this construct reads: grafana-operator fetches the JSON from grafana.com itself. */
const dashboard = (name: string, gnetId: number, revision: number): DashboardSource => ({
  name,
  title: `Linkerd ${name}`,
  uid: `linkerd-${name}`,
  gnetId,
  revision,
  sha256: 'not read by this construct',
  json: '{}',
});

const PROPS: GrafanaOperatorDashboardsProps = {
  dashboards: [dashboard('deployment', 15475, 6), dashboard('pod', 15477, 3)],
  namespace: 'monitoring',
  instanceSelector: { dashboards: 'grafana' },
};

function synth(props: Partial<GrafanaOperatorDashboardsProps> = {}): any[] {
  const chart = Testing.chart();
  new GrafanaOperatorDashboards(chart, 'Dashboards', { ...PROPS, ...props });
  return Testing.synth(chart);
}

describe('defaults', () => {
  test("one GrafanaDashboard per dashboard: fetched from grafana.com at its id and revision, the dashboard's own uid", () => {
    expect(synth()).toEqual([
      {
        apiVersion: 'grafana.integreatly.org/v1beta1',
        kind: 'GrafanaDashboard',
        metadata: { name: 'linkerd-deployment', namespace: 'monitoring' },
        spec: {
          instanceSelector: { matchLabels: { dashboards: 'grafana' } },
          allowCrossNamespaceImport: true,
          grafanaCom: { id: 15475, revision: 6 },
          uid: 'linkerd-deployment',
        },
      },
      {
        apiVersion: 'grafana.integreatly.org/v1beta1',
        kind: 'GrafanaDashboard',
        metadata: { name: 'linkerd-pod', namespace: 'monitoring' },
        spec: {
          instanceSelector: { matchLabels: { dashboards: 'grafana' } },
          allowCrossNamespaceImport: true,
          grafanaCom: { id: 15477, revision: 3 },
          uid: 'linkerd-pod',
        },
      },
    ]);
  });

  test('GRAFANA_DASHBOARD_API_VERSION is the version every object carries', () => {
    expect(GRAFANA_DASHBOARD_API_VERSION).toBe('grafana.integreatly.org/v1beta1');
    expect(new Set(synth().map((object) => object.apiVersion))).toEqual(new Set([GRAFANA_DASHBOARD_API_VERSION]));
  });

  test('no dashboards, no objects', () => {
    expect(synth({ dashboards: [] })).toEqual([]);
  });
});

describe('output', () => {
  test('uidPrefix prefixes every uid (viz links to <prefix>linkerd-<resource>), names unchanged', () => {
    const objects = synth({ uidPrefix: 'prod-' });
    expect(objects.map((object) => [object.metadata.name, object.spec.uid])).toEqual([
      ['linkerd-deployment', 'prod-linkerd-deployment'],
      ['linkerd-pod', 'prod-linkerd-pod'],
    ]);
  });

  test('the instance selector is copied, every label of it', () => {
    const instanceSelector = { dashboards: 'grafana', team: 'platform' };
    const objects = synth({ instanceSelector });
    instanceSelector.team = 'changed later';
    for (const object of objects) {
      expect(object.spec.instanceSelector).toEqual({ matchLabels: { dashboards: 'grafana', team: 'platform' } });
    }
  });

  test("uids a Grafana accepts: at most 40 of [A-Za-z0-9-_] with the longest prefix the config allows (11) and Linkerd's longest uid", () => {
    const [object] = synth({ dashboards: [dashboard('replicationcontroller', 15492, 4)], uidPrefix: 'a'.repeat(11) });
    expect(object.spec.uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    expect(object.spec.uid).toHaveLength(40);
  });
});

describe('own dashboards', () => {
  const json = JSON.stringify({
    id: 3,
    uid: 'linkerd-gateway-routes',
    title: 'Own',
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus' }] },
  });
  const ownDashboards = [{ name: 'gateway-routes', title: 'Own', uid: 'linkerd-gateway-routes', json }];

  test("inline JSON (spec.json, no grafanaCom), after Linkerd's: uid prefixed in spec.uid and in the model, no database id", () => {
    const objects = synth({ ownDashboards, uidPrefix: 'home-' });
    expect(objects.map((object) => object.metadata.name)).toEqual([
      'linkerd-deployment',
      'linkerd-pod',
      'linkerd-gateway-routes',
    ]);
    expect(objects[2]).toEqual({
      apiVersion: 'grafana.integreatly.org/v1beta1',
      kind: 'GrafanaDashboard',
      metadata: { name: 'linkerd-gateway-routes', namespace: 'monitoring' },
      spec: {
        instanceSelector: { matchLabels: { dashboards: 'grafana' } },
        allowCrossNamespaceImport: true,
        json: expect.any(String),
        uid: 'home-linkerd-gateway-routes',
      },
    });
    expect(JSON.parse(objects[2].spec.json)).toEqual({
      ...JSON.parse(json),
      id: null,
      uid: 'home-linkerd-gateway-routes',
    });
  });

  test("refused: a name or uid of Linkerd's", () => {
    expect(() => synth({ ownDashboards: [{ ...ownDashboards[0], name: 'pod' }] })).toThrow(
      'GrafanaOperatorDashboards Dashboards: own dashboard name "pod" is taken',
    );
    const uid = JSON.stringify({ ...JSON.parse(json), uid: 'linkerd-pod' });
    expect(() => synth({ ownDashboards: [{ ...ownDashboards[0], uid: 'linkerd-pod', json: uid }] })).toThrow(
      'own dashboard uid "linkerd-pod" is taken',
    );
  });

  test("the fields grafana-operator's GrafanaDashboard takes (api/v1beta1 GrafanaCommonSpec, GrafanaContentSpec), and no other", () => {
    // grafana-operator v5.24.0: instanceSelector, allowCrossNamespaceImport (common); json, grafanaCom, uid (content).
    const known = new Set(['instanceSelector', 'allowCrossNamespaceImport', 'json', 'grafanaCom', 'uid']);
    for (const object of synth({ ownDashboards })) {
      expect(Object.keys(object.spec).filter((key) => !known.has(key))).toEqual([]);
      // One source each: a grafana.com id or the model inline.
      expect('json' in object.spec).not.toBe('grafanaCom' in object.spec);
      expect(object.spec.uid).toMatch(/^[a-zA-Z0-9-_]{1,40}$/);
    }
  });
});
