/**
 * `highAvailability: true` changes workloads the way the Helm chart's values-ha.yaml does, for the control
 * plane and viz of each line, while resources stay those of the profile and the overrides.
 */
import { RELEASE_LINE_NAMES, releaseLine } from '../../lib/linkerd/catalog';
import { findObject } from '../../test/support/objects';
import { synthesizeConfig } from '../../test/support/synth';

const releaseValues = (text: string, release: string): any =>
  (findObject(synthesizeConfig(text).objects, 'HelmRelease', release)!.spec as any).values;

// HA triples control-plane replicas, so the home budget is raised for these clusters.
const BUDGET = 'budget: {cpu: "4", memory: 6Gi}\n';

describe.each(RELEASE_LINE_NAMES)('%s', (line) => {
  // Tracing has nothing to do with HA; a line without linkerd-jaeger leaves it off here.
  const tracing = releaseLine(line).helmChartVersions['linkerd-jaeger'] ? '' : 'tracing: {enabled: false}\n';
  const ha = (release: string) =>
    releaseValues(`releaseLine: ${line}\nhighAvailability: true\n${BUDGET}${tracing}`, release);
  const plain = (release: string) => releaseValues(`releaseLine: ${line}\n${tracing}`, release);

  test('control plane: replicas, anti-affinity, disruption budgets, fail-closed webhooks, the flag linkerd check reads', () => {
    expect(ha('linkerd-control-plane')).toMatchObject({
      controllerReplicas: 3,
      enablePodAntiAffinity: true,
      enablePodDisruptionBudget: true,
      webhookFailurePolicy: 'Fail',
      highAvailability: true,
    });
    for (const key of [
      'controllerReplicas',
      'enablePodAntiAffinity',
      'enablePodDisruptionBudget',
      'webhookFailurePolicy',
      'highAvailability',
    ]) {
      expect(plain('linkerd-control-plane')).not.toHaveProperty(key);
    }
  });

  test('viz: tap replicas and anti-affinity', () => {
    expect(ha('linkerd-viz')).toMatchObject({ enablePodAntiAffinity: true, tap: { replicas: 3 } });
    expect(plain('linkerd-viz').tap).not.toHaveProperty('replicas');
  });

  test('resources stay the profile, not values-ha.yaml', () => {
    for (const release of ['linkerd-control-plane', 'linkerd-viz']) {
      const withHa = ha(release);
      const without = plain(release);
      for (const key of [
        'destinationResources',
        'identityResources',
        'proxyInjectorResources',
        'proxy',
        'tap',
        'prometheus',
        'dashboard',
      ]) {
        if (without[key]?.resources) expect(withHa[key].resources).toEqual(without[key].resources);
        else if (without[key] && key.endsWith('Resources')) expect(withHa[key]).toEqual(without[key]);
      }
      // values-ha.yaml keys that only anchor resources are not emitted.
      expect(withHa).not.toHaveProperty('controllerResources');
      expect(withHa).not.toHaveProperty('resources');
      expect(withHa).not.toHaveProperty('policyControllerResources');
    }
  });

  test('the default home budget refuses HA with a clear message', () => {
    expect(() => synthesizeConfig(`releaseLine: ${line}\nhighAvailability: true\n${tracing}`)).toThrow(
      /budget\.cpu: the mesh requests .* over the budget of 2/,
    );
  });
});

describe('highAvailability as a setting that fits a home lab', () => {
  const { planClustersWithWarnings } =
    require('../../lib/plan/plan-clusters') as typeof import('../../lib/plan/plan-clusters');
  const FILE = 'clusters/home.yaml';
  const plan = (text: string) => planClustersWithWarnings([{ path: FILE, text }]);
  const refusal = (text: string): string => {
    try {
      plan(text);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`${text} was accepted`);
  };
  const ha = (text: string) => {
    const { values } = plan(`${text}\n${BUDGET}`).plans[0];
    const controlPlane = values.get('linkerd-control-plane') as any;
    const viz = values.get('linkerd-viz') as any;
    return {
      replicas: controlPlane.controllerReplicas,
      tap: viz.tap.replicas,
      antiAffinity: [controlPlane.enablePodAntiAffinity, viz.enablePodAntiAffinity],
      webhookFailurePolicy: controlPlane.webhookFailurePolicy,
      flag: controlPlane.highAvailability,
    };
  };

  test.each([
    ['highAvailability: true', 3, true, 'Fail'],
    ['highAvailability: {}', 3, true, 'Fail'],
    ['highAvailability: {nodes: 3}', 3, true, 'Fail'],
    ['highAvailability: {nodes: 5}', 3, true, 'Fail'],
    ['highAvailability: {nodes: 2}', 2, false, 'Ignore'],
    ['highAvailability: {nodes: 1}', 2, false, 'Ignore'],
    ['highAvailability: {nodes: 2, webhookFailurePolicy: Fail}', 2, false, 'Fail'],
    ['highAvailability: {replicas: 2, spreading: preferred}', 2, false, 'Fail'],
  ])('%s: %d replicas, required anti-affinity %s, webhooks %s', (text, replicas, required, policy) => {
    expect(ha(text)).toEqual({
      replicas,
      tap: replicas,
      antiAffinity: [required, required],
      webhookFailurePolicy: policy,
      flag: true,
    });
  });

  test('the footprint counts every replica: two nodes cost less than values-ha.yaml, more than none', () => {
    const cpu = (text: string) => plan(`${text}\n${BUDGET}`).plans[0].footprint.totals.all.cpuRequest;
    const [none, two, three] = [
      cpu('highAvailability: false'),
      cpu('highAvailability: {nodes: 2}'),
      cpu('highAvailability: true'),
    ];
    expect(none).toBeLessThan(two);
    expect(two).toBeLessThan(three);
    // Each replica adds the same: one of each HA component and its proxy.
    expect(three - two).toBe(two - none);
  });

  test('over the budget, the message names the numbers and the settings to change', () => {
    expect(refusal('highAvailability: {nodes: 2}')).toMatch(
      /clusters\/home\.yaml: budget\.cpu: the mesh requests (\S+) CPU, over the budget of 2; highAvailability runs 2 replicas of destination, .*tap \(one replica of each, proxies included, requests \S+\): raise budget\.cpu to at least \1, lower highAvailability\.replicas, or lower resources\.\* \(npm run footprint -- home lists every request\)/,
    );
  });

  test('more replicas than nodes with one per node required is refused, naming both ways out', () => {
    expect(refusal(`highAvailability: {nodes: 2, replicas: 3, spreading: required}\n${BUDGET}`)).toBe(
      `${FILE}: highAvailability.replicas: number 3 is more replicas than nodes: with spreading: required (at most one per node) on 2 nodes, 1 replica of each component would stay Pending; set highAvailability.replicas: 2, or spreading: preferred`,
    );
    expect(() => plan(`highAvailability: {nodes: 2, replicas: 3}\n${BUDGET}`)).not.toThrow();
  });

  test('settings while HA is off are warned; a value that is neither a boolean nor a mapping is refused', () => {
    expect(plan('highAvailability: {enabled: false, nodes: 2}').warnings).toContain(
      `warning: ${FILE}: highAvailability.nodes: has no effect with highAvailability.enabled: false`,
    );
    expect(refusal('highAvailability: 1')).toBe(
      `${FILE}: highAvailability: number 1 must be true, false or a mapping (e.g. {nodes: 2}: enabled, nodes, replicas, spreading, webhookFailurePolicy)`,
    );
    expect(refusal('highAvailability: {nodes: 2, spread: preferred}')).toContain(
      'highAvailability.spread: unknown field; allowed here: enabled, nodes, replicas, spreading, webhookFailurePolicy',
    );
  });
});
