/**
 * helmValues: merged last over what the project computes, every key checked against the Helm chart's own keys
 * for the line (a misspelt one named with its full path and a suggestion), an override of a value the project
 * manages refused or warned with the reason, and every value the project computes covered by MANAGED_VALUES.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadClusterConfig } from '../../lib/plan/config-load';
import { planCluster } from '../../lib/plan/plan';
import type { ValuesHelmChartName } from '../../lib/linkerd/helm-charts';
import { configProblemsOf } from '../../test/support/config-problems';
import { configBasis } from '../core/basis';
import { configWarnings } from '../cluster-config';
import { leafPaths, managedValue } from './managed';

const FILE = 'clusters/home.yaml';
const problems = (text: string): string[] => configProblemsOf(text, FILE);
const warnings = (text: string): string[] => configWarnings(loadClusterConfig(text, FILE), FILE);
const plan = (text: string) => planCluster('home', loadClusterConfig(text, FILE), FILE, '.');

test('values are merged last, over what the project computes', () => {
  const values = plan(
    'helmValues:\n  linkerd-control-plane:\n    proxy: { logFormat: json }\n  cert-manager:\n    global: { logLevel: 4 }\n',
  );
  const controlPlane = values.values.get('linkerd-control-plane') as Record<string, any>;
  expect(controlPlane.proxy.logFormat).toBe('json');
  // The project's own values under the same map stay.
  expect(controlPlane.proxy.defaultInboundPolicy).toBe('all-unauthenticated');
  expect(values.certManager?.certManagerValues).toMatchObject({ crds: { enabled: true }, global: { logLevel: 4 } });
});

test('a misspelt key fails with its full path and a suggestion', () => {
  expect(problems('helmValues:\n  linkerd-control-plane:\n    proxy: { resorces: {} }\n')).toEqual([
    `${FILE}: helmValues.linkerd-control-plane.proxy.resorces: a mapping is not a value of linkerd-control-plane in edge-26.8.3 (did you mean "helmValues.linkerd-control-plane.proxy.resources"?); "proxy.resorces" would be ignored by Helm`,
  ]);
  expect(problems('helmValues:\n  trust-manager:\n    app: { loglevel: 3 }\n')).toEqual([
    `${FILE}: helmValues.trust-manager.app.loglevel: number 3 is not a value of trust-manager in edge-26.8.3 (did you mean "helmValues.trust-manager.app.logLevel"?); "app.loglevel" would be ignored by Helm`,
  ]);
  // The line decides: stable-2.14.10's control plane has no proxy.nativeSidecar.
  expect(
    problems(
      'releaseLine: stable-2.14.10\nhelmValues:\n  linkerd-control-plane:\n    proxy: { nativeSidecar: true }\n',
    )[0],
  ).toContain(
    'helmValues.linkerd-control-plane.proxy.nativeSidecar: boolean true is not a value of linkerd-control-plane in stable-2.14.10',
  );
  // A Helm chart name that is not one: the schema names it.
  expect(problems('helmValues:\n  linkerd-contol-plane: {}\n')[0]).toContain('linkerd-contol-plane');
});

test("free-form values stay open where the Helm chart's own are", () => {
  expect(
    problems(
      'helmValues:\n  linkerd-control-plane:\n    podAnnotations: { example.com/any: x }\n  jaeger:\n    userconfig: { extensions: { jaeger_query: { max_clock_skew_adjust: 30s } } }\n',
    ),
  ).toEqual([]);
});

test("an override that breaks the design is refused, with what the project's value does", () => {
  const found = problems(
    [
      'helmValues:',
      '  linkerd-control-plane:',
      '    identity: { externalCA: false }',
      '    proxyInjector: { externalSecret: false }',
      '    proxy: { defaultInboundPolicy: deny }',
      '  linkerd-crds: { installGatewayAPI: true }',
      '  trust-manager: { app: { trust: { namespace: kube-system } } }',
      '',
    ].join('\n'),
  );
  expect(found).toEqual([
    expect.stringMatching(
      /helmValues\.linkerd-crds\.installGatewayAPI: boolean true is managed by this project \(gatewayApi\.install\) and cannot be overridden: .*gateway-api layer/,
    ),
    expect.stringMatching(
      /helmValues\.linkerd-control-plane\.identity\.externalCA: boolean false is managed by this project \(identity\) .*breaks issuance/,
    ),
    expect.stringMatching(
      /helmValues\.linkerd-control-plane\.proxyInjector\.externalSecret: .*cert-manager injects that CA/,
    ),
    expect.stringMatching(/helmValues\.linkerd-control-plane\.proxy\.defaultInboundPolicy: .*set it there/),
    expect.stringMatching(/helmValues\.trust-manager\.app\.trust\.namespace: .*trust anchor's Secret/),
  ]);
  // A null (Helm deletes the key) over a managed map is refused too.
  expect(problems('helmValues:\n  linkerd-control-plane:\n    identity: null\n')[0]).toContain(
    'is managed by this project (identity)',
  );
});

test('an override that is allowed is warned, naming the config field that sets it', () => {
  expect(
    warnings('helmValues:\n  linkerd-control-plane:\n    destinationResources: { cpu: { limit: "1" } }\n'),
  ).toEqual([
    `warning: ${FILE}: helmValues.linkerd-control-plane.destinationResources.cpu.limit: overrides a value this project sets from resources.controlPlane: the resources profile and resources.controlPlane, which check each request against its limit and count it in the budget; prefer resources.controlPlane`,
  ]);
  // Images: warned only when images are mirrored.
  expect(warnings('helmValues:\n  linkerd-control-plane:\n    controllerImage: my/controller\n')).toEqual([]);
  expect(
    warnings(
      'images: { registry: mirror.lan }\nhelmValues:\n  linkerd-control-plane:\n    controllerImage: my/controller\n',
    ),
  ).toEqual([
    expect.stringContaining(
      'helmValues.linkerd-control-plane.controllerImage: overrides a value this project sets from images',
    ),
  ]);
});

test('values for a Helm chart the cluster does not install are warned, not checked', () => {
  expect(warnings('certManager: { install: false }\nhelmValues:\n  cert-manager: { anything: 1 }\n')).toEqual([
    `warning: ${FILE}: helmValues.cert-manager: has no effect: this cluster installs no cert-manager (release line edge-26.8.3, with this config)`,
  ]);
  expect(problems('helmValues:\n  linkerd-jaeger: { anything: 1 }\n')).toEqual([]);
});

describe('MANAGED_VALUES', () => {
  const fixtures = readdirSync(resolve(__dirname, '../../test/fixtures/clusters')).filter((name) =>
    name.endsWith('.yaml'),
  );
  test.each(fixtures)('covers every value the project computes for %s', (name) => {
    const text = readFileSync(resolve(__dirname, '../../test/fixtures/clusters', name), 'utf8');
    const config = loadClusterConfig(text, `test/fixtures/clusters/${name}`);
    // The project's own values: without the fixture's helmValues.
    const own = { ...config, helmValues: {} };
    const clusterPlan = planCluster('fixture', own, 'fixture.yaml', '.');
    const basis = configBasis(own);
    const computed: [ValuesHelmChartName, unknown][] = [
      ...clusterPlan.values,
      ...(clusterPlan.certManager
        ? ([
            ['cert-manager', clusterPlan.certManager.certManagerValues],
            ['trust-manager', clusterPlan.certManager.trustManagerValues],
          ] as [ValuesHelmChartName, unknown][])
        : []),
    ];
    const uncovered = computed.flatMap(([helmChart, values]) =>
      leafPaths(values)
        .filter((path) => path.length > 0 && !managedValue(basis, helmChart, path))
        .map((path) => `${helmChart}: ${path.join('.')}`),
    );
    expect(uncovered).toEqual([]);
  });
});
