/**
 * Linkerd's Grafana dashboards for the person's Grafana: generated from linkerd2's grafana/ folder per release tag
 * (../shared/linkerd-grafana, served on 127.0.0.1 for release-line:add), checked, and provisioned both ways:
 * kube-prometheus-stack's sidecar ConfigMaps and grafana-operator GrafanaDashboards, with viz's links opening them.
 *
 * No GrafanaDashboard CRD is in ../shared and no npm package ships one: the objects are checked here against
 * grafana-operator's API as its source states it (api/v1beta1: instanceSelector, grafanaCom {id, revision}, uid
 * of at most 40 of [A-Za-z0-9-_], allowCrossNamespaceImport), not against a schema.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { DASHBOARD_LINES, linkerdDashboards } from '../../imports/linkerd-grafana';
import { RELEASE_LINE_NAMES } from '../../lib/linkerd/catalog';
import { sidecarJson } from '../../lib/constructs/grafana-sidecar-dashboards';
import { generateDashboardFiles } from '../../scripts/gen-dashboards';
import { VALUES_OUTPUT_DIR } from '../../scripts/gen-values';
import { addReleaseLine } from '../../scripts/release-line-add';
import {
  checkDashboard,
  DASHBOARDS_OUTPUT_DIR,
  lineModules,
  listedDashboards,
  unusedSets,
} from '../../scripts/release-lines/grafana-dashboards';
import { folderRoutes, type Route, serve } from '../../test/support/helm-repository';
import { rawFileRoutes } from '../../test/support/upstream-mirror';
import { describeWithShared, SHARED_DIR } from '../../test/support/shared';
import { synthesizeConfig } from '../../test/support/synth';

const PROJECT = resolve(__dirname, '../..');
const FIXTURE = readFileSync(resolve(__dirname, '../../test/fixtures/clusters/dashboards.yaml'), 'utf8');
const GRAFANA_ROOT = () => join(SHARED_DIR, 'linkerd-grafana', 'linkerd', 'linkerd2');

/** The resources viz's dashboard links to Grafana for (`<externalUrl>/d/<uidPrefix>linkerd-<resource>`). */
const VIZ_LINKED = [
  'namespace',
  'deployment',
  'daemonset',
  'statefulset',
  'job',
  'cronjob',
  'replicaset',
  'replicationcontroller',
  'pod',
  'service',
  'authority',
];

test('every catalog line has generated dashboards, each matching its digest', () => {
  for (const line of RELEASE_LINE_NAMES) {
    const dashboards = linkerdDashboards(line);
    expect([line, dashboards?.length ?? 0]).toEqual([line, expect.any(Number)]);
    expect(dashboards!.length).toBeGreaterThan(0);
    for (const dashboard of dashboards!) expect(() => sidecarJson(dashboard, 'Prometheus', '')).not.toThrow();
  }
});

test('the dashboards are generated for exactly the catalog lines, and looked up by own line name only', () => {
  expect([...DASHBOARD_LINES].sort()).toEqual([...RELEASE_LINE_NAMES].sort());
  expect(linkerdDashboards('edge-0.0.0')).toBeUndefined();
  expect(linkerdDashboards('constructor')).toBeUndefined();
});

test('lines that publish the same dashboards share one set file; a set no line re-exports is found', () => {
  const [line] = DASHBOARD_LINES;
  const dashboards = linkerdDashboards(line)!;
  const a = lineModules('edge-1.1.1', dashboards, []);
  const b = lineModules('edge-2.2.2', dashboards, []);
  const setOf = (files: Map<string, string>) =>
    [...files.keys()].find((path) => /\/dashboards-[0-9a-f]{16}\.ts$/.test(path))!;
  expect(setOf(a)).toBe(setOf(b));
  expect(setOf(lineModules('edge-3.3.3', dashboards.slice(1), []))).not.toBe(setOf(a));
  // The committed folder: every set is some line's.
  const folder = join(PROJECT, DASHBOARDS_OUTPUT_DIR);
  const committed = new Map(
    readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')] as const),
  );
  expect(unusedSets(committed)).toEqual([]);
  expect(unusedSets(new Map([...committed, ['dashboards-0000000000000000.ts', '']]))).toEqual([
    'dashboards-0000000000000000.ts',
  ]);
});

test('a damaged generated dashboard is refused at synthesis', () => {
  const [dashboard] = linkerdDashboards(RELEASE_LINE_NAMES[0])!;
  expect(() =>
    sidecarJson({ ...dashboard, json: dashboard.json.replace('Linkerd', 'Linkerb') }, 'Prometheus', ''),
  ).toThrow(/does not match its sha256/);
});

describe('the fixture provisions the dashboards both ways', () => {
  const { objects } = synthesizeConfig(FIXTURE, 'dashboards');
  const config = parse(FIXTURE);
  const prefix: string = config.viz.grafana.uidPrefix;
  const configMaps = objects.filter(
    ({ object }) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('linkerd-dashboard-'),
  );
  const grafanaDashboards = objects.filter(({ object }) => object.kind === 'GrafanaDashboard');

  test('in a layer of their own, with no dependency', () => {
    expect(new Set([...configMaps, ...grafanaDashboards].map(({ layer }) => layer))).toEqual(new Set(['dashboards']));
    const layer = objects.find(
      ({ object }) => object.kind === 'Kustomization' && object.metadata.name === 'linkerd-dashboards',
    )!.object.spec as any;
    expect(layer.dependsOn).toBeUndefined();
  });

  test('sidecar ConfigMaps: labelled for the sidecar, one dashboard each, uid prefixed, the datasource variable set, every panel through it', () => {
    expect(configMaps.length).toBeGreaterThan(0);
    for (const { object } of configMaps) {
      expect(object.metadata.namespace).toBe(config.monitoring.dashboards.sidecar.namespace);
      expect(object.metadata.labels).toEqual({ grafana_dashboard: '1' });
      const data = (object as any).data as Record<string, string>;
      expect(Object.keys(data)).toHaveLength(1);
      const text = Object.values(data)[0];
      expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
      const model = JSON.parse(text);
      expect(model.uid.startsWith(prefix)).toBe(true);
      expect(model.uid.length).toBeLessThanOrEqual(40);
      expect(model.id).toBeNull();
      const variable = model.templating.list.find((entry: any) => entry.name === 'datasource');
      expect(variable).toMatchObject({
        type: 'datasource',
        query: 'prometheus',
        current: { value: config.monitoring.dashboards.sidecar.datasource },
      });
      const references = JSON.stringify(model).match(/"datasource":(\{[^}]*\}|"[^"]*")/g) ?? [];
      for (const reference of references)
        expect([model.uid, reference]).toEqual([
          model.uid,
          expect.stringMatching(/\$\{datasource\}|-- Grafana --|"type":"(grafana|datasource)"/),
        ]);
    }
  });

  test('GrafanaDashboards: by grafana.com id and revision (those values.yaml pins at the tag), instanceSelector, the same uids', () => {
    const line = objects.find(
      ({ object }) => object.kind === 'HelmRelease' && object.metadata.name === 'linkerd-control-plane',
    )!;
    const tag = String((line.object.spec as any).chart.spec.version).startsWith('20')
      ? `edge-${String((line.object.spec as any).chart.spec.version).slice(2)}`
      : undefined;
    const upstream =
      tag && existsSync(join(GRAFANA_ROOT(), tag))
        ? listedDashboards(readFileSync(join(GRAFANA_ROOT(), tag, 'grafana', 'values.yaml'), 'utf8'), 'values.yaml')
        : undefined;
    expect(grafanaDashboards.length).toBe(configMaps.length);
    const sidecarUids = new Set(
      configMaps.map(({ object }) => JSON.parse(Object.values((object as any).data as Record<string, string>)[0]).uid),
    );
    for (const { object } of grafanaDashboards) {
      expect(object.apiVersion).toBe('grafana.integreatly.org/v1beta1');
      const spec = object.spec as any;
      expect(spec.instanceSelector).toEqual({
        matchLabels: config.monitoring.dashboards.grafanaOperator.instanceSelector,
      });
      expect(spec.allowCrossNamespaceImport).toBe(true);
      expect(spec.uid).toMatch(/^[a-zA-Z0-9-_]{1,40}$/);
      expect(sidecarUids.has(spec.uid)).toBe(true);
      expect(Number.isInteger(spec.grafanaCom.id) && Number.isInteger(spec.grafanaCom.revision)).toBe(true);
      if (upstream)
        expect(upstream).toContainEqual({
          name: object.metadata.name.replace(/^linkerd-/, ''),
          gnetId: spec.grafanaCom.id,
          revision: spec.grafanaCom.revision,
        });
    }
  });

  test("viz's links open them: grafana.externalUrl and uidPrefix set, and every linked resource's dashboard provisioned", () => {
    const viz = objects.find(({ object }) => object.kind === 'HelmRelease' && object.metadata.name === 'linkerd-viz')!
      .object.spec as any;
    expect(viz.values.grafana).toEqual({ externalUrl: config.viz.grafana.externalUrl, uidPrefix: prefix });
    const uids = new Set(grafanaDashboards.map(({ object }) => (object.spec as any).uid));
    for (const resource of VIZ_LINKED)
      expect([resource, uids.has(`${prefix}linkerd-${resource}`)]).toEqual([resource, true]);
  });
});

test('config mistakes are named: grafana-operator without an instanceSelector, a uidPrefix too long for Grafana', () => {
  expect(() => synthesizeConfig('monitoring: {dashboards: {grafanaOperator: {enabled: true}}}\n')).toThrow(
    /monitoring\.dashboards\.grafanaOperator\.instanceSelector.*labels of your Grafana/s,
  );
  expect(() =>
    synthesizeConfig(
      'viz: {grafana: {externalUrl: "https://g.example", uidPrefix: a-very-long-prefix}}\nmonitoring: {dashboards: {sidecar: {enabled: true}}}\n',
    ),
  ).toThrow(/viz\.grafana\.uidPrefix.*at most 11/s);
});

test('upstream dashboards are checked: third-party, without the datasource variable, stray datasources, bad names and uids', () => {
  const listed = { name: 'x', gnetId: 1, revision: 1 };
  const model = (extra: object) =>
    JSON.stringify({
      uid: 'linkerd-x',
      title: 'X',
      templating: { list: [{ name: 'datasource', type: 'datasource' }] },
      panels: [],
      ...extra,
    });
  expect(checkDashboard(listed, model({}), 'x.json')).toHaveProperty('dashboard');
  expect(checkDashboard(listed, model({ gnetId: 315 }), 'x.json')).toEqual({
    skipped: { name: 'x', reason: expect.stringMatching(/third-party/) },
  });
  expect(checkDashboard(listed, model({ templating: { list: [] } }), 'x.json')).toEqual({
    skipped: { name: 'x', reason: expect.stringMatching(/no "datasource" variable/) },
  });
  expect(checkDashboard(listed, model({ panels: [{ datasource: 'prometheus' }] }), 'x.json')).toEqual({
    skipped: { name: 'x', reason: expect.stringMatching(/bypass the variable/) },
  });
  expect(() => checkDashboard(listed, model({ uid: '../../etc' }), 'x.json')).toThrow(/no valid uid/);
  expect(() => checkDashboard(listed, '{"uid":', 'x.json')).toThrow(/not JSON/);
  expect(() => checkDashboard(listed, ' '.repeat(1024 * 1024), 'x.json')).toThrow(/larger than/);
  expect(() => listedDashboards('dashboards: {default: {"../x": {gnetId: 1, revision: 1}}}', 'values.yaml')).toThrow(
    /lowercase letters/,
  );
  expect(() => listedDashboards('dashboards: {default: {x: {gnetId: -1, revision: 1}}}', 'values.yaml')).toThrow(
    /positive integer/,
  );
  expect(() => listedDashboards('a: &a [*a]', 'values.yaml')).toThrow();
});

describeWithShared('generated from ../shared/linkerd-grafana', () => {
  test('the committed imports/linkerd-grafana is what gen:dashboards makes, byte for byte', async () => {
    const files = await generateDashboardFiles(SHARED_DIR, RELEASE_LINE_NAMES);
    for (const [path, content] of files)
      expect([path, readFileSync(join(PROJECT, path), 'utf8') === content]).toEqual([path, true]);
  });

  test('release-line:add fetches the dashboards of the tag from a raw-file server on 127.0.0.1: the files gen:dashboards makes, cached, and nothing without them', async () => {
    const line = 'edge-26.8.3';
    const dir = mkdtempSync(join(tmpdir(), 'release-line-dashboards-'));
    try {
      for (const folder of [VALUES_OUTPUT_DIR, DASHBOARDS_OUTPUT_DIR])
        cpSync(join(PROJECT, folder), join(dir, folder), { recursive: true });
      rmSync(join(dir, VALUES_OUTPUT_DIR, line), { recursive: true, force: true });
      rmSync(join(dir, DASHBOARDS_OUTPUT_DIR, `${line}.ts`));
      const repository = await serve(folderRoutes(join(SHARED_DIR, 'helm-repositories', 'linkerd-edge')));
      const grafana = await serve(rawFileRoutes(join(SHARED_DIR, 'linkerd-grafana')));
      try {
        const written = await addReleaseLine({
          line,
          projectDir: dir,
          repositoryUrl: repository.url,
          grafanaSourceUrl: grafana.url,
        });
        expect(written).toEqual(
          expect.arrayContaining([`${DASHBOARDS_OUTPUT_DIR}/${line}.ts`, `${DASHBOARDS_OUTPUT_DIR}/index.ts`]),
        );
      } finally {
        await repository.close();
        await grafana.close();
      }
      for (const file of readdirSync(join(PROJECT, DASHBOARDS_OUTPUT_DIR))) {
        expect([
          file,
          readFileSync(join(dir, DASHBOARDS_OUTPUT_DIR, file), 'utf8') ===
            readFileSync(join(PROJECT, DASHBOARDS_OUTPUT_DIR, file), 'utf8'),
        ]).toEqual([file, true]);
      }
      expect(readdirSync(join(dir, '.cache', 'linkerd-grafana', line, 'dashboards')).length).toBeGreaterThan(0);

      // A grafana/ folder that fails its checks: nothing is written.
      rmSync(join(dir, VALUES_OUTPUT_DIR, line), { recursive: true, force: true });
      rmSync(join(dir, DASHBOARDS_OUTPUT_DIR, `${line}.ts`));
      rmSync(join(dir, '.cache'), { recursive: true, force: true });
      const before = readdirSync(join(dir, DASHBOARDS_OUTPUT_DIR)).sort();
      const broken = new Map<string, Route>([
        [
          `/linkerd/linkerd2/${line}/grafana/values.yaml`,
          { body: 'dashboards: {default: {"top-line": {gnetId: 15474, revision: 4}}}' },
        ],
        [`/linkerd/linkerd2/${line}/grafana/dashboards/top-line.json`, { body: '{"uid": "linkerd-top-line", "title"' }],
      ]);
      const repository2 = await serve(folderRoutes(join(SHARED_DIR, 'helm-repositories', 'linkerd-edge')));
      const grafana2 = await serve(broken);
      try {
        await expect(
          addReleaseLine({ line, projectDir: dir, repositoryUrl: repository2.url, grafanaSourceUrl: grafana2.url }),
        ).rejects.toThrow(/top-line\.json is not JSON/);
      } finally {
        await repository2.close();
        await grafana2.close();
      }
      expect(readdirSync(join(dir, DASHBOARDS_OUTPUT_DIR)).sort()).toEqual(before);
      expect(existsSync(join(dir, VALUES_OUTPUT_DIR, line))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
