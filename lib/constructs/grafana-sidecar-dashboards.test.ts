/**
 * GrafanaSidecarDashboards on its own, the cdk8s-plus way: one construct in `Testing.chart()` with a small fake
 * dashboard (not the 0.9 MB real set), its defaults, then its output, then what it refuses (a dashboard that does
 * not match its digest), then the Kubernetes schema of a ConfigMap; and once with one real dashboard.
 */
import { createHash } from 'node:crypto';
import { Testing } from 'cdk8s';
import { ConfigMap as ConfigMapModel } from 'kubernetes-models/v1/ConfigMap';
import { type DashboardSource, linkerdDashboards } from '../../imports/linkerd-grafana';
import { unknownFieldsOf } from '../../test/render/joins/unknown-fields';
import {
  GrafanaSidecarDashboards,
  type GrafanaSidecarDashboardsProps,
  type OwnDashboard,
  sidecarJson,
} from './grafana-sidecar-dashboards';

const VARIABLES = [
  { name: 'datasource', type: 'datasource', query: 'prometheus', current: { text: 'default', value: 'default' } },
  { name: 'namespace', type: 'query', current: {} },
];

/** A dashboard as linkerd2 publishes one for grafana.com: `__inputs`, a null id, a datasource variable. */
function dashboard(name: string, uid = `linkerd-${name}`, variables: readonly object[] = VARIABLES): DashboardSource {
  const json = JSON.stringify(
    {
      __inputs: [{ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }],
      id: 7,
      uid,
      title: `Linkerd ${name}`,
      panels: [{ datasource: { uid: '${datasource}' }, targets: [{ expr: 'up' }] }],
      templating: { list: variables },
    },
    null,
    2,
  );
  return {
    name,
    title: `Linkerd ${name}`,
    uid,
    gnetId: 15475,
    revision: 6,
    sha256: createHash('sha256').update(json, 'utf8').digest('hex'),
    json,
  };
}

const PROPS: GrafanaSidecarDashboardsProps = {
  dashboards: [dashboard('deployment'), dashboard('route', 'route')],
  namespace: 'monitoring',
  labels: { grafana_dashboard: '1' },
  datasource: 'Prometheus',
};

function synth(props: Partial<GrafanaSidecarDashboardsProps> = {}) {
  const chart = Testing.chart();
  const dashboards = new GrafanaSidecarDashboards(chart, 'Dashboards', { ...PROPS, ...props });
  return { dashboards, manifests: Testing.synth(chart) as any[] };
}

const model = (configMap: any, name: string) => JSON.parse(configMap.data[`${name}.json`]);

describe('defaults', () => {
  const { dashboards, manifests } = synth();

  test('one labelled ConfigMap per dashboard, holding <name>.json; its name by dashboard name', () => {
    expect(
      manifests.map((object) => [object.apiVersion, object.kind, object.metadata, Object.keys(object.data)]),
    ).toEqual([
      [
        'v1',
        'ConfigMap',
        { name: 'linkerd-dashboard-deployment', namespace: 'monitoring', labels: { grafana_dashboard: '1' } },
        ['deployment.json'],
      ],
      [
        'v1',
        'ConfigMap',
        { name: 'linkerd-dashboard-route', namespace: 'monitoring', labels: { grafana_dashboard: '1' } },
        ['route.json'],
      ],
    ]);
    expect([...dashboards.configMapNames]).toEqual([
      ['deployment', 'linkerd-dashboard-deployment'],
      ['route', 'linkerd-dashboard-route'],
    ]);
  });

  test("the JSON as file provisioning wants it: no __inputs, no database id, the dashboard's own uid (no prefix)", () => {
    expect(model(manifests[0], 'deployment')).toEqual({
      id: null,
      uid: 'linkerd-deployment',
      title: 'Linkerd deployment',
      panels: [{ datasource: { uid: '${datasource}' }, targets: [{ expr: 'up' }] }],
      templating: {
        list: [
          {
            name: 'datasource',
            type: 'datasource',
            query: 'prometheus',
            current: { selected: true, text: 'Prometheus', value: 'Prometheus' },
          },
          { name: 'namespace', type: 'query', current: {} },
        ],
      },
    });
    expect(model(manifests[1], 'route').uid).toBe('route');
  });

  test('no dashboards, no ConfigMaps', () => {
    const { dashboards, manifests } = synth({ dashboards: [] });
    expect(manifests).toEqual([]);
    expect(dashboards.configMapNames.size).toBe(0);
  });
});

describe('output', () => {
  test("uidPrefix prefixes every uid; the datasource variable selects the person's Prometheus; other variables untouched", () => {
    const { manifests } = synth({ uidPrefix: 'prod-', datasource: 'Thanos' });
    const deployment = model(manifests[0], 'deployment');
    expect(deployment.uid).toBe('prod-linkerd-deployment');
    expect(model(manifests[1], 'route').uid).toBe('prod-route');
    expect(deployment.templating.list).toEqual([
      expect.objectContaining({ name: 'datasource', current: { selected: true, text: 'Thanos', value: 'Thanos' } }),
      { name: 'namespace', type: 'query', current: {} },
    ]);
  });

  test('labels are copied, every one of them', () => {
    const labels = { grafana_dashboard: '1', team: 'platform' };
    const { manifests } = synth({ labels });
    labels.team = 'changed later';
    expect(manifests.map((object) => object.metadata.labels)).toEqual([
      { grafana_dashboard: '1', team: 'platform' },
      { grafana_dashboard: '1', team: 'platform' },
    ]);
  });

  test('only the datasource variable of type datasource is set: a query variable of that name, or another datasource variable, is left alone', () => {
    const variables = [
      { name: 'datasource', type: 'query', current: {} },
      { name: 'loki', type: 'datasource', query: 'loki', current: { text: 'default', value: 'default' } },
    ];
    const list = JSON.parse(sidecarJson(dashboard('pod', 'linkerd-pod', variables), 'Prometheus', '')).templating.list;
    expect(list).toEqual(variables);
  });
});

/** A dashboard of the project's own: built in code, no grafana.com id, no digest. */
const own = (name: string, uid = `linkerd-${name}`, variables: readonly object[] = VARIABLES): OwnDashboard => ({
  name,
  title: `Own ${name}`,
  uid,
  json: JSON.stringify({ uid, title: `Own ${name}`, panels: [], templating: { list: variables } }),
});

describe('own dashboards', () => {
  test("one more ConfigMap each, after Linkerd's: uid prefixed, no database id, the datasource variable set", () => {
    const { dashboards, manifests } = synth({ ownDashboards: [own('gateway-routes')], uidPrefix: 'home-' });
    expect(manifests.map((configMap) => configMap.metadata.name)).toEqual([
      'linkerd-dashboard-deployment',
      'linkerd-dashboard-route',
      'linkerd-dashboard-gateway-routes',
    ]);
    expect(dashboards.configMapNames.get('gateway-routes')).toBe('linkerd-dashboard-gateway-routes');
    const json = model(manifests[2], 'gateway-routes');
    expect(json).toEqual({
      uid: 'home-linkerd-gateway-routes',
      id: null,
      title: 'Own gateway-routes',
      panels: [],
      templating: {
        list: [{ ...VARIABLES[0], current: { selected: true, text: 'Prometheus', value: 'Prometheus' } }, VARIABLES[1]],
      },
    });
  });
});

describe('validation: a damaged generated dashboard is refused at synthesis, naming it', () => {
  test('JSON that does not match its sha256', () => {
    const [source] = PROPS.dashboards;
    expect(() => synth({ dashboards: [{ ...source, json: source.json.replace('up', 'down') }] })).toThrow(
      'the generated dashboard deployment does not match its sha256 (imports/linkerd-grafana is damaged: run npm run gen:dashboards)',
    );
  });

  test.each<[string, OwnDashboard[], string]>([
    [
      "an own dashboard with a name of Linkerd's (one ConfigMap would replace the other)",
      [own('deployment', 'own-deployment')],
      'own dashboard name "deployment" is taken',
    ],
    ["an own dashboard with a uid of Linkerd's", [own('routes', 'route')], 'own dashboard uid "route" is taken'],
    ['two own dashboards of one name', [own('a'), own('a', 'other')], 'own dashboard name "a" is taken'],
    ['a name that is no DNS label', [own('Gateway_Routes')], 'own dashboard name "Gateway_Routes" is not a DNS label'],
    [
      'a JSON uid other than its uid',
      [{ ...own('a'), uid: 'linkerd-b' }],
      'own dashboard a has uid "linkerd-a" in its JSON, not "linkerd-b"',
    ],
    ['no datasource variable', [own('a', 'linkerd-a', [VARIABLES[1]])], 'own dashboard a has no "datasource" variable'],
    ['no JSON', [{ ...own('a'), json: '{' }], 'own dashboard a is not JSON'],
  ])('%s', (_case, ownDashboards, message) => {
    expect(() => synth({ ownDashboards })).toThrow(`GrafanaSidecarDashboards Dashboards: ${message}`);
  });
});

describe('against the Kubernetes schema of a v1 ConfigMap (kubernetes-models)', () => {
  test('every ConfigMap is valid, with no unknown field', () => {
    for (const configMap of synth({ uidPrefix: 'p-' }).manifests) {
      expect(unknownFieldsOf((data) => ConfigMapModel.prototype.validate.call(data), configMap)).toEqual([]);
    }
  });
});

describe('one real dashboard', () => {
  test("Linkerd's deployment dashboard: prefixed uid, Prometheus selected, under a ConfigMap's 1 MiB", () => {
    const real = linkerdDashboards('edge-26.8.3')!.find((source) => source.name === 'deployment')!;
    const { manifests } = synth({ dashboards: [real], uidPrefix: 'x-' });
    const json = manifests[0].data['deployment.json'];
    const parsed = JSON.parse(json);
    expect(parsed.uid).toBe('x-linkerd-deployment');
    expect(parsed.__inputs).toBeUndefined();
    expect(parsed.templating.list.find((variable: any) => variable.name === 'datasource').current).toEqual({
      selected: true,
      text: 'Prometheus',
      value: 'Prometheus',
    });
    expect(Buffer.byteLength(json)).toBeLessThan(1024 * 1024);
  });
});
