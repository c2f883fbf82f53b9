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
