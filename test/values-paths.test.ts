/**
 * Every Helm value the app sets on a Linkerd Helm chart is a value that Helm chart has: checked against the
 * Helm chart's own values.yaml and values-ha.yaml of the cluster's release line, read directly from
 * ../shared (not from the generated key trees, so a generator bug cannot hide a wrong path).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYamlCached } from './support/yaml-cache';
import { LINKERD_HELM_CHARTS, type MeshHelmChartName, RELEASE_LINE_NAMES, releaseLine } from '../lib/linkerd/catalog';
import { JAEGER_HELM_CHART } from '../lib/linkerd/companion-helm-charts';
import { CNI_PRESET_NAMES } from '../features/cni/presets';
import { COMMENTED_VALUE_PATHS, isFreeFormValue } from '../lib/linkerd/values-free-form';
import { unknownValuePaths, unknownValueProblems } from '../lib/linkerd/values-keys';
import { lineHelmCharts } from './support/line-helm-charts';
import { describeWithShared, SHARED_DIR } from './support/shared';
import { synthesizeConfig, synthesizeFiles, synthesizeProject } from './support/synth';

/** A budget no config here exceeds: this test is about value paths, not footprints. */
const BUDGET = 'budget: { cpu: "64", memory: 64Gi }';

/** Configs that set every value the app knows, on both release lines. */
const CONFIGS: Record<string, string> = {
  'newest-defaults': `${BUDGET}\n`,
  'newest-badger-ha': `highAvailability: true\nproxy: {nativeSidecar: false}\ntracing: {storage: badger}\n${BUDGET}\n`,
  'newest-external': [
    'viz: { prometheus: { url: "http://prometheus.monitoring:9090" }, grafana: { url: "http://grafana.monitoring" } }',
    'monitoring: { podMonitors: { enabled: true, labels: { release: kps } } }',
    'tracing: { backend: otlp, otlpEndpoint: "otel.monitoring:4317", collectorIdentity: { serviceAccount: otel, namespace: monitoring } }',
    BUDGET,
    '',
  ].join('\n'),
  'edge-defaults': `releaseLine: edge-25.9.4\n${BUDGET}\n`,
  'stable-defaults': `releaseLine: stable-2.14.10\n${BUDGET}\n`,
  'edge-external': [
    'releaseLine: edge-25.9.4',
    'viz: { prometheus: { url: "http://prometheus.monitoring:9090" }, grafana: { externalUrl: "https://grafana.example" } }',
    'monitoring: { podMonitors: { enabled: true, labels: { release: kps } } }',
    'tracing: { backend: otlp, otlpEndpoint: "tempo.monitoring:4317" }',
    BUDGET,
    '',
  ].join('\n'),
  'stable-external': [
    'releaseLine: stable-2.14.10',
    'viz: { prometheus: { url: "http://prometheus.monitoring:9090" }, grafana: { externalUrl: "https://grafana.example" } }',
    'monitoring: { podMonitors: { enabled: true, labels: { release: kps } } }',
    'tracing: { backend: otlp, otlpEndpoint: "tempo.monitoring:4317" }',
    BUDGET,
    '',
  ].join('\n'),
};

/** The CNI plugin on every line that publishes it, once per preset (each writes other values). */
for (const line of RELEASE_LINE_NAMES.filter((name) => releaseLine(name).helmChartVersions['linkerd2-cni'])) {
  for (const preset of CNI_PRESET_NAMES)
    CONFIGS[`cni-${preset}-${line.replace(/\./g, '-')}`] =
      `releaseLine: ${line}\ncni: { enabled: true, preset: ${preset} }\n${BUDGET}\n`;
}
// And every line of the catalog with its defaults, so a line added with release-line:add is covered too.
for (const line of RELEASE_LINE_NAMES)
  CONFIGS[`${line.replace(/\./g, '-')}-defaults`] = `releaseLine: ${line}\n${BUDGET}\n`;

/** The test fixtures that set every option (when present). */
const FIXTURES_DIR = resolve(__dirname, 'fixtures/clusters');

interface SetValues {
  readonly source: string;
  readonly line: string;
  readonly helmChart: MeshHelmChartName;
  readonly values: Record<string, unknown>;
}

/** The values of every Linkerd HelmRelease the app emits, with the cluster's release line. */
function emittedValues(): SetValues[] {
  const runs = [
    { source: 'clusters/', result: synthesizeProject() },
    ...Object.entries(CONFIGS).map(([name, text]) => ({
      source: `config ${name}`,
      result: synthesizeConfig(text, name),
    })),
  ];
  if (existsSync(FIXTURES_DIR)) {
    const files = readdirSync(FIXTURES_DIR)
      .filter((file) => file.endsWith('.yaml'))
      .sort()
      .map((file) => ({ path: `clusters/${file}`, text: readFileSync(join(FIXTURES_DIR, file), 'utf8') }));
    if (files.length > 0) runs.push({ source: 'test/fixtures/clusters/', result: synthesizeFiles(files) });
  }
  return runs.flatMap(({ source, result }) =>
    result.objects.flatMap(({ cluster, object }) => {
      const spec = object.spec as
        | { chart?: { spec?: { chart?: string } }; values?: Record<string, unknown> }
        | undefined;
      const helmChart = spec?.chart?.spec?.chart as MeshHelmChartName | undefined;
      if (
        object.kind !== 'HelmRelease' ||
        !helmChart ||
        !(LINKERD_HELM_CHARTS as readonly string[]).concat('jaeger').includes(helmChart)
      )
        return [];
      const plan = result.plans.find((candidate) => candidate.name === cluster);
      if (!plan) throw new Error(`no plan for cluster ${cluster}`);
      return [{ source: `${source} ${cluster}`, line: plan.line.name, helmChart, values: spec?.values ?? {} }];
    }),
  );
}

/**
 * The Helm chart's default values documents, aliases resolved: Linkerd's of the line, or the Jaeger project's
 * Helm chart at its pinned version; plus the values its templates read that values.yaml only comments
 * (COMMENTED_VALUE_PATHS, each checked in the template).
 */
function helmChartDefaults(line: string, helmChart: MeshHelmChartName): unknown[] {
  // `path[]` is a list, `path` a map.
  const commented = (COMMENTED_VALUE_PATHS[helmChart] ?? []).map((path) =>
    path
      .replace(/\[\]$/, '')
      .split('.')
      .reduceRight<object>((inner, key) => ({ [key]: inner }), path.endsWith('[]') ? [] : {}),
  );
  let texts: string[];
  if (helmChart === 'jaeger') {
    const folder = join(SHARED_DIR, 'jaeger-charts', `jaeger-${JAEGER_HELM_CHART.version}`);
    texts = ['values.yaml', 'values-ha.yaml']
      .filter((name) => existsSync(join(folder, name)))
      .map((name) => readFileSync(join(folder, name), 'utf8'));
  } else {
    // ../shared/linkerd-charts, or the line's real package (lines added with release-line:add).
    const files = lineHelmCharts(line)?.helmCharts[helmChart];
    if (!files)
      throw new Error(
        `no Helm chart files of ${helmChart} in ${line} at hand (../shared/linkerd-charts, ../shared/helm-repositories or .cache/)`,
      );
    texts = [files.valuesYaml, files.valuesHaYaml].filter((text): text is string => text !== undefined);
  }
  return [...texts.map((text) => parseYamlCached(text, -1) ?? {}), ...commented];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Paths in `values` that no defaults document has. Descends only where some document's default is a
 * map of keys (not `{}`, not free-form data): below a scalar, null, list or open map anything goes.
 */
function missingPaths(
  helmChart: MeshHelmChartName,
  values: unknown,
  defaults: readonly unknown[],
  path = '',
): string[] {
  if (!isMapping(values)) return [];
  const maps = defaults.filter(isMapping);
  if (maps.length === 0 || maps.some((map) => Object.keys(map).length === 0 || isFreeFormValue(helmChart, path, map)))
    return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const childPath = path === '' ? key : `${path}.${key}`;
    const present = maps.filter((map) => Object.hasOwn(map, key)).map((map) => map[key]);
    if (present.length === 0) return [childPath];
    if (present.some((item) => !isMapping(item) || isFreeFormValue(helmChart, childPath, item))) return [];
    return missingPaths(helmChart, value, present, childPath);
  });
}

describeWithShared('Linkerd values the app sets', () => {
  const emitted = emittedValues();

  test('cover every Helm chart of every release line, and the Jaeger Helm chart', () => {
    const covered = new Set(emitted.map(({ line, helmChart }) => `${line} ${helmChart}`));
    for (const line of RELEASE_LINE_NAMES) {
      for (const helmChart of LINKERD_HELM_CHARTS.filter((candidate) => releaseLine(line).helmChartVersions[candidate]))
        expect(covered).toContain(`${line} ${helmChart}`);
    }
    // Jaeger v2 on every line whose proxies export traces themselves.
    for (const line of RELEASE_LINE_NAMES.filter(
      (name) => !releaseLine(name).helmChartVersions['linkerd-jaeger'] && releaseLine(name).proxyTracing,
    ))
      expect(covered).toContain(`${line} jaeger`);
  });

  test('the direct check catches a misspelled Jaeger Helm chart value', () => {
    expect(
      missingPaths(
        'jaeger',
        { jaeger: { resources: { requests: {} }, extraVolums: [] } },
        helmChartDefaults('edge-26.8.3', 'jaeger'),
      ),
    ).toEqual(['jaeger.extraVolums']);
  });

  test('are seen, and the direct check catches a misspelled path', () => {
    const controlPlane = emitted.find(
      ({ line, helmChart }) => line === 'stable-2.14.10' && helmChart === 'linkerd-control-plane',
    );
    expect(controlPlane?.values).toHaveProperty('proxy.resources');
    const defaults = helmChartDefaults('stable-2.14.10', 'linkerd-control-plane');
    expect(
      missingPaths('linkerd-control-plane', { proxy: { resorces: {} }, podAnnotations: { any: 'x' } }, defaults),
    ).toEqual(['proxy.resorces']);
  });

  test("exist in that line's values.yaml or values-ha.yaml", () => {
    // A line whose Helm charts are at hand nowhere (added from the internet, no .cache/) is checked by the key trees below.
    const problems = emitted
      .filter(({ line, helmChart }) => helmChart === 'jaeger' || lineHelmCharts(line))
      .flatMap(({ source, line, helmChart, values }) =>
        missingPaths(helmChart, values, helmChartDefaults(line, helmChart)).map(
          (path) => `${source}: ${helmChart} (${line}) has no value "${path}"`,
        ),
      );
    expect(problems).toEqual([]);
  });

  test('pass the generated key trees too', () => {
    const problems = emitted.flatMap(({ source, line, helmChart, values }) =>
      unknownValueProblems(line, helmChart, values).map((problem) => `${source}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });
});

test('a misspelled value key is reported with a guess', () => {
  const values = { proxy: { resorces: { cpu: { request: '10m' } }, logLevel: 'info' } };
  expect(unknownValuePaths('edge-25.9.4', 'linkerd-control-plane', values)).toEqual(['proxy.resorces']);
  expect(unknownValueProblems('edge-25.9.4', 'linkerd-control-plane', values)).toEqual([
    'linkerd-control-plane values: "proxy.resorces" is not a value of linkerd-control-plane in edge-25.9.4 (did you mean "proxy.resources"?)',
  ]);
});
