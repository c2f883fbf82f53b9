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
