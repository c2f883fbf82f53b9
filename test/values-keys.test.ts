/** The runtime check of Helm values against the generated key trees (no ../shared needed). */
import { stringify } from 'yaml';
import { LINKERD_HELM_CHARTS, RELEASE_LINE_NAMES, releaseLine } from '../lib/linkerd/catalog';
import { COMPONENTS } from '../lib/linkerd/components';
import { checkedValues, unknownValuePaths, untypedValues, valueKeyTree } from '../lib/linkerd/values-keys';

const LINE = 'edge-25.9.4';

test('every Helm chart of every release line has a key tree', () => {
  for (const line of RELEASE_LINE_NAMES) {
    for (const helmChart of LINKERD_HELM_CHARTS.filter((name) => releaseLine(line).helmChartVersions[name])) {
      expect(Object.keys(valueKeyTree(line, helmChart)).length).toBeGreaterThan(0);
    }
  }
  expect(() => valueKeyTree('edge-1.0.0', 'linkerd-viz')).toThrow('npm run gen:values');
});

test("every component's resources, with all sub-fields, are values of its Helm chart on every line", () => {
  const resources = {
    cpu: { request: '100m', limit: 1 },
    memory: { request: '64Mi', limit: '128Mi' },
    'ephemeral-storage': { limit: '1Gi' },
  };
  for (const line of RELEASE_LINE_NAMES) {
    for (const component of COMPONENTS.filter(
      (candidate) => candidate.helmChart !== 'jaeger' && releaseLine(line).helmChartVersions[candidate.helmChart],
    )) {
      const values = {};
      let node: Record<string, unknown> = values;
      const keys = component.valuesPath.split('.');
      for (const key of keys.slice(0, -1)) node = (node[key] = {}) as Record<string, unknown>;
      node[keys[keys.length - 1]] = resources;
      expect([line, component.key, unknownValuePaths(line, component.helmChart, values)]).toEqual([
        line,
        component.key,
        [],
      ]);
    }
  }
});

test('open maps, scalar defaults and null values end the check', () => {
  const values = {
    podAnnotations: { 'example.com/anything': 'x' }, // default {}
    nodeSelector: { 'kubernetes.io/arch': 'arm64' }, // a label map
    proxy: { cores: { nested: true }, image: null }, // cores: null default; null deletes a default
  };
  expect(unknownValuePaths(LINE, 'linkerd-control-plane', values)).toEqual([]);
  expect(
    unknownValuePaths(LINE, 'linkerd-jaeger', { collector: { config: { exporters: { otlp: { endpoint: 'x' } } } } }),
  ).toEqual([]);
});

test('list elements are checked against the default elements when those are maps', () => {
  const values = {
    proxyInjector: {
      namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }, { kee: 'a' }] },
    },
  };
  expect(unknownValuePaths(LINE, 'linkerd-control-plane', values)).toEqual([
    'proxyInjector.namespaceSelector.matchExpressions[1].kee',
  ]);
  expect(
    unknownValuePaths(LINE, 'linkerd-control-plane', { policyController: { probeNetworks: ['10.0.0.0/8'] } }),
  ).toEqual([]);
});

test('checkedValues throws with every problem, and passes good values through', () => {
  const good = { proxy: { logLevel: 'info' } };
  expect(checkedValues(LINE, 'linkerd-control-plane', good)).toBe(good);
  expect(() => checkedValues(LINE, 'linkerd-control-plane', { proxy: { logLevl: 'x' }, identty: {} })).toThrow(
    /"proxy.logLevl" is not a value .*did you mean "proxy.logLevel"[\s\S]*"identty" is not a value .*did you mean "identity"/,
  );
});

test('untypedValues exempts its keys, used at a key or spread, and leaves no trace in the output', () => {
  const values = {
    ...untypedValues({ futureTopLevel: 1 }),
    ...untypedValues({ another: { deep: true } }),
    proxy: { logLevel: 'info', ...untypedValues({ futureProxyKey: 'x' }) },
    identity: untypedValues({ futureIdentityKey: { a: 1 } }),
    typo: 1,
  };
  expect(unknownValuePaths(LINE, 'linkerd-control-plane', values)).toEqual(['typo']);
  expect(JSON.parse(JSON.stringify(values))).toEqual({
    futureTopLevel: 1,
    another: { deep: true },
    proxy: { logLevel: 'info', futureProxyKey: 'x' },
    identity: { futureIdentityKey: { a: 1 } },
    typo: 1,
  });
  expect(stringify(values)).not.toContain('untyped');
});
