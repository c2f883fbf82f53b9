/**
 * The footprint report and the budget: numbers computed by hand from lib/linkerd/resources.ts HOME_PROFILE.
 *
 * Default config, per pod (container; proxy where the pod has one: 10m/200m CPU, 20Mi/128Mi memory):
 *   control plane: destination, sp-validator, policy, identity, proxy-injector, heartbeat
 *                  6 × 100m/200m, 128Mi/256Mi + 3 proxies (destination, identity, injector)
 *                  = CPU 630m / 1800m, memory 828Mi / 1920Mi
 *   viz:           metrics-api, tap, tap-injector, web 4 × 100m/200m, 128Mi/256Mi; prometheus 200m/400m,
 *                  256Mi/512Mi; 5 proxies = CPU 650m / 2200m, memory 868Mi / 2176Mi
 *   jaeger:        collector, jaeger, injector 3 × 100m/200m, 128Mi/256Mi; 3 proxies
 *                  = CPU 330m / 1200m, memory 444Mi / 1152Mi
 *   all:           CPU 1610m / 5200m, memory 2140Mi (2.09Gi) / 5248Mi (5.13Gi)
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureConsole } from './support/console';
import { fileTree } from './support/files';
import { main } from '../main';
import { planClusters } from '../lib/plan/plan-clusters';
import type { LinkerdHelmChartName, MeshHelmChartName } from '../lib/linkerd/catalog';
import { ConfigError, parseClusterConfig } from '../lib/plan/config-load';
import { clusterFootprint, footprintSummary, formatFootprint } from '../lib/plan/footprint';
import { type ClusterBasis, planCluster } from '../lib/plan/plan';
import { helmChartValues, type HelmValues } from '../lib/plan/helm-values';

const Mi = 2 ** 20;
/** A plan on edge-25.9.4, whose linkerd-jaeger has three components (the default line's Jaeger v2 has one: tested below). */
const plan = (config: object = {}, name = 'studio') =>
  planCluster(name, parseClusterConfig({ releaseLine: 'edge-25.9.4', ...config }, `clusters/${name}.yaml`));

/** helmChartValues with `edit` applied to one Helm chart's values. */
function editedValues(helmChart: LinkerdHelmChartName, edit: (values: HelmValues) => void) {
  return (target: ClusterBasis, name: MeshHelmChartName) => {
    const values = structuredClone(helmChartValues(target, name));
    if (name === helmChart) edit(values);
    return values;
  };
}

describe('footprint of the default config', () => {
  const footprint = clusterFootprint(plan());

  test('every component, as configured', () => {
    const rows = footprint.components.map(({ component, replicas, resources, proxy }) => [
      `${component.group}.${component.key}`,
      replicas,
      resources.cpuRequest,
      resources.cpuLimit,
      resources.memoryRequest! / Mi,
      resources.memoryLimit! / Mi,
      proxy
        ? `${proxy.cpuRequest}/${proxy.cpuLimit} ${proxy.memoryRequest! / Mi}/${proxy.memoryLimit! / Mi}`
        : 'no proxy',
    ]);
    const proxy = '10/200 20/128';
    expect(rows).toEqual([
      ['controlPlane.destination', 1, 100, 200, 128, 256, proxy],
      ['controlPlane.spValidator', 1, 100, 200, 128, 256, 'no proxy'],
      ['controlPlane.policyController', 1, 100, 200, 128, 256, 'no proxy'],
      ['controlPlane.identity', 1, 100, 200, 128, 256, proxy],
      ['controlPlane.proxyInjector', 1, 100, 200, 128, 256, proxy],
      ['controlPlane.heartbeat', 1, 100, 200, 128, 256, 'no proxy'],
      ['viz.metricsAPI', 1, 100, 200, 128, 256, proxy],
      ['viz.tap', 1, 100, 200, 128, 256, proxy],
      ['viz.tapInjector', 1, 100, 200, 128, 256, proxy],
      ['viz.dashboard', 1, 100, 200, 128, 256, proxy],
      ['viz.prometheus', 1, 200, 400, 256, 512, proxy],
      ['jaeger.collector', 1, 100, 200, 128, 256, proxy],
      ['jaeger.jaeger', 1, 100, 200, 128, 256, proxy],
      ['jaeger.webhook', 1, 100, 200, 128, 256, proxy],
    ]);
    expect(footprint.components.every((entry) => entry.flags.length === 0)).toBe(true);
    expect(footprint.skipped).toEqual([]);
  });

  test('totals by group and in all', () => {
    const inMi = (totals: { cpuRequest: number; cpuLimit: number; memoryRequest: number; memoryLimit: number }) => [
      totals.cpuRequest,
      totals.cpuLimit,
      totals.memoryRequest / Mi,
      totals.memoryLimit / Mi,
    ];
    expect(inMi(footprint.totals.controlPlane)).toEqual([630, 1800, 828, 1920]);
    expect(inMi(footprint.totals.viz)).toEqual([650, 2200, 868, 2176]);
    expect(inMi(footprint.totals.jaeger)).toEqual([330, 1200, 444, 1152]);
    expect(inMi(footprint.totals.all)).toEqual([1610, 5200, 2140, 5248]);
    expect(footprint.proxyPerMeshedPod).toEqual({
      cpuRequest: 10,
      cpuLimit: 200,
      memoryRequest: 20 * Mi,
      memoryLimit: 128 * Mi,
    });
    expect(footprint.budget).toEqual({ cpu: 2000, memory: 2.5 * 1024 * Mi });
  });

  test('the table and the summary line', () => {
    const table = formatFootprint(footprint);
    expect(table).toMatch(
      /^viz\.prometheus\s+deploy\/prometheus\s+1\s+200m\s+400m\s+256Mi\s+512Mi\s+10m\/200m\s+20Mi\/128Mi$/m,
    );
    expect(table).toMatch(
      /^controlPlane\.heartbeat\s+cronjob\/linkerd-heartbeat\s+1 \(CronJob\)\s+100m\s+200m\s+128Mi\s+256Mi\s+–\s+–$/m,
    );
    expect(table).toMatch(/^data-plane proxy\s+per meshed pod of your workloads\s+each\s+10m\s+200m\s+20Mi\s+128Mi$/m);
    expect(table).toMatch(/^TOTAL\s+1610m\s+5200m\s+2\.09Gi\s+5\.13Gi$/m);
    expect(table).toContain(
      'Budget (requests): CPU 1610m of 2 (within budget), memory 2.09Gi of 2.5Gi (within budget).',
    );
    expect(table).toContain('heartbeat CronJob');
    expect(footprintSummary(footprint)).toBe(
      'studio: mesh requests 1610m CPU / 2.09Gi (budget 2 / 2.5Gi), limits 5200m / 5.13Gi; + 10m / 20Mi requested per meshed pod',
    );
  });
});

test('the default line counts Jaeger v2 (one pod, meshed) instead of linkerd-jaeger', () => {
  const footprint = clusterFootprint(planCluster('studio', parseClusterConfig({}, 'clusters/studio.yaml')));
  const jaeger = footprint.components.filter((entry) => entry.component.group === 'jaeger');
  expect(
    jaeger.map(({ component, resources, proxy }) => [
      component.workload,
      resources.cpuRequest,
      resources.memoryLimit! / Mi,
      proxy?.cpuRequest,
    ]),
  ).toEqual([['deploy/jaeger (Jaeger v2)', 100, 256, 10]]);
  expect(footprint.totals.jaeger).toEqual({
    cpuRequest: 110,
    cpuLimit: 400,
    memoryRequest: 148 * Mi,
    memoryLimit: 384 * Mi,
  });
  expect(footprintSummary(footprint)).toBe(
    'studio: mesh requests 1390m CPU / 1.8Gi (budget 2 / 2.5Gi), limits 4400m / 4.38Gi; + 10m / 20Mi requested per meshed pod',
  );
});

describe('footprint of other configs', () => {
  test('a component with no limits is flagged and its limits are left out of the totals', () => {
    const footprint = clusterFootprint(
      plan(),
      editedValues('linkerd-viz', (values) => {
        // A new object: the components of a Helm chart may share one resources object.
        (values.tap as Record<string, unknown>).resources = { cpu: { request: '100m' }, memory: { request: '128Mi' } };
      }),
    );
    const tap = footprint.components.find((entry) => entry.component.key === 'tap')!;
    expect(tap.flags).toEqual(['no CPU limit', 'no memory limit']);
    expect(footprint.totals.all.cpuLimit).toBe(5200 - 200);
    expect(footprint.totals.all.cpuRequest).toBe(1610);
    const table = formatFootprint(footprint);
    expect(table).toMatch(
      /^viz\.tap\s+deploy\/tap\s+1\s+100m\s+–\s+128Mi\s+–\s+10m\/200m\s+20Mi\/128Mi\s+⚠ no CPU limit, no memory limit$/m,
    );
    expect(table).toContain('lower bounds');
  });

  test('replicas and a component proxy of its own come from the emitted values', () => {
    const footprint = clusterFootprint(
      plan(),
      editedValues('linkerd-viz', (values) => {
        Object.assign(values.tap as object, {
          replicas: 3,
          proxy: { resources: { cpu: { request: '50m', limit: '1' }, memory: { request: '64Mi', limit: '256Mi' } } },
        });
      }),
    );
    const tap = footprint.components.find((entry) => entry.component.key === 'tap')!;
    expect(tap.replicas).toBe(3);
    expect(tap.proxy).toEqual({ cpuRequest: 50, cpuLimit: 1000, memoryRequest: 64 * Mi, memoryLimit: 256 * Mi });
    // tap was 100m + 10m; now 3 × (100m + 50m).
    expect(footprint.totals.viz.cpuRequest).toBe(650 - 110 + 3 * 150);
  });

  test('controllerReplicas multiplies every control-plane deployment, not the heartbeat', () => {
    const footprint = clusterFootprint(
      plan(),
      editedValues('linkerd-control-plane', (values) => Object.assign(values, { controllerReplicas: 3 })),
    );
    const replicas = Object.fromEntries(
      footprint.components
        .filter((entry) => entry.component.group === 'controlPlane')
        .map((entry) => [entry.component.key, entry.replicas]),
    );
    expect(replicas).toEqual({
      destination: 3,
      spValidator: 3,
      policyController: 3,
      identity: 3,
      proxyInjector: 3,
      heartbeat: 1,
    });
    expect(footprint.totals.controlPlane.cpuRequest).toBe(3 * 530 + 100);
  });

  test('components the values disable and Helm charts not installed are skipped', () => {
    const footprint = clusterFootprint(
      plan({
        viz: { prometheus: { url: 'http://prometheus.monitoring.svc:9090' } },
        tracing: { backend: 'otlp', otlpEndpoint: 'tempo.monitoring:4317' },
      }),
    );
    expect(footprint.skipped.map(({ component, reason }) => `${component.key}: ${reason}`)).toEqual([
      'prometheus: prometheus.enabled: false',
      'jaeger: jaeger.enabled: false',
    ]);
    expect(footprint.totals.all.cpuRequest).toBe(1610 - 210 - 110);

    const noExtensions = clusterFootprint(plan({ viz: { enabled: false }, tracing: { enabled: false } }));
    expect(noExtensions.components.map((entry) => entry.component.group)).not.toContain('viz');
    expect(noExtensions.skipped).toHaveLength(8);
    expect(noExtensions.totals.all).toEqual(noExtensions.totals.controlPlane);
    expect(formatFootprint(noExtensions)).not.toContain('total viz');
  });
});

describe('the budget', () => {
  const problemsOf = (text: string) => {
    try {
      planClusters([{ path: 'clusters/studio.yaml', text }]);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  test('the defaults fit the default budget', () => {
    expect(problemsOf('{}')).toEqual([]);
  });

  test('over the memory budget: the file, the field, the total and the budget', () => {
    expect(problemsOf('resources:\n  viz:\n    prometheus: {memory: {request: 1Gi, limit: 2Gi}}\n')).toEqual([
      'clusters/studio.yaml: budget.memory: the mesh requests 2.55Gi, over the budget of 2.5Gi; raise budget.memory or lower resources.* (npm run footprint -- studio lists every request)',
    ]);
  });

  test('over both budgets, reported with the other config problems', () => {
    const problems = (() => {
      try {
        planClusters([
          { path: 'clusters/a.yaml', text: 'budget: {cpu: 1300m, memory: 1.5Gi}\n' },
          { path: 'clusters/b.yaml', text: 'releaseLine: nope\n' },
        ]);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe(
      'clusters/a.yaml: budget.cpu: the mesh requests 1390m CPU, over the budget of 1300m; raise budget.cpu or lower resources.* (npm run footprint -- a lists every request)',
    );
    expect(problems[1]).toBe(
      'clusters/a.yaml: budget.memory: the mesh requests 1.8Gi, over the budget of 1.5Gi; raise budget.memory or lower resources.* (npm run footprint -- a lists every request)',
    );
    expect(problems[2]).toMatch(/^clusters\/b\.yaml: releaseLine: /);
  });

  test('main() over budget writes nothing: dist/ stays exactly as it was', () => {
    const root = mkdtempSync(join(tmpdir(), 'footprint-budget-'));
    try {
      const clusters = join(root, 'clusters');
      const dist = join(root, 'dist');
      mkdirSync(clusters);
      mkdirSync(join(dist, 'studio'), { recursive: true });
      writeFileSync(join(dist, 'studio', 'kustomization.yaml'), 'the previous dist\n');
      writeFileSync(join(clusters, 'studio.yaml'), 'budget: {memory: 1Gi}\n');
      const before = fileTree(dist);

      const over = captureConsole(() => main(clusters, dist));
      expect(over.result).toBe(1);
      expect(fileTree(dist)).toEqual(before);
      expect(readdirSync(root).sort()).toEqual(['clusters', 'dist']); // no staging folder left behind
      const printed = over.errors.join('\n');
      expect(printed).toContain('dist/ was not changed');
      expect(printed).toContain(
        `${join(clusters, 'studio.yaml')}: budget.memory: the mesh requests 1.8Gi, over the budget of 1Gi`,
      );

      // Within budget the same run writes dist/ and prints the footprint line.
      writeFileSync(join(clusters, 'studio.yaml'), '{}\n');
      const within = captureConsole(() => main(clusters, dist));
      expect(within.result).toBe(0);
      expect(fileTree(dist)).not.toEqual(before);
      expect(within.logs).toContain(
        'footprint studio: mesh requests 1390m CPU / 1.8Gi (budget 2 / 2.5Gi), limits 4400m / 4.38Gi; + 10m / 20Mi requested per meshed pod',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
